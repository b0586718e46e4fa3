"""The TinCan (xAPI) package launched as a TinCan LMS launches it, against the checking test LRS (tests/lrs).

The package is served from its own loopback origin (ContentServer) and reaches the LRS on another
one, with CORS, as a package launched by Cornerstone, Docebo or SCORM Cloud does. Every statement
is checked against the xAPI rules when it arrives (a statement that breaks one is refused, 400, and
recorded), and against what a TinCan LMS reads the LRS by: the launch's registration, the launched
learner, nothing after terminated. A test fails on any breach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lrs.server import TinCanLaunch
from playwright.sync_api import Browser, Page

from compiler.targets.tincan.checks import check_description

from .conftest import COURSES, Package
from .learner import Learner
from .targets import XAPI_RESPONSE
from .xapi_launch import ServedPackage, english_prompts, package_files, served_packages, settled

pytestmark = pytest.mark.browser

BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"
STATE_ID = "urn:x-coursec:state"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
Compile = Callable[..., Package]


def _activity_id(files: dict[str, bytes]) -> str:
    text = files["tincan.xml"].decode()
    return text.split('<activity id="', 1)[1].split('"', 1)[0]


def verb(statement: dict[str, Any]) -> str:
    return str(statement["verb"]["id"]).rsplit("/", 1)[-1]


class TinCanCourse(ServedPackage):
    """One TinCan package on its content server, and the LRS its LMS launches it against."""

    @property
    def activity_id(self) -> str:
        return _activity_id(self.files)

    def launch(self, **options: Any) -> tuple[Page, TinCanLaunch]:
        launched = self.lrs.tincan_launch(self.url, activity_id=self.activity_id, **options)
        return self.open(launched.url), launched

    def close(self, page: Page) -> None:
        """A learner who reads what is on screen, then closes the window: the runtime sees pagehide only."""
        settled(page)
        terminated = self.lrs.verbs().count("terminated")
        page.goto("about:blank")
        deadline_ms = 10_000
        while self.lrs.verbs().count("terminated") == terminated and deadline_ms > 0:
            self.lrs.wait_for_verb("never", timeout=0.1)
            deadline_ms -= 100
        page.close()

    def statements(self, launched: TinCanLaunch | None = None) -> list[dict[str, Any]]:
        """The stored statements (of one launch's registration, when given), in arrival order."""
        if launched is None:
            return list(self.lrs.statements)
        registration = launched.registration
        return [s for s in self.lrs.statements if s.get("context", {}).get("registration") == registration]

    def saved_state(self, launched: TinCanLaunch) -> Any:
        return self.lrs.document(launched.activity_id, launched.actor, launched.registration, STATE_ID)

    def assert_clean(self) -> None:
        """Every statement stored once, terminated last and once per session, no rule broken, no page error."""
        ids = [statement["id"] for statement in self.lrs.statements]
        assert len(ids) == len(set(ids)), self.lrs.timeline()
        assert self.lrs.breaches == [], [str(breach) for breach in self.lrs.breaches]
        assert all(status < 400 or status == 404 for _, _, status in self.lrs.requests), self.lrs.requests
        for statement in self.lrs.statements:
            if verb(statement) == "answered":
                assert statement["object"]["id"].startswith(self.activity_id + "/questions/")
                assert statement["context"]["contextActivities"]["parent"][0]["id"] == self.activity_id
            else:
                assert statement["object"]["id"] == self.activity_id
                definition = statement["object"]["definition"]
                assert definition["type"] == COURSE_TYPE
                assert definition["name"] == {self.package.data["lang"]: _title(self.files)}
            # TinCan statements carry none of cmi5's categories or session extension.
            assert "category" not in statement.get("context", {}).get("contextActivities", {})
        assert self.errors == []


def _title(files: dict[str, bytes]) -> str:
    text = files["tincan.xml"].decode()
    return text.split("<name", 1)[1].split(">", 1)[1].split("</name>", 1)[0]


@pytest.fixture
def tincan(browser: Browser, compiled: Compile) -> Iterator[Callable[[Path], TinCanCourse]]:
    with served_packages(compiled, "tincan", lambda *parts: TinCanCourse(browser, *parts)) as open_course:
        yield open_course


def _lessons(learner: Learner) -> list[str]:
    return [str(lesson["id"]) for lesson in learner.data["lessons"]]


def _interactions(statements: list[dict[str, Any]]) -> list[dict[str, str]]:
    records = []
    for statement in statements:
        if verb(statement) != "answered":
            continue
        definition = statement["object"]["definition"]
        kind = definition["interactionType"]
        assert XAPI_RESPONSE[kind].match(statement["result"]["response"]), statement
        assert all(XAPI_RESPONSE[kind].match(p) for p in definition["correctResponsesPattern"]), definition
        records.append({"type": kind, "result": "correct" if statement["result"]["success"] else "incorrect"})
    return records


def test_the_bundled_course_description_is_valid(compiled: Compile) -> None:
    files = package_files(compiled(BUNDLED, "tincan"))
    assert check_description(files["tincan.xml"], list(files)) == []


def test_a_learner_who_passes_the_bundled_course(tincan: Callable[[Path], TinCanCourse]) -> None:
    course = tincan(BUNDLED)
    page, launched = course.launch()
    assert page.evaluate("document.documentElement.dataset.mode") == "lms"
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right", text="Ik bespreek dit met mijn team.")
    learner.take_quiz("right")
    learner.go("end")
    page.locator('[data-action="exit"]').first.click()
    assert course.lrs.wait_for_verb("terminated")
    settled(page)

    statements = course.statements(launched)
    questions = learner.attempt_size()
    verbs = [verb(s) for s in statements]
    assert verbs == ["initialized", *["answered"] * questions, "completed", "passed", "terminated"]
    passed = statements[-2]
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert passed["result"]["success"] is True
    answers = _interactions(statements)
    assert len(answers) == questions == 15
    assert all(answer["result"] == "correct" for answer in answers)
    assert all(s["actor"] == launched.actor for s in statements)
    # Nothing is sent after terminated, however long the page stays open.
    page.wait_for_timeout(1500)
    assert len(course.lrs.statements) == len(statements)
    course.assert_clean()


def test_a_learner_who_fails_gets_failed_below_the_pass_mark(tincan: Callable[[Path], TinCanCourse]) -> None:
    course = tincan(COURSES / "all-types")
    page, launched = course.launch()
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right")
    for attempt in range(learner.data["quiz"]["attempts"]):
        if attempt:
            page.locator("button[data-quiz-retry]").click()
        learner.take_quiz("wrong")
    course.close(page)

    statements = course.statements(launched)
    answered = learner.attempt_size() * learner.data["quiz"]["attempts"]
    assert [verb(s) for s in statements] == ["initialized", *["answered"] * answered, "failed", "terminated"]
    failed = statements[-2]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] * 100 < learner.data["mastery"]
    assert all(answer["result"] == "incorrect" for answer in _interactions(statements))
    course.assert_clean()


