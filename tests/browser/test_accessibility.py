"""axe-core (WCAG 2.0/2.1 A and AA) and heading order on every page of compiled courses, phone and desktop.

Lesson pages are checked with their knowledge-check feedback shown, and the quiz page with its
result and per-question feedback shown after a failed attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .a11y_helpers import (
    BUNDLED_COURSE,
    DESKTOP,
    PHONE,
    axe_violations,
    fit,
    heading_jumps,
    open_standalone,
    page_keys,
    show,
)
from .conftest import COURSES, LmsSession, Package
from .learner import Learner

pytestmark = pytest.mark.browser


def _course_dir(name: str, theme_course: Path) -> Path:
    return {"theme-blocks": theme_course, "all-types": COURSES / "all-types", "bundled": BUNDLED_COURSE}[name]


def _walk_and_check(session: LmsSession, size: tuple[int, int]) -> dict[str, list[str]]:
    """Visit every page, show feedback where there are questions, and collect axe violations per page."""
    frame = fit(session, size)
    learner = Learner(frame)
    found: dict[str, list[str]] = {}
    for key in page_keys(frame):
        show(frame, key)
        if key == "quiz":
            learner.take_quiz("wrong")
        elif key not in ("start", "end"):
            lesson = next(item for item in learner.data["lessons"] if item["id"] == key)
            page = frame.locator(f'section[data-lesson-id="{key}"]')
            for index, question_id in enumerate(lesson["checks"]):
                learner.answer(page, question_id, "wrong" if index % 2 else "right")
                page.locator(f'[data-question="{question_id}"] [data-check]').click()
        violations = axe_violations(frame, whole_document=key == "start") + heading_jumps(frame)
        if violations:
            found[key] = violations
    return found


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("course", ["theme-blocks", "all-types", "bundled"])
def test_every_page_passes_axe(
    course: str,
    size: tuple[int, int],
    theme_course: Path,
    compiled: Callable[[Path], Package],
    launch: Callable[..., LmsSession],
) -> None:
    session = launch(compiled(_course_dir(course, theme_course)))
    assert _walk_and_check(session, size) == {}


def test_standalone_mode_with_its_notice_passes_axe(
    theme_course: Path, compiled: Callable[[Path], Package], browser: Browser
) -> None:
    """Opened without an LMS, the course says so in a notice; that page passes too."""
    context, page = open_standalone(browser, compiled(theme_course), PHONE)
    try:
        assert page.locator("[data-standalone-notice]").is_visible()
        assert axe_violations(page.main_frame) == []
    finally:
        context.close()
