from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.accordion.block import BLOCK, Accordion


def test_an_accordion_takes_one_to_twelve_panels() -> None:
    one = Accordion.model_validate({"panels": [{"title": "Een", "body": "Tekst."}]})
    assert one.state_size() == 1
    with pytest.raises(ValidationError):
        Accordion.model_validate({"panels": []})
    with pytest.raises(ValidationError):
        Accordion.model_validate({"panels": [{"title": "Een"}]})  # a panel needs a body


def test_a_single_panel_is_a_warning_and_repeated_titles_an_error() -> None:
    one = Accordion.model_validate({"panels": [{"title": "Een", "body": "Tekst."}]})
    assert [(f.code, f.severity) for f in one.findings()] == [("W321", "warning")]
    two = Accordion.model_validate({"panels": [{"title": "Een", "body": "a"}, {"title": "een", "body": "b"}]})
    assert [f.code for f in two.findings()] == ["E210"]


def test_the_accordion_registration_names_its_files() -> None:
    assert (BLOCK.name, BLOCK.scripts, BLOCK.styles) == ("accordion", ("accordion.js",), ("accordion.css",))
