from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.continue_divider.block import BLOCK, LABEL_MAX, ContinueDivider
from compiler.blocks.registry import read_block_file

from ..helpers import lesson_from


def test_a_divider_is_always_required_and_its_label_is_optional_and_short() -> None:
    divider = ContinueDivider.model_validate({})
    assert (divider.required, divider.label, divider.state_size(), BLOCK.codec) == (True, None, 1, "panels")
    assert divider.worst_state() == "BB"
    assert ContinueDivider.model_validate({"label": "x" * LABEL_MAX}).label == "x" * LABEL_MAX
    for wrong in ({"label": "x" * (LABEL_MAX + 1)}, {"label": " "}, {"titel": "Verder"}):
        with pytest.raises(ValidationError):
            ContinueDivider.model_validate(wrong)
    assert divider.findings() == []
    [optional] = ContinueDivider.model_validate({"required": False}).findings()
    assert (optional.code, optional.severity, optional.loc) == ("E215", "error", ("required",))


def test_a_divider_at_the_end_or_straight_before_another_is_a_warning() -> None:
    divider = ContinueDivider.model_validate({"label": "Verder"})
    assert divider.placement_findings("prose") == []
    assert divider.placement_findings("question") == []
    [end] = divider.placement_findings(None)
    [double] = divider.placement_findings("continue_divider")
    assert (end.code, end.severity, end.loc) == ("W323", "warning", ("label",))
    assert (double.code, double.severity) == ("W324", "warning")
    assert ContinueDivider.model_validate({}).placement_findings(None)[0].loc == ()  # at the block without a label


def test_the_lesson_check_passes_the_kind_of_the_next_block() -> None:
    lesson, diagnostics = lesson_from("Eerst dit.\n\n```continue_divider\n```\n\nDan dit.\n")
    assert lesson is not None
    assert diagnostics == []
    assert [block.kind for block in lesson.blocks] == ["prose", "continue_divider", "prose"]
    assert lesson.registered_blocks()[0].id == "les-continue_divider-1"


def test_the_documented_label_limit_is_the_models() -> None:
    readme = read_block_file("continue_divider", "README.md").decode("utf-8")
    assert f"(at most {LABEL_MAX} characters)" in readme


def test_an_empty_fence_is_a_divider_but_still_an_error_for_a_block_with_required_keys() -> None:
    lesson, diagnostics = lesson_from("```continue_divider\n# only a comment\n```\n\nDan dit.\n")
    assert lesson is not None
    assert diagnostics == []
    _, diagnostics = lesson_from("```tabs\n```\n")
    assert [(d.code, d.message) for d in diagnostics] == [("E202", "the tabs block is empty")]
