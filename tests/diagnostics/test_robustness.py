"""No source edit crashes the compiler: every single-line deletion gives a package or located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.api import compile_course

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "tests" / "golden" / "graded" / "course_src"
SOURCES = sorted(p.relative_to(COURSE).as_posix() for p in COURSE.rglob("*") if p.suffix in (".yaml", ".md"))


@pytest.mark.parametrize("relative", SOURCES)
def test_deleting_any_line_is_reported_not_crashed(relative: str, tmp_path: Path) -> None:
    lines = (COURSE / relative).read_text(encoding="utf-8").split("\n")
    work = tmp_path / "course"
    for number in range(len(lines)):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(COURSE, work)
        (work / relative).write_text("\n".join(lines[:number] + lines[number + 1 :]), encoding="utf-8")
        result = compile_course(work, None, theme_dirs=(ROOT / "themes",))  # raises on a bug
        unplaced = [d for d in result.diagnostics if d.span is None or not d.span.path]
        assert unplaced == [], f"{relative}: deleting line {number + 1} gave errors that point nowhere"
        assert result.ok == ("imsmanifest.xml" in result.files)
