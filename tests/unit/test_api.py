from __future__ import annotations

import errno
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from compiler import api
from compiler.api import compile_course, explain_course, format_rule_tables
from compiler.targets.base import package_name
from compiler.targets.scorm12 import TARGET as SCORM12
from compiler.targets.scorm12.target import SUSPEND_DATA_LIMIT

ROOT = Path(__file__).resolve().parents[2]
THEMES = (ROOT / "themes",)
GRADED = ROOT / "tests" / "golden" / "graded" / "course_src"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GRADED, tmp_path / "course"))


def test_compile_writes_a_complete_package_named_after_id_and_version(course: Path, tmp_path: Path) -> None:
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert result.ok, result.diagnostics
    assert result.course is not None
    assert (
        result.package_path
        == tmp_path / "build" / "graded-2.1.0-beta-scorm12.zip"
        == tmp_path / "build" / package_name(result.course, SCORM12)
    )
    with zipfile.ZipFile(result.package_path) as archive:
        names = archive.namelist()
    assert names == sorted(result.files)
    assert {"imsmanifest.xml", "index.html", "imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "media/square.svg"} <= set(
        names
    )
    assert result.suspend_data_worst_case is not None
    assert 0 < result.suspend_data_worst_case <= SUSPEND_DATA_LIMIT


def test_only_referenced_media_and_no_hidden_files_are_packaged(course: Path, tmp_path: Path) -> None:
    (course / "media" / "unused.svg").write_text("<svg/>")
    (course / "media" / ".DS_Store").write_bytes(b"\0")
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert result.ok
    assert [d.code for d in result.diagnostics] == ["W301"]
    assert sorted(n for n in result.files if n.startswith("media/")) == [
        "media/beep.mp3",
        "media/logo.svg",
        "media/square.svg",
    ]


def test_errors_write_nothing_and_leave_a_good_zip_untouched(course: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    good = compile_course(course, build, theme_dirs=THEMES)
    assert good.package_path is not None
    before = good.package_path.read_bytes()
    lesson = course / "lessons" / "01-blocks.md"
    lesson.write_text(lesson.read_text().replace("src: media/square.svg", "src: media/Square.svg"))
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "titel: typo\n")
    bad = compile_course(course, build, theme_dirs=THEMES)
    assert not bad.ok
    assert bad.package_path is None
    assert sorted({d.code for d in bad.diagnostics}) == ["E201", "E305"]  # all errors, from several files
    assert good.package_path.read_bytes() == before
    assert sorted(p.name for p in build.iterdir()) == [good.package_path.name]


def test_validate_mode_checks_everything_but_writes_nothing(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = compile_course(course, None, theme_dirs=THEMES)
    assert result.ok
    assert "imsmanifest.xml" in result.files
    assert result.package_path is None
    assert list(tmp_path.iterdir()) == [course]


def test_theme_and_course_errors_are_reported_together(course: Path, tmp_path: Path) -> None:
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "theme: defualt\nmistake: 1\n")
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert sorted(d.code for d in result.diagnostics) == ["E201", "E401"]


def test_empty_folder_reports_missing_course_yaml_and_lessons(tmp_path: Path) -> None:
    result = compile_course(tmp_path, tmp_path / "build", theme_dirs=THEMES)
    assert [d.code for d in result.diagnostics] == ["E104", "E105"]
    assert not (tmp_path / "build").exists()


def test_one_mistake_gives_one_error_not_a_cascade(course: Path, tmp_path: Path) -> None:
    lesson = course / "lessons" / "01-blocks.md"
    lesson.write_text(lesson.read_text().replace("objectives:", "objectivs:"), encoding="utf-8")
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert [(d.code, d.message) for d in result.diagnostics] == [("E201", "unknown key 'objectivs'")]


