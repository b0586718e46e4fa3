"""The bundled course "WhatsApp in de zorg", played through in the LMS simulation of every target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame

from .conftest import TARGETS, LmsSession, Package
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"
Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]


def _lessons(learner: Learner) -> list[str]:
    return [str(lesson["id"]) for lesson in learner.data["lessons"]]


EDITIONS: dict[str | None, tuple[str, str]] = {
    None: ("nl", "Waarom WhatsApp ertoe doet"),
    "en": ("en", "Why WhatsApp matters"),
}
"""Per edition (None: the course as written): its language tag and the first lesson's title."""
ANSWER = {None: "Ik bespreek dit met mijn team.", "en": "I will discuss this with my team."}
"""What the learner writes in an assignment, in the edition's language."""
FULL = [*((target, None) for target in TARGETS), ("scorm12", "en"), ("scorm2004", "en")]
"""The whole course played through: every target as written, the English edition in both SCORM versions."""


def _in_language(frame: Frame, language: str | None) -> None:
    """The learner sees the edition's language: the page's language tag and the first lesson's title."""
    tag, title = EDITIONS[language]
    assert frame.evaluate("document.documentElement.lang") == tag
    assert title in frame.locator('[data-toc] [data-nav-to="waarom-whatsapp"]').inner_text()


@pytest.mark.parametrize(("target", "language"), FULL, ids=[f"{t}-{lang or 'nl'}" for t, lang in FULL])
def test_a_learner_who_does_everything_right_passes(
    target: str, language: str | None, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    package = compiled(BUNDLED, target, language)
    session = launch(package, **view.first_launch(70))
    _in_language(session.frame, language)
    learner = Learner(session.frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right", text=ANSWER[language])
    learner.take_quiz("right")
    learner.go("end")
    session.frame.locator('[data-action="exit"]').first.click()

    outcome = view.finished(session)
    assert outcome.status == "passed"
    assert outcome.score == 100
    assert outcome.suspended in (False, None)
    records = view.interactions(session)
    if view.reports_interactions:
        assert len(records) == learner.attempt_size() == 15
        assert all(record["result"] == "correct" for record in records)
    session.assert_clean()


def test_the_english_edition_on_the_web_scores_a_quiz_answered_right(compiled: Compile, launch: Launch) -> None:
    # The shorter scenario for the English edition's other targets (cmi5 and TinCan: their runtime tests).
    view = VIEWS["web"]
    session = launch(compiled(BUNDLED, "web", "en"), **view.first_launch(70))
    _in_language(session.frame, "en")
    learner = Learner(session.frame)
    learner.do_lesson("waarom-whatsapp", "right")
    learner.take_quiz("right")
    result = session.frame.locator("[data-quiz-result]").inner_text()
    assert "100" in result, result
    session.assert_clean()
