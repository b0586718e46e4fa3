"""Progress that explains itself: started lessons look started, a lesson end says what is still open,
start, quiz and end have marks of their own, and the header says "N% klaar" in the course's words."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .a11y_helpers import DESKTOP, PHONE, axe_violations, fit, horizontal_overflow
from .conftest import COURSES, LmsSession, Package
from .learner import Learner

pytestmark = pytest.mark.browser

Launch = Callable[..., LmsSession]
Compile = Callable[..., Package]
NO_QUIZ = COURSES / "no-quiz"
ALL_TYPES = COURSES / "all-types"


def _toc(session: LmsSession, key: str) -> dict[str, object]:
    result: dict[str, object] = session.frame.evaluate(
        """key => {
            const link = document.querySelector(`[data-toc] [data-nav-to="${key}"]`);
            const label = link.querySelector("[data-done-label]");
            return {done: link.hasAttribute("data-done"), started: link.hasAttribute("data-started"),
                    label: label ? label.textContent : null,
                    ring: getComputedStyle(link.querySelector(".toc-number")).backgroundImage};
        }""",
        key,
    )
    return result


def test_a_lesson_read_to_its_end_with_the_check_open_is_started_with_a_hint(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(NO_QUIZ, "web"))
    frame = session.frame
    learner = Learner(frame)
    assert frame.locator("[data-progress-label]").inner_text() == "0% klaar"
    assert _toc(session, "eerste")["started"] is False
    learner.go("eerste")
    page = frame.locator('section[data-lesson-id="eerste"]')
    hint = page.locator("[data-lesson-open]")
    # Opened: started, not done, and said so in the contents (to screen readers in words).
    eerste = _toc(session, "eerste")
    assert (eerste["started"], eerste["done"], eerste["label"]) == (True, False, " (begonnen)")
    assert "conic-gradient" in str(eerste["ring"])  # the half ring, not the empty one of "tweede"
    assert "conic-gradient" not in str(_toc(session, "tweede")["ring"])
    learner.read_to_end()
    # Read to the end with the knowledge check unanswered: the end says what is open, and how to get there.
    hint.wait_for(state="visible")
    assert page.locator("[data-lesson-open-text]").inner_text() == (
        "Beantwoord de kennisvraag in deze les om de les af te ronden."
    )
    frame.wait_for_function(
        "text => document.querySelector('[data-live]').textContent === text",
        arg="Beantwoord de kennisvraag in deze les om de les af te ronden.",
    )
    assert frame.locator("[data-progress-label]").inner_text() == "0% klaar"
    go = page.locator("[data-lesson-open-go]")
    assert go.inner_text() == "Ga naar wat nog open staat"
    go.click()
    assert frame.evaluate("document.activeElement.dataset.question") == "eerste-vraag"
    assert (
        frame.evaluate("document.querySelector('[data-question=\"eerste-vraag\"]').getBoundingClientRect().top")
        >= frame.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom") - 1
    )
    # The start page's lesson list shows the same state.
    learner.go("start")
    card = frame.locator('[data-lesson-link="eerste"]')
    assert card.get_attribute("data-started") == ""
    assert card.locator("[data-status-label]").inner_text() == "begonnen"
    # Answered: done, the hint gone, the label "50% klaar".
    learner.go("eerste")
    learner.answer(page, "eerste-vraag", "right")
    page.locator('[data-question="eerste-vraag"] [data-check]').click()
    frame.locator('[data-toc] [data-nav-to="eerste"][data-done]').wait_for(state="attached")
    eerste = _toc(session, "eerste")
    assert (eerste["started"], eerste["done"], eerste["label"]) == (False, True, " (klaar)")
    assert hint.is_hidden()
    assert frame.locator("[data-progress-label]").inner_text() == "50% klaar"
    assert frame.locator("[data-progress]").get_attribute("aria-valuetext") == "50% klaar"
    assert card.get_attribute("data-started") is None
    assert card.get_attribute("data-done") == ""
    assert (session.console_errors, session.missing, session.blocked) == ([], [], [])


def test_the_started_state_and_the_hint_survive_a_relaunch(compiled: Compile, launch: Launch) -> None:
    first = launch(compiled(NO_QUIZ, "web"))
    learner = Learner(first.frame)
    learner.go("eerste")
    learner.read_to_end()
    first.frame.locator('section[data-lesson-id="eerste"] [data-lesson-open]').wait_for(state="visible")
    first.frame.evaluate("window.dispatchEvent(new Event('pagehide'))")
    again = launch(first.package, after=first)
    assert _toc(again, "eerste")["started"] is True
    Learner(again.frame).go("eerste")
    hint = again.frame.locator('section[data-lesson-id="eerste"] [data-lesson-open]')
    assert hint.is_visible()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_start_quiz_and_end_have_marks_of_their_own_and_pass_axe(
    size: tuple[int, int], compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(ALL_TYPES))
    frame = fit(session, size)
    marks = frame.evaluate(
        """() => Array.from(document.querySelectorAll("[data-toc] [data-nav-to]")).map(link => {
            const mark = link.querySelector(".toc-number");
            const icon = mark.querySelector("svg");
            return [link.dataset.navTo, icon ? icon.innerHTML : mark.textContent];
        })"""
    )
    by_key = dict(marks)
    icons = [by_key["start"], by_key["quiz"], by_key["end"]]
    assert all("<path" in icon for icon in icons)
    assert len(set(icons)) == 3  # three different marks, none of them a lesson's number
    lessons = [mark for key, mark in marks if key not in ("start", "quiz", "end")]
    assert lessons == [str(n) for n in range(1, len(lessons) + 1)]
    learner = Learner(frame)
    first_lesson = marks[1][0]
    if size == PHONE:
        frame.locator("[data-menu-button]").click()
    learner.go(first_lesson)
    learner.read_to_end()
    frame.locator(f'section[data-lesson-id="{first_lesson}"] [data-lesson-open]').wait_for(state="visible")
    assert axe_violations(frame) == []
    assert horizontal_overflow(frame) == []


def test_the_progress_label_speaks_the_courses_language(
    compiled: Compile, launch: Launch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    english = _english_copy(NO_QUIZ, tmp_path_factory.mktemp("english") / "course")
    session = launch(compiled(english, "web"))
    assert session.frame.locator("[data-progress-label]").inner_text() == "0% done"
    learner = Learner(session.frame)
    learner.go("eerste")
    learner.read_to_end()
    text = session.frame.locator('section[data-lesson-id="eerste"] [data-lesson-open-text]')
    text.wait_for(state="visible")
    assert text.inner_text() == "Answer the check in this lesson to finish the lesson."


def _english_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    yaml = (target / "course.yaml").read_text(encoding="utf-8")
    (target / "course.yaml").write_text(yaml.replace("language: nl", "language: en"), encoding="utf-8")
    return target
