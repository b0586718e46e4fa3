"""What the cmi5 and TinCan browser tests share: a package on its own content server, opened in one
learner's browser profile, launched against the test LRS (tests/lrs), with its page errors collected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from lrs.server import ContentServer, LRSServer
from lxml import etree
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from .conftest import Package

Compile = Callable[..., Package]


def package_files(package: Package) -> dict[str, bytes]:
    """The unzipped package's files by archive path."""
    return {
        path.relative_to(package.root).as_posix(): path.read_bytes()
        for path in sorted(package.root.rglob("*"))
        if path.is_file()
    }


def settled(page: Page, timeout: float = 30_000) -> None:
    """Wait until the tracker says the LRS holds everything (C.delivery)."""
    page.wait_for_function("() => window.Coursec && Coursec.delivery.state === 'saved'", timeout=timeout)


class ServedPackage:
    """One package on its content server, and the LRS it is launched against."""

    def __init__(self, browser: Browser, lrs: LRSServer, package: Package, files: dict[str, bytes], url: str) -> None:
        self.browser = browser
        self.lrs = lrs
        self.package = package
        self.files = files
        self.url = url
        self.errors: list[str] = []
        """Page errors and console errors of every page opened, but the expected 404s."""
        self.context: BrowserContext | None = None

    def open(self, url: str) -> Page:
        """Open a launch URL in this learner's browser (one profile per test: a relaunch sees the same localStorage)."""
        if self.context is None:
            self.context = self.browser.new_context()
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(url)
        page.wait_for_function("document.documentElement.hasAttribute('data-mode')")
        return page

    def _console(self, message: ConsoleMessage) -> None:
        # A 404 from the State API or agent profile is the LRS saying "no document yet" (first launch).
        # The browser's own favicon request is not the package's.
        url = message.location.get("url", "")
        expected = message.text.endswith("(Not Found)") and ("/xapi/" in url or url.endswith("/favicon.ico"))
        if message.type == "error" and not expected:
            self.errors.append(f"{message.text} {url}")


Served = TypeVar("Served", bound=ServedPackage)


@contextmanager
def served_packages(
    compiled: Compile, target: str, make: Callable[[LRSServer, Package, dict[str, bytes], str], Served]
) -> Iterator[Callable[..., Served]]:
    """A test LRS, and a function that compiles a course (optionally an edition in another language) for
    `target` and serves it (all closed afterwards)."""
    with LRSServer() as lrs:
        servers: list[ContentServer] = []
        courses: list[Served] = []

        def open_course(course_dir: Path, language: str | None = None) -> Served:
            package = compiled(course_dir, target, language)
            files = package_files(package)
            server = ContentServer(files).__enter__()
            servers.append(server)
            courses.append(make(lrs, package, files, server.url("index.html")))
            return courses[-1]

        try:
            yield open_course
        finally:
            for course in courses:
                if course.context is not None:
                    course.context.close()
            for server in servers:
                server.__exit__(None, None, None)


def english_prompts() -> set[str]:
    """The bundled course's bank question prompts as its English edition (translations/en.xlf) writes them."""
    xliff = "{urn:oasis:names:tc:xliff:document:1.2}"
    path = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg" / "translations" / "en.xlf"
    prompts = set()
    for unit in etree.parse(str(path)).iterfind(f".//{xliff}trans-unit"):
        target = unit.find(f"{xliff}target")
        if unit.get("id", "").startswith("banks/") and "/prompt/" in unit.get("id", "") and target is not None:
            prompts.add("".join(str(text) for text in target.itertext()))
    return prompts
