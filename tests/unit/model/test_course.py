from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.model.course import (
    Completion,
    Course,
    CourseConfig,
    Lesson,
    Matching,
    MultipleResponse,
    Quiz,
    Sequencing,
    TrueFalse,
)


def _config(**extra: object) -> CourseConfig:
    return CourseConfig.model_validate(
        {
            "id": "demo",
            "title": "Demo",
            "language": "nl",
            "version": "1.0.0",
            "description": "D",
            "lessons": ["een"],
            **extra,
        }
    )


def test_models_are_frozen_and_forbid_unknown_keys() -> None:
    config = _config()
    with pytest.raises(ValidationError):
        config.title = "Anders"  # type: ignore[misc]
    with pytest.raises(ValidationError, match=r"extra_forbidden|Extra inputs"):
        _config(titel="x")


def test_completion_needs_at_least_one_requirement() -> None:
    with pytest.raises(ValidationError, match="at least one"):
        Completion(lessons=False, quiz=False)


def test_question_rules() -> None:
    with pytest.raises(ValidationError, match="at least one option"):
        MultipleResponse.model_validate(
            {"id": "m", "type": "multiple", "prompt": "P", "options": [{"text": "a"}, {"text": "b"}]}
        )


def test_course_knows_its_questions_and_whether_it_is_graded() -> None:
    check = TrueFalse(id="c", type="true-false", prompt="P", answer=True)
    lesson = Lesson(id="een", title="Een", objectives=["x"], blocks=[], source_path="lessons/01.md")
    quiz = Quiz(id="toets", title="Toets", questions=[check.model_copy(update={"id": "q"})])
    graded = Course(config=_config(completion={"quiz": True}, mastery_score=70), lessons=[lesson], quiz=quiz)
    assert graded.has_graded_quiz
    assert [q.id for q in graded.all_questions()] == ["q"]
    assert not Course(config=_config(), lessons=[lesson]).has_graded_quiz


def test_answers_must_be_distinguishable() -> None:
    with pytest.raises(ValidationError, match="same text"):
        MultipleResponse.model_validate(
            {"id": "m", "type": "multiple", "prompt": "P", "options": [{"text": "a", "correct": True}, {"text": "a"}]}
        )
    with pytest.raises(ValidationError, match="'right' item"):
        Matching.model_validate(
            {
                "id": "m",
                "type": "matching",
                "prompt": "P",
                "pairs": [{"left": "a", "right": "x"}, {"left": "b", "right": "x"}],
            }
        )
    with pytest.raises(ValidationError, match="all be different"):
        Sequencing.model_validate({"id": "s", "type": "sequencing", "prompt": "P", "items": ["a", "a"]})


@pytest.mark.parametrize(
    "iri", ["https://learning.example.org/courses/", "urn:example:courses:", "tag:example.org,2026:courses/"]
)
def test_publisher_iri_accepts_absolute_iri_bases(iri: str) -> None:
    assert _config(publisher_iri=iri).publisher_iri == iri


@pytest.mark.parametrize(
    "iri",
    [
        "learning.example.org/courses/",  # no scheme: a relative reference
        "https://learning.example.org/courses",  # ids are appended: it must end in '/' or ':'
        "https://learning.example.org/my courses/",
        "https://learning.example.org/courses/?x=1/",
    ],
)
def test_publisher_iri_refuses_what_cannot_be_an_id_base(iri: str) -> None:
    with pytest.raises(ValidationError, match="publisher_iri"):
        _config(publisher_iri=iri)
