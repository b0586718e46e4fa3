from __future__ import annotations

import pytest

from compiler.blocks.base import Panel, duplicate_titles, encode_mask, mask_width, worst_panel_state


@pytest.mark.parametrize(("count", "width"), [(1, 1), (6, 1), (7, 2), (12, 2)])
def test_a_mask_takes_one_digit_per_six_panels(count: int, width: int) -> None:
    assert mask_width(count) == width


def test_masks_are_written_as_state_js_writes_numbers() -> None:
    assert encode_mask(0, 1) == "A"
    assert encode_mask(5, 1) == "F"
    assert encode_mask(63, 1) == "_"
    assert encode_mask(64, 2) == "BA"
    assert encode_mask(4095, 2) == "__"


def test_the_worst_panel_state_has_every_panel_seen_and_open() -> None:
    assert worst_panel_state(3) == "HH"
    assert worst_panel_state(12) == "____"


def test_duplicate_titles_ignore_case_and_spacing_and_point_at_the_later_panel() -> None:
    panels = [Panel(title="Android", body="a"), Panel(title="iPhone", body="b"), Panel(title=" android  ", body="c")]
    found = duplicate_titles(panels, "tab")
    assert [(f.code, f.loc, f.severity) for f in found] == [("E210", ("panels", 2, "title"), "error")]
    assert "tab 3 has the same title as tab 1" in found[0].message
    assert duplicate_titles(panels[:2], "tab") == []
