from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.tabs.block import BLOCK, Tabs


def _panels(count: int, title: str = "Tab") -> list[dict[str, str]]:
    return [{"title": f"{title} {n}", "body": "Tekst."} for n in range(count)]


def test_tabs_need_two_to_twelve_panels_and_forbid_unknown_keys() -> None:
    assert Tabs.model_validate({"panels": _panels(2)}).state_size() == 2
    assert Tabs.model_validate({"panels": _panels(12)}).state_size() == 12
    for wrong in ({"panels": _panels(1)}, {"panels": _panels(13)}, {"panels": _panels(2), "colour": "red"}):
        with pytest.raises(ValidationError):
            Tabs.model_validate(wrong)


def test_tabs_default_to_not_required_and_no_id() -> None:
    tabs = Tabs.model_validate({"panels": _panels(2)})
    assert (tabs.required, tabs.id, BLOCK.codec) == (False, None, "panels")
    assert tabs.worst_state() == "DD"


def test_a_long_tab_title_is_a_warning_and_a_repeated_one_an_error() -> None:
    tabs = Tabs.model_validate(
        {
            "panels": [
                {"title": "x" * 41, "body": "a"},
                {"title": "x" * 40, "body": "b"},
                {"title": "X" * 40, "body": "c"},
            ]
        }
    )
    assert [(f.code, f.loc) for f in tabs.findings()] == [
        ("E210", ("panels", 2, "title")),
        ("W320", ("panels", 0, "title")),
    ]


def test_the_tabs_registration_names_its_files() -> None:
    assert (BLOCK.name, BLOCK.scripts, BLOCK.styles) == ("tabs", ("tabs.js",), ("tabs.css",))
    assert BLOCK.markdown_fields == (("panels", "*", "body"),)
