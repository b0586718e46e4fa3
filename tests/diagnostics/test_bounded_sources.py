"""Hostile source stays bounded: an alias bomb ends at once with located errors, wherever it is written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "tests" / "golden" / "graded" / "course_src"


def bomb(levels: int, indent: str = "") -> str:
    """A 'billion laughs': each anchor is nine aliases of the one before (9**levels strings if expanded)."""
    lines = [f'{indent}l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _validate(course: Path) -> subprocess.CompletedProcess[str]:
    # A timeout, not a timing: before the fix this ran until memory ran out.
    return subprocess.run(
        [sys.executable, "-m", "compiler", "validate", str(course), f"--theme-dir={ROOT / 'themes'}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_alias_bomb_in_course_yaml_ends_with_located_errors(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text + "extra:\n" + bomb(12, "  "), encoding="utf-8")
    line = text.count("\n") + 2
    result = _validate(course)
    assert result.returncode == 1
    assert f"course.yaml:{line}:7: error[E113]: YAML reads '&l0' as an anchor name" in result.stderr
    assert f"course.yaml:{line + 1}:12: error[E113]: YAML aliases ('*l0') are not supported" in result.stderr
    assert "Traceback" not in result.stderr + result.stderr


def test_an_alias_bomb_in_a_lesson_block_ends_with_located_errors(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    lesson = sorted((course / "lessons").glob("*.md"))[0]
    text = lesson.read_text(encoding="utf-8")
    block = "```media\ntype: image\nsrc: media/x.svg\nalt: x\n" + bomb(12) + "```\n"
    lesson.write_text(text + "\n" + block, encoding="utf-8")
    line = text.count("\n") + 6  # after the blank line, the fence and three keys
    result = _validate(course)
    assert result.returncode == 1
    relative = lesson.relative_to(course).as_posix()
    assert f"{relative}:{line}:5: error[E113]: YAML reads '&l0' as an anchor name" in result.stderr
    assert f"{relative}:{line + 11}:" in result.stderr  # the last anchor's line, l11
    assert "Traceback" not in result.stderr + result.stderr
