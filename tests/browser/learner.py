"""A scripted learner: answers questions through the real controls, by keyboard-free clicks."""

from __future__ import annotations

from typing import Any, Literal

from playwright.sync_api import Frame, Locator

Style = Literal["right", "sloppy", "wrong", "longest"]
"""How the learner answers: correctly, correctly but typed carelessly (extra spaces, other letter case),
wrongly, or with the longest stored answer."""


def sloppy(text: str) -> str:
    """A right answer typed carelessly: spaces around and doubled inside, letter case swapped."""
    return "  " + "  ".join(text.swapcase().split(" ")) + " \t"


WIDE = "\u20ac"
"""A character the suspend_data encoding must escape (the longest encoding of a fill-in answer)."""
PLAIN = "x"
"""An assignment's allowance counts encoded characters: plain letters fill it exactly."""


class Learner:
    """Drives one course frame; reads the answer keys from the page's runtime data."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.data: dict[str, Any] = frame.evaluate("JSON.parse(document.getElementById('coursec-data').textContent)")

    def question(self, question_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.data["questions"][question_id]
        return result

    def visible_page(self) -> str:
        key: str = self.frame.evaluate(
            "(() => { const p = document.querySelector('section[data-page]:not([hidden])');"
            " return p.dataset.page === 'lesson' ? p.dataset.lessonId : p.dataset.page; })()"
        )
        return key

    def go(self, key: str) -> None:
        self.frame.locator(f'[data-toc] [data-nav-to="{key}"]').click()
        assert self.visible_page() == key

    def next(self) -> None:
        self.frame.locator('[data-action="next"]').first.click()

    def read_to_end(self) -> None:
        self.frame.locator("section[data-page]:not([hidden]) [data-lesson-end]").scroll_into_view_if_needed()

    def answer(self, container: Locator, question_id: str, style: Style) -> None:
        """Answer one question in its widget (inside `container`)."""
        q = self.question(question_id)
        widget = container.locator(f'[data-question="{question_id}"]')
        kind = q["t"]
        if kind == "single":
            n = int(str(q["n"]))
            correct = int(str(q["c"]))
            choice = correct if style in ("right", "sloppy") else (correct + 1) % n
            widget.locator(f'input[data-option="{choice}"]').check()
        elif kind == "multiple":
            n = int(str(q["n"]))
            key = q["c"]
            assert isinstance(key, list)
            chosen = (
                key
                if style in ("right", "sloppy")
                else range(n)
                if style == "longest"
                else [i for i in range(n) if i not in key] or [0]
            )
            for index in chosen:
                widget.locator(f'input[data-option="{index}"]').check()
        elif kind == "true-false":
            value = q["c"] if style in ("right", "sloppy") else not q["c"]
            widget.locator(f'input[data-option="{"t" if value else "f"}"]').check()
        elif kind == "fill-in":
            accepted = q["acc"]
            assert isinstance(accepted, list)
            text = {
                "right": str(accepted[0]),
                "sloppy": sloppy(str(accepted[-1])),
                "wrong": "nothing like it",
                "longest": WIDE * int(str(q["max"])),
            }[style]
            widget.locator("input[data-fill-in]").fill(text)
        elif kind == "matching":
            n = int(str(q["n"]))
            for left in range(n):
                right = left if style in ("right", "sloppy") else (left + 1) % n
                widget.locator(f'select[data-match-left="{left}"]').select_option(str(right))
        elif kind == "sequencing":
            n = int(str(q["n"]))
            target = list(range(n)) if style in ("right", "sloppy") else list(reversed(range(n)))
            self._order(widget, target)
        else:
            raise AssertionError(f"unknown question type {kind}")

    def _order(self, widget: Locator, target: list[int]) -> None:
        """Reorder a sequencing list with its up buttons only."""
        for position, item in enumerate(target):
            while True:
                current = [
                    int(v)
                    for v in widget.locator("[data-seq-item]").evaluate_all("els => els.map(e => e.dataset.seqItem)")
                ]
                at = current.index(item)
                if at == position:
                    break
                widget.locator(f'[data-seq-item="{item}"] [data-seq-move="up"]').click()

    def do_lesson(self, lesson_id: str, style: Style, text: str | None = None) -> None:
        """Open a lesson, answer and check every knowledge check, write assignments, read to the end."""
        self.go(lesson_id)
        page = self.frame.locator(f'section[data-lesson-id="{lesson_id}"]')
        lesson = next(item for item in self.data["lessons"] if item["id"] == lesson_id)
        for question_id in lesson["checks"]:
            self.answer(page, question_id, style)
            page.locator(f'[data-question="{question_id}"] [data-check]').click()
        for assignment_id in lesson["assignments"]:
            maximum = int(self.data["assignments"][assignment_id]["max"])
            value = PLAIN * maximum if style == "longest" else (text or "My answer.")
            page.locator(f'[data-assignment="{assignment_id}"] textarea').fill(value)
        self.read_to_end()
        # The end of a lesson counts once the browser reports it in view (IntersectionObserver, a
        # frame later); a learner takes longer than that to scroll back up to the contents.
        self.frame.locator(f'[data-toc] [data-nav-to="{lesson_id}"][data-done]').wait_for(state="attached")

    def attempt_size(self) -> int:
        """Questions in one quiz attempt: the fixed ones plus every draw's count."""
        quiz = self.data["quiz"]
        return len(quiz["questions"]) + sum(int(draw["n"]) for draw in quiz.get("draw", []))

    def asked(self) -> list[str]:
        """The questions of the current (or last) attempt, in the order shown (a draw's, when the quiz draws)."""
        ids: list[str] = self.frame.evaluate("Coursec.app.progress.quizIds()")
        return ids

    def take_quiz(self, style: Style | dict[str, Style] = "right") -> None:
        """Answer the quiz one question per screen, as shown, and submit the attempt on the last one.

        Each question is answered by its id (a drawn quiz asks other questions in each attempt): `style`
        for all, or a style per question id ("right" for those it does not name). With feedback after
        each question, every answer is checked before the next.
        """
        if self.visible_page() != "quiz":
            self.go("quiz")
        container = self.frame.locator("[data-quiz]")
        check = container.locator("[data-quiz-check]")
        following = container.locator("[data-quiz-next]")
        for _ in range(self.attempt_size()):  # from the screen shown (a resumed attempt: the first open one)
            current = container.locator("[data-quiz-item][data-current] [data-question]")
            question_id = str(current.get_attribute("data-question"))
            chosen = style if isinstance(style, str) else style.get(question_id, "right")
            self.answer(container, question_id, chosen)
            if check.count() and check.is_visible():
                check.click()
                current.locator("[data-feedback]").wait_for(state="visible")
            if not following.is_visible():
                break  # the last question: submit
            following.click()
        container.locator("[data-quiz-submit]").click()
        container.locator("[data-quiz-result]").wait_for(state="visible")
