"""Flip cards, process, labeled graphic and continue divider in the LMS: keyboard only, names and
roles, axe at 320/390/1280 px, no sideways scrolling, state after a relaunch, `required` holding
back the lesson, print and no-JS showing everything (tests/browser/courses/reveal)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import pytest
from playwright.sync_api import Frame, Locator, expect

from .a11y_helpers import DESKTOP, NARROW, PHONE, fit, horizontal_overflow, show
from .conftest import COURSES, LmsSession, Package, run_axe
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]

COURSE = COURSES / "reveal"
CARDS = '[data-block="ticks"]'
PROCESS = '[data-block="install"]'
GRAPHIC = '[data-block="screen"]'
FIRST_PAUSE = '[data-block="first-pause"]'
SECOND_PAUSE = '[data-block="second-pause"]'
LIVE_TARGETS = ("scorm2004", "web")
"""The targets every block test runs in (issue 20: at least SCORM 2004 and web)."""
SIZES = pytest.mark.parametrize("size", [NARROW, PHONE, DESKTOP], ids=["320", "390", "1280"])


def _done(frame: Frame, lesson: str) -> bool:
    return frame.locator(f'[data-toc] [data-nav-to="{lesson}"][data-done]').count() == 1


def _wait_done(frame: Frame, lesson: str) -> None:
    """The lesson counts as done: the mark follows the lesson end's observer report (a frame later)."""
    frame.locator(f'[data-toc] [data-nav-to="{lesson}"][data-done]').wait_for(state="attached", timeout=5000)


def _expanded(frame: Frame, selector: str) -> list[str]:
    return [str(b.get_attribute("aria-expanded")) for b in frame.locator(selector).all()]


def _at_rest(frame: Frame) -> None:
    frame.wait_for_function("document.getAnimations().length === 0")  # axe measures colours at rest


