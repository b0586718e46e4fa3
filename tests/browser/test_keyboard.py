"""A learner completes a whole course with the keyboard alone (no mouse), on a phone-sized screen.

Only Tab, Shift+Tab, Enter, Space, the arrow keys and typed text are used; every question type is
answered through its real controls, and each page turn must move focus to the new page's heading.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from .a11y_helpers import PHONE, fit, visible_page
from .conftest import COURSES, LmsSession, Package

pytestmark = pytest.mark.browser

MAX_TABS = 150


class KeyboardLearner:
    """Moves focus with Tab and acts with Enter, Space, arrows and typing."""

    def __init__(self, page: Page, frame: Frame) -> None:
        self.page = page
        self.frame = frame
        self.data: dict[str, object] = frame.evaluate("JSON.parse(document.getElementById('coursec-data').textContent)")

    def focused(self, selector: str) -> bool:
        result: bool = self.frame.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
        return result

    def tab_to(self, selector: str, *, backwards: bool = False) -> None:
        """Press Tab (or Shift+Tab) until the focused element matches selector."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            if self.focused(selector):
                return
        raise AssertionError(f"{key} never reached {selector}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def heading_has_focus(self) -> bool:
        return self.focused("section[data-page]:not([hidden]) [data-page-heading]")

    def turn_page(self) -> str:
        """Go to the next page with the Next button; return the new page's key."""
        before = visible_page(self.frame)
        self.tab_to('[data-action="next"]:not([disabled])')
        self.press("Enter")
        self.frame.wait_for_function(
            "k => { const p = document.querySelector('section[data-page]:not([hidden])');"
            " return p && (p.dataset.lessonId || p.dataset.page) !== k; }",
            arg=before,
        )
        assert self.heading_has_focus(), "focus moves to the new page's heading"
        return visible_page(self.frame)

    def question(self, question_id: str) -> dict[str, object]:
        questions = self.data["questions"]
        assert isinstance(questions, dict)
        result: dict[str, object] = questions[question_id]
        return result

    def answer(self, question_id: str) -> None:
        """Answer one question correctly with the keyboard."""
        q = self.question(question_id)
        scope = f'[data-question="{question_id}"]'
        kind = q["t"]
        if kind in ("single", "true-false"):
            target = (
                f'input[data-option="{q["c"]}"]'
                if kind == "single"
                else f'input[data-option="{"t" if q["c"] else "f"}"]'
            )
            self.tab_to(f"{scope} input[type=radio]")
            self.press("Space")
            for _ in range(12):
                if self.frame.locator(f"{scope} {target}").is_checked():
                    break
                self.press("ArrowDown")
            assert self.frame.locator(f"{scope} {target}").is_checked()
        elif kind == "multiple":
            chosen = q["c"]
            assert isinstance(chosen, list)
            for index in sorted(chosen):
                self.tab_to(f'{scope} input[data-option="{index}"]')
                self.press("Space")
        elif kind == "fill-in":
            accepted = q["acc"]
            assert isinstance(accepted, list)
            self.tab_to(f"{scope} input[data-fill-in]")
            self.page.keyboard.type(str(accepted[0]))
        elif kind == "matching":
            for left in range(int(str(q["n"]))):
                select = f'{scope} select[data-match-left="{left}"]'
                self.tab_to(select)
                for _ in range(12):
                    if self.frame.locator(select).input_value() == str(left):
                        break
                    self.press("ArrowDown")
                assert self.frame.locator(select).input_value() == str(left)
        elif kind == "sequencing":
            self._order(scope, int(str(q["n"])))
        else:
            raise AssertionError(f"unknown question type {kind}")

    def _order(self, scope: str, count: int) -> None:
        """Sort the list with the up buttons; focus must stay on the moved item."""
        for position in range(count):
            current = self._sequence(scope)
            if current.index(position) == position:
                continue
            up = f'{scope} [data-seq-item="{position}"] [data-seq-move="up"]'
            self.tab_to(up)
            while self._sequence(scope).index(position) > position:
                assert self.focused(f'{scope} [data-seq-item="{position}"] [data-seq-move]')
                self.press("Enter")
        assert self._sequence(scope) == list(range(count))

    def _sequence(self, scope: str) -> list[int]:
        values: list[str] = self.frame.locator(f"{scope} [data-seq-item]").evaluate_all(
            "items => items.map(item => item.dataset.seqItem)"
        )
        return [int(v) for v in values]


def test_a_whole_course_with_the_keyboard_alone(
    compiled: Callable[[Path], Package], launch: Callable[..., LmsSession]
) -> None:
    package = compiled(COURSES / "all-types")
    session = launch(package)
    frame = fit(session, PHONE)
    learner = KeyboardLearner(session.page, frame)

    # The first Tab reaches the skip link; Enter moves focus into the main content.
    learner.press("Tab")
    assert learner.focused(".skip-link")
    learner.press("Enter")
    assert learner.focused("main")

    # The start page's button opens the first lesson.
    learner.tab_to("section[data-page=start] button[data-nav-to]")
    learner.press("Enter")
    lessons = learner.data["lessons"]
    assert isinstance(lessons, list)
    frame.wait_for_function(f"!document.getElementById('page-{lessons[0]['id']}').hidden")
    assert learner.heading_has_focus()

    for number, lesson in enumerate(lessons):
        assert visible_page(frame) == lesson["id"]
        for question_id in lesson["checks"]:
            learner.answer(question_id)
            learner.tab_to(f'[data-question="{question_id}"] [data-check]')
            learner.press("Enter" if number % 2 else "Space")
            frame.wait_for_selector(f'[data-question="{question_id}"][data-state="correct"]')
        for assignment_id in lesson["assignments"]:
            learner.tab_to(f'[data-assignment="{assignment_id}"] textarea')
            learner.page.keyboard.type("Ik let op privacy.")
        # Shift+Tab works too: step back from the page-turn button into the lesson (or, when its checks
        # are all answered and locked, on to the contents or the header).
        learner.tab_to('[data-action="next"]')
        before_next = ":is(section[data-page]:not([hidden]), [data-toc], .site-header)"
        learner.tab_to(f"{before_next} :is(a[href], button, input, textarea, select)", backwards=True)
        learner.turn_page()

    assert visible_page(frame) == "quiz"
    # One question per screen: answer it, then "Next question" until the last one shows the submit button.
    total = len(frame.evaluate("Array.from(document.querySelectorAll('[data-quiz] [data-question]'))"))
    for number in range(1, total + 1):
        count = frame.locator("[data-quiz-count]").inner_text()  # "Question 3 of 6"
        assert [word for word in count.split() if word.isdigit()] == [str(number), str(total)]
        question_id = frame.evaluate(
            "document.querySelector('[data-quiz-item][data-current] [data-question]').dataset.question"
        )
        learner.answer(question_id)
        if number < total:
            learner.tab_to("[data-quiz-next]")
            learner.press("Enter")
            assert learner.focused("[data-quiz-count]")
    learner.tab_to("[data-quiz-submit]")
    learner.press("Enter")
    frame.wait_for_selector("[data-quiz-result]:not([hidden])")

    assert learner.turn_page() == "end"
    learner.tab_to('[data-action="exit"]')
    learner.press("Enter")
    session.page.wait_for_function("window.lmsLog.finishes.length > 0")
    core = session.cmi()["core"]
    assert isinstance(core, dict)
    assert core["lesson_status"] == "passed"
    assert session.blocked == []