def test_the_manifest_mastery_score_and_the_runtime_pass_mark_agree(course: Path, tmp_path: Path) -> None:
    # Moodle recomputes lesson_status from adlcp:masteryscore and score.raw, so the two must never differ.
    result = compile_course(course, None, theme_dirs=THEMES)
    manifest = etree.fromstring(result.files["imsmanifest.xml"])
    mastery = manifest.findtext(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
    page = result.files["index.html"].decode("utf-8")
    found = re.search(r'<script type="application/json" id="coursec-data">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found[1])
    assert mastery == str(data["mastery"]) == "75"


def test_an_output_folder_below_a_file_is_a_diagnostic_not_a_crash(course: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    result = compile_course(course, tmp_path / "afile" / "sub", theme_dirs=THEMES)
    assert [(d.code, d.span.path if d.span else None) for d in result.diagnostics] == [
        ("E601", (tmp_path / "afile" / "sub").as_posix())
    ]
    assert result.package_path is None
    assert not result.ok


@pytest.mark.parametrize("number", [errno.EACCES, errno.ENOSPC])
def test_unwritable_output_or_a_full_disk_is_a_diagnostic_and_leaves_no_file(
    number: int, course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: str, destination: Path) -> None:
        raise OSError(number, os.strerror(number), str(destination))

    monkeypatch.setattr("compiler.package.writer.os.replace", refuse)
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert [d.code for d in result.diagnostics] == ["E601"]
    assert os.strerror(number) in result.diagnostics[0].message
    assert list((tmp_path / "build").iterdir()) == []


def test_an_unreadable_media_file_is_e108_not_a_crash(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.parent.name == "media":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = compile_course(course, None, theme_dirs=THEMES)
    assert {d.code for d in result.diagnostics} == {"E108"}


def test_progress_is_reported_per_stage_for_large_courses_only(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    compile_course(course, None, theme_dirs=THEMES, progress=lines.append)
    assert lines == [], "a small course compiles without progress lines"
    monkeypatch.setattr(api, "PROGRESS_MIN_LESSONS", 2)
    assert compile_course(course, tmp_path / "build", theme_dirs=THEMES, progress=lines.append).ok
    assert [line.split("]")[0] for line in lines] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert lines[0].endswith("lessons")


def test_every_chosen_target_gets_its_own_zip_and_tracker(course: Path, tmp_path: Path) -> None:
    result = compile_course(course, tmp_path / "build", targets=["all"], theme_dirs=THEMES)
    assert result.ok, result.diagnostics
    names = [out.target for out in result.outputs]
    assert names == sorted(names)
    assert {"scorm12", "web"} <= set(names)
    for out in result.outputs:
        assert out.package_path == tmp_path / "build" / f"graded-2.1.0-beta-{out.target}.zip"
        with zipfile.ZipFile(out.package_path) as archive:
            part = archive.read("runtime/target.js").decode("utf-8")
        tracker = "standalone" if out.target == "web" else out.target
        # The target's tracker, then the course's own scripts (the theme's app reads #coursec-strings).
        assert part.index(f'.target="{tracker}";\n') < part.index('"coursec-strings"')
    web = next(out for out in result.outputs if out.target == "web")
    assert "imsmanifest.xml" not in web.files
    assert not any(name.endswith(".xsd") for name in web.files)


def test_course_yaml_chooses_the_targets_when_the_command_line_does_not(course: Path, tmp_path: Path) -> None:
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "targets: [web]\n")
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert [out.target for out in result.outputs] == ["web"]
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["graded-2.1.0-beta-web.zip"]
    explicit = compile_course(course, None, targets=["scorm12"], theme_dirs=THEMES)
    assert [out.target for out in explicit.outputs] == ["scorm12"]


def test_one_targets_error_writes_no_zip_for_any_target(course: Path, tmp_path: Path) -> None:
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "targets: [web, scorm13]\n")
    result = compile_course(course, tmp_path / "build", theme_dirs=THEMES)
    assert [(d.code, d.message) for d in result.diagnostics] == [("E311", "unknown target 'scorm13'")]
    assert not (tmp_path / "build").exists()


def test_explain_maps_the_rule_per_target_as_a_table_to_paste(course: Path) -> None:
    result, tables = explain_course(course, targets=["scorm12", "scorm2004"], theme_dirs=THEMES)
    assert result.ok
    assert [table.target for table in tables] == ["scorm12", "scorm2004"]
    text = format_rule_tables(tables)
    assert text.startswith(
        "SCORM 1.2 (graded-2.1.0-beta-scorm12.zip)\n\n| situation | what the LMS sees |\n| --- | --- |"
    )
    assert "| closed midway | incomplete; no score yet; exit 'suspend'" in text
    assert "| mastery score | 75% = scaled passing score 0.75" in text
    assert (
        f"| learner state (suspend_data) | worst case {result.suspend_data_worst_case:,} of 64,000 characters |" in text
    )


def test_explain_gives_no_table_for_a_broken_course(course: Path) -> None:
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "titel: typo\n")
    result, tables = explain_course(course, theme_dirs=THEMES)
    assert [d.code for d in result.diagnostics] == ["E201"]
    assert tables == ()


def test_target_all_renders_the_course_once_and_only_the_tracker_part_differs(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[str] = []
    from compiler.render.pages import render_course as real

    def counting(*args: Any, **kwargs: Any) -> Any:
        renders.append("index.html")
        return real(*args, **kwargs)

    monkeypatch.setattr("compiler.api.render_course", counting)
    result = compile_course(course, tmp_path / "build", targets=["all"], theme_dirs=THEMES)
    assert result.ok, result.diagnostics
    assert len(result.outputs) >= 4
    assert renders == ["index.html"]
    first, *others = result.outputs
    for other in others:
        shared = set(first.files) & set(other.files)
        assert {"index.html", "runtime/target.js", "static/course.css"} <= shared
        differing = {path for path in shared if first.files[path] != other.files[path]}
        # The same page, theme and media; the tracker part (core and adapters) and the description differ.
        assert differing <= {"runtime/target.js", "imsmanifest.xml"}, (other.target, differing)
        assert "runtime/target.js" in differing


LOCALIZED = ROOT / "tests" / "diagnostics" / "translation-localized-media" / "course_src"


def _packaged(result: api.CompileResult, name: str) -> bytes:
    assert result.package_path is not None
    with zipfile.ZipFile(result.package_path) as archive:
        return archive.read(name)


def test_an_edition_packages_media_of_its_language_under_the_name_the_lessons_use(tmp_path: Path) -> None:
    course = Path(shutil.copytree(LOCALIZED, tmp_path / "course"))
    english = compile_course(course, tmp_path / "en", targets=["web"], theme_dirs=THEMES, language="en")
    dutch = compile_course(course, tmp_path / "nl", targets=["web"], theme_dirs=THEMES)
    assert english.ok, english.diagnostics
    assert dutch.ok, dutch.diagnostics
    assert b">read<" in _packaged(english, "media/vinkjes.svg")
    assert b">gelezen<" in _packaged(dutch, "media/vinkjes.svg")
    for result in (english, dutch):
        assert not [name for name in result.files if name.startswith("media/en/")]
        assert [d.code for d in result.diagnostics] == ["W704"]


def test_a_localized_file_is_checked_as_the_file_it_replaces_and_named_in_the_finding(tmp_path: Path) -> None:
    course = Path(shutil.copytree(LOCALIZED, tmp_path / "course"))
    (course / "media" / "en" / "vinkjes.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"
    )
    assert compile_course(course, None, theme_dirs=THEMES).ok
    english = compile_course(course, tmp_path / "en", theme_dirs=THEMES, language="en")
    assert not english.ok
    errors = [d for d in english.diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["E313"]
    assert errors[0].span is not None
    assert errors[0].span.path == "lessons/01-vinkjes.md"
    assert "(in 'media/en/vinkjes.svg', the 'en' edition's file)" in errors[0].message
    assert not (tmp_path / "en").exists()
