"""Browser lane: an LMS simulation around compiled packages, driven with Playwright.

The LMS host page that `coursec preview` uses (compiler/preview/host.py, without its panel), on the
fake origin https://lms.test/, provides the package target's API through scorm-again (in memory, no
commit URL): `API` (Scorm12API, scorm_again_adapter.js) for scorm12, `API_1484_11` (Scorm2004API,
scorm_again_2004_adapter.js) for scorm2004, and no LMS API at all for the web target. It logs every
API call, error and commit, and shows the package's index.html in an iframe. Every request is
served by Playwright routing: the package from its unzipped build, the host page, its scripts and
scorm-again from here; any other request is blocked and recorded.
"""

from __future__ import annotations

import json
import mimetypes
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, Playwright, Route, sync_playwright

from compiler.api import compile_course
from compiler.model.course import Course
from compiler.preview.host import ASSETS, HostPage, asset, host_page
from compiler.render.suspend_budget import worst_case_suspend_data

ROOT = Path(__file__).resolve().parents[2]
COURSES = Path(__file__).resolve().parent / "courses"
NODE_MODULES = ROOT / "node_modules"
SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist" / "scorm12.js"
SCORM_AGAIN_2004 = NODE_MODULES / "scorm-again" / "dist" / "scorm2004.js"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
SCORM_AGAIN_ADAPTER = Path(__file__).resolve().parent / "scorm_again_adapter.js"
SCORM_AGAIN_2004_ADAPTER = Path(__file__).resolve().parent / "scorm_again_2004_adapter.js"
FAILING_LMS = Path(__file__).resolve().parent / "failing_lms.js"
TARGETS = ("scorm12", "scorm2004", "web")
"""Every target the learner scenarios run against."""
# Per target: the host page's adapter (CoursecLms.adapters) and the scripts it needs before lms-host.js.
_LMS = {
    "scorm12": ("scorm-again", ["/scorm-again/scorm12.js", "/lms/scorm-again-adapter.js"]),
    "scorm2004": ("scorm-again-2004", ["/scorm-again/scorm2004.js", "/lms/scorm-again-2004-adapter.js"]),
    "web": ("no-lms", ["/lms/scorm-again-2004-adapter.js"]),
}
_TEST_FILES = {
    "/scorm-again/scorm12.js": SCORM_AGAIN,
    "/scorm-again/scorm2004.js": SCORM_AGAIN_2004,
    "/lms/scorm-again-adapter.js": SCORM_AGAIN_ADAPTER,
    "/lms/scorm-again-2004-adapter.js": SCORM_AGAIN_2004_ADAPTER,
    "/lms/failing-lms.js": FAILING_LMS,
}
CHROMIUM = Path("/usr/bin/chromium")
LMS = "https://lms.test"
PACKAGE_PREFIX = f"{LMS}/pkg/"

# S12-T1 CMITimespan and S12-T2 CMITime, checked strictly here (scorm-again is lenient).
SESSION_TIME = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
CMI_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$")

# Records which events the package listens to (the runtime must use pagehide, not unload).
_LISTENER_PROBE = """
(() => {
  const types = (window.__listenerTypes = []);
  const original = window.addEventListener;
  window.addEventListener = function (type, ...rest) {
    types.push(type);
    return original.call(this, type, ...rest);
  };
})();
"""


@dataclass(frozen=True)
class Package:
    """A compiled course, unzipped."""

    course_dir: Path
    root: Path
    data: dict[str, Any]
    """The runtime data (#coursec-data) of the package."""
    worst_case: str
    """worst_case_suspend_data() of the course."""
    target: str = "scorm12"
    state_limit: int = 4096
    """Characters of suspend_data the target's LMS keeps."""
    course: Course | None = None
    """The compiled course (for the worst case of one draw: suspend_budget.worst_case's `asked`)."""


