"""A learner's own words reach the LMS exactly as typed, up to where the field is full (issue 18).

scorm-again is the LMS (SCORM 1.2 and 2004). The learner types accented text, an emoji, a line
break and a paste from a word processor (typographic quotes, a no-break space, a dash, double
spaces) into an assignment and into a fill-in of the graded quiz, past the room there is. What the
LMS holds afterwards (suspend_data read back by a relaunch, student_response / learner_response) is
exactly the start of what was typed, and the page says the field is full.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import COURSES, LmsSession, Package
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

Launch = Callable[..., LmsSession]
Compile = Callable[..., Package]

COURSE = COURSES / "learner-text"
SCORM = ["scorm12", "scorm2004"]

TYPED = "Één café | “niet doen” zei ze.\nDag twee: 😀 oké? "
"""Typed key by key: accents, a character suspend_data must escape ('|'), quotes, a line break, an emoji."""
WORD_PASTE = "“Zo staat het in het protocol”\u00a0\u2013 echt,  met twee spaties… en nog veel meer tekst erachter"
"""Pasted at once, as from Word: typographic quotes, a no-break space, an en dash, two spaces, an ellipsis."""

FULL_NL = "Je antwoord is vol: wat je nu nog typt of plakt, past er niet meer bij en wordt niet bewaard."


def _cost(session: LmsSession, text: str) -> int:
    """Characters the runtime stores for a text (its allowance counts these)."""
    cost: int = session.frame.evaluate("(text) => window.Coursec.state.textCost(text)", text)
    return cost


def _utf16_prefix(text: str, units: int) -> str:
    """The start of `text` that is `units` UTF-16 code units long, as a browser's maxlength counts."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le")


def _responses(session: LmsSession, target: str) -> list[str]:
    setter, element = ("LMSSetValue", "student_response") if target == "scorm12" else ("SetValue", "learner_response")
    responses = []
    for call in session.calls(setter):
        args = call["args"]
        assert isinstance(args, list)
        if str(args[0]).endswith(f".{element}"):
            responses.append(str(args[1]))
    return responses


@pytest.mark.parametrize("target", SCORM)
def test_an_assignment_keeps_exactly_the_start_of_what_was_typed(
    compiled: Compile, launch: Launch, target: str
) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch(50))
    learner = Learner(session.frame)
    learner.go("schrijven")
    allowance = int(learner.data["assignments"]["terugblik"]["max"])
    block = session.frame.locator('[data-assignment="terugblik"]')
    textarea = block.locator("textarea")
    full = block.locator("[data-assignment-full]")
    counter = block.locator("[data-counter]")

    typed = TYPED * 3
    assert _cost(session, typed) > allowance  # more than fits
    textarea.press_sequentially(typed)
    kept = textarea.input_value()
    # What is kept is the start of what was typed, cut where the next character no longer fitted:
    # nothing typed after that (not even the cheap letters) is kept without it.
    assert kept
    assert typed.startswith(kept)
    assert _cost(session, kept) <= allowance < _cost(session, typed[: len(kept) + 1])
    assert "|" in kept
    assert "é" in kept
    assert "\n" in kept
    assert full.text_content() == FULL_NL
    assert full.is_visible()
    # The counter speaks in the characters the learner sees, and how full the answer is.
    assert counter.text_content() == f"{len(kept)} tekens · 100% van de ruimte gebruikt"

    # The case: nearly full, the learner types "die | we". '|' takes four stored characters and
    # does not fit, ' w' would: the text stops at "die ", it never becomes "die  w".
    textarea.fill("")
    assert full.text_content() == ""
    nearly = "Ik zeg: " + "n" * (allowance - 14)
    textarea.fill(nearly)
    assert _cost(session, nearly + "die ") == allowance - 2
    textarea.press_sequentially("die | we")
    assert textarea.input_value() == nearly + "die "
    assert full.text_content() == FULL_NL
    textarea.fill(kept)

    # Making room lets typing go on; a paste from Word keeps its own start, where it was pasted.
    for _ in range(12):
        textarea.press("Backspace")
    base = textarea.input_value()
    assert base == kept[:-12]
    assert full.text_content() == ""
    session.frame.page.keyboard.insert_text(WORD_PASTE)
    pasted = textarea.input_value()
    assert pasted.startswith(base)
    assert pasted != base
    assert WORD_PASTE.startswith(pasted[len(base) :])
    assert len(pasted) < len(base) + len(WORD_PASTE)
    assert _cost(session, pasted) <= allowance
    assert full.text_content() == FULL_NL
    textarea.press_sequentially("abc")  # the field is full: nothing more goes in
    assert textarea.input_value() == pasted

    session.close_course()
    outcome = view.finished(session)
    assert len(outcome.suspend_data) <= package.state_limit
    session.assert_clean()

    resumed = launch(package, **view.relaunch(session, 50))
    Learner(resumed.frame).go("schrijven")
    again = resumed.frame.locator('[data-assignment="terugblik"]')
    assert again.locator("textarea").input_value() == pasted  # what the LMS stored, read back
    assert again.locator("[data-assignment-print]").text_content() == pasted
    resumed.assert_clean()


@pytest.mark.parametrize("target", SCORM)
def test_a_fill_in_answer_is_reported_as_typed_up_to_its_length(compiled: Compile, launch: Launch, target: str) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch(50))
    learner = Learner(session.frame)
    question: dict[str, Any] = learner.question("eigen-woorden")
    room = int(question["max"])
    assert room == 200
    learner.go("quiz")
    widget = session.frame.locator('[data-question="eigen-woorden"]')
    field = widget.locator("input[data-fill-in]")
    note = widget.locator("[data-fill-in-full]")

    typed = "  " + TYPED.replace("\n", " ") * 3  # leading spaces count too
    field.press_sequentially(typed)
    assert field.input_value() == typed
    assert note.text_content() == ""
    session.frame.page.keyboard.insert_text(WORD_PASTE * 3)  # longer than the room left
    answer = field.input_value()
    assert answer == _utf16_prefix(typed + WORD_PASTE * 3, room)
    assert note.text_content() == "Dit veld is vol: er passen hoogstens 200 tekens in."
    assert note.is_visible()
    field.press_sequentially("meer")
    assert field.input_value() == answer

    widget.locator("input[data-fill-in]").dispatch_event("change")
    session.frame.locator("[data-quiz-submit]").click()
    session.frame.locator("[data-quiz-result]").wait_for(state="visible")
    # What the LMS was given is exactly what the learner typed: no spaces folded, no quotes changed.
    assert _responses(session, target) == [answer]
    assert len(view.interactions(session)) == 1  # and in the standard's format (targets.py)
    session.assert_clean()
