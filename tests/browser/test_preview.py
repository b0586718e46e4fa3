"""`coursec preview` in the browser: the emulation page, live reload, the error overlay, restart and resume,
and the strict SCORM 1.2 API refusing what the standard forbids."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, Request

from compiler.preview.server import PreviewServer

from .conftest import COURSES, NODE_MODULES, ROOT, run_axe
from .learner import Learner

pytestmark = pytest.mark.browser

NO_QUIZ = COURSES / "no-quiz"


@dataclass
class Preview:
    """A preview server on a copy of a course, and a page open on it."""

    server: PreviewServer
    course: Path
    page: Page
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def frame(self) -> Frame:
        frame = self.page.frame(url=self.server.url + "course/index.html")
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

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.course / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(browser: Browser, tmp_path: Path) -> Iterator[Preview]:
    course = tmp_path / "no-quiz"
    shutil.copytree(NO_QUIZ, course)
    server = PreviewServer(course, (ROOT / "themes",), port=0, poll_interval=0.1)
    server.start()
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    preview = Preview(server, course, page)

    def record(request: Request) -> None:
        preview.requests.append(request.url)

    page.on("request", record)
    page.on("pageerror", lambda exc: preview.page_errors.append(str(exc)))
    page.goto(server.url)
    try:
        yield preview
    finally:
        context.close()
        server.stop()


def test_the_course_plays_in_the_emulation_page_with_the_debug_panel(preview: Preview) -> None:
    frame = preview.wait_for_course()
    assert frame.locator("h1").first.inner_text() == "Cursus zonder toets"
    page = preview.page
    page.wait_for_function("document.querySelector('[data-cmi=lesson_status]').textContent === 'incomplete'")
    assert preview.panel("entry") == "ab-initio"
    assert "LMSInitialize" in page.locator("#lms-calls").inner_text()
    Learner(frame).go("tweede")
    page.wait_for_function("document.querySelector('[data-cmi=lesson_location]').textContent === 'tweede'")
    assert preview.panel("suspend_length").endswith("of 4,096 characters")
    assert page.locator("#lms-problem-count").inner_text() == "0"
    assert page.title() == "Cursus zonder toets \u00b7 coursec preview"
    assert run_axe(page.main_frame) == []
    assert [url for url in preview.requests if not url.startswith(preview.server.url)] == []
    assert preview.page_errors == []


def test_saving_a_lesson_title_shows_it_without_a_manual_reload(preview: Preview) -> None:
    preview.wait_for_course()
    preview.page.evaluate("window.__samePage = true")
    preview.edit("lessons/01-eerste.md", "title: De eerste les", "title: Een nieuwe titel")
    preview.page.frame_locator("#sco").locator(
        '[data-toc] [data-nav-to="eerste"]', has_text="Een nieuwe titel"
    ).wait_for()
    assert preview.page.evaluate("window.__samePage") is True  # the course reloaded, not the page


def test_a_yaml_error_replaces_the_course_and_the_fix_brings_it_back(preview: Preview) -> None:
    preview.wait_for_course()
    preview.edit("course.yaml", "title: Cursus zonder toets", "title: [Cursus zonder toets")
    overlay = preview.page.locator("#lms-overlay")
    overlay.wait_for(state="visible")
    assert preview.page.locator("#sco").is_hidden()
    text = preview.page.locator("#lms-overlay-text").inner_text()
    path = preview.course / "course.yaml"
    found = re.search(rf"^{re.escape(path.as_posix())}:(\d+):(\d+): error\[E102\]: ", text, re.M)
    assert found, text
    line = int(found.group(1))
    source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert f"{line:>4} | {source_line}" in text  # the source line under the location, as the CLI prints it
    assert "1 error" in preview.page.locator("#lms-overlay-summary").inner_text()

    preview.edit("course.yaml", "title: [Cursus zonder toets", "title: Cursus zonder toets")
    overlay.wait_for(state="hidden")
    frame = preview.wait_for_course()
    assert frame.locator("h1").first.inner_text() == "Cursus zonder toets"


def test_compiler_warnings_show_in_the_panel(preview: Preview) -> None:
    preview.wait_for_course()
    warnings = preview.page.locator("#lms-warnings-text")
    assert "/lessons/01-eerste.md:11:5: warning[W302]: " in warnings.inner_text()  # the course has one
    (preview.course / "media").mkdir(exist_ok=True)
    (preview.course / "media" / "ongebruikt.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n', encoding="utf-8"
    )
    preview.page.locator("#lms-build", has_text="Build 2: 0 errors, 2 warnings").wait_for()
    assert f"{preview.course.as_posix()}/media/ongebruikt.svg: warning[W301]" in warnings.inner_text()
    preview.wait_for_course()  # warnings do not stop the course


def test_a_course_that_starts_broken_appears_once_fixed(browser: Browser, tmp_path: Path) -> None:
    course = Path(shutil.copytree(NO_QUIZ, tmp_path / "no-quiz"))
    lesson = course / "lessons" / "02-tweede.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("---\n", "", 1), encoding="utf-8")  # no front matter
    server = PreviewServer(course, (ROOT / "themes",), port=0, poll_interval=0.1)
    server.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        page.locator("#lms-overlay").wait_for(state="visible")
        assert f"{course.as_posix()}/lessons/02-tweede.md:" in page.locator("#lms-overlay-text").inner_text()
        assert page.locator("#lms-build").inner_text().startswith("Build 1: 1 error")
        assert page.evaluate("window.lmsLog.calls.length") == 0  # the course never ran
        lesson.write_text(text, encoding="utf-8")
        page.locator("#lms-overlay").wait_for(state="hidden")
        preview = Preview(server, course, page)
        preview.wait_for_course()
        page.wait_for_function("document.querySelector('[data-cmi=entry]').textContent === 'ab-initio'")
        assert page.locator("#lms-build").inner_text().startswith("Build 2: ")
    finally:
        context.close()
        server.stop()


def test_relaunch_resumes_and_restart_starts_a_new_learner(preview: Preview) -> None:
    page = preview.page
    learner = Learner(preview.wait_for_course())
    learner.go("tweede")
    page.wait_for_function("window.lmsLog.commits.some(c => c.core.lesson_location === 'tweede')")

    page.get_by_role("button", name="Relaunch as returning learner").click()
    page.wait_for_function("document.querySelector('[data-cmi=entry]').textContent === 'resume'")
    assert Learner(preview.wait_for_course()).visible_page() == "tweede"
    assert preview.panel("lesson_location") == "tweede"
    assert preview.panel("total_time") != "0000:00:00.00"  # the first session's time was added up
    finished = page.evaluate("window.lmsLog.finishes.map(f => f.core.exit)")
    assert finished == ["suspend"]  # the first session ended (pagehide) before the relaunch

    page.get_by_role("button", name="Restart as new learner").click()
    page.wait_for_function("document.querySelector('[data-cmi=entry]').textContent === 'ab-initio'")
    assert Learner(preview.wait_for_course()).visible_page() == "start"
    page.wait_for_function("document.querySelector('[data-cmi=lesson_status]').textContent === 'incomplete'")
    assert preview.panel("lesson_location") in ("(empty)", "start")


def test_phone_and_desktop_widths(preview: Preview) -> None:
    frame = preview.wait_for_course()
    preview.page.get_by_role("button", name="Phone").click()
    frame.wait_for_function("window.innerWidth === 390")
    assert preview.page.get_by_role("button", name="Phone").get_attribute("aria-pressed") == "true"
    preview.page.get_by_role("button", name="Desktop").click()
    frame.wait_for_function("window.innerWidth === 1280")


def test_the_runtime_plays_a_whole_course_without_a_problem_in_the_strict_lms(browser: Browser, tmp_path: Path) -> None:
    course = Path(shutil.copytree(COURSES / "all-types", tmp_path / "all-types"))
    server = PreviewServer(course, (ROOT / "themes",), port=0)
    server.start()
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        page.goto(server.url)
        preview = Preview(server, course, page)
        learner = Learner(preview.wait_for_course())
        for lesson in ("choices", "ordering"):
            learner.do_lesson(lesson, "wrong")
            preview.frame.locator(f'[data-toc] [data-nav-to="{lesson}"][data-done]').wait_for(state="attached")
        learner.take_quiz("right")
        learner.go("end")
        preview.frame.locator('[data-action="exit"]').first.click()
        page.wait_for_function("window.lmsLog.finishes.length === 1")
        page.wait_for_function("document.querySelector('[data-cmi=lesson_status]').textContent === 'passed'")
        assert page.locator("#lms-interactions tbody tr").count() == 6
        assert page.evaluate("window.lmsLog.errors") == []
        assert page.evaluate("window.lmsLog.calls.filter(c => c.error !== '0').length") == 0
    finally:
        context.close()
        server.stop()


# (call, element, value, result, error) as SCORM 1.2 RTE 3.3/3.4 says; the course is running.
STRICT_CASES = [
    ("set", "cmi.core.lesson_status", "done", "false", "405"),
    ("set", "cmi.core.lesson_status", "not attempted", "false", "405"),
    ("set", "cmi.core.lesson_status", "completed", "true", "0"),
    ("set", "cmi.core.exit", "normal", "false", "405"),  # a SCORM 2004 value
    ("set", "cmi.core.student_id", "someone", "false", "403"),
    ("get", "cmi.core.exit", "", "", "404"),
    ("get", "cmi.core.session_time", "", "", "404"),
    ("set", "cmi.core.score.raw", "101", "false", "405"),
    ("set", "cmi.core.score.raw", "8e1", "false", "405"),
    ("set", "cmi.core.score.raw", "72.5", "true", "0"),
    ("set", "cmi.core.session_time", "PT5M3S", "false", "405"),
    ("set", "cmi.core.session_time", "00:61:00", "false", "405"),
    ("set", "cmi.core.session_time", "0000:05:03.25", "true", "0"),
    ("set", "cmi.core.lesson_location", "x" * 256, "false", "405"),
    ("set", "cmi.suspend_data", "x" * 4097, "false", "405"),
    ("set", "cmi.interactions._count", "1", "false", "402"),
    ("set", "cmi.interactions.99.id", "q", "false", "201"),
    ("get", "cmi.core.score._count", "", "", "203"),
    ("get", "cmi.core.lesson_status._children", "", "", "202"),
    ("get", "cmi.core.score._children", "", "raw,min,max", "0"),
    ("get", "cmi.nonsense", "", "", "201"),
    ("set", "cmi.student_preference.text", "2", "false", "405"),
]


def test_the_strict_api_refuses_what_scorm_12_forbids_and_the_panel_flags_it(preview: Preview) -> None:
    preview.wait_for_course()
    page = preview.page
    got = page.evaluate(
        """cases => cases.map(([call, element, value]) => {
            const result = call === "set" ? API.LMSSetValue(element, value) : API.LMSGetValue(element);
            return [call, element, value, result, API.LMSGetLastError()];
        })""",
        [list(case[:3]) for case in STRICT_CASES],
    )
    assert [tuple(row) for row in got] == STRICT_CASES

    count = int(page.evaluate("API.LMSGetValue('cmi.interactions._count')"))
    assert page.evaluate(f"API.LMSSetValue('cmi.interactions.{count}.id', 'q-1')") == "true"
    assert page.evaluate(f"API.LMSSetValue('cmi.interactions.{count}.result', 'incorrect')") == "false"
    assert page.evaluate("API.LMSGetDiagnostic('')").find("'incorrect' is SCORM 2004") >= 0
    assert page.evaluate(f"API.LMSGetValue('cmi.interactions.{count}.id')") == ""
    assert page.evaluate("API.LMSGetLastError()") == "404"
    assert page.evaluate("API.LMSGetErrorString('405')") == "Incorrect data type"

    problems = page.locator("#lms-problems").inner_text()
    assert "cmi.core.lesson_status: 'done' is not one of" in problems
    assert "[405 Incorrect data type]" in problems
    failed = page.locator("#lms-calls .is-error", has_text='"done"')
    assert "error 405" in (failed.text_content() or "")

    assert page.evaluate(f"API.LMSSetValue('cmi.interactions.{count + 1}.result', 'correct')") == "true"
    assert page.evaluate("API.LMSCommit('')") == "true"
    warnings = page.evaluate("window.lmsLog.errors.filter(e => e[0] === 'warning').map(e => e[1])")
    assert f"cmi.interactions.{count + 1}.result starts a new record of cmi.interactions before its id" in " ".join(
        warnings
    )
    assert "LMSCommit with cmi.core.score.raw but no score.min and score.max" in " ".join(warnings)

    assert page.evaluate("API.LMSFinish('')") == "true"
    assert page.evaluate("API.LMSGetValue('cmi.core.lesson_status')") == ""
    assert page.evaluate("API.LMSGetLastError()") == "301"


def test_page_scripts_pass_eslint() -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node is not None, "node is needed for eslint"
    scripts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "compiler" / "preview" / "assets").glob("*.js"))
    scripts += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "compiler" / "targets").glob("*/preview-*.js"))
    assert len(scripts) >= 4  # the page's own and every target's emulation
    result = subprocess.run(
        [
            node,
            str(NODE_MODULES / "eslint" / "bin" / "eslint.js"),
            "--max-warnings",
            "0",
            *scripts,
            "tests/browser/scorm_again_adapter.js",
            "tests/browser/scorm_again_2004_adapter.js",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
