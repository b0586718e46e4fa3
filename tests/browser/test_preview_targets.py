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


Start = Callable[[str], Cli]


@pytest.fixture
def start(browser: Browser, tmp_path: Path) -> Iterator[Start]:
    started: list[tuple[subprocess.Popen[str], BrowserContext, threading.Thread]] = []

    def run(target: str) -> Cli:
        course = Path(shutil.copytree(NO_QUIZ, tmp_path / f"no-quiz-{target}"))
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
    assert frame.evaluate("document.documentElement.dataset.mode") == "standalone"
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