def test_closing_midway_keeps_the_bookmark_and_a_relaunch_of_the_registration_resumes(
    tincan: Callable[[Path], TinCanCourse],
) -> None:
    course = tincan(COURSES / "all-types")
    page, first = course.launch()
    learner = Learner(page.main_frame)
    lessons = _lessons(learner)
    learner.do_lesson(lessons[0], "right")
    learner.go(lessons[1])
    course.close(page)  # pagehide only
    assert [verb(s) for s in course.statements(first)] == ["initialized", "terminated"]
    assert course.saved_state(first)["location"] == lessons[1]

    page, second = course.launch(registration=first.registration)
    assert Learner(page.main_frame).visible_page() == lessons[1]
    assert page.locator(f'[data-toc] [data-nav-to="{lessons[0]}"][data-done]').count() == 1
    course.close(page)
    assert [verb(s) for s in course.statements(second)] == ["initialized", "terminated"] * 2
    course.assert_clean()


def test_an_older_lms_without_registration_and_with_a_0_95_actor_still_tracks_and_resumes(
    tincan: Callable[[Path], TinCanCourse],
) -> None:
    """The actor arrives as {"name": [...], "mbox": [...]}; without a registration the bookmark is the
    learner's for the activity, and statements carry no registration (the LRS checks both)."""
    course = tincan(COURSES / "all-types")
    page, first = course.launch(registration=None, legacy_actor=True, pass_activity_id=True)
    assert page.evaluate("document.documentElement.dataset.mode") == "lms"
    learner = Learner(page.main_frame)
    lessons = _lessons(learner)
    learner.do_lesson(lessons[0], "right")
    learner.go(lessons[1])
    course.close(page)
    statements = course.statements()
    assert [verb(s) for s in statements] == ["initialized", "terminated"]
    assert all(s["actor"] == first.actor for s in statements)
    assert all("registration" not in s.get("context", {}) for s in statements)
    assert course.saved_state(first)["location"] == lessons[1]

    page, _ = course.launch(registration=None, legacy_actor=True)
    assert Learner(page.main_frame).visible_page() == lessons[1]
    course.close(page)
    course.assert_clean()


