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


def test_fill_in_room_fits_every_standard_as_the_docs_table_says() -> None:
    """docs/course-format.md "What learners type": a fill-in's longest answer is reported whole everywhere."""
    from pathlib import Path

    from compiler.model.course import FillIn

    root = Path(__file__).resolve().parents[3]
    docs = (root / "docs" / "course-format.md").read_text(encoding="utf-8")
    section = docs.split("### What learners type", 1)[1].split("\n## ", 1)[0]
    rows = {
        cells[0]: cells
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    bound = next(m.le for m in FillIn.model_fields["max_length"].metadata if hasattr(m, "le"))
    assert f"at most {bound} characters" in rows["standard"][3]
    formats = (root / "compiler" / "runtime" / "trackers" / "formats.js").read_text(encoding="utf-8")
    scorm12 = (root / "compiler" / "runtime" / "trackers" / "scorm12.js").read_text(encoding="utf-8")
    text_max = int(formats.split("const TEXT_MAX = ", 1)[1].split(";", 1)[0])
    holds = {"SCORM 1.2": 255 if ".slice(0, 255)" in scorm12 else None, "SCORM 2004": text_max, "cmi5 (xAPI)": text_max}
    for standard, limit in holds.items():
        assert rows[standard][2].startswith(f"{limit} characters"), standard
        # the longest answer, with the {lang=...} prefix of a BCP 47 tag of at most 35 characters
        assert limit is not None
        assert bound + len("{lang=}") + 35 <= limit
        assert rows[standard][3] == "fits"
