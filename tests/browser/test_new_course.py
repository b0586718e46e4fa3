"""The course `coursec new` writes, played to completion in the SCORM 1.2 LMS simulation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.scaffold import LANGUAGES, write_starter_course

from .a11y_helpers import axe_violations
from .conftest import LmsSession, Package
from .learner import Learner
from .test_scorm_runtime import finished_core, first_launch, interactions

pytestmark = pytest.mark.browser

Compile = Callable[[Path], Package]
Launch = Callable[..., LmsSession]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_completes_the_starter_course(
    compiled: Compile, launch: Launch, tmp_path: Path, language: str
) -> None:
    course_dir = tmp_path / "starter"
    write_starter_course(course_dir, language)
    package = compiled(course_dir)
    session = launch(package, first_launch(50))
    learner = Learner(session.frame)
    lessons = [str(lesson["id"]) for lesson in learner.data["lessons"]]
    assert len(lessons) == 2
    for lesson in lessons:
        learner.do_lesson(lesson, "right", text="Veilig mailen")
    learner.take_quiz("right")
    learner.go("end")
    session.frame.locator('[data-action="exit"]').first.click()

    core = finished_core(session)
    assert core["lesson_status"] == "passed"
    score = core["score"]
    assert isinstance(score, dict)
    assert score["raw"] == "100"
    records = interactions(session)
    assert [record["id"] for record in records] == [f"{q}_1" for q in learner.data["quiz"]["questions"]]
    assert all(record["result"] == "correct" for record in records)  # formats checked by interactions()
    session.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_the_starter_course_passes_axe(
    compiled: Compile, launch: Launch, tmp_path: Path, language: str
) -> None:
    course_dir = tmp_path / "starter"
    write_starter_course(course_dir, language)
    session = launch(compiled(course_dir), first_launch(50))
    learner = Learner(session.frame)
    for key in [str(lesson["id"]) for lesson in learner.data["lessons"]] + ["quiz"]:
        learner.go(key)
        assert axe_violations(session.frame, whole_document=False) == [], key
