"""Chromium reaches the test LRS as a cmi5 AU would: from another origin, with CORS, and on pagehide.

A stand-in AU page (a few lines of inline script, not the product's runtime) proves that the
tests/lrs server can host the cmi5 browser tests: the launch URL, the fetch URL, the State API and
a keepalive request sent while the page goes away.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lrs.server import ContentServer, LRSServer
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PUBLISHER_AU = "https://example.org/cmi5/demo-course/au"
STAND_IN_AU = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stand-in AU</title></head><body><script>
(async () => {
  const launch = new URLSearchParams(location.search);
  const [endpoint, actor, registration, activityId] =
    ['endpoint', 'actor', 'registration', 'activityId'].map((name) => launch.get(name));
  const token = (await (await fetch(launch.get('fetch'), {method: 'POST'})).json())['auth-token'];
  const headers = {
    Authorization: 'Basic ' + token,
    'X-Experience-API-Version': '1.0.3',
    'Content-Type': 'application/json',
  };
  const query = new URLSearchParams({stateId: 'LMS.LaunchData', activityId, agent: actor, registration});
  const launchData = await (await fetch(endpoint + 'activities/state?' + query, {headers})).json();
  const preferences = new URLSearchParams({agent: actor, profileId: 'cmi5LearnerPreferences'});
  await fetch(endpoint + 'agents/profile?' + preferences, {headers});
  const template = launchData.contextTemplate;
  const statement = (verb, result) => ({
    id: crypto.randomUUID(),
    actor: JSON.parse(actor),
    verb: {id: 'http://adlnet.gov/expapi/verbs/' + verb},
    object: {objectType: 'Activity', id: activityId},
    context: {
      ...template,
      registration,
      contextActivities: {
        ...template.contextActivities,
        category: [{id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5'}],
      },
    },
    timestamp: new Date().toISOString(),
    ...(result ? {result} : {}),
  });
  const send = (verb, result, keepalive) => fetch(endpoint + 'statements', {
    method: 'POST', headers, keepalive, body: JSON.stringify([statement(verb, result)]),
  });
  addEventListener('pagehide', () => { send('terminated', {duration: 'PT1S'}, true); });
  window.initialized = (await send('initialized')).status;
})();
</script></body></html>
"""


@pytest.fixture
def lrs() -> Iterator[LRSServer]:
    with LRSServer() as server:
        yield server


def test_an_au_page_reaches_the_lrs_and_its_pagehide_statement_arrives(browser: Browser, lrs: LRSServer) -> None:
    with ContentServer({"index.html": STAND_IN_AU.encode()}) as content:
        launch = lrs.launch(content.url("index.html"), publisher_id=PUBLISHER_AU)
        context = browser.new_context()
        page = context.new_page()
        page.goto(launch.url)
        page.wait_for_function("window.initialized === 200")
        page.goto("about:blank")
        assert lrs.wait_for_verb("terminated")
        context.close()
    assert lrs.verbs() == ["launched", "initialized", "terminated"]
    assert lrs.breaches == []
    # Real CORS: the browser asked before each request with an Authorization header.
    assert ("OPTIONS", "/xapi/statements", 204) in lrs.requests