def test_an_lrs_down_for_a_while_loses_nothing(tincan: Callable[[Path], TinCanCourse]) -> None:
    course = tincan(COURSES / "all-types")
    page, launched = course.launch()
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right")
    settled(page)
    course.lrs.fail_for(3)
    learner.take_quiz("right")
    page.wait_for_function("() => Coursec.delivery.state === 'retrying'")
    settled(page)
    course.close(page)
    questions = learner.attempt_size()
    verbs = [verb(s) for s in course.statements(launched)]
    assert verbs == ["initialized", *["answered"] * questions, "completed", "passed", "terminated"]
    assert course.lrs.failures_served > 0
    # The injected failures, and the browser's console lines about them.
    course.lrs.requests[:] = [r for r in course.lrs.requests if r[2] != 503]
    course.errors[:] = [e for e in course.errors if "status of 503" not in e]
    course.assert_clean()


def test_a_page_opened_without_the_tincan_launch_runs_without_tracking(
    tincan: Callable[[Path], TinCanCourse],
) -> None:
    course = tincan(COURSES / "all-types")
    page = course.browser.new_page()
    page.goto(course.url + "?endpoint=" + course.lrs.endpoint)  # no auth, no actor: not a launch
    page.wait_for_function("document.documentElement.hasAttribute('data-mode')")
    assert page.evaluate("document.documentElement.dataset.mode") == "standalone"
    assert page.locator("[data-standalone-notice]").is_visible()
    page.close()
    assert course.lrs.statements == []


def test_the_english_edition_of_the_bundled_course_reports_its_answers_in_english(
    tincan: Callable[..., TinCanCourse],
) -> None:
    # The shorter scenario for the translated edition (the full one runs in scorm12 and scorm2004).
    course = tincan(BUNDLED, "en")
    page, launched = course.launch()
    assert page.evaluate("document.documentElement.lang") == "en"
    learner = Learner(page.main_frame)
    assert "Why WhatsApp matters" in page.locator('[data-toc] [data-nav-to="waarom-whatsapp"]').inner_text()
    learner.take_quiz("right")
    learner.go("end")
    page.locator('[data-action="exit"]').first.click()
    assert course.lrs.wait_for_verb("terminated")
    settled(page)

    statements = course.statements(launched)
    questions = learner.attempt_size()  # the quiz draws from banks: the attempt, not the pool
    assert [verb(s) for s in statements] == ["initialized", *["answered"] * questions, "terminated"]
    answers = _interactions(statements)
    assert len(answers) == questions == 15
    assert all(answer["result"] == "correct" for answer in answers)
    # The quiz draws from banks: whichever questions were asked, each in English only.
    descriptions = [statement["object"]["definition"]["description"] for statement in statements[1:-1]]
    assert all(set(description) == {"en"} for description in descriptions)
    assert {description["en"] for description in descriptions} <= english_prompts()
    course.assert_clean()
