"""`coursec preview --target` for SCORM 2004, cmi5 and web, driven through the command line.

Each test starts the real command on a copy of a course (port 0, no browser), opens its page and
checks what an author relies on: the course appears, the panel shows what that target's LMS (or
the browser) records, an error replaces the course and the fix brings it back, a relaunch resumes
and a restart starts a new learner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page

from .conftest import COURSES
from .learner import Learner

pytestmark = pytest.mark.browser

NO_QUIZ = COURSES / "no-quiz"
COURSEC = Path(sys.executable).with_name("coursec")
_SERVING = re.compile(r"^Serving .* as (?P<label>.*) at (?P<url>http://\S+/) \(")


@dataclass
class Cli:
    """`coursec preview --target T` running on a copy of a course, and a page open on it."""

    process: subprocess.Popen[str]
    url: str
    label: str
    course: Path
    page: Page
    page_errors: list[str] = field(default_factory=list)

    @property
    def frame(self) -> Frame:
        frame = None
        for candidate in self.page.frames:
            if candidate.url.startswith(self.url + "course/index.html"):
                frame = candidate
        assert frame is not None, "the course frame is not showing the course"
        return frame

    def wait_for_course(self) -> Frame:
        self.page.wait_for_function(
            "() => { const f = document.getElementById('sco'); const d = f.contentDocument;"
            " return !f.hidden && d && d.location.pathname.endsWith('/course/index.html')"
            " && d.documentElement && d.documentElement.classList.contains('js') }"
        )
        return self.frame

    def panel(self, key: str) -> str:
        return self.page.locator(f'#lms-panel [data-cmi="{key}"]').inner_text()

    def wait_for_panel(self, key: str, text: str) -> None:
        self.page.locator(f'#lms-panel [data-cmi="{key}"]', has_text=text).wait_for()

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.course / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def break_and_fix(self) -> None:
        """A YAML error replaces the course with the diagnostics; the fix brings the course back."""
        self.wait_for_course()
        self.edit("course.yaml", "title: Cursus zonder toets", "title: [Cursus zonder toets")
        overlay = self.page.locator("#lms-overlay")
        overlay.wait_for(state="visible")
        assert self.page.locator("#sco").is_hidden()
        assert f"{(self.course / 'course.yaml').as_posix()}:" in self.page.locator("#lms-overlay-text").inner_text()
        assert "error[E102]" in self.page.locator("#lms-overlay-text").inner_text()
        self.edit("course.yaml", "title: [Cursus zonder toets", "title: Cursus zonder toets")
        overlay.wait_for(state="hidden")
        assert self.wait_for_course().locator("h1").first.inner_text() == "Cursus zonder toets"


Start = Callable[..., Cli]


@pytest.fixture
def start(browser: Browser, tmp_path: Path) -> Iterator[Start]:
    started: list[tuple[subprocess.Popen[str], BrowserContext, threading.Thread]] = []

    def run(target: str, source: Path = NO_QUIZ) -> Cli:
        course = Path(shutil.copytree(source, tmp_path / f"{source.name}-{target}"))
        process = subprocess.Popen(
            [str(COURSEC), "preview", str(course), "--target", target, "--port", "0", "--no-browser"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert process.stdout is not None
        seen = []
        for line in process.stdout:  # the first build comes before the URL line
            seen.append(line)
            found = _SERVING.match(line)
            if found:
                break
        else:
            process.wait(timeout=20)
            process.stdout.close()
            raise AssertionError("coursec preview stopped: " + "".join(seen))
        # Keep reading what it prints (each rebuild logs), so a full pipe never blocks the server.
        drain = threading.Thread(target=seen.extend, args=(process.stdout,), daemon=True)
        drain.start()
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        started.append((process, context, drain))
        page = context.new_page()
        cli = Cli(process, found["url"], found["label"], course, page)
        page.on("pageerror", lambda exc: cli.page_errors.append(str(exc)))
        page.goto(cli.url)
        return cli

    try:
        yield run
    finally:
        for process, context, drain in started:
            context.close()
            process.terminate()
            process.wait(timeout=20)
            drain.join(timeout=20)
            assert process.stdout is not None
            process.stdout.close()


# ---------------------------------------------------------------- web


def test_web_the_panel_shows_the_localstorage_entry_the_course_writes(start: Start) -> None:
    cli = start("web")
    assert cli.label == "Web (localStorage, no LMS)"
    frame = cli.wait_for_course()
    frame.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
    assert cli.panel("key") == "coursec:no-quiz:1.0.0"
    Learner(frame).go("tweede")
    cli.wait_for_panel("location", "tweede")
    stored = cli.page.evaluate("JSON.parse(localStorage.getItem('coursec:no-quiz:1.0.0'))")
    assert stored["location"] == "tweede"
    raw = cli.page.evaluate("localStorage.getItem('coursec:no-quiz:1.0.0')")
    assert cli.panel("stored") == f"{len(raw):,} characters"
    assert cli.panel("suspend_length").endswith("of 64,000 characters")
    raw_data = cli.page.locator('#lms-panel [data-cmi="suspend_data"]').text_content()
    assert raw_data == stored["suspendData"]  # in the closed "suspendData" details
    assert 'localStorage.setItem("coursec:no-quiz:1.0.0")' in cli.page.locator("#lms-calls").inner_text()
    rows = cli.page.locator("#lms-interactions tbody tr")
    assert rows.count() == 1
    assert rows.first.inner_text().split("\t")[0] == "coursec:no-quiz:1.0.0"
    assert cli.page.locator("#lms-problem-count").inner_text() == "0"
    assert cli.page_errors == []


def test_web_relaunch_and_page_reload_resume_and_reset_forgets(start: Start) -> None:
    cli = start("web")
    page = cli.page
    Learner(cli.wait_for_course()).go("tweede")
    cli.wait_for_panel("location", "tweede")

    page.get_by_role("button", name="Relaunch as returning learner").click()
    assert Learner(cli.wait_for_course()).visible_page() == "tweede"
    page.reload()  # the browser keeps localStorage: the course opens where the learner was
    assert Learner(cli.wait_for_course()).visible_page() == "tweede"
    cli.wait_for_panel("location", "tweede")

    page.get_by_role("button", name="Clear localStorage and restart").click()
    page.locator("#lms-announce", has_text="Restarted as a new learner.").wait_for(state="attached")
    assert Learner(cli.wait_for_course()).visible_page() == "start"
    stored = page.evaluate("JSON.parse(localStorage.getItem('coursec:no-quiz:1.0.0') || '{}')")
    assert stored.get("location", "") in ("", "start")
    assert cli.panel("location") in ("(empty)", "start")

    Learner(cli.frame).go("tweede")
    cli.wait_for_panel("location", "tweede")
    page.get_by_role("button", name="Restart as new learner").click()
    page.locator("#lms-announce", has_text="Restarted as a new learner.").wait_for(state="attached")
    assert Learner(cli.wait_for_course()).visible_page() == "start"
    assert cli.page_errors == []


def test_web_an_error_replaces_the_course_and_the_fix_brings_it_back(start: Start) -> None:
    cli = start("web")
    Learner(cli.wait_for_course()).go("tweede")
    cli.break_and_fix()
    assert Learner(cli.frame).visible_page() == "tweede"  # the rebuild resumed from localStorage


# ---------------------------------------------------------------- SCORM 2004


def test_scorm2004_the_course_plays_and_the_panel_shows_the_cmi_record(start: Start) -> None:
    cli = start("scorm2004")
    assert cli.label == "SCORM 2004 4th edition (strict)"
    frame = cli.wait_for_course()
    frame.wait_for_function("document.documentElement.dataset.mode === 'lms'")
    cli.wait_for_panel("completion_status", "incomplete")
    assert cli.panel("success_status") == "unknown"
    assert cli.panel("entry") == "ab-initio"
    assert cli.panel("attempt") == "1"
    assert cli.panel("scaled_passing_score") == "(none)"  # the course has no graded quiz
    assert "Initialize" in cli.page.locator("#lms-calls").inner_text()
    Learner(frame).go("tweede")
    cli.wait_for_panel("location", "tweede")
    assert cli.panel("suspend_length").endswith("of 64,000 characters")
    assert cli.panel("exit") == "suspend"
    assert cli.page.locator("#lms-problem-count").inner_text() == "0"
    assert cli.page.evaluate("window.lmsLog.calls.filter(c => c.error !== '0' && c.error !== '403').length") == 0
    assert cli.page_errors == []


def test_scorm2004_relaunch_resumes_the_attempt_and_restart_starts_a_new_learner(start: Start) -> None:
    cli = start("scorm2004")
    page = cli.page
    Learner(cli.wait_for_course()).go("tweede")
    page.wait_for_function("window.lmsLog.commits.some(c => c.cmi.location === 'tweede')")

    page.get_by_role("button", name="Relaunch as returning learner").click()
    cli.wait_for_panel("entry", "resume")
    assert Learner(cli.wait_for_course()).visible_page() == "tweede"
    assert cli.panel("attempt") == "1"  # exit 'suspend' keeps the attempt
    assert cli.panel("total_time") != "PT0H0M0S"  # the first session's time was added up
    assert page.evaluate("window.lmsLog.finishes.map(f => f.cmi.exit)") == ["suspend"]

    page.get_by_role("button", name="Restart as new learner").click()
    cli.wait_for_panel("entry", "ab-initio")
    assert Learner(cli.wait_for_course()).visible_page() == "start"
    cli.wait_for_panel("completion_status", "incomplete")
    assert cli.panel("location") in ("(not set)", "start")


def test_scorm2004_an_error_replaces_the_course_and_the_fix_brings_it_back(start: Start) -> None:
    cli = start("scorm2004")
    Learner(cli.wait_for_course()).go("tweede")
    cli.break_and_fix()
    cli.wait_for_panel("entry", "resume")  # the rebuild relaunched the learner where they were
    assert Learner(cli.frame).visible_page() == "tweede"


def test_scorm2004_a_whole_course_passes_as_the_lms_judges_it_and_a_finished_attempt_ends(start: Start) -> None:
    cli = start("scorm2004", COURSES / "all-types")
    page = cli.page
    assert cli.wait_for_course()
    cli.wait_for_panel("scaled_passing_score", "0.")  # from the manifest's minNormalizedMeasure
    learner = Learner(cli.frame)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "wrong")
        cli.frame.locator(f'[data-toc] [data-nav-to="{lesson}"][data-done]').wait_for(state="attached")
    learner.take_quiz("right")
    learner.go("end")
    cli.frame.locator('[data-action="exit"]').first.click()
    page.wait_for_function("window.lmsLog.finishes.length === 1")
    cli.wait_for_panel("success_status", "passed")
    assert cli.panel("completion_status") == "completed"
    assert cli.panel("score_scaled").startswith("1 (raw 100, min 0, max 100)")
    assert page.locator("#lms-interactions tbody tr").count() == 6
    assert page.evaluate("window.lmsLog.errors") == []
    assert page.evaluate("window.lmsLog.calls.filter(c => c.error !== '0' && c.error !== '403').length") == 0
    assert page.evaluate("window.lmsLog.finishes[0].cmi.exit") == "normal"

    page.get_by_role("button", name="Relaunch as returning learner").click()
    cli.wait_for_panel("attempt", "2 (the last one ended with exit 'normal': completed, passed)")
    assert cli.panel("entry") == "ab-initio"  # exit 'normal' ended the attempt: the LMS starts a new one


# (call, element, value, result, error) as SCORM 2004 4th edition RTE 3.1 and 4.2 say; the course is running.
STRICT_2004 = [
    ("set", "cmi.completion_status", "done", "false", "406"),
    ("set", "cmi.completion_status", "completed", "true", "0"),
    ("set", "cmi.success_status", "completed", "false", "406"),
    ("set", "cmi.exit", "normal", "true", "0"),
    ("set", "cmi.exit", "finished", "false", "406"),
    ("get", "cmi.exit", "", "", "405"),
    ("get", "cmi.session_time", "", "", "405"),
    ("set", "cmi.learner_id", "someone", "false", "404"),
    ("set", "cmi.core.lesson_status", "completed", "false", "401"),  # SCORM 1.2
    ("set", "cmi.score.scaled", "1.5", "false", "407"),
    ("set", "cmi.score.scaled", "8e-1", "false", "406"),
    ("set", "cmi.score.scaled", "0.8", "true", "0"),
    ("set", "cmi.progress_measure", "-0.1", "false", "407"),
    ("set", "cmi.session_time", "0000:05:03.25", "false", "406"),  # SCORM 1.2's format
    ("set", "cmi.session_time", "PT", "false", "406"),
    ("set", "cmi.session_time", "PT5M3.25S", "true", "0"),
    ("set", "cmi.location", "x" * 1001, "false", "406"),
    ("set", "cmi.suspend_data", "x" * 64001, "false", "406"),
    ("set", "cmi.suspend_data", "x" * 64000, "true", "0"),
    ("set", "cmi.interactions._count", "1", "false", "404"),
    ("set", "cmi.interactions.99.id", "q", "false", "351"),
    ("get", "cmi.interactions.99.id", "", "", "301"),
    ("get", "cmi.score._count", "", "", "301"),
    ("get", "cmi.score._children", "", "scaled,raw,min,max", "0"),
    ("get", "cmi._version", "", "1.0", "0"),
    ("get", "cmi.nonsense", "", "", "401"),
    ("set", "cmi.learner_preference.audio_captioning", "2", "false", "406"),
    ("set", "adl.nav.request", "exitAll", "true", "0"),
    ("set", "adl.nav.request", "{target=les-2}choice", "true", "0"),
    ("set", "adl.nav.request", "leave", "false", "406"),
]


def test_scorm2004_the_strict_api_refuses_what_the_standard_forbids_and_the_panel_flags_it(start: Start) -> None:
    cli = start("scorm2004")
    cli.wait_for_course()
    page = cli.page
    got = page.evaluate(
        """cases => cases.map(([call, element, value]) => {
            const api = window.API_1484_11;
            const result = call === "set" ? api.SetValue(element, value) : api.GetValue(element);
            return [call, element, value, result, api.GetLastError()];
        })""",
        [list(case[:3]) for case in STRICT_2004],
    )
    assert [tuple(row) for row in got] == STRICT_2004

    n = int(page.evaluate("API_1484_11.GetValue('cmi.interactions._count')"))
    base = f"cmi.interactions.{n}"
    steps = [
        (f"{base}.type", "choice", "false", "408"),  # before the id
        (f"{base}.id", "urn:x-test:q 1", "false", "406"),  # white space in an identifier
        (f"{base}.id", "urn:x-test:q1", "true", "0"),
        (f"{base}.learner_response", "a", "false", "408"),  # before the type
        (f"{base}.type", "choice", "true", "0"),
        (f"{base}.learner_response", "a,b", "true", "0"),  # one identifier "a,b"
        (f"{base}.learner_response", "a[,]a", "false", "406"),  # twice
        (f"{base}.learner_response", "a[,]b", "true", "0"),
        (f"{base}.result", "wrong", "false", "406"),  # SCORM 1.2's word
        (f"{base}.result", "incorrect", "true", "0"),
        (f"{base}.timestamp", "2026-13-01T10:00:00Z", "false", "406"),
        (f"{base}.timestamp", "2026-03-01T10:15:30.25Z", "true", "0"),
    ]
    results = page.evaluate(
        "steps => steps.map(([element, value]) => [API_1484_11.SetValue(element, value), API_1484_11.GetLastError()])",
        [list(step[:2]) for step in steps],
    )
    assert [tuple(r) for r in results] == [step[2:] for step in steps]
    assert "'wrong' is SCORM 1.2" in page.evaluate(
        f"(API_1484_11.SetValue('{base}.result', 'wrong'), API_1484_11.GetDiagnostic(''))"
    )
    assert page.evaluate(f"API_1484_11.GetValue('{base}.learner_response')") == "a[,]b"  # readable in 2004
    assert page.evaluate("API_1484_11.GetErrorString('408')") == "Data Model Dependency Not Established"

    problems = page.locator("#lms-problems").inner_text()
    assert "cmi.completion_status: 'done' is not one of" in problems
    assert "[406 Data Model Element Type Mismatch]" in problems
    failed = page.locator("#lms-calls .is-error", has_text='"done"')
    assert "error 406" in (failed.text_content() or "")

    assert page.evaluate("API_1484_11.Terminate('')") == "true"
    assert page.evaluate("API_1484_11.GetValue('cmi.location')") == ""
    assert page.evaluate("API_1484_11.GetLastError()") == "123"
    assert page.evaluate("API_1484_11.Initialize('')") == "false"
    assert page.evaluate("API_1484_11.GetLastError()") == "104"


def test_scorm2004_the_lms_judges_success_from_the_score_and_says_when_the_sco_disagrees(start: Start) -> None:
    cli = start("scorm2004", COURSES / "all-types")
    cli.wait_for_course()
    page = cli.page
    passing = float(cli.panel("scaled_passing_score"))
    below = f"{passing - 0.1:.2f}"
    assert page.evaluate(
        f"""[API_1484_11.SetValue('cmi.score.scaled', '{below}'), API_1484_11.SetValue('cmi.success_status', 'passed'),
            API_1484_11.Commit('')]"""
    ) == ["true", "true", "true"]
    cli.wait_for_panel("success_status", "failed (the SCO said passed)")
    problems = page.locator("#lms-problems").inner_text()
    assert f"the SCO reports success_status 'passed' but the LMS records 'failed' (score.scaled {below}" in problems


# ---------------------------------------------------------------- cmi5


def verbs(cli: Cli) -> list[str]:
    result: list[str] = cli.page.evaluate(
        "(window.lms.view().latest || {statements: []}).statements.map(s => s.by + ':' + s.verb)"
    )
    return result


def wait_for_verbs(cli: Cli, *expected: str) -> None:
    cli.page.wait_for_function(
        "expected => { const l = window.lms.view().latest; if (!l) return false;"
        " const got = l.statements.map(s => s.by + ':' + s.verb);"
        " return expected.every((v, i) => got[got.length - expected.length + i] === v) }",
        arg=list(expected),
    )


def test_cmi5_a_launch_with_launch_parameters_and_the_statements_in_order(start: Start) -> None:
    cli = start("cmi5")
    assert cli.label == "cmi5 (LMS launch and LRS)"
    frame = cli.wait_for_course()
    frame.wait_for_function("document.documentElement.dataset.mode === 'lms'")  # after the launch reads
    query = dict(parse_qsl(urlsplit(frame.url).query))
    assert sorted(query) == ["activityId", "actor", "endpoint", "fetch", "registration"]
    assert query["endpoint"] == cli.url + "_preview/lms/xapi/"
    assert query["fetch"].startswith(cli.url + "_preview/lms/fetch/")
    assert cli.panel("registration") == query["registration"]
    wait_for_verbs(cli, "LMS:launched", "AU:initialized")
    cli.wait_for_panel("session", "1 of 1: open")
    assert cli.panel("move_on") == "Completed"  # the no-quiz course: cmi5.xml's moveOn
    assert cli.panel("return_url") == cli.url + "_preview/lms/returned"
    rows = cli.page.locator("#lms-interactions tbody tr")
    assert rows.nth(0).inner_text().split("\t")[2:4] == ["LMS", "launched"]
    assert rows.nth(1).inner_text().split("\t")[2:4] == ["AU", "initialized"]
    calls = cli.page.locator("#lms-calls").inner_text()
    assert "GET activities/state" in calls
    assert "POST statements [initialized]" in calls or "PUT statements [initialized]" in calls
    Learner(frame).go("tweede")
    cli.wait_for_panel("location", "tweede")  # the state document the AU saved
    assert cli.panel("suspend_length").endswith("of 64,000 characters")
    assert cli.page.locator("#lms-problem-count").inner_text() == "0"
    assert cli.page_errors == []


def test_cmi5_relaunch_is_a_new_session_of_the_registration_and_restart_a_new_registration(start: Start) -> None:
    cli = start("cmi5")
    page = cli.page
    Learner(cli.wait_for_course()).go("tweede")
    cli.wait_for_panel("location", "tweede")
    registration = cli.panel("registration")

    page.get_by_role("button", name="Relaunch as returning learner").click()
    cli.wait_for_panel("session", "2 of 2: open")
    assert Learner(cli.wait_for_course()).visible_page() == "tweede"
    assert cli.panel("registration") == registration
    wait_for_verbs(cli, "AU:terminated", "LMS:launched", "AU:initialized")  # the first session ended cleanly
    assert "LMS:abandoned" not in verbs(cli)
    assert cli.page.locator("#lms-problem-count").inner_text() == "0"

    page.get_by_role("button", name="Restart as new learner").click()
    cli.wait_for_panel("session", "1 of 1: open")
    assert cli.panel("registration") != registration
    assert Learner(cli.wait_for_course()).visible_page() == "start"
    wait_for_verbs(cli, "LMS:launched", "AU:initialized")
    assert len(verbs(cli)) == 2  # the panel shows the new registration only


def test_cmi5_an_error_replaces_the_course_and_the_fix_brings_it_back(start: Start) -> None:
    cli = start("cmi5")
    Learner(cli.wait_for_course()).go("tweede")
    cli.wait_for_panel("location", "tweede")
    cli.break_and_fix()
    cli.wait_for_panel("session", "2 of 2: open")  # the rebuild relaunched the same learner
    assert Learner(cli.frame).visible_page() == "tweede"


def test_cmi5_a_whole_course_passes_against_the_masteryscore_and_returns_to_the_lms(start: Start) -> None:
    cli = start("cmi5", COURSES / "all-types")
    page = cli.page
    learner = Learner(cli.wait_for_course())
    cli.page.locator('#lms-panel [data-cmi="mastery_score"]', has_text=re.compile(r"^[0-9.]+$")).wait_for()
    mastery = float(cli.panel("mastery_score"))  # the panel fills in when it next reads the LRS
    assert 0 < mastery <= 1
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "wrong")
        cli.frame.locator(f'[data-toc] [data-nav-to="{lesson}"][data-done]').wait_for(state="attached")
    learner.take_quiz("right")
    learner.go("end")
    cli.frame.locator('[data-action="exit"]').first.click()
    page.frame_locator("#sco").locator("h1", has_text="The course sent the learner back to the LMS").wait_for()
    cli.wait_for_panel("session", "1 of 1: terminated")
    got = [v for v in verbs(cli) if not v.endswith(":answered")]
    assert got[:2] == ["LMS:launched", "AU:initialized"]
    assert got[-1] == "AU:terminated"
    assert {"AU:completed", "AU:passed"} <= set(got)
    rules = page.evaluate("window.lms.view().latest.statements.map(s => s.breaches.length)")
    assert set(rules) == {0}
    assert page.locator("#lms-problem-count").inner_text() == "0"


def test_cmi5_the_panel_shows_the_session_rules_a_statement_breaks(start: Start) -> None:
    cli = start("cmi5")
    cli.wait_for_course()
    wait_for_verbs(cli, "LMS:launched", "AU:initialized")
    # Another launch of the same registration (the LMS abandons the open session), then an AU that
    # sends completed before initialized, and initialized twice.
    outcome = cli.page.evaluate(
        """async () => {
            const base = new URL("_preview/lms/", document.baseURI).href;
            const post = (url, body, headers) => fetch(url, {method: "POST", body: JSON.stringify(body),
                headers: Object.assign({"Content-Type": "application/json"}, headers || {})});
            const launched = await (await post(base + "launch", {launch: lms.config.launch, base: base,
                registration: lms.view().registration})).json();
            const p = launched.parameters;
            const token = (await (await post(p.fetch, {})).json())["auth-token"];
            const again = await (await post(p.fetch, {})).json();
            const data = await (await fetch(base + "xapi/activities/state?" + new URLSearchParams({stateId:
                "LMS.LaunchData", activityId: p.activityId, agent: p.actor, registration: p.registration}),
                {headers: {"Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3"}})).json();
            const headers = {"Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3"};
            const statement = (verb, extra) => Object.assign({id: crypto.randomUUID(), actor: JSON.parse(p.actor),
                verb: {id: "http://adlnet.gov/expapi/verbs/" + verb},
                object: {id: p.activityId, objectType: "Activity"},
                timestamp: new Date().toISOString(), context: Object.assign({registration: p.registration},
                JSON.parse(JSON.stringify(data.contextTemplate)), {contextActivities: Object.assign({},
                data.contextTemplate.contextActivities, {category: [{id:
                "https://w3id.org/xapi/cmi5/context/categories/cmi5"}]})})}, extra || {});
            const early = await post(base + "xapi/statements", [statement("completed",
                {result: {completion: true, duration: "PT1S"}})], headers);
            const first = await post(base + "xapi/statements", [statement("initialized")], headers);
            const twice = await post(base + "xapi/statements", [statement("initialized")], headers);
            const noVersion = await post(base + "xapi/statements", [statement("terminated")],
                {"Authorization": "Basic " + token});
            return [again["error-code"], early.status, first.status, twice.status, noVersion.status];
        }"""
    )
    assert outcome == ["1", 200, 200, 401, 400]
    cli.wait_for_panel("session", "2 of 2: open")
    wait_for_verbs(cli, "LMS:abandoned", "LMS:launched", "AU:completed", "AU:initialized")
    problems = cli.page.locator("#lms-problems")
    problems.locator("li", has_text="9.3.0.0-4").wait_for()  # completed before initialized
    problems.locator("li", has_text="9.3.0.0-2").wait_for()  # initialized again: refused
    problems.locator("li", has_text="X-Experience-API-Version").wait_for()
    row = cli.page.locator("#lms-interactions tbody tr", has_text="completed")
    assert "9.3.0.0-4" in row.inner_text()
