from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.image_text.block import BLOCK, ImageText, says_nothing

from ..helpers import lesson_from


def _block(**fields: object) -> ImageText:
    return ImageText.model_validate(
        {"image": "media/scherm.svg", "alt": "Een chat met twee blauwe vinkjes", "body": "Tekst.", **fields}
    )


def test_alt_text_is_required_and_the_side_is_left_or_right() -> None:
    assert _block().side == "left"
    assert _block(side="right").side == "right"
    with pytest.raises(ValidationError):
        ImageText.model_validate({"image": "media/scherm.svg", "body": "Tekst."})
    with pytest.raises(ValidationError):
        _block(alt="  ")
    with pytest.raises(ValidationError):
        _block(side="top")
    with pytest.raises(ValidationError):
        _block(required=True)


@pytest.mark.parametrize("alt", ["Image", "foto", " Afbeelding. ", "scherm", "scherm.svg", "SCHERM"])
def test_alt_text_that_names_the_file_or_the_medium_is_a_warning(alt: str) -> None:
    assert says_nothing(alt, "media/scherm.svg")
    assert [(f.code, f.loc, f.severity) for f in _block(alt=alt).findings()] == [("W327", ("alt",), "warning")]


def test_alt_text_that_describes_the_image_passes() -> None:
    assert not says_nothing("Een foto van een telefoon", "media/scherm.svg")
    assert _block().findings() == []
    assert says_nothing("chat scherm", "media/chat-scherm.png")


def test_the_image_is_a_file_reference_and_the_text_markdown() -> None:
    assert BLOCK.image_fields == (("image",),)
    assert ("body",) in BLOCK.markdown_fields
    lesson, diagnostics = lesson_from(
        "\n```image_text\nimage: media/a.svg\nalt: Een telefoon\nbody: Zie ![ook](media/b.svg).\n```\n"
    )
    assert lesson is not None
    assert diagnostics == []
    assert lesson.registered_blocks()[0].interactive is None
