from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.quote.block import BLOCK, Quote


def _quote(text: str = "Nu bel ik even.", **fields: object) -> Quote:
    return Quote.model_validate({"text": text, "attribution": "Anna", **fields})


def test_a_quote_needs_its_text_and_who_said_it() -> None:
    assert _quote(role="wijkverpleegkundige", portrait="media/anna.svg").role == "wijkverpleegkundige"
    with pytest.raises(ValidationError):
        Quote.model_validate({"text": "Iets."})
    with pytest.raises(ValidationError):
        _quote(required=True)


@pytest.mark.parametrize(
    "text", ['"Nu bel ik."', "\u201cNu bel ik.\u201d", "\u201eNu bel ik.\u201d", "'Nu bel ik.'", "«Nu»"]
)
def test_quotation_marks_around_the_text_are_a_warning(text: str) -> None:
    assert [(f.code, f.loc, f.severity) for f in _quote(text).findings()] == [("W328", ("text",), "warning")]


@pytest.mark.parametrize("text", ["Nu bel ik.", 'Hij zei "bel maar".', '"Bel" zei hij, en hing op.', "'"])
def test_marks_inside_the_quotation_are_fine(text: str) -> None:
    assert _quote(text).findings() == []


def test_the_portrait_is_a_file_reference_and_the_text_markdown() -> None:
    assert (BLOCK.scripts, BLOCK.image_fields, BLOCK.markdown_fields) == ((), (("portrait",),), (("text",),))
