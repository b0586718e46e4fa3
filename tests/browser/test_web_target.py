"""The web target outside any LMS: labelled as not reporting, and working from the file system."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser

from .conftest import COURSES, LmsSession, Package
from .learner import Learner

pytestmark = pytest.mark.browser

Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]


def test_the_learner_is_told_nothing_is_reported_to_an_lms(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSES / "no-quiz", "web"))
    frame = session.frame
    assert frame.evaluate("document.documentElement.dataset.mode") == "standalone"
    notice = frame.locator("[data-standalone-notice]")
    assert notice.is_visible()
    assert "niet doorgegeven" in (notice.text_content() or "")  # the course is Dutch
    session.assert_clean()


def test_the_site_runs_from_the_file_system_and_keeps_progress(compiled: Compile, browser: Browser) -> None:
    package = compiled(COURSES / "no-quiz", "web")
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        url = (package.root / "index.html").as_uri()
        page.goto(url)
        page.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
        Learner(page.main_frame).do_lesson("eerste", "right")
        Learner(page.main_frame).go("tweede")
        page.reload()
        page.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
        again = Learner(page.main_frame)
        assert again.visible_page() == "tweede"
        assert page.locator('[data-toc] [data-nav-to="eerste"][data-done]').count() == 1
        assert errors == []
    finally:
        context.close()


def test_a_scorm_package_without_an_lms_falls_back_to_the_same_standalone_mode(
    compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSES / "no-quiz", "scorm2004"), framed=False)
    session.page.goto(session.page.url.replace("host.html", "pkg/index.html"))
    session.page.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
    assert session.page.locator("[data-standalone-notice]").is_visible()
    assert session.console_errors == []