@dataclass
class LmsSession:
    """One launch of a package in the simulated LMS."""

    page: Page
    package: Package
    context: BrowserContext
    blocked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def frame(self) -> Frame:
        frame = self.page.frame(url=PACKAGE_PREFIX + "index.html")
        assert frame is not None, "the package frame is gone"
        return frame

    def log(self) -> dict[str, list[object]]:
        """Every API call, scorm-again error, commit and finish snapshot so far."""
        result: dict[str, list[object]] = self.page.evaluate("window.lmsLog")
        return result

    def cmi(self) -> dict[str, object]:
        """The LMS's current CMI data (what a real LMS would have stored)."""
        result: dict[str, object] = self.page.evaluate("window.lmsCmi()")
        return result

    def calls(self, name: str) -> list[dict[str, object]]:
        return [call for call in self.log()["calls"] if isinstance(call, dict) and call["name"] == name]

    def set_values(self) -> dict[str, str]:
        """The last value the course set for each element."""
        values: dict[str, str] = {}
        for call in self.calls("LMSSetValue"):
            args = call["args"]
            assert isinstance(args, list)
            values[str(args[0])] = str(args[1])
        return values

    def close_course(self) -> None:
        """Navigate the course frame away: the runtime sees pagehide only (no exit button)."""
        self.page.evaluate("document.getElementById('sco').src = 'https://lms.test/closed.html'")
        if self.package.target == "web":
            self.page.wait_for_function("document.getElementById('sco').contentDocument.title === 'closed'")
        else:
            self.page.wait_for_function("window.lmsLog.finishes.length > 0", timeout=5000)

    def stored(self) -> dict[str, str]:
        """What the web target keeps in localStorage (the package shares the host's origin)."""
        text = self.page.evaluate("key => window.localStorage.getItem(key)", self.package.data["storage"])
        result: dict[str, str] = json.loads(text) if text else {}
        return result

    def assert_clean(self) -> None:
        """No scorm-again error, no failed call, no console error, nothing left the package."""
        log = self.log()
        assert log["errors"] == []
        failed = [call for call in log["calls"] if isinstance(call, dict) and call["error"] != "0"]
        assert failed == []
        assert self.console_errors == []
        assert self.blocked == []
        assert self.missing == []


