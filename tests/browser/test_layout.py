"""Layout in the LMS iframe: reflow at 320 px and at 200% text, touch targets, focus, motion, print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .a11y_helpers import (
    BUNDLED_COURSE,
    DESKTOP,
    NARROW,
    PHONE,
    fit,
    horizontal_overflow,
    page_keys,
    show,
    visible_page,
)
from .conftest import COURSES, LmsSession, Package
from .learner import Learner

pytestmark = pytest.mark.browser


@pytest.fixture
def session(theme_course: Path, compiled: Callable[[Path], Package], launch: Callable[..., LmsSession]) -> LmsSession:
    return launch(compiled(theme_course))


def _open_contents(session: LmsSession) -> None:
    """Open the contents drawer on a phone (on a desktop the sidebar is always there)."""
    menu = session.frame.locator("[data-menu-button]")
    if menu.is_visible():
        menu.click()


@pytest.mark.parametrize("course", ["theme-blocks", "all-types", "bundled"])
def test_no_horizontal_scrolling_at_320_px(
    course: str, theme_course: Path, compiled: Callable[[Path], Package], launch: Callable[..., LmsSession]
) -> None:
    directory = {"theme-blocks": theme_course, "all-types": COURSES / "all-types", "bundled": BUNDLED_COURSE}[course]
    session = launch(compiled(directory))
    frame = fit(session, NARROW)
    _open_contents(session)
    overflowing = {}
    for key in page_keys(frame):
        show(frame, key)
        if key == "quiz":
            Learner(frame).take_quiz("wrong")
        found = horizontal_overflow(frame)
        if found:
            overflowing[key] = found
    assert overflowing == {}


def test_text_at_200_percent_still_reflows(session: LmsSession) -> None:
    frame = fit(session, PHONE)
    frame.evaluate("document.documentElement.style.fontSize = '200%'")
    _open_contents(session)
    overflowing = {}
    for key in page_keys(frame):
        show(frame, key)
        found = horizontal_overflow(frame)
        if found:
            overflowing[key] = found
    assert overflowing == {}


_TARGETS = """() => {
    const selectors = "button, summary, [data-toc] a, input[type=text], select, textarea, "
        + "input[type=radio] + label, input[type=checkbox] + label";
    const small = [];
    for (const el of document.querySelectorAll(selectors)) {
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height) continue;  // not rendered on this page
        if (box.height < 44 || box.width < 44) {
            small.push(`${el.tagName.toLowerCase()}[${(el.textContent || el.name || "").trim().slice(0, 30)}] `
                + `${Math.round(box.width)}x${Math.round(box.height)}`);
        }
    }
    return small;
}"""


def test_touch_targets_are_at_least_44_px(session: LmsSession) -> None:
    frame = fit(session, PHONE)
    _open_contents(session)
    small = {}
    for key in page_keys(frame):
        show(frame, key)
        found = frame.evaluate(_TARGETS)
        if found:
            small[key] = found
    assert small == {}


def test_keyboard_focus_is_always_visible(session: LmsSession) -> None:
    frame = fit(session, PHONE)
    show(frame, "blokken")
    invisible = []
    seen = 0
    for _ in range(40):
        session.page.keyboard.press("Tab")
        style = frame.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                return {tag: el.tagName, text: (el.textContent || "").trim().slice(0, 30),
                        outline: s.outlineStyle, width: parseFloat(s.outlineWidth)};
            }"""
        )
        if style is None:
            continue
        seen += 1
        if style["outline"] == "none" or style["width"] < 2:
            invisible.append(style)
    assert seen > 20
    assert invisible == []


def test_skip_link_appears_on_focus_and_jumps_to_the_content(session: LmsSession) -> None:
    frame = fit(session, PHONE)
    skip = frame.locator(".skip-link")
    assert skip.bounding_box() is None or skip.bounding_box()["y"] < 0  # type: ignore[index]
    session.page.keyboard.press("Tab")
    assert frame.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["height"] >= 44
    session.page.keyboard.press("Enter")
    assert frame.evaluate("document.activeElement.id") == "main"


def test_contents_sit_beside_the_page_on_a_desktop_and_open_as_a_drawer_on_a_phone(session: LmsSession) -> None:
    frame = fit(session, DESKTOP)
    toc = frame.locator("[data-toc]").bounding_box()
    main = frame.locator("main").bounding_box()
    assert toc is not None
    assert main is not None
    assert toc["x"] + toc["width"] <= main["x"]
    assert not frame.locator("[data-menu-button]").is_visible()
    frame = fit(session, PHONE)
    session.page.wait_for_timeout(300)  # the sidebar slides out of view (0.22 s)
    menu = frame.locator("[data-menu-button]")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert not frame.locator("[data-toc]").is_visible()
    menu.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    drawer = frame.locator("[data-drawer]")
    assert drawer.get_attribute("role") == "dialog"
    assert drawer.get_attribute("aria-modal") == "true"
    # Focus starts in the drawer and Tab keeps it there (a focus trap), forwards and backwards.
    inside = "document.querySelector('[data-drawer]').contains(document.activeElement)"
    for key in ["Tab"] * 25 + ["Shift+Tab"] * 5:
        session.page.keyboard.press(key)
        assert frame.evaluate(inside), key
    session.page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert frame.evaluate("document.activeElement.hasAttribute('data-menu-button')")
    session.page.wait_for_timeout(300)
    assert not frame.locator("[data-toc]").is_visible()
    # Choosing a page closes the drawer and shows that page.
    menu.click()
    target = page_keys(frame)[2]
    frame.locator(f'[data-toc] [data-nav-to="{target}"]').click()
    assert visible_page(frame) == target
    assert menu.get_attribute("aria-expanded") == "false"
    assert drawer.get_attribute("role") is None


def test_reduced_motion_turns_off_transitions(session: LmsSession) -> None:
    frame = fit(session, PHONE)
    duration = "getComputedStyle(document.querySelector('[data-progress-fill]')).transitionDuration"
    assert frame.evaluate(duration) == "0.3s"
    session.page.emulate_media(reduced_motion="reduce")
    assert float(frame.evaluate(duration).rstrip("s")) < 0.001


def test_print_shows_the_current_lesson_with_the_learners_answer(session: LmsSession) -> None:
    frame = fit(session, DESKTOP)
    show(frame, "blokken")
    frame.locator('[data-assignment="eigen-afspraken"] textarea').fill("We appen nooit over cliënten.")
    session.page.emulate_media(media="print")
    shown = frame.evaluate(
        """() => Object.fromEntries([
            ["header-progress", ".site-header .progress"], ["contents", "[data-drawer]"],
            ["footer", ".site-footer"], ["buttons", "button"], ["textarea", "textarea"],
            ["lesson", "#page-blokken"], ["other lesson", "#page-media"], ["start", "#page-start"],
            ["mirror", "[data-assignment-print]"],
        ].map(([name, selector]) => [name, getComputedStyle(document.querySelector(selector)).display !== "none"]))"""
    )
    assert shown == {
        "header-progress": False,
        "contents": False,
        "footer": False,
        "buttons": False,
        "textarea": False,
        "lesson": True,
        "other lesson": False,
        "start": False,
        "mirror": True,
    }
    assert frame.locator("[data-assignment-print]").inner_text() == "We appen nooit over cliënten."
    assert visible_page(frame) == "blokken"
