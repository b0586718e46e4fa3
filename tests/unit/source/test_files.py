from __future__ import annotations

import os
from pathlib import Path

import pytest

from compiler.source.files import LocalizedMedia, load_course_files, localized_media, read_files


def _write(root: Path, relative: str, data: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_reads_text_files_sorted_skips_hidden_and_normalises_line_ends(tmp_path: Path) -> None:
    _write(tmp_path, "course.yaml", b"\xef\xbb\xbfid: x\r\ntitle: y\r\n")
    _write(tmp_path, "lessons/02-b.md", b"b")
    _write(tmp_path, "lessons/01-a.md", b"a")
    _write(tmp_path, "lessons/.draft.md", b"hidden")
    _write(tmp_path, ".git/config", b"x")
    _write(tmp_path, "media/.DS_Store", b"x")
    _write(tmp_path, "media/pic.svg", b"<svg/>")
    files, errors = load_course_files(tmp_path)
    assert errors == []
    assert files.texts["course.yaml"].text == "id: x\ntitle: y\n"
    assert files.lesson_paths() == ["lessons/01-a.md", "lessons/02-b.md"]
    assert sorted(files.inventory) == ["course.yaml", "lessons/01-a.md", "lessons/02-b.md", "media/pic.svg"]
    assert read_files(tmp_path, ["media/pic.svg"]) == ({"media/pic.svg": b"<svg/>"}, [])


def test_the_output_folder_at_the_top_is_not_course_content(tmp_path: Path) -> None:
    """build/ beside course.yaml is where `coursec compile` writes; a build/ deeper down is the author's."""
    _write(tmp_path, "course.yaml", b"id: x\n")
    _write(tmp_path, "build/x-1.0.0-scorm12.zip", b"PK")
    _write(tmp_path, "build/lessons/01-old.md", b"old")
    _write(tmp_path, "media/build/diagram.svg", b"<svg/>")
    files, errors = load_course_files(tmp_path)
    assert errors == []
    assert sorted(files.inventory) == ["course.yaml", "media/build/diagram.svg"]


def test_invalid_utf8_is_reported_with_line_and_column(tmp_path: Path) -> None:
    _write(tmp_path, "lessons/01.md", b"---\nid: a\ntitle: caf\xe9\n")
    files, errors = load_course_files(tmp_path)
    assert "lessons/01.md" not in files.texts
    assert [(e.code, e.span.line if e.span else 0, e.span.column if e.span else 0) for e in errors] == [("E101", 3, 11)]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_leaving_the_course_are_recorded_not_listed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    course = tmp_path / "course"
    (course / "media").mkdir(parents=True)
    (course / "media" / "leak.txt").symlink_to(outside)
    (course / "media" / "ok.svg").write_text("<svg/>")
    (course / "media" / "alias.svg").symlink_to(course / "media" / "ok.svg")
    files, _ = load_course_files(course)
    assert files.escaping_links == frozenset({"media/leak.txt"})
    assert "media/alias.svg" in files.inventory
    assert "media/leak.txt" not in files.inventory


def test_misnamed_course_files_are_reported_and_lessons_still_read(tmp_path: Path) -> None:
    _write(tmp_path, "course.yml", b"id: x\n")
    _write(tmp_path, "lessons/01-a.markdown", b"---\n")
    files, errors = load_course_files(tmp_path)
    assert [(e.code, e.span.path if e.span else "", e.hint) for e in errors] == [
        ("E107", "course.yml", "rename 'course.yml' to 'course.yaml'"),
        ("E107", "lessons/01-a.markdown", "rename it to 'lessons/01-a.md'"),
    ]
    assert files.lesson_paths() == ["lessons/01-a.markdown"]
    assert files.misnamed == frozenset({"course.yaml"})


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("lessons/01.MD", "lessons/01.md"),
        ("lessons/01.Md", "lessons/01.md"),
        ("lessons/sub/01.Markdown", "lessons/sub/01.md"),
    ],
)
def test_a_lesson_suffix_in_any_letter_case_is_read_and_reported(tmp_path: Path, name: str, wanted: str) -> None:
    _write(tmp_path, name, b"---\nid: a\n---\n")
    files, errors = load_course_files(tmp_path)
    assert [(e.code, e.hint) for e in errors] == [("E107", f"rename it to '{wanted}'")]
    assert files.lesson_paths() == [name]


def test_course_and_quiz_files_in_another_case_or_suffix_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, "Course.YAML", b"id: x\n")
    _write(tmp_path, "QUIZ.yml", b"id: q\n")
    _write(tmp_path, "notes.yaml", b"x: 1\n")
    files, errors = load_course_files(tmp_path)
    assert [(e.code, e.span.path if e.span else "") for e in errors] == [("E107", "Course.YAML"), ("E107", "QUIZ.yml")]
    assert files.misnamed == frozenset({"course.yaml", "quiz.yaml"})


def test_a_second_course_file_beside_the_one_read_is_a_warning(tmp_path: Path) -> None:
    _write(tmp_path, "course.yaml", b"id: x\n")
    _write(tmp_path, "course.yml", b"id: old\n")
    files, errors = load_course_files(tmp_path)
    assert [(e.code, e.severity, e.span.path if e.span else "") for e in errors] == [("W107", "warning", "course.yml")]
    assert files.texts["course.yaml"].text == "id: x\n"


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path: Path) -> None:
    _write(tmp_path, "lessons/01.md", b"\xef\xbb\xbf---\r\nid: a\r\n---\r\n")
    files, errors = load_course_files(tmp_path)
    assert errors == []
    assert files.texts["lessons/01.md"].text == "---\nid: a\n---\n"


def test_an_unreadable_file_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "course.yaml", b"id: x\n")
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "course.yaml":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    files, errors = load_course_files(tmp_path)
    assert "course.yaml" not in files.texts
    assert [(e.code, e.message) for e in errors] == [("E108", "file cannot be read: Permission denied")]


def test_a_looping_or_dangling_link_is_reported_only_where_the_compiler_reads(tmp_path: Path) -> None:
    _write(tmp_path, "course.yaml", b"id: x\n")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "loop.md").symlink_to("loop.md")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "gone.svg").symlink_to("nowhere.svg")
    files, errors = load_course_files(tmp_path)
    assert [(e.code, e.span.path if e.span else "") for e in errors] == [("E108", "lessons/loop.md")]
    assert files.unreadable == frozenset({"lessons/loop.md"})
    assert "media/gone.svg" not in files.inventory


def test_the_column_of_a_bad_byte_counts_characters_not_bytes(tmp_path: Path) -> None:
    _write(tmp_path, "lessons/01.md", "é€ ".encode() + b"\xeb")
    _, errors = load_course_files(tmp_path)
    assert [(e.span.line, e.span.column) for e in errors if e.span] == [(1, 4)]


def test_localized_media_are_the_files_of_a_media_folder_named_after_a_translation() -> None:
    inventory = [
        "translations/en.xlf",
        "media/logo.svg",
        "media/en/logo.svg",
        "media/en/screens/menu.png",
        "media/de/logo.svg",  # no translations/de.xlf: ordinary media
        "media/en.svg",
        "lessons/en/logo.svg",
    ]
    assert localized_media(inventory) == [
        LocalizedMedia("media/en/logo.svg", "en", "media/logo.svg"),
        LocalizedMedia("media/en/screens/menu.png", "en", "media/screens/menu.png"),
    ]