# ---------------------------------------------------------------------------- flip cards


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_flip_cards_turn_by_keyboard_and_name_each_card(target: str, compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    Learner(frame).go("cards-lesson")
    block = frame.locator(CARDS)
    expect(block).to_have_attribute("role", "group")
    expect(block).to_have_attribute("aria-label", "Ticks")
    assert block.locator("ul > li").count() == 3  # a list of cards
    fronts = block.get_by_role("button")
    assert fronts.count() == 3
    expect(fronts.nth(0)).to_have_accessible_name("One grey tick Turn over")
    backs = block.locator("[data-flip-card-back]")
    for index in range(3):
        assert fronts.nth(index).get_attribute("aria-controls") == backs.nth(index).get_attribute("id")
        expect(backs.nth(index)).to_be_hidden()
    assert _expanded(frame, f"{CARDS} [data-flip-card-toggle]") == ["false", "false", "false"]

    # Keyboard only: Tab reaches each front in order, Enter and Space turn the focused card.
    fronts.nth(0).focus()
    frame.page.keyboard.press("Enter")
    expect(backs.nth(0)).to_be_visible()
    expect(backs.nth(0)).to_contain_text("The message was sent.")
    expect(fronts.nth(0)).to_have_accessible_name("One grey tick Turn back")
    expect(fronts.nth(0)).to_be_focused()  # focus stays on the card's button
    frame.page.keyboard.press("Tab")
    expect(fronts.nth(1)).to_be_focused()  # the back holds no focus stop of its own
    frame.page.keyboard.press(" ")
    assert _expanded(frame, f"{CARDS} [data-flip-card-toggle]") == ["true", "true", "false"]
    frame.page.keyboard.press("Space")  # and back again
    assert _expanded(frame, f"{CARDS} [data-flip-card-toggle]") == ["true", "false", "false"]
    expect(backs.nth(1)).to_be_hidden()
    # Hovering shows nothing: only a press turns a card.
    fronts.nth(2).hover()
    expect(backs.nth(2)).to_be_hidden()
    session.assert_clean()


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_required_flip_cards_hold_back_the_lesson_until_every_card_is_turned(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go("cards-lesson")
    learner.read_to_end()
    status = frame.locator(f"{CARDS} [data-block-status]")
    expect(status).to_have_text("Turn every card to finish this lesson: 0 of 3 turned.")
    fronts = frame.locator(f"{CARDS} [data-flip-card-toggle]")
    fronts.nth(0).click()
    fronts.nth(0).click()  # turned back: still counts as turned
    fronts.nth(2).click()
    expect(status).to_have_text("Turn every card to finish this lesson: 2 of 3 turned.")
    assert not _done(frame, "cards-lesson")
    fronts.nth(1).click()
    expect(status).to_have_text("All 3 cards turned.")
    _wait_done(frame, "cards-lesson")
    session.assert_clean()


@pytest.mark.parametrize("target", ["scorm12", *LIVE_TARGETS])
def test_flip_cards_resume_turned_after_a_relaunch(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch())
    frame = session.frame
    Learner(frame).go("cards-lesson")
    fronts = frame.locator(f"{CARDS} [data-flip-card-toggle]")
    fronts.nth(0).click()
    fronts.nth(1).click()
    fronts.nth(0).click()  # turned, then back again
    session.close_course()

    again = launch(package, **view.relaunch(session))
    frame = again.frame
    assert Learner(frame).visible_page() == "cards-lesson"
    assert _expanded(frame, f"{CARDS} [data-flip-card-toggle]") == ["false", "true", "false"]
    expect(frame.locator(f"{CARDS} [data-flip-card-back]").nth(1)).to_be_visible()
    assert frame.locator(f"{CARDS} [data-flip-card-toggle][data-seen]").count() == 2
    expect(frame.locator(f"{CARDS} [data-block-status]")).to_have_text(
        "Turn every card to finish this lesson: 2 of 3 turned."
    )
    again.assert_clean()


# ---------------------------------------------------------------------------- process


def _shown_step(frame: Frame) -> list[bool]:
    return [step.is_visible() for step in frame.locator(f"{PROCESS} [data-process-step]").all()]


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_process_steps_one_at_a_time_by_keyboard_and_announces_where_it_is(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    Learner(frame).go("process-lesson")
    block = frame.locator(PROCESS)
    expect(block).to_have_attribute("role", "group")
    expect(block).to_have_attribute("aria-label", "Installing the app")
    previous = block.get_by_role("button", name="Previous step")
    following = block.get_by_role("button", name="Next step")
    count = block.locator("[data-process-count]")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text("Step 1 of 3")
    assert _shown_step(frame) == [True, False, False]
    expect(block.get_by_role("heading", name="Open the app store")).to_be_visible()
    expect(previous).to_have_attribute("aria-disabled", "true")
    expect(following).to_have_attribute("aria-disabled", "false")

    # Keyboard only: Tab from the previous button to the next one, Enter and Space move on.
    previous.focus()
    frame.page.keyboard.press("Enter")  # unavailable at the first step: nothing moves
    assert _shown_step(frame) == [True, False, False]
    frame.page.keyboard.press("Tab")
    expect(following).to_be_focused()
    frame.page.keyboard.press("Enter")
    expect(count).to_have_text("Step 2 of 3")
    assert _shown_step(frame) == [False, True, False]
    frame.page.keyboard.press(" ")
    expect(count).to_have_text("Step 3 of 3")
    expect(following).to_be_focused()  # focus stays on the button, even where it is unavailable
    expect(following).to_have_attribute("aria-disabled", "true")
    frame.page.keyboard.press("Enter")
    expect(count).to_have_text("Step 3 of 3")
    frame.page.keyboard.press("Shift+Tab")
    expect(previous).to_be_focused()
    frame.page.keyboard.press("Space")
    expect(count).to_have_text("Step 2 of 3")
    assert _shown_step(frame) == [False, True, False]
    # A list of one visible item would mislead: the steps are not announced as a list while enhanced.
    assert block.get_by_role("list").count() == 1  # only the list inside step 2's body
    session.assert_clean()


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_a_required_process_holds_back_the_lesson_until_the_last_step(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go("process-lesson")
    learner.read_to_end()
    status = frame.locator(f"{PROCESS} [data-block-status]")
    expect(status).to_have_text("Go on to the last step to finish this lesson.")
    following = frame.locator(f"{PROCESS} [data-process-next]")
    following.click()
    assert not _done(frame, "process-lesson")
    frame.locator(f"{PROCESS} [data-process-prev]").click()  # back to the start: step 2 stays reached
    following.click()
    following.click()
    expect(status).to_have_text("All 3 steps done.")
    _wait_done(frame, "process-lesson")
    session.assert_clean()


@pytest.mark.parametrize("target", ["scorm12", *LIVE_TARGETS])
def test_a_process_resumes_on_the_step_shown_last(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch())
    frame = session.frame
    Learner(frame).go("process-lesson")
    frame.locator(f"{PROCESS} [data-process-next]").click()
    session.close_course()

    again = launch(package, **view.relaunch(session))
    frame = again.frame
    assert Learner(frame).visible_page() == "process-lesson"
    expect(frame.locator(f"{PROCESS} [data-process-count]")).to_have_text("Step 2 of 3")
    assert _shown_step(frame) == [False, True, False]
    again.assert_clean()


# ---------------------------------------------------------------------------- labeled graphic


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_graphic_markers_are_buttons_named_by_their_label_and_open_by_keyboard(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    Learner(frame).go("graphic-lesson")
    block = frame.locator(GRAPHIC)
    expect(block).to_have_attribute("aria-label", "The screen")
    expect(block.get_by_role("img")).to_have_accessible_name(
        "A phone screen with a bar at the top, a message and a round button"
    )
    markers = block.get_by_role("button")
    assert markers.count() == 3
    for index, name in enumerate(["1 The top bar", "2 A message", "3 The button"]):
        expect(markers.nth(index)).to_have_accessible_name(name)
        expect(markers.nth(index)).to_have_attribute("aria-expanded", "false")
    texts = block.locator("[data-graphic-text]")
    for index in range(3):
        assert markers.nth(index).get_attribute("aria-controls") == texts.nth(index).get_attribute("id")
        expect(texts.nth(index)).to_be_hidden()
    # The labels are a numbered list under the image, in marker order, before any marker is opened.
    expect(block.locator("ol > li .graphic-label")).to_have_text(["The top bar", "A message", "The button"])

    # Keyboard only: Tab goes from marker to marker in number order; Enter and Space open and close.
    markers.nth(0).focus()
    frame.page.keyboard.press("Enter")
    expect(texts.nth(0)).to_be_visible()
    expect(markers.nth(0)).to_have_attribute("aria-expanded", "true")
    expect(markers.nth(0)).to_have_accessible_description("Who you are writing to.")
    expect(markers.nth(0)).to_be_focused()
    frame.page.keyboard.press("Tab")
    expect(markers.nth(1)).to_be_focused()
    frame.page.keyboard.press(" ")
    expect(texts.nth(1)).to_be_visible()
    frame.page.keyboard.press("Tab")
    expect(markers.nth(2)).to_be_focused()
    frame.page.keyboard.press("Shift+Tab")
    frame.page.keyboard.press("Space")  # closes the second again
    expect(texts.nth(1)).to_be_hidden()
    expect(markers.nth(1)).not_to_have_attribute("aria-describedby", re.compile("."))
    # Hovering opens nothing.
    markers.nth(2).hover()
    expect(texts.nth(2)).to_be_hidden()
    session.assert_clean()


def test_markers_sit_where_the_author_put_them_and_stay_on_the_image(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSE, "web"))
    for size in (NARROW, DESKTOP):
        frame = fit(session, size)
        show(frame, "graphic-lesson")
        image = frame.locator(f"{GRAPHIC} img").bounding_box()
        boxes = [marker.bounding_box() for marker in frame.locator(f"{GRAPHIC} [data-graphic-marker]").all()]
        assert image is not None
        assert all(box is not None for box in boxes)
        centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes if b is not None]
        # The first marker is at 50 % 10 %: its centre is there.
        assert abs(centres[0][0] - (image["x"] + image["width"] * 0.5)) < 1.5
        assert abs(centres[0][1] - (image["y"] + image["height"] * 0.1)) < 1.5
        # Markers at the very edge (0 %, 100 %) are pulled in so the whole button stays on the image.
        for box in (b for b in boxes if b is not None):
            assert box["x"] >= image["x"] - 0.5
            assert box["x"] + box["width"] <= image["x"] + image["width"] + 0.5
            assert box["y"] + box["height"] <= image["y"] + image["height"] + 0.5
            assert box["width"] >= 24  # WCAG 2.2 target size minimum
    session.assert_clean()


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_a_required_graphic_holds_back_the_lesson_until_every_marker_is_opened(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go("graphic-lesson")
    learner.read_to_end()
    status = frame.locator(f"{GRAPHIC} [data-block-status]")
    expect(status).to_have_text("Open every marker to finish this lesson: 0 of 3 opened.")
    markers = frame.locator(f"{GRAPHIC} [data-graphic-marker]")
    markers.nth(0).click()
    markers.nth(0).click()
    markers.nth(1).click()
    expect(status).to_have_text("Open every marker to finish this lesson: 2 of 3 opened.")
    assert not _done(frame, "graphic-lesson")
    markers.nth(2).click()
    expect(status).to_have_text("All 3 markers opened.")
    _wait_done(frame, "graphic-lesson")
    session.assert_clean()


@pytest.mark.parametrize("target", ["scorm12", *LIVE_TARGETS])
def test_a_graphic_resumes_its_open_markers(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch())
    frame = session.frame
    Learner(frame).go("graphic-lesson")
    markers = frame.locator(f"{GRAPHIC} [data-graphic-marker]")
    markers.nth(2).click()
    markers.nth(0).click()
    markers.nth(0).click()
    session.close_course()

    again = launch(package, **view.relaunch(session))
    frame = again.frame
    assert Learner(frame).visible_page() == "graphic-lesson"
    markers = frame.locator(f"{GRAPHIC} [data-graphic-marker]")
    assert [m.get_attribute("aria-expanded") for m in markers.all()] == ["false", "false", "true"]
    expect(frame.locator(f"{GRAPHIC} [data-graphic-text]").nth(2)).to_be_visible()
    expect(frame.locator(f"{GRAPHIC} [data-block-status]")).to_have_text(
        "Open every marker to finish this lesson: 2 of 3 opened."
    )
    again.assert_clean()


# ---------------------------------------------------------------------------- continue divider


def _lesson_body(frame: Frame) -> Locator:
    return frame.locator("section[data-lesson-id] .lesson-body:visible")


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_a_divider_holds_back_the_rest_of_the_lesson_until_pressed_by_keyboard(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go("continue-lesson")
    learner.read_to_end()  # the end of the page is in view at once: only the question shows
    body = _lesson_body(frame)
    expect(body.get_by_text("A colleague asks you to send a photo.")).to_be_visible()
    first = frame.get_by_role("button", name="Show the answer")
    expect(first).to_be_visible()
    for hidden in ("The answer", "Why"):
        expect(body.get_by_role("heading", name=hidden)).to_be_hidden()
    assert not _done(frame, "continue-lesson")

    # Keyboard only: Enter shows the part up to the next divider, and focus moves into it.
    first.focus()
    frame.page.keyboard.press("Enter")
    expect(first).to_be_hidden()
    answer = body.get_by_role("heading", name="The answer")
    expect(answer).to_be_visible()
    expect(answer).to_be_focused()
    expect(body.get_by_text("You do not send it over a chat app.")).to_be_visible()
    expect(body.get_by_role("heading", name="Why")).to_be_hidden()  # behind the second divider
    assert not _done(frame, "continue-lesson")
    frame.page.keyboard.press("Tab")
    second = frame.locator(SECOND_PAUSE).get_by_role("button", name="Continue")  # the theme's label
    expect(second).to_be_focused()
    frame.page.keyboard.press(" ")
    expect(body.get_by_role("heading", name="Why")).to_be_focused()
    learner.read_to_end()
    _wait_done(frame, "continue-lesson")
    session.assert_clean()


@pytest.mark.parametrize("target", ["scorm12", *LIVE_TARGETS])
def test_a_pressed_divider_stays_open_after_a_relaunch(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch())
    frame = session.frame
    Learner(frame).go("continue-lesson")
    frame.locator(f"{FIRST_PAUSE} button").click()
    session.close_course()

    again = launch(package, **view.relaunch(session))
    frame = again.frame
    assert Learner(frame).visible_page() == "continue-lesson"
    body = _lesson_body(frame)
    expect(frame.locator(f"{FIRST_PAUSE} button")).to_be_hidden()
    expect(body.get_by_role("heading", name="The answer")).to_be_visible()
    expect(frame.locator(f"{SECOND_PAUSE} button")).to_be_visible()  # the second was never pressed
    expect(body.get_by_role("heading", name="Why")).to_be_hidden()
    assert not _done(frame, "continue-lesson")
    again.assert_clean()


# ---------------------------------------------------------------------------- the course


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_the_lms_hears_completed_only_once_every_required_block_is_done(
    target: str, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    session = launch(compiled(COURSE, target), **view.first_launch())
    frame = session.frame
    learner = Learner(frame)
    # Everything done, read to the end, except the last flip card.
    learner.go("cards-lesson")
    cards = frame.locator(f"{CARDS} [data-flip-card-toggle]")
    cards.nth(0).click()
    cards.nth(1).click()
    learner.read_to_end()
    learner.go("process-lesson")
    for _ in range(2):
        frame.locator(f"{PROCESS} [data-process-next]").click()
    learner.read_to_end()
    learner.go("graphic-lesson")
    for marker in frame.locator(f"{GRAPHIC} [data-graphic-marker]").all():
        marker.click()
    learner.read_to_end()
    learner.go("continue-lesson")
    frame.locator(f"{FIRST_PAUSE} button").click()
    frame.locator(f"{SECOND_PAUSE} button").click()
    learner.read_to_end()
    learner.go("cards-lesson")
    assert [_done(frame, lesson) for lesson in LESSONS] == [False, True, True, True]
    assert view.current(session).status == "incomplete"
    cards.nth(2).click()
    _wait_done(frame, "cards-lesson")
    assert view.current(session).status == "completed"
    session.assert_clean()


# ---------------------------------------------------------------------------- every block


LESSONS = ("cards-lesson", "process-lesson", "graphic-lesson", "continue-lesson")


def _open_everything(frame: Frame, lesson: str) -> None:
    """Open what the lesson's block hides, so axe and the overflow check see it too."""
    if lesson == "cards-lesson":
        frame.locator(f"{CARDS} [data-flip-card-toggle]").first.click()
    elif lesson == "process-lesson":
        frame.locator(f"{PROCESS} [data-process-next]").click()  # the step with a list in it
    elif lesson == "graphic-lesson":
        for marker in frame.locator(f"{GRAPHIC} [data-graphic-marker]").all():
            marker.click()
    elif lesson == "continue-lesson":
        frame.locator(f"{FIRST_PAUSE} button").click()
        frame.locator(f"{SECOND_PAUSE} button").click()


@SIZES
def test_axe_finds_nothing_and_nothing_scrolls_sideways(
    size: tuple[int, int], compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, "web"))
    frame = fit(session, size)
    for lesson in LESSONS:
        show(frame, lesson)
        _at_rest(frame)
        assert run_axe(frame) == [], f"{lesson} at {size[0]} px"
        _open_everything(frame, lesson)
        _at_rest(frame)
        assert horizontal_overflow(frame) == [], f"{lesson} at {size[0]} px"
        assert run_axe(frame) == [], f"{lesson} opened at {size[0]} px"
    session.assert_clean()


def test_print_shows_every_card_back_and_every_step(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSE, "web"))
    frame = session.frame
    Learner(frame).go("cards-lesson")
    Learner(frame).go("process-lesson")
    Learner(frame).go("graphic-lesson")
    Learner(frame).go("continue-lesson")
    frame.page.emulate_media(media="print")
    show(frame, "cards-lesson")  # the contents are not printed: open the page through the DOM
    for back in frame.locator(f"{CARDS} [data-flip-card-back]").all():
        expect(back).to_be_visible()
    for hint in frame.locator(f"{CARDS} [data-flip-card-hint]").all():
        expect(hint).to_be_hidden()
    expect(frame.locator(f"{CARDS} [data-block-status]")).to_be_hidden()
    show(frame, "process-lesson")
    steps = frame.locator(f"{PROCESS} [data-process-step]")
    for step in steps.all():
        expect(step).to_be_visible()
    # Printed, the steps are numbered again: an ordered list.
    assert steps.first.evaluate("li => getComputedStyle(li).display") == "list-item"
    assert frame.locator(f"{PROCESS} ol").evaluate("ol => getComputedStyle(ol).listStyleType") == "decimal"
    expect(frame.locator(f"{PROCESS} [data-process-nav]")).to_be_hidden()
    show(frame, "graphic-lesson")
    for part in frame.locator(f"{GRAPHIC} [data-graphic-text], {GRAPHIC} [data-graphic-marker]").all():
        expect(part).to_be_visible()  # every text in the list, and the numbers on the image
    show(frame, "continue-lesson")  # no divider pressed: printed, the whole lesson shows anyway
    for heading in ("The answer", "Why"):
        expect(_lesson_body(frame).get_by_role("heading", name=heading)).to_be_visible()
    expect(frame.locator(f"{FIRST_PAUSE} button")).to_be_hidden()
    session.assert_clean()


ACTIONS = {
    "cards-lesson": (CARDS, f"{CARDS} [data-flip-card-toggle]"),
    "process-lesson": (PROCESS, f"{PROCESS} [data-process-next]"),
    "graphic-lesson": (GRAPHIC, f"{GRAPHIC} [data-graphic-marker]"),
    "continue-lesson": ("section[data-lesson-id] .lesson-body", f"{FIRST_PAUSE} button"),
}
"""Per lesson: where its block's motion shows (the block, or the lesson body a divider reveals) and what to press."""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_every_block_moves_only_when_motion_is_welcome(
    motion: Literal["reduce", "no-preference"], compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, "web"))
    frame = session.frame
    frame.page.emulate_media(reduced_motion=motion)
    for lesson, (scope, control) in ACTIONS.items():
        Learner(frame).go(lesson)
        # Count the CSS animations that start in the block (an event, so a short one that ended counts too).
        frame.evaluate(
            """scope => {
                window.__started = 0;
                document.querySelector(scope).addEventListener('animationstart', () => { window.__started += 1; });
            }""",
            f"{scope}:not([hidden])" if scope.startswith("[") else "section[data-lesson-id]:not([hidden]) .lesson-body",
        )
        frame.locator(control).first.click()
        if motion == "reduce":
            frame.page.wait_for_timeout(400)  # longer than any of the blocks' animations
            assert frame.evaluate("window.__started") == 0, f"{lesson} animates with reduced motion"
        else:
            frame.wait_for_function("window.__started > 0", timeout=5000)
    session.assert_clean()


def test_without_the_runtime_every_block_shows_all_it_holds(compiled: Compile) -> None:
    html = (compiled(COURSE, "web").root / "index.html").read_text(encoding="utf-8")
    # The markup hides no card back: only the runtime does, once it has wired the buttons.
    assert 'data-flip-card-back="0" hidden' not in html
    assert html.count('aria-expanded="true" aria-controls="page-cards-lesson-b2-back') == 3
    # The process is an ordered list of every step; its buttons need the runtime.
    assert html.count('data-process-step="') == 3
    assert 'data-process-step="1" hidden' not in html
    assert "data-process-nav hidden" in html
    # The graphic's texts are all in the list; its markers need the runtime (without it they would do nothing).
    assert html.count('class="graphic-text"') == 3
    assert 'data-graphic-text="0" hidden' not in html
    assert html.count('data-graphic-marker="') == html.count('" hidden>1<') + 2
    # Nothing after a divider is hidden in the markup; its button needs the runtime.
    assert "continue-hidden" not in html
    assert html.count("data-continue-button hidden>") == 2
