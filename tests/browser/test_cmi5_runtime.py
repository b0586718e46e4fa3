"""The cmi5 package launched by the test LMS (tests/lrs) as a cmi5 LMS would, against its checking LRS.

The package is served from its own loopback origin (ContentServer) and talks to the LRS on another
one, with CORS, as an AU launched by a real LMS does. Every statement is checked by the LRS against
xAPI and the cmi5 rules; a test fails on any breach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lrs.server import ContentServer, Launch, LRSServer
from playwright.sync_api import Browser, ConsoleMessage, Page

from compiler.targets.cmi5.structure import check_course_structure

from .conftest import COURSES, Package
from .learner import Learner
from .targets import Cmi5View

pytestmark = pytest.mark.browser

BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"
RETURN_URL = "about:blank#returned"
Compile = Callable[..., Package]
VIEW = Cmi5View()


def _files(package: Package) -> dict[str, bytes]:
    return {
        path.relative_to(package.root).as_posix(): path.read_bytes()
        for path in sorted(package.root.rglob("*"))
        if path.is_file()
    }


def _au_id(files: dict[str, bytes]) -> str:
    text = files["cmi5.xml"].decode()
    return text.split('<au id="', 1)[1].split('"', 1)[0]


class Au:
    """One cmi5 package on its content server, and the LRS it is launched against."""

    def __init__(self, browser: Browser, lrs: LRSServer, package: Package, files: dict[str, bytes], url: str) -> None:
        self.browser = browser
        self.lrs = lrs
        self.package = package
        self.files = files
        self.url = url
        self.errors: list[str] = []

    def launch(self, **options: Any) -> tuple[Page, Launch]:
        data = self.package.data
        options.setdefault("move_on", "CompletedAndPassed")
        options.setdefault("mastery_score", data["mastery"] / 100)
        launched = self.lrs.launch(self.url, publisher_id=_au_id(self.files), **options)
        page = self.browser.new_context().new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(launched.url)
        page.wait_for_function("document.documentElement.hasAttribute('data-mode')")
        return page, launched

    def _console(self, message: ConsoleMessage) -> None:
        # A 404 from the State API or agent profile is the LRS saying "no document yet" (first launch).
        # The browser's own favicon request is not the package's.
        url = message.location.get("url", "")
        expected = message.text.endswith("(Not Found)") and ("/xapi/" in url or url.endswith("/favicon.ico"))
        if message.type == "error" and not expected:
            self.errors.append(f"{message.text} {url}")

    def close(self, page: Page) -> None:
        """Navigate away: the runtime sees pagehide only."""
        page.goto("about:blank")
        assert self.lrs.wait_for_verb("terminated")
        page.context.close()


@pytest.fixture
def au(browser: Browser, compiled: Compile) -> Iterator[Callable[[Path], Au]]:
    with LRSServer() as lrs:
        servers: list[ContentServer] = []

        def open_course(course_dir: Path) -> Au:
            package = compiled(course_dir, "cmi5")
            files = _files(package)
            server = ContentServer(files).__enter__()
            servers.append(server)
            return Au(browser, lrs, package, files, server.url("index.html"))

        yield open_course
        for server in servers:
            server.__exit__(None, None, None)


def _lessons(learner: Learner) -> list[str]:
    return [str(lesson["id"]) for lesson in learner.data["lessons"]]


def test_the_bundled_course_structure_is_valid(compiled: Compile) -> None:
    files = _files(compiled(BUNDLED, "cmi5"))
    assert check_course_structure(files["cmi5.xml"], list(files)) == []
    assert "CourseStructure.xsd" in files


def test_a_learner_who_passes_the_bundled_course(au: Callable[[Path], Au]) -> None:
    course = au(BUNDLED)
    page, launched = course.launch(return_url=RETURN_URL)
    assert page.evaluate("document.documentElement.dataset.mode") == "lms"
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right", text="Ik bespreek dit met mijn team.")
    learner.take_quiz("right")
    learner.go("end")
    page.locator('[data-action="exit"]').first.click()
    assert course.lrs.wait_for_verb("terminated")
    # C5-L5: after terminated the AU goes to the LMS's returnURL.
    page.wait_for_url(RETURN_URL)

    statements = VIEW.session(course.lrs, launched)
    questions = len(learner.data["quiz"]["questions"])
    assert VIEW.verbs(statements) == ["initialized", *["answered"] * questions, "completed", "passed", "terminated"]
    passed = statements[-2]
    assert passed["result"]["score"]["scaled"] >= launched.data.mastery_score
    outcome = VIEW.outcome(statements)
    assert (outcome.status, outcome.score) == ("passed", 100)
    answers = VIEW.interactions(statements)
    assert len(answers) == questions == 15
    assert all(answer["result"] == "correct" for answer in answers)
    assert {answer["type"] for answer in answers} >= {"choice", "true-false"}
    assert course.lrs.breaches == []
    assert course.errors == []


def test_a_learner_who_fails_gets_failed_below_the_mastery_score(au: Callable[[Path], Au]) -> None:
    course = au(COURSES / "all-types")
    page, launched = course.launch()
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right")
    for attempt in range(learner.data["quiz"]["attempts"]):
        if attempt:
            page.locator("button[data-quiz-retry]").click()
        learner.take_quiz("wrong")
    course.close(page)

    statements = VIEW.session(course.lrs, launched)
    verbs = VIEW.verbs(statements)
    answered = len(learner.data["quiz"]["questions"]) * learner.data["quiz"]["attempts"]
    assert verbs == ["initialized", *["answered"] * answered, "failed", "terminated"]
    failed = statements[-2]
    assert failed["result"]["score"]["scaled"] < launched.data.mastery_score
    assert all(answer["result"] == "incorrect" for answer in VIEW.interactions(statements))
    assert course.lrs.breaches == []
    assert course.errors == []


def test_closing_midway_leaves_terminated_and_the_bookmark_and_a_relaunch_resumes(au: Callable[[Path], Au]) -> None:
    course = au(COURSES / "all-types")
    page, first = course.launch()
    learner = Learner(page.main_frame)
    lessons = _lessons(learner)
    learner.do_lesson(lessons[0], "right")
    learner.go(lessons[1])
    course.close(page)  # pagehide only

    assert VIEW.verbs(VIEW.session(course.lrs, first)) == ["initialized", "terminated"]
    saved = VIEW.saved_state(course.lrs, first)
    assert saved["location"] == lessons[1]

    page, second = course.launch(registration=first.data.registration)
    assert Learner(page.main_frame).visible_page() == lessons[1]
    assert page.locator(f'[data-toc] [data-nav-to="{lessons[0]}"][data-done]').count() == 1
    course.close(page)
    assert VIEW.verbs(VIEW.session(course.lrs, second)) == ["initialized", "terminated"]
    assert course.lrs.breaches == []
    assert course.errors == []


def test_a_second_post_to_the_fetch_url_leaves_the_course_usable_without_tracking(au: Callable[[Path], Au]) -> None:
    course = au(COURSES / "all-types")
    page, launched = course.launch()
    page.wait_for_function("document.documentElement.dataset.mode === 'lms'")
    # The same launch URL again (a reload): the fetch URL was used, the LMS answers error-code 1.
    page.reload()
    page.wait_for_function("document.documentElement.hasAttribute('data-mode')")
    assert page.evaluate("document.documentElement.dataset.mode") == "standalone"
    assert page.locator("[data-standalone-notice]").is_visible()
    Learner(page.main_frame).go(_lessons(Learner(page.main_frame))[0])  # still usable
    page.context.close()
    # Only the first page's statements: nothing sent without a token.
    assert VIEW.verbs(VIEW.session(course.lrs, launched)) == ["initialized", "terminated"]
    assert course.lrs.breaches == []


def test_an_lrs_answering_503_for_a_while_loses_no_statement(au: Callable[[Path], Au]) -> None:
    course = au(COURSES / "all-types")
    page, launched = course.launch()
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right")
    course.lrs.fail_for(3.0)
    learner.take_quiz("right")
    # The answers wait in the queue and go once the LRS is back.
    assert course.lrs.wait_for_verb("passed", timeout=20)
    served = course.lrs.failures_served
    assert served > 0
    # The exit button, with the LRS failing again: the page stays, so terminated is sent again.
    course.lrs.fail_next(2)
    page.locator('[data-action="exit"]').first.click()
    assert course.lrs.wait_for_verb("terminated", timeout=20)
    assert course.lrs.failures_served >= served + 1
    page.context.close()
    statements = VIEW.session(course.lrs, launched)
    questions = len(learner.data["quiz"]["questions"])
    assert VIEW.verbs(statements) == ["initialized", *["answered"] * questions, "completed", "passed", "terminated"]
    assert course.lrs.breaches == []


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_launches_send_only_initialized_and_terminated(au: Callable[[Path], Au], mode: str) -> None:
    course = au(COURSES / "all-types")
    page, launched = course.launch(launch_mode=mode)
    learner = Learner(page.main_frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right")
    learner.take_quiz("right")
    course.close(page)
    assert VIEW.verbs(VIEW.session(course.lrs, launched)) == ["initialized", "terminated"]
    assert course.lrs.breaches == []
    assert course.errors == []
