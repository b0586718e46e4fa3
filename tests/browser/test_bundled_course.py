"""The bundled course "WhatsApp in de zorg", played through in the LMS simulation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SESSION_TIME, LmsSession, Package
from .learner import Learner
from .test_scorm_runtime import assert_strict_interaction, finished_core, first_launch, interactions

pytestmark = pytest.mark.browser

BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"
Compile = Callable[[Path], Package]
Launch = Callable[..., LmsSession]


def _lessons(learner: Learner) -> list[str]:
    return [str(lesson["id"]) for lesson in learner.data["lessons"]]


def test_a_learner_who_does_everything_right_passes(compiled: Compile, launch: Launch) -> None:
    package = compiled(BUNDLED)
    session = launch(package, first_launch(70))
    learner = Learner(session.frame)
    for lesson in _lessons(learner):
        learner.do_lesson(lesson, "right", text="Ik bespreek dit met mijn team.")
    learner.take_quiz("right")
    learner.go("end")
    session.frame.locator('[data-action="exit"]').first.click()

    core = finished_core(session)
    assert core["lesson_status"] == "passed"
    score = core["score"]
    assert isinstance(score, dict)
    assert (score["raw"], score["min"], score["max"]) == ("100", "0", "100")
    assert core["exit"] == ""
    assert SESSION_TIME.match(str(core["session_time"]))
    records = interactions(session)
    assert len(records) == len(learner.data["quiz"]["questions"]) == 15
    for record in records:
        assert_strict_interaction(record)
        assert record["result"] == "correct"
    session.assert_clean()
