"""The test LRS answers as a cmi5 LMS and an xAPI 1.0.3 LRS do: launch, fetch, auth, resources, failures."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from compiler.targets.cmi5.rules import MASTERY_SCORE, SESSION_ID

from .client import ScriptedAU, http
from .conftest import AU_URL, PUBLISHER_AU
from .server import ContentServer, Duplicates, LRSServer


def _requirements(lrs: LRSServer) -> list[str]:
    return [breach.requirement for breach in lrs.breaches]


# ---------------------------------------------------------------------------- launch


def test_the_launch_url_carries_the_five_cmi5_parameters_url_encoded(lrs: LRSServer) -> None:
    launch = lrs.launch(AU_URL + "?lang=nl", publisher_id=PUBLISHER_AU)
    url = urlsplit(launch.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == AU_URL
    query = parse_qs(url.query, strict_parsing=True)
    assert sorted(query) == ["activityId", "actor", "endpoint", "fetch", "lang", "registration"]
    assert all(len(values) == 1 for values in query.values())
    # Every value URL-encoded: no raw ':', '/', '{' or '"' in the query string.
    assert not any(character in url.query for character in ':/{}"')
    assert query["endpoint"] == [lrs.endpoint]
    assert query["fetch"] == [launch.fetch_url]
    assert json.loads(query["actor"][0]) == launch.data.actor
    assert query["registration"] == [launch.data.registration]
    assert query["activityId"] == [launch.data.activity_id]


def test_the_activity_id_is_the_lms_own_and_stable_within_a_registration(lrs: LRSServer) -> None:
    first = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU)
    again = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, registration=first.data.registration)
    assert first.data.activity_id != PUBLISHER_AU
    assert again.data.activity_id == first.data.activity_id
    assert again.data.session_id != first.data.session_id


def test_launch_data_is_in_the_state_api_before_the_au_runs(lrs: LRSServer) -> None:
    launch = lrs.launch(
        AU_URL,
        publisher_id=PUBLISHER_AU,
        launch_mode="Review",
        move_on="CompletedAndPassed",
        mastery_score=0.8,
        return_url="https://lms.example/course/7",
        entitlement_key="xyz-123",
        launch_method="OwnWindow",
    )
    au = ScriptedAU(launch.url).start()
    assert au.launch_data == {
        "contextTemplate": {
            "contextActivities": {"grouping": [{"objectType": "Activity", "id": PUBLISHER_AU}]},
            "extensions": {SESSION_ID: launch.data.session_id},
        },
        "launchMode": "Review",
        "launchMethod": "OwnWindow",
        "moveOn": "CompletedAndPassed",
        "masteryScore": 0.8,
        "returnURL": "https://lms.example/course/7",
        "entitlementKey": {"courseStructure": "xyz-123"},
    }


def test_the_lms_records_launched_before_the_au_sends_anything(lrs: LRSServer) -> None:
    launch = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, mastery_score=0.6)
    assert lrs.verbs() == ["launched"]
    (launched,) = lrs.statements
    assert launched["object"]["id"] == launch.data.activity_id
    assert launched["context"]["extensions"][MASTERY_SCORE] == 0.6


# ---------------------------------------------------------------------------- fetch URL and auth


def test_the_fetch_url_gives_the_token_once_then_error_code_1_with_status_200(lrs: LRSServer) -> None:
    launch = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU)
    first = http("POST", launch.fetch_url)
    assert (first.status, first.headers["content-type"], first.json()) == (
        200,
        "application/json",
        {"auth-token": launch.auth_token},
    )
    second = http("POST", launch.fetch_url)
    assert second.status == 200
    assert second.headers["content-type"] == "application/json"
    assert second.json()["error-code"] == "1"
    assert "auth-token" not in second.json()


def test_the_fetch_url_refuses_get_and_unknown_keys_get_error_code_2(lrs: LRSServer) -> None:
    launch = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU)
    assert http("GET", launch.fetch_url).status == 405
    assert http("POST", f"{lrs.base_url}/fetch/made-up").json()["error-code"] == "2"
    # The GET did not use up the URL.
    assert http("POST", launch.fetch_url).json() == {"auth-token": launch.auth_token}


def test_xapi_requests_need_the_fetched_token(lrs: LRSServer) -> None:
    launch = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU)
    au = ScriptedAU(launch.url, token=launch.auth_token)
    query = au.state_query("LMS.LaunchData")
    assert au.xapi("GET", "activities/state", query=query).status == 401  # not fetched yet
    http("POST", launch.fetch_url)
    assert au.xapi("GET", "activities/state", query=query).status == 200
    assert (
        au.xapi("GET", "activities/state", query=query, headers={"Authorization": "Basic bm9wZTpub3Bl"}).status == 401
    )
    assert au.xapi("GET", "activities/state", query=query, headers={"Authorization": ""}).status == 401
    assert _requirements(lrs) == ["8.2.2", "8.2.2", "8.2.2"]


def test_xapi_requests_need_the_version_header_except_about(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    missing = au.xapi("POST", "statements", [au.initialized()], headers={"X-Experience-API-Version": ""})
    wrong = au.xapi("POST", "statements", [au.initialized()], headers={"X-Experience-API-Version": "0.95"})
    assert (missing.status, wrong.status) == (400, 400)
    assert _requirements(lrs) == ["4.1.0.0-1", "4.1.0.0-1"]
    assert lrs.verbs() == ["launched"]
    about = http("GET", lrs.endpoint + "about")
    assert (about.status, about.json()) == (200, {"version": ["1.0.3"]})
    assert about.headers["x-experience-api-version"] == "1.0.3"


def test_cors_preflight_is_answered_without_credentials(lrs: LRSServer) -> None:
    answer = http(
        "OPTIONS",
        lrs.endpoint + "statements",
        headers={"Origin": "https://au.example", "Access-Control-Request-Headers": "authorization,content-type"},
    )
    assert answer.status == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-allow-headers"] == "authorization,content-type"
    assert lrs.breaches == []


# ---------------------------------------------------------------------------- statements resource


def test_statements_round_trip_with_put_post_and_filtered_get(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    initialized, completed = au.initialized(), au.completed()
    posted = au.send(initialized)
    assert (posted.status, posted.json()) == (200, [initialized["id"]])
    put = au.xapi("PUT", "statements", completed, query={"statementId": completed["id"]})
    assert put.status == 204
    one = au.xapi("GET", "statements", query={"statementId": completed["id"]}).json()
    assert (one["verb"], one["result"]) == (completed["verb"], completed["result"])
    assert "stored" in one
    registration = au.parameters["registration"]

    def verbs(**query: str) -> list[str]:
        found = au.xapi("GET", "statements", query={"registration": registration, **query}).json()
        return [statement["verb"]["id"].rsplit("/", 1)[-1] for statement in found["statements"]]

    assert verbs() == ["completed", "initialized", "launched"]
    assert verbs(ascending="true") == ["launched", "initialized", "completed"]
    assert verbs(verb=completed["verb"]["id"]) == ["completed"]
    assert verbs(agent=json.dumps(au.actor), limit="1") == ["completed"]
    assert verbs(agent=json.dumps({"mbox": "mailto:nobody@example.org"})) == []
    assert au.xapi("GET", "statements", query={"statementId": "5b1c0b56-0000-4000-8000-000000000000"}).status == 404


def test_adl_style_a_batch_holding_a_stored_id_gets_409_and_nothing_of_it_is_stored(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    first, second = au.answered(), au.answered()
    assert au.send(au.initialized(), first).status == 200
    answer = au.send(first, second)
    assert answer.status == 409
    assert first["id"].encode() in answer.body
    assert lrs.verbs() == ["launched", "initialized", "answered"]
    # Looked up one by one, the stored one is there and the other is not.
    assert au.xapi("GET", "statements", query={"statementId": first["id"]}).status == 200
    assert au.xapi("GET", "statements", query={"statementId": second["id"]}).status == 404
    assert au.send(second).status == 200
    assert lrs.breaches == []


def test_the_other_allowed_answer_stores_a_resent_statement_once_and_a_changed_one_conflicts() -> None:
    with LRSServer(duplicates="ignore") as lrs:
        au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
        answered = au.answered()
        assert au.send(au.initialized(), answered).status == 200
        assert au.send(answered).status == 200
        assert lrs.verbs() == ["launched", "initialized", "answered"]
        assert lrs.breaches == []
        changed = {**answered, "timestamp": "2026-01-01T11:00:00.000Z"}
        assert au.send(changed).status == 409


@pytest.mark.parametrize("duplicates", ["reject-batch", "ignore"])
def test_like_catapult_a_resent_cmi5_verb_is_refused_before_the_lrs_sees_it(duplicates: Duplicates) -> None:
    with LRSServer(duplicates=duplicates) as lrs:
        au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
        completed = au.completed()
        assert au.send(au.initialized(), completed).status == 200
        assert au.send(completed).status == 401
        assert _requirements(lrs) == ["9.3.0.0-2"]
        assert lrs.breaches[0].statement_id == completed["id"]
        assert lrs.verbs() == ["launched", "initialized", "completed"]


def test_like_catapult_no_request_is_answered_after_terminated(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    assert au.send(au.initialized(), au.terminated()).status == 200
    assert au.xapi("PUT", "activities/state", {"location": "x"}, query=au.state_query("urn:x:state")).status == 401
    assert au.send(au.answered()).status == 401
    assert au.send(au.completed()).status == 401
    assert _requirements(lrs) == ["8.1.2.0-2", "7.1.3.0-1", "9.3.0.0-5"]
    assert lrs.verbs() == ["launched", "initialized", "terminated"]


def test_a_slow_lrs_holds_each_request_and_the_timeline_shows_it() -> None:
    with LRSServer(delay=0.3) as lrs:
        au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
        before = len(lrs.exchanges)
        assert au.send(au.initialized(), au.answered()).status == 200
        lrs.delay = 0
        assert au.send(au.terminated()).status == 200
    slow, fast = lrs.exchanges[before:]
    assert (slow.method, slow.resource, slow.status, slow.verbs) == (
        "POST",
        "statements",
        200,
        ("initialized", "answered"),
    )
    assert slow.answered - slow.received >= 0.3
    assert fast.answered - fast.received < 0.3
    assert "POST statements 200 [terminated]" in lrs.timeline()


def test_a_batch_with_one_invalid_statement_is_refused_whole(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    broken = {**au.completed(), "result": {"completion": "yes"}}
    assert au.send(au.initialized(), broken).status == 400
    assert lrs.verbs() == ["launched"]
    assert _requirements(lrs) == ["4.1.0.0-1"]


# ---------------------------------------------------------------------------- documents


def test_state_documents_put_get_merge_list_and_delete(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    query = au.state_query("bookmark")
    assert au.xapi("GET", "activities/state", query=query).status == 404
    assert au.xapi("PUT", "activities/state", {"lesson": "02"}, query=query).status == 204
    assert au.xapi("POST", "activities/state", {"answers": [1]}, query=query).status == 204
    assert au.xapi("GET", "activities/state", query=query).json() == {"lesson": "02", "answers": [1]}
    listed = au.xapi("GET", "activities/state", query=au.state_query()).json()
    assert listed == ["LMS.LaunchData", "bookmark"]
    assert au.xapi("DELETE", "activities/state", query=query).status == 204
    assert au.xapi("GET", "activities/state", query=query).status == 404
    assert lrs.breaches == []


def test_state_is_kept_per_registration(lrs: LRSServer) -> None:
    first = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    assert first.xapi("PUT", "activities/state", {"at": 3}, query=first.state_query("bookmark")).status == 204
    resumed = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, registration=first.parameters["registration"])
    again = ScriptedAU(resumed.url).start()
    assert again.xapi("GET", "activities/state", query=again.state_query("bookmark")).json() == {"at": 3}
    other = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    assert other.xapi("GET", "activities/state", query=other.state_query("bookmark")).status == 404
    assert lrs.document(first.parameters["activityId"], first.actor, first.parameters["registration"], "bookmark") == {
        "at": 3
    }


def test_the_au_may_not_write_or_delete_launch_data(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    query = au.state_query("LMS.LaunchData")
    assert au.xapi("PUT", "activities/state", {"launchMode": "Normal"}, query=query).status == 403
    assert au.xapi("DELETE", "activities/state", query=query).status == 403
    assert _requirements(lrs) == ["10.2.1.0-5", "10.2.1.0-5"]
    assert au.xapi("GET", "activities/state", query=query).json() == au.launch_data


def test_state_requests_for_another_learner_or_registration_are_reported(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    other_agent = {**au.state_query("bookmark"), "agent": json.dumps({"mbox": "mailto:someone@example.org"})}
    other_registration = {**au.state_query("bookmark"), "registration": "1d2c3b4a-0000-4000-8000-000000000000"}
    au.xapi("GET", "activities/state", query=other_agent)
    au.xapi("GET", "activities/state", query=other_registration)
    assert _requirements(lrs) == ["8.1.3.0-3", "8.1.4.0-3"]
    assert au.xapi("GET", "activities/state", query={"stateId": "bookmark"}).status == 400


def _profile(au: ScriptedAU, resource: str, **query: str) -> dict[str, str]:
    if resource == "agents/profile":
        return {"agent": json.dumps(au.actor), **query}
    return {"activityId": au.parameters["activityId"], **query}


def test_profiles_use_etags_for_concurrent_writes(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    for resource, name in (("agents/profile", "cmi5LearnerPreferences"), ("activities/profile", "glossary")):
        query = _profile(au, resource, profileId=name)
        assert au.xapi("GET", resource, query=query).status == 404
        created = au.xapi("PUT", resource, {"v": 1}, query=query, headers={"If-None-Match": "*"})
        assert created.status == 204
        got = au.xapi("GET", resource, query=query)
        etag = got.headers["etag"]
        assert (got.json(), etag.startswith('"')) == ({"v": 1}, True)
        assert au.xapi("PUT", resource, {"v": 2}, query=query).status == 409
        assert au.xapi("PUT", resource, {"v": 2}, query=query, headers={"If-Match": '"stale"'}).status == 412
        assert au.xapi("PUT", resource, {"v": 2}, query=query, headers={"If-Match": etag}).status == 204
        assert au.xapi("GET", resource, query=_profile(au, resource)).json() == [name]
        assert au.xapi("DELETE", resource, query=query).status == 204
    assert lrs.breaches == []


def test_learner_preferences_of_another_agent_are_reported(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    query = {"agent": json.dumps({"mbox": "mailto:someone@example.org"}), "profileId": "cmi5LearnerPreferences"}
    assert au.xapi("GET", "agents/profile", query=query).status == 404
    assert _requirements(lrs) == ["8.1.3.0-3"]


# ---------------------------------------------------------------------------- failure injection


def test_the_next_requests_fail_with_503_and_a_retry_loses_nothing(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    initialized = au.initialized()
    lrs.fail_next(2)
    assert [au.send(initialized).status for _ in range(3)] == [503, 503, 200]
    assert lrs.failures_served == 2
    assert lrs.verbs() == ["launched", "initialized"]
    assert lrs.breaches == []
    # Fetch URL and preflights are outside the injected outage.
    lrs.fail_next(1)
    assert http("OPTIONS", lrs.endpoint + "statements").status == 204
    assert au.send(au.terminated()).status == 503


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_requests_fail_with_503_for_a_time_window() -> None:
    clock = _Clock()
    with LRSServer(clock=clock) as lrs:
        au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
        lrs.fail_for(5.0)
        statuses = [au.send(au.initialized()).status for _ in range(3)]
        clock.now += 5.0
        statuses.append(au.send(au.initialized()).status)
        assert statuses == [503, 503, 503, 200]
        assert lrs.verbs() == ["launched", "initialized"]
        answer: Any = au.xapi("GET", "activities/state", query=au.state_query("LMS.LaunchData"))
        assert answer.status == 200


# ---------------------------------------------------------------------------- content host


def test_the_content_server_serves_package_files_on_another_origin(lrs: LRSServer) -> None:
    files = {"index.html": b"<!doctype html>", "media/foto van de zorg.jpg": b"\xff\xd8"}
    with ContentServer(files) as content:
        page = http("GET", content.url("index.html"))
        photo = http("GET", content.url("media/foto van de zorg.jpg"))
        missing = http("GET", content.url("start.html"))
        assert urlsplit(content.url("index.html")).netloc != urlsplit(lrs.base_url).netloc
    assert (page.status, page.headers["content-type"], page.body) == (200, "text/html", b"<!doctype html>")
    assert (photo.status, photo.headers["content-type"], photo.body) == (200, "image/jpeg", b"\xff\xd8")
    assert missing.status == 404


# ---------------------------------------------------------------------------- sessions


def test_learner_preferences_given_at_launch_are_in_the_agent_profile(lrs: LRSServer) -> None:
    preferences = {"languagePreference": "en-GB,nl", "audioPreference": "off"}
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, learner_preferences=preferences).url).start()
    query = {"agent": json.dumps(au.actor), "profileId": "cmi5LearnerPreferences"}
    assert au.xapi("GET", "agents/profile", query=query).json() == preferences


def test_a_relaunch_abandons_a_session_that_never_terminated(lrs: LRSServer) -> None:
    first = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    assert first.send(first.initialized()).status == 200
    registration = first.parameters["registration"]
    again = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, registration=registration).url).start()
    assert lrs.verbs() == ["launched", "initialized", "abandoned", "launched"]
    abandoned = lrs.statements[2]
    assert (
        abandoned["context"]["extensions"][SESSION_ID] == first.launch_data["contextTemplate"]["extensions"][SESSION_ID]
    )
    assert abandoned["result"]["duration"].startswith("PT")
    # Nothing more is recorded for the abandoned session; the new one goes on.
    assert first.send(first.terminated()).status == 403
    assert again.send(again.initialized(), again.terminated()).status == 200
    assert lrs.breaches == []


def test_a_relaunch_after_terminated_abandons_nothing(lrs: LRSServer) -> None:
    first = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    assert first.send(first.initialized(), first.terminated()).status == 200
    lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, registration=first.parameters["registration"])
    assert lrs.verbs() == ["launched", "initialized", "terminated", "launched"]


def test_failures_may_hit_one_resource_only_and_answers_may_be_lost_after_storing(lrs: LRSServer) -> None:
    au = ScriptedAU(lrs.launch(AU_URL, publisher_id=PUBLISHER_AU).url).start()
    lrs.fail_next(1, resource="statements")
    assert au.xapi("PUT", "activities/state", {"a": 1}, query=au.state_query("urn:x:state")).status == 204
    initialized, answered = au.initialized(), au.answered()
    assert au.send(initialized).status == 503
    lrs.lose_answers(1)
    assert au.send(initialized, answered).status == 502
    assert lrs.verbs() == ["launched", "initialized", "answered"]
    assert lrs.failures_served == 1
    # Sent again blindly: ADL's LRS refuses the batch, CATAPULT's proxy the repeated cmi5 verb.
    assert au.send(answered).status == 409
    assert au.send(initialized, answered).status == 401
    assert _requirements(lrs) == ["9.3.0.0-2"]
