"""Courses for the target tests: the golden cases, compiled without writing."""

from __future__ import annotations

import functools
from pathlib import Path

from compiler.api import compile_course
from compiler.model.course import Course

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden"


@functools.cache
def golden_course(case: str) -> Course:
    """The validated course of tests/golden/<case>."""
    result = compile_course(GOLDEN / case / "course_src", None, theme_dirs=(ROOT / "themes",))
    assert result.course is not None, result.diagnostics
    return result.course


@functools.cache
def package_zips(course_dir: Path) -> dict[str, bytes]:
    """The course's zip for every target, by target name, as a compile writes them (without writing)."""
    from compiler.package.archive import build_archive

    result = compile_course(course_dir, None, targets=["all"], theme_dirs=(ROOT / "themes",))
    assert result.ok, result.diagnostics
    return {output.target: build_archive(output.files) for output in result.outputs}


COURSES = (
    ROOT / "course_src" / "whatsapp-in-de-zorg",
    GOLDEN / "graded" / "course_src",
    GOLDEN / "minimal" / "course_src",
)
"""Every course in the repository: the bundled one and the golden cases."""
