from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.base import worst_panel_state
from compiler.blocks.process.block import BLOCK, MAX_STEPS, Process
from compiler.blocks.registry import read_block_file

from ..helpers import lesson_from


def _steps(count: int) -> list[dict[str, str]]:
    return [{"title": f"Stap {n}", "body": "Doe dit."} for n in range(count)]


def test_a_process_takes_two_to_twelve_steps_each_with_a_title_and_a_body() -> None:
    assert Process.model_validate({"steps": _steps(2)}).state_size() == 2
    assert Process.model_validate({"steps": _steps(MAX_STEPS)}).state_size() == MAX_STEPS == 12
    wrong_inputs: tuple[dict[str, object], ...] = (
        {"steps": _steps(1)},
        {"steps": _steps(MAX_STEPS + 1)},
        {"steps": [{"title": "Alleen een titel"}, {"title": "Twee", "body": "b"}]},
        {"steps": _steps(2), "stappen": []},
    )
    for wrong in wrong_inputs:
        with pytest.raises(ValidationError):
            Process.model_validate(wrong)


def test_the_worst_state_is_every_step_reached_and_one_shown_in_the_panels_codec() -> None:
    process = Process.model_validate({"steps": _steps(5)})
    assert (process.required, process.findings(), BLOCK.codec) == (False, [], "panels")
    # The runtime shows one step at a time, but the proof takes both masks full: never an underestimate.
    assert process.worst_state() == worst_panel_state(5) == "ff"


def test_a_step_body_is_markdown_whose_images_are_checked() -> None:
    lesson, diagnostics = lesson_from(
        "```process\nsteps:\n  - title: Een\n    body: |\n      ![Het scherm](media/scherm.png)\n"
        "  - title: Twee\n    body: b\n```\n"
    )
    assert lesson is not None
    assert diagnostics == []
    assert BLOCK.markdown_fields == (("steps", "*", "body"),)
    [placed] = lesson.registered_blocks()
    assert placed.id == "les-process-1"


def test_the_documented_step_limit_is_the_models() -> None:
    readme = read_block_file("process", "README.md").decode("utf-8")
    assert f"# 2 to {MAX_STEPS}\n" in readme
