"""The bundled course "WhatsApp in de zorg", played through in the LMS simulation of every target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import TARGETS, LmsSession, Package
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"
Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]


def _lessons(learner: Learner) -> list[str]:
    return [str(lesson["id"]) for lesson in learner.data["lessons"]]


@pytest.mark.parametrize("target", TARGETS)
def test_a_learner_who_does_everything_right_passes(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(BUNDLED, target)
    session = launch(package, **view.first_launch(70))
    learner = Learner(session.frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right", text="Ik bespreek dit met mijn team.")
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
