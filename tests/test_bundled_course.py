"""The bundled course "WhatsApp in de zorg": its structure, and that it compiles cleanly within budget."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from compiler.api import CompileResult, compile_course
from compiler.diagnostics import format_text
from compiler.model.course import Course, MediaBlock
from compiler.render.suspend_budget import encode_text
from compiler.targets.cmi5.structure import build_course_structure, check_course_structure
from compiler.targets.scorm12.target import SUSPEND_DATA_LIMIT

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"
EDITIONS = ("en",)
"""The translations the repository holds (translations/<language>.xlf): each must stay complete."""


@pytest.fixture(scope="module")
def result() -> CompileResult:
    return compile_course(BUNDLED, None, theme_dirs=(ROOT / "themes",))


@pytest.fixture(scope="module")
def course(result: CompileResult) -> Course:
    assert result.course is not None
    return result.course


def test_compiles_without_errors_or_warnings_within_the_suspend_data_budget(result: CompileResult) -> None:
    assert result.diagnostics == []
    assert result.suspend_data_worst_case is not None
    assert result.suspend_data_worst_case <= SUSPEND_DATA_LIMIT


def test_every_lesson_has_an_id_a_title_and_objectives(course: Course) -> None:
    assert len(course.lessons) >= 10
    for lesson in course.lessons:
        assert lesson.id
        assert lesson.title.strip()
        assert lesson.objectives
        assert all(objective.strip() for objective in lesson.objectives)


def test_the_quiz_has_at_least_12_questions_of_4_types_each_with_explaining_feedback(course: Course) -> None:
    assert course.quiz is not None
    questions = course.quiz_questions()
    assert len(questions) >= 12
    assert len({question.type for question in questions}) >= 4
    for question in questions:
        assert question.feedback.correct, question.id
        assert question.feedback.incorrect, question.id


def test_each_attempt_draws_15_questions_from_banks_larger_than_their_draws(course: Course) -> None:
    assert course.quiz is not None
    assert course.quiz.attempt_size() == 15
    assert course.quiz.draw
    for draw, pool in zip(course.quiz.draw, course.draw_pools(), strict=True):
        assert draw.bank is not None
        assert len(pool) > draw.count, draw.bank
    assert len(course.quiz_questions()) > course.quiz.attempt_size()
    # Points: the matching and ordering questions count double.
    assert {q.id for q in course.quiz_questions() if q.points == 2} == {
        "toets-knoppen",
        "toets-instellingen",
        "toets-volgorde-installeren",
    }


def test_passing_needs_all_lessons_and_the_quiz_at_70_percent(course: Course) -> None:
    assert course.config.completion.lessons
    assert course.config.completion.quiz
    assert course.config.mastery_score == 70
    assert course.config.language == "nl"


def test_images_have_dutch_alt_text_and_the_original_module_is_credited(course: Course) -> None:
    media = [block.media for lesson in course.lessons for block in lesson.blocks if isinstance(block, MediaBlock)]
    assert len(media) >= 4
    assert all(m.alt and len(m.alt) > 10 for m in media if m.type == "image")
    credited = " ".join(f"{credit.role} {credit.name}" for credit in course.config.credits)
    for name in ("Hans Versteegh", "Welzijn 3.0", "'s Heeren Loo", "Newcom"):
        assert name in credited


def test_its_cmi5_course_structure_passes_the_xsd_and_every_check(course: Course, result: CompileResult) -> None:
    assert "index.html" in result.files
    assert check_course_structure(build_course_structure(course), list(result.files)) == []


def test_assignments_hold_twice_the_plain_dutch_text_they_did_in_scorm_12(
    result: CompileResult, course: Course
) -> None:
    # Issue 10: the assignments were cut to 1,420 characters in total to fit SCORM 1.2; counting
    # their allowance in stored characters gives plain text twice that room within the same 4,096.
    sample = "Ik zet geen namen van cliënten in de groepsapp; dat hoort in het dossier. "
    room = 0
    for lesson in course.lessons:
        for assignment in lesson.assignments():
            text = ""
            while len(encode_text(text + sample[len(text) % len(sample)])) <= assignment.max_length:
                text += sample[len(text) % len(sample)]
            room += len(text)
    assert room >= 2 * 1420
    assert result.suspend_data_worst_case is not None
    assert result.suspend_data_worst_case <= SUSPEND_DATA_LIMIT


FONT_BUDGET = 40 * 1024
"""Bytes of the typeface in a package: the subset files and their licence (issue 22), apart from the runtime's."""


