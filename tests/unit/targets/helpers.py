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
