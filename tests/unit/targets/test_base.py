from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from compiler.model.course import AssignmentBlock, Lesson
from compiler.model.validate import ValidatedParts
from compiler.render.suspend_budget import worst_case
from compiler.targets.base import (
    DEFAULT_TARGET,
    Target,
    available_targets,
    check_state_budget,
    finished_condition,
    load_target,
    package_name,
    target_names,
)

from .helpers import golden_course


def test_every_target_subpackage_is_found_by_its_name() -> None:
    targets = available_targets()
    assert DEFAULT_TARGET in targets
    assert {"scorm12"} <= set(targets)
    for name, target in targets.items():
        assert isinstance(target, Target)
        assert target.name == name
        assert target.tracker_scripts, name


def test_zip_names_carry_the_target() -> None:
    course = golden_course("graded")
    assert package_name(course, available_targets()["scorm12"]) == "graded-2.1.0-beta-scorm12.zip"


def test_the_rule_in_words_names_what_the_learner_must_do() -> None:
    assert finished_condition(golden_course("graded")) == "all lessons done and quiz passed (75% or more)"
    assert finished_condition(golden_course("minimal")) == "all lessons done"


def test_budget_error_only_above_the_limit_with_a_breakdown() -> None:
    course = golden_course("graded")
    state = worst_case(course)
    size = len(state.encoded)
    assert check_state_budget(course, ValidatedParts(), state, size, "X allows") == []
    [diagnostic] = check_state_budget(course, ValidatedParts(), state, size - 1, "X allows")
    assert diagnostic.code == "E308"
    assert diagnostic.message.endswith(f"X allows {size - 1:,}")
    assert f"needs {size:,} characters" in diagnostic.message


def test_assignments_of_the_course_exist_for_the_budget_pointer() -> None:
    # The graded case has an assignment, so an over-budget error can point at a max_length.
    lessons: list[Lesson] = golden_course("graded").lessons
    assert any(isinstance(block, AssignmentBlock) for lesson in lessons for block in lesson.blocks)


def test_names_are_known_without_importing_and_one_target_loads_alone() -> None:
    assert target_names() == sorted(available_targets())
    assert load_target("scorm12") is available_targets()["scorm12"]
    with pytest.raises(KeyError):
        load_target("scorm13")


def test_a_compile_for_one_target_imports_no_other() -> None:
    # Every compile pays for what it imports (issue 8's cold-compile goal): the other targets stay unloaded.
    course = Path(__file__).resolve().parents[2] / "golden" / "minimal" / "course_src"
    script = (
        "import sys; from pathlib import Path; from compiler.api import compile_course; "
        f"result = compile_course(Path({str(course)!r}), None, targets=['scorm12']); "
        "assert result.ok, result.diagnostics; "
        "print(sorted(m for m in sys.modules if m.startswith('compiler.targets.') and m.count('.') == 2))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['compiler.targets.base', 'compiler.targets.scorm12']"
