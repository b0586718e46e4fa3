from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.base import worst_panel_state
from compiler.blocks.labeled_graphic.block import BLOCK, MARKER_GAP, MAX_MARKERS, LabeledGraphic
from compiler.blocks.registry import read_block_file

from ..helpers import lesson_from

IMAGE = "![Een chatscherm](media/chat.svg)"


def _graphic(*markers: tuple[float, float], image: str = IMAGE) -> LabeledGraphic:
    return LabeledGraphic.model_validate(
        {
            "image": image,
            "markers": [
                {"label": f"Punt {n + 1}", "x": x, "y": y, "text": "Uitleg."} for n, (x, y) in enumerate(markers)
            ],
        }
    )


def test_a_labeled_graphic_takes_one_to_twelve_markers() -> None:
    assert _graphic((50, 50)).state_size() == 1
    spread = [(float(8 * n), float(8 * n)) for n in range(MAX_MARKERS)]
    assert _graphic(*spread).state_size() == MAX_MARKERS == 12
    with pytest.raises(ValidationError):
        _graphic()
    with pytest.raises(ValidationError):
        _graphic(*[(float(8 * n), 0.0) for n in range(MAX_MARKERS + 1)])
    with pytest.raises(ValidationError):
        LabeledGraphic.model_validate({"image": IMAGE, "markers": [{"label": "A", "x": 1, "text": "t"}]})


def test_a_marker_off_the_image_is_an_error_at_its_coordinate() -> None:
    graphic = _graphic((0, 100), (100.5, 40), (50, -3))
    assert [(f.code, f.loc) for f in graphic.findings()] == [
        ("E212", ("markers", 1, "x")),
        ("E212", ("markers", 2, "y")),
    ]
    [right, top] = graphic.findings()
    assert "x: 100.5" in right.message
    assert "0 is its left edge, 100 its right edge" in right.hint
    assert "0 is its top edge, 100 its bottom edge" in top.hint


def test_markers_closer_than_the_gap_in_both_directions_cover_each_other() -> None:
    close = MARKER_GAP - 0.5
    graphic = _graphic((20, 20), (20 + close, 20 + close), (60, 20), (60 + MARKER_GAP, 21))
    # The second covers the first; the fourth is a full gap across from the third, so it is clear.
    assert [(f.code, f.loc) for f in graphic.findings()] == [("E213", ("markers", 1, "x"))]
    assert "covers marker 1 ('Punt 1') at 20 20" in graphic.findings()[0].message


@pytest.mark.parametrize(
    "image",
    ["media/chat.svg", "![](media/chat.svg)", f"{IMAGE} en tekst", f"{IMAGE}\n\n{IMAGE}", "Een **plaatje**"],
)
def test_the_image_must_be_one_markdown_image_with_alt_text(image: str) -> None:
    assert [f.code for f in _graphic((50, 50), image=image).findings()] == ["E214"]


def test_the_worst_state_is_the_panels_codecs_and_the_image_is_checked_as_markdown() -> None:
    graphic = _graphic((10, 10), (90, 90))
    assert (graphic.required, graphic.findings(), BLOCK.codec) == (False, [], "panels")
    assert graphic.worst_state() == worst_panel_state(2) == "DD"
    assert BLOCK.markdown_fields == (("image",), ("markers", "*", "text"))
    lesson, diagnostics = lesson_from(
        "```labeled_graphic\nimage: |\n  ![Een scherm](media/scherm.svg)\n"
        "markers:\n  - label: Een\n    x: 10\n    y: 10\n    text: a\n```\n"
    )
    assert lesson is not None
    assert diagnostics == []
    [placed] = lesson.registered_blocks()
    assert placed.id == "les-labeled_graphic-1"


def test_the_documented_gap_is_the_models_gap() -> None:
    readme = read_block_file("labeled_graphic", "README.md").decode("utf-8")
    assert f"two markers closer than {MARKER_GAP:g} (percent of" in readme
    assert f"1 to {MAX_MARKERS}, numbered" in readme