def _content_type(path: Path) -> str:
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return (
        f"{guessed}; charset=utf-8"
        if guessed.startswith("text/") or guessed.endswith(("javascript", "json", "xml"))
        else guessed
    )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the whole session (the system binary)."""
    missing = [str(p) for p in (CHROMIUM, SCORM_AGAIN, SCORM_AGAIN_2004, AXE) if not p.exists()]
    if missing:
        pytest.fail(f"browser lane needs {', '.join(missing)}: install chromium and run `npm ci`")
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Package]:
    """Compile a course folder for a target (default scorm12) and unzip the package (cached).

    language: the edition from translations/<language>.xlf (None: the course as written).
    """
    cache: dict[tuple[Path, str, str | None], Package] = {}

    def build(course_dir: Path, target: str = "scorm12", language: str | None = None) -> Package:
        if (course_dir, target, language) in cache:
            return cache[course_dir, target, language]
        out = tmp_path_factory.mktemp(f"{course_dir.name}-{target}-{language or 'source'}")
        result = compile_course(
            course_dir, out / "build", targets=[target], theme_dirs=(ROOT / "themes",), language=language
        )
        errors = [str(d) for d in result.diagnostics if d.severity == "error"]
        assert result.ok, errors
        assert result.package_path is not None
        root = out / "package"
        with zipfile.ZipFile(result.package_path) as archive:
            archive.extractall(root)
        html = (root / "index.html").read_text(encoding="utf-8")
        match = re.search(r'<script type="application/json" id="coursec-data">(.*?)</script>', html, re.S)
        assert match, "index.html has no #coursec-data"
        assert result.course is not None
        package = Package(
            course_dir,
            root,
            json.loads(match.group(1)),
            worst_case_suspend_data(result.course),
            target,
            result.outputs[0].state_limit,
            result.course,
        )
        cache[course_dir, target, language] = package
        return package

    return build


@pytest.fixture
def launch(browser: Browser) -> Iterator[Callable[..., LmsSession]]:
    """Open a package in the simulated LMS, optionally with CMI data from an earlier session.

    With framed=False the host page has the API but no course frame (a test opens one); with clock=True
    timers run on Playwright's clock, so a test can skip ahead instead of waiting. With after=an
    earlier session the launch reuses its browser (and so its localStorage), as a learner who comes
    back to a web-target course does. With failing=True the LMS can be made to fail for a while
    (failing_lms.js: `window.lmsOutage(...)`); failing=an outage (or a list) starts it at launch.
    """
    contexts = []

    def open_package(
        package: Package,
        seed: dict[str, object] | None = None,
        framed: bool = True,
        clock: bool = False,
        after: LmsSession | None = None,
        failing: bool | dict[str, object] | list[dict[str, object]] = False,
    ) -> LmsSession:
        if after is not None:
            context = after.context
            after.page.close()
            context.unroute("**/*")  # the earlier launch is over; this one serves its own host page
        else:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            contexts.append(context)
            context.add_init_script(_LISTENER_PROBE)
        page = context.new_page()
        if clock:  # Playwright's fake clock: tests fast-forward the runtime's commit timer (clock.run_for)
            page.clock.install()
        session = LmsSession(page, package, context)
        lms, scripts = _LMS[package.target]
        settings: dict[str, object] = {"seed": seed}
        if failing:
            scripts = [*scripts, "/lms/failing-lms.js"]
            if isinstance(failing, dict | list):
                settings["failure"] = failing
        host = host_page(
            HostPage(
                lms=lms,
                scripts=[*scripts, "/lms/lms-host.js"],
                frame_src="/pkg/index.html" if framed else None,
                title="Test LMS",
                panel=False,
                frame_style="width: 1200px; height: 800px; border: 0",
                settings=settings,
            )
        )

        def route(route: Route) -> None:
            url = route.request.url.split("#")[0].split("?")[0]
            if url == f"{LMS}/host.html":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=host)
            elif url.removeprefix(LMS) in _TEST_FILES:
                body = _TEST_FILES[url.removeprefix(LMS)].read_bytes()
                route.fulfill(status=200, content_type="text/javascript", body=body)
            elif url.startswith(f"{LMS}/lms/") and url.removeprefix(f"{LMS}/lms/") in ASSETS:
                route.fulfill(status=200, content_type="text/javascript", body=asset(url.removeprefix(f"{LMS}/lms/")))
            elif url == f"{LMS}/closed.html":
                route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>closed</title>")
            elif url.startswith(PACKAGE_PREFIX):
                relative = url[len(PACKAGE_PREFIX) :]
                path = (package.root / relative).resolve()
                if package.root.resolve() in path.parents and path.is_file():
                    route.fulfill(status=200, content_type=_content_type(path), body=path.read_bytes())
                else:
                    session.missing.append(url)
                    route.fulfill(status=404, body="")
            else:
                session.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda message: session.console_errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda exc: session.console_errors.append(str(exc)))
        page.goto(f"{LMS}/host.html")
        if framed:
            session.frame.wait_for_function("document.documentElement.classList.contains('js')")
        return session

    yield open_package
    for context in contexts:
        context.close()


def run_axe(frame: Frame) -> list[str]:
    """Run axe-core on the frame's document; return its violations as readable lines."""
    if not frame.evaluate("typeof window.axe === 'object'"):
        frame.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = frame.evaluate(
        "async () => { await Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".map(a => a.finished.catch(() => null)));"
        " return (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }"
    )
    return [str(v) for v in violations]


@pytest.fixture(scope="session")
def theme_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated course with every block type and the palest brand colour the compiler allows."""
    from .a11y_helpers import write_theme_course

    return write_theme_course(tmp_path_factory.getbasetemp() / "theme-course" / "theme-blocks")
