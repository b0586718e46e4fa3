"""The tabs and accordion blocks in the LMS: keyboard (WAI-ARIA APG), names, resume, required completion, print."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Frame, expect

from .a11y_helpers import fit, horizontal_overflow, show
from .conftest import COURSES, LmsSession, Package, run_axe
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]

BLOCKS = COURSES / "blocks"
TABS = '[data-block="phones"]'
ACCORDION = '[data-block="accordion-lesson-accordion-1"]'
LOOSE_TABS = '[data-block="accordion-lesson-tabs-1"]'
LIVE_TARGETS = ("scorm2004", "web")
"""The targets every block test runs in (issue 20: at least SCORM 2004 and web)."""


def _selected(frame: Frame, block: str) -> list[str]:
    return [str(tab.get_attribute("aria-selected")) for tab in frame.locator(f"{block} [role=tab]").all()]


def _expanded(frame: Frame) -> list[str]:
    return [str(t.get_attribute("aria-expanded")) for t in frame.locator(f"{ACCORDION} [data-accordion-toggle]").all()]


def _done(frame: Frame, lesson: str) -> bool:
    return frame.locator(f'[data-toc] [data-nav-to="{lesson}"][data-done]').count() == 1


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_tabs_follow_the_apg_keyboard_pattern_and_name_their_parts(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, target), **VIEWS[target].first_launch())
    frame = session.frame
    Learner(frame).go("tabs-lesson")
    tablist = frame.locator(f"{TABS} [role=tablist]")
    expect(tablist).to_be_visible()
    assert tablist.get_attribute("aria-label") == "Phones"
    tabs = frame.locator(f"{TABS} [role=tab]")
    panels = frame.locator(f"{TABS} [role=tabpanel]")
    assert tabs.count() == panels.count() == 3
    for index in range(3):
        tab, panel = tabs.nth(index), panels.nth(index)
        assert tab.get_attribute("aria-controls") == panel.get_attribute("id")
        assert panel.get_attribute("aria-labelledby") == tab.get_attribute("id")
    assert _selected(frame, TABS) == ["true", "false", "false"]
    assert [t.get_attribute("tabindex") for t in tabs.all()] == ["0", "-1", "-1"]  # one tab stop

    tabs.nth(0).focus()
    frame.page.keyboard.press("ArrowRight")
    assert _selected(frame, TABS) == ["false", "true", "false"]
    expect(tabs.nth(1)).to_be_focused()
    expect(panels.nth(1)).to_be_visible()
    expect(panels.nth(0)).to_be_hidden()
    frame.page.keyboard.press("End")
    assert _selected(frame, TABS) == ["false", "false", "true"]
    frame.page.keyboard.press("ArrowRight")  # wraps to the first
    assert _selected(frame, TABS) == ["true", "false", "false"]
    frame.page.keyboard.press("ArrowLeft")  # wraps to the last
    assert _selected(frame, TABS) == ["false", "false", "true"]
    frame.page.keyboard.press("Home")
    assert _selected(frame, TABS) == ["true", "false", "false"]
    expect(tabs.nth(0)).to_be_focused()
    frame.page.keyboard.press("Tab")  # out of the list, into the shown panel
    expect(panels.nth(0)).to_be_focused()
    assert run_axe(frame) == []
    session.assert_clean()


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_accordion_opens_with_enter_and_space_and_moves_with_arrows(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, target), **VIEWS[target].first_launch())
    frame = session.frame
    Learner(frame).go("accordion-lesson")
    toggles = frame.locator(f"{ACCORDION} [data-accordion-toggle]")
    panels = frame.locator(f"{ACCORDION} [data-accordion-panel]")
    assert _expanded(frame) == ["false", "false", "false"]
    for index in range(3):
        assert toggles.nth(index).get_attribute("aria-controls") == panels.nth(index).get_attribute("id")
        assert panels.nth(index).get_attribute("role") == "region"
        assert panels.nth(index).get_attribute("aria-labelledby") == toggles.nth(index).get_attribute("id")
        expect(panels.nth(index)).to_be_hidden()
    assert frame.locator(f"{ACCORDION} h3 > button[aria-expanded]").count() == 3  # the button inside a heading

    toggles.nth(0).focus()
    frame.page.keyboard.press("Enter")
    assert _expanded(frame) == ["true", "false", "false"]
    expect(panels.nth(0)).to_be_visible()
    frame.page.keyboard.press("ArrowDown")
    expect(toggles.nth(1)).to_be_focused()
    frame.page.keyboard.press(" ")
    assert _expanded(frame) == ["true", "true", "false"]
    frame.page.keyboard.press("Space")
    assert _expanded(frame) == ["true", "false", "false"]
    frame.page.keyboard.press("End")
    expect(toggles.nth(2)).to_be_focused()
    frame.page.keyboard.press("ArrowDown")  # wraps to the first
    expect(toggles.nth(0)).to_be_focused()
    frame.page.keyboard.press("ArrowUp")  # wraps to the last
    expect(toggles.nth(2)).to_be_focused()
    frame.page.keyboard.press("Home")
    expect(toggles.nth(0)).to_be_focused()
    assert run_axe(frame) == []
    session.assert_clean()


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_required_blocks_hold_back_the_lesson_until_every_panel_is_seen(
    target: str, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    session = launch(compiled(BLOCKS, target), **view.first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go("tabs-lesson")
    learner.read_to_end()
    learner.go("accordion-lesson")  # leaving after reading to the end: the lesson end is seen
    learner.read_to_end()
    learner.go("static-lesson")  # blocks that only show ask nothing: read, it is done
    learner.read_to_end()
    learner.go("tabs-lesson")
    assert _done(frame, "static-lesson")
    # Read to the end, but two tabs never opened: not done, and the block says why.
    assert not _done(frame, "tabs-lesson")
    status = frame.locator(f"{TABS} [data-block-status]")
    expect(status).to_have_text("Open every tab to finish this lesson: 1 of 3 seen.")
    frame.locator(f"{TABS} [role=tab]").nth(2).click()
    assert not _done(frame, "tabs-lesson")
    frame.locator(f"{TABS} [role=tab]").nth(1).click()
    expect(status).to_have_text("All 3 tabs seen.")
    assert _done(frame, "tabs-lesson")

    learner.go("accordion-lesson")
    assert not _done(frame, "accordion-lesson")
    # The loose (not required) tabs in this lesson ask nothing; the required accordion does.
    assert frame.locator(f"{LOOSE_TABS} [data-block-status]").count() == 0
    toggles = frame.locator(f"{ACCORDION} [data-accordion-toggle]")
    toggles.nth(0).click()
    toggles.nth(0).click()  # closing a panel keeps it seen
    toggles.nth(1).click()
    assert view.current(session).status == "incomplete"
    assert not _done(frame, "accordion-lesson")
    toggles.nth(2).click()
    assert _done(frame, "accordion-lesson")
    assert view.current(session).status == "completed"
    session.assert_clean()


@pytest.mark.parametrize("target", ["scorm12", *LIVE_TARGETS])
def test_block_state_resumes_after_a_relaunch(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(BLOCKS, target)
    session = launch(package, **view.first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go("tabs-lesson")
    frame.locator(f"{TABS} [role=tab]").nth(2).click()
    learner.go("accordion-lesson")
    toggles = frame.locator(f"{ACCORDION} [data-accordion-toggle]")
    toggles.nth(0).click()
    toggles.nth(2).click()
    toggles.nth(0).click()  # seen, then closed again
    frame.locator(f"{LOOSE_TABS} [role=tab]").nth(1).click()
    session.close_course()

    again = launch(package, **view.relaunch(session))
    frame = again.frame
    assert Learner(frame).visible_page() == "accordion-lesson"
    assert _expanded(frame) == ["false", "false", "true"]
    assert _selected(frame, LOOSE_TABS) == ["false", "true"]
    seen = frame.locator(f"{ACCORDION} [data-accordion-toggle][data-seen]")
    assert seen.count() == 2
    expect(frame.locator(f"{ACCORDION} [data-block-status]")).to_have_text(
        "Open every section to finish this lesson: 2 of 3 opened."
    )
    Learner(frame).go("tabs-lesson")
    assert _selected(frame, TABS) == ["false", "false", "true"]  # the tab shown last
    expect(frame.locator(f"{TABS} [data-block-status]")).to_have_text(
        "Open every tab to finish this lesson: 2 of 3 seen."
    )
    again.assert_clean()


def test_print_shows_every_panel_of_every_block(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(BLOCKS, "web"))
    frame = session.frame
    Learner(frame).go("accordion-lesson")
    frame.page.emulate_media(media="print")
    for panel in frame.locator(f"{ACCORDION} [data-accordion-panel], {LOOSE_TABS} [data-tab-panel]").all():
        expect(panel).to_be_visible()
    for heading in frame.locator(f"{LOOSE_TABS} .tabs-panel-heading").all():
        expect(heading).to_be_visible()  # the tab titles become headings again
    expect(frame.locator(f"{LOOSE_TABS} [role=tablist]")).to_be_hidden()
    session.assert_clean()


def test_without_the_runtime_every_panel_shows_under_its_heading(compiled: Compile) -> None:
    html = (compiled(BLOCKS, "web").root / "index.html").read_text(encoding="utf-8")
    # The markup itself hides no panel: only the runtime does, once it has wired the keyboard.
    assert 'data-tab-panel="1" hidden' not in html
    assert 'aria-expanded="true"' in html
    assert "data-tabs-list hidden" in html  # the tab row needs the runtime to work


@pytest.mark.parametrize("width", [320, 390])
def test_blocks_fit_a_phone_without_sideways_scrolling(width: int, compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(BLOCKS, "web"))
    frame = fit(session, (width, 800))
    for lesson in ("tabs-lesson", "accordion-lesson"):
        show(frame, lesson)
        if lesson == "accordion-lesson":
            frame.locator(f"{ACCORDION} [data-accordion-toggle]").first.click()  # an open panel fits too
        assert horizontal_overflow(frame) == [], f"{lesson} at {width}px"
        assert run_axe(frame) == []
    # On a phone the tabs stack, each a full-width tap target.
    show(frame, "tabs-lesson")
    boxes = [tab.bounding_box() for tab in frame.locator(f"{TABS} [role=tab]").all()]
    assert all(box is not None and box["height"] >= 44 for box in boxes)
    assert len({round(box["x"]) for box in boxes if box is not None}) == 1
    session.assert_clean()


def test_the_seen_tick_is_not_read_as_part_of_a_tab_or_heading_name(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(BLOCKS, "web"))
    frame = session.frame
    Learner(frame).go("accordion-lesson")
    toggle = frame.locator(f"{ACCORDION} [data-accordion-toggle]").first
    toggle.click()
    expect(toggle).to_have_attribute("data-seen", "")
    expect(toggle).to_have_accessible_name("One grey tick")  # the tick is decoration: its alt text is empty
    tab = frame.locator(f"{LOOSE_TABS} [role=tab]").first
    expect(tab).to_have_attribute("data-seen", "")
    expect(tab).to_have_accessible_name("Left")
    session.assert_clean()
