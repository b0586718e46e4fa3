from __future__ import annotations

from compiler.diagnostics import Diagnostic
from compiler.model.course import SingleChoice
from compiler.model.validate import (
    SourceIndex,
    validate_config,
    validate_lesson,
    validate_quiz,
)
from compiler.source.files import SourceFile
from compiler.source.markdown_blocks import parse_lesson
from compiler.source.yaml_positions import parse_yaml

COURSE = """id: demo
title: Demo
language: nl
version: 1.0.0
description: Een demo.
lessons: [een]
"""


def _config(text: str) -> list[tuple[str, str, int, int, str | None]]:
    data, positions, _ = parse_yaml(text, "course.yaml")
    config, errors = validate_config(data, positions)
    assert (config is None) == bool(errors)
    return [_flat(e) for e in errors]


def _flat(e: Diagnostic) -> tuple[str, str, int, int, str | None]:
    assert e.span is not None
    return (e.code, e.message, e.span.line, e.span.column, e.hint)


def test_valid_course_yaml_gives_a_frozen_config() -> None:
    data, positions, _ = parse_yaml(COURSE, "course.yaml")
    config, errors = validate_config(data, positions)
    assert errors == []
    assert config is not None
    assert (config.id, config.theme, config.completion.lessons, config.completion.quiz) == (
        "demo",
        "default",
        True,
        False,
    )


def test_unknown_key_points_at_the_key_and_suggests_the_nearest() -> None:
    assert _config(COURSE + "titel: x\n") == [("E201", "unknown key 'titel'", 7, 1, "did you mean 'title'?")]


def test_unknown_nested_key_suggests_from_the_nested_model() -> None:
    text = COURSE + "branding:\n  organsation: Zorg\n"
    assert _config(text) == [("E201", "unknown key 'organsation'", 8, 3, "did you mean 'organisation'?")]


def test_missing_required_key() -> None:
    errors = _config(COURSE.replace("version: 1.0.0\n", ""))
    assert errors == [("E202", "missing required key 'version'", 0, 0, None)]


def test_wrong_type_and_invalid_values_name_the_field_and_what_was_found() -> None:
    text = COURSE.replace("id: demo", "id: Demo Cursus") + "mastery_score: veel\ncompletion:\n  quiz: misschien\n"
    assert _config(text) == [
        (
            "E204",
            "'id' has an invalid value 'Demo Cursus'",
            1,
            5,
            "use lower-case letters, digits and '-' only, e.g. 'demo-cursus'",
        ),
        ("E203", "'completion.quiz' must be true or false, found 'misschien'", 9, 9, None),
        ("E203", "'mastery_score' must be a whole number, found 'veel'", 7, 16, None),
    ]


def test_course_yaml_that_is_not_a_mapping() -> None:
    assert _config("- een\n- twee\n")[0][:2] == (
        "E106",
        "course.yaml must be a mapping of keys to values, found a list",
    )


def test_quiz_with_unknown_question_type_suggests_the_right_one() -> None:
    text = "id: toets\ntitle: Toets\nquestions:\n  - id: q1\n    type: single-choice\n    prompt: Vraag?\n"
    data, positions, _ = parse_yaml(text, "quiz.yaml")
    quiz, errors = validate_quiz(data, positions)
    assert quiz is None
    assert [_flat(e) for e in errors] == [
        ("E205", "unknown question type 'single-choice'", 5, 11, "did you mean 'single'?")
    ]


def _lesson(body: str) -> tuple[object, list[tuple[str, str, int, int, str | None]]]:
    text = "---\nid: les\ntitle: Les\nobjectives: [Iets leren]\n---\n\n" + body
    source, parse_errors = parse_lesson(SourceFile("lessons/01.md", text))
    assert parse_errors == []
    assert source is not None
    lesson, errors = validate_lesson(source, SourceIndex())
    return lesson, [_flat(e) for e in errors]


def test_question_block_errors_point_into_the_lesson_with_author_facing_paths() -> None:
    _, errors = _lesson(
        "```question\nid: q1\ntype: single\nprompt: Wat?\noptions:\n  - text: A\n    corect: true\n  - text: B\n```\n"
    )
    assert errors == [
        ("E201", "unknown key 'corect'", 13, 5, "did you mean 'correct'?"),
    ]
    _, errors = _lesson("```question\nid: q1\ntype: single\nprompt: Wat?\noptions:\n  - text: A\n  - text: B\n```\n")
    assert errors == [
        (
            "E204",
            "a single-choice question needs exactly one option with 'correct: true'",
            7,
            1,
            "mark one option 'correct: true'; use type 'multiple' for more than one right answer",
        )
    ]