def test_its_package_carries_the_typeface_within_40_kb(result: CompileResult) -> None:
    fonts = {path: len(data) for path, data in result.files.items() if path.startswith("static/fonts/")}
    assert sorted(fonts) == [
        "static/fonts/OFL.txt",
        "static/fonts/atkinson-hyperlegible-bold.woff2",
        "static/fonts/atkinson-hyperlegible-regular.woff2",
    ]
    assert sum(fonts.values()) < FONT_BUDGET, fonts


def _translation_problems(course_dir: Path, language: str) -> str:
    """Every diagnostic of the edition in `language`, in every target, as `coursec validate` prints it."""
    edition = compile_course(course_dir, None, targets=["all"], language=language, theme_dirs=(ROOT / "themes",))
    return format_text(edition.diagnostics, {})


@pytest.mark.parametrize("language", EDITIONS)
def test_every_edition_is_complete_and_current_in_every_target(language: str) -> None:
    # A Dutch text edited or added without updating translations/<language>.xlf fails here, naming the
    # unit, the source file:line and the translation's line. To fix it: `coursec translate extract
    # course_src/whatsapp-in-de-zorg --to <language>`, translate the units it marks, commit the .xlf.
    assert sorted(path.stem for path in (BUNDLED / "translations").glob("*.xlf")) == sorted(EDITIONS)
    problems = _translation_problems(BUNDLED, language)
    assert problems == "", f"translations/{language}.xlf is not complete and current:\n{problems}"


def test_an_edit_of_the_dutch_text_that_is_not_translated_is_reported_at_its_line(tmp_path: Path) -> None:
    course = tmp_path / BUNDLED.name
    shutil.copytree(BUNDLED, course, ignore=shutil.ignore_patterns("build"))
    lesson = course / "lessons" / "03-bericht-sturen.md"
    text = lesson.read_text(encoding="utf-8")
    edited = "Typ je bericht in het tekstvak helemaal onderaan."
    lesson.write_text(text.replace("Typ je bericht in het tekstvak onderaan.", edited), encoding="utf-8")
    yaml = course / "course.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("title: WhatsApp in de zorg", "title: WhatsApp op het werk", 1),
        encoding="utf-8",
    )
    last = course / "lessons" / "14-vijf-manieren.md"
    last.write_text(last.read_text(encoding="utf-8").rstrip("\n") + "\n\nEen nieuwe alinea.\n", encoding="utf-8")
    line = next(n for n, row in enumerate(lesson.read_text(encoding="utf-8").splitlines(), 1) if edited in row)
    problems = _translation_problems(course, "en").splitlines()
    headers = [row for row in problems if "warning[" in row]
    assert len(headers) == 3, problems
    assert headers[0].startswith("course.yaml:")
    assert (
        "warning[W702]: the source of 'course/title' changed since it was translated (translations/en.xlf:"
        in headers[0]
    )
    assert headers[1].startswith(f"lessons/03-bericht-sturen.md:{line}:")
    assert "'lessons/bericht-sturen/text/8' changed since it was translated (translations/en.xlf:" in headers[1]
    assert headers[2].startswith("lessons/14-vijf-manieren.md:")
    assert "warning[W701]:" in headers[2]
    assert "'lessons/vijf-manieren/text/14'" in headers[2]


def test_the_english_edition_shows_the_english_pictures_and_the_dutch_one_the_dutch(tmp_path: Path) -> None:
    # media/en/<name> stands in for media/<name> in the English edition (the SVGs carry words).
    english = compile_course(BUNDLED, tmp_path / "en", targets=["web"], language="en", theme_dirs=(ROOT / "themes",))
    dutch = compile_course(BUNDLED, tmp_path / "nl", targets=["web"], theme_dirs=(ROOT / "themes",))
    assert english.package_path is not None
    assert dutch.package_path is not None
    pictures = sorted(path.name for path in (BUNDLED / "media" / "en").iterdir())
    assert pictures == sorted(path.name for path in (BUNDLED / "media").glob("*.svg"))
    with zipfile.ZipFile(english.package_path) as en, zipfile.ZipFile(dutch.package_path) as nl:
        assert not [name for name in en.namelist() + nl.namelist() if name.startswith("media/en/")]
        for name in pictures:
            assert en.read(f"media/{name}") == (BUNDLED / "media" / "en" / name).read_bytes()
            assert nl.read(f"media/{name}") == (BUNDLED / "media" / name).read_bytes()
        ticks = en.read("media/vinkjes.svg").decode()
    assert [word in ticks for word in ("verstuurd", "afgeleverd", "gelezen")] == [False] * 3
    assert all(word in ticks for word in (">sent<", ">delivered<", ">read<"))