def test_media_block_requires_alt_text_for_images() -> None:
    _, errors = _lesson("```media\ntype: image\nsrc: media/x.svg\n```\n")
    assert errors == [
        (
            "E204",
            "an image needs 'alt' text for learners who cannot see it",
            7,
            1,
            "add 'alt:' with a short text that says what the image shows",
        )
    ]


def test_valid_lesson_keeps_blocks_in_order() -> None:
    lesson, errors = _lesson(
        "Intro.\n\n```question\nid: q1\ntype: single\nprompt: Wat?\noptions:\n  - text: A\n    correct: true\n"
        "  - text: B\n```\n\n```assignment\nid: a1\nprompt: Schrijf.\nmax_length: 300\n```\n"
    )
    assert errors == []
    assert [type(q) for q in lesson.questions()] == [SingleChoice]  # type: ignore[attr-defined]
    assert [a.max_length for a in lesson.assignments()] == [300]  # type: ignore[attr-defined]


def test_a_misspelt_required_key_is_one_error_with_a_hint() -> None:
    text = COURSE.replace("description: Een demo.", "omschrijving: Een demo.")
    assert _config(text) == [
        ("E201", "unknown key 'omschrijving'", 5, 1, "did you mean 'description'? it is required and missing")
    ]


def test_a_value_yaml_changed_is_quoted_as_written_with_the_fix() -> None:
    errors = _config(COURSE.replace("version: 1.0.0", "version: 1.10"))
    assert errors == [
        (
            "E203",
            "'version' must be text, found 1.10, which YAML reads as the number 1.1",
            4,
            10,
            'quote it: version: "1.10"',
        )
    ]


def test_a_key_without_a_value_is_a_warning_unless_it_is_already_an_error() -> None:
    data, positions, _ = parse_yaml(COURSE + "mastery_score:\n", "course.yaml")
    config, found = validate_config(data, positions)
    assert config is not None
    assert [(d.code, d.message) for d in found] == [("W102", "'mastery_score' has no value, so the course ignores it")]
    assert [code for code, *_ in _config(COURSE.replace("title: Demo", "title:"))] == ["E203"]


def test_answer_on_a_choice_question_says_to_mark_the_option() -> None:
    body = (
        "```question\nid: q\ntype: single\nprompt: P\nanswer: 2\n"
        "options:\n  - text: A\n  - text: B\n    correct: true\n```\n"
    )
    source, _ = parse_lesson(SourceFile("lessons/a.md", "---\nid: a\ntitle: A\nobjectives: [x]\n---\n" + body))
    assert source is not None
    _, errors = validate_lesson(source, SourceIndex())
    assert [(e.code, e.message) for e in errors] == [("E201", "unknown key 'answer'")]
    assert "'correct: true'" in (errors[0].hint or "")


def test_a_block_without_an_id_is_named_after_its_lesson_type_and_place() -> None:
    from compiler.model.course import RegisteredBlock

    from ..blocks.helpers import ACCORDION, TABS, lesson_from

    lesson, errors = lesson_from(TABS + ACCORDION + ACCORDION + TABS.replace("id: apps\n", ""), "vinkjes")
    assert errors == []
    assert lesson is not None
    blocks = [block for block in lesson.blocks if isinstance(block, RegisteredBlock)]
    assert [(b.kind, b.id) for b in blocks] == [
        ("tabs", "apps"),
        ("accordion", "vinkjes-accordion-1"),
        ("accordion", "vinkjes-accordion-2"),
        ("tabs", "vinkjes-tabs-2"),
    ]


def test_a_blocks_schema_errors_point_into_the_block() -> None:
    from ..blocks.helpers import lesson_from

    _, errors = lesson_from("```tabs\npanels:\n  - title: Een\n    body: a\n  - titel: Twee\n    body: b\n```\n")
    assert [(e.code, e.span.line if e.span else 0, e.hint) for e in errors] == [("E201", 10, "did you mean 'title'?")]
