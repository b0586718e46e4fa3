from __future__ import annotations

import math
import re

import pytest
from pydantic import ValidationError

from compiler.blocks.registry import read_block_file
from compiler.blocks.statement.block import BLOCK, STATEMENT_MAX, Statement
from compiler.colour import MIN_CONTRAST

from ..helpers import course_from, lesson_from


def _banner(**fields: object) -> Statement:
    return Statement.model_validate(
        {"text": "Zorginformatie hoort niet in WhatsApp.", "image": "media/b.svg", **fields}
    )


def _documented_cases() -> list[tuple[str, str, float, str, str]]:
    """The table of contrast cases in the block's README (and so in docs/course-format.md)."""
    readme = read_block_file("statement", "README.md").decode("utf-8")
    rows = re.findall(r"^  \| (#\w{6}) \| (#\w{6}) \| ([\d.]+) \| ([\d.]+):1 \| (.+?) \|$", readme, re.M)
    assert len(rows) >= 6, "the README lost its table of contrast cases"
    return [(text, overlay, float(opacity), ratio, result) for text, overlay, opacity, ratio, result in rows]


@pytest.mark.parametrize(("text", "overlay", "opacity", "ratio", "result"), _documented_cases())
def test_the_documented_contrast_cases_are_what_the_compiler_finds(
    text: str, overlay: str, opacity: float, ratio: str, result: str
) -> None:
    banner = _banner(text_color=text, overlay=overlay, opacity=opacity)
    measured, _ = banner.contrast()
    assert f"{math.floor(measured * 100) / 100:.2f}" == ratio
    found = [f for f in banner.findings() if f.code == "E216"]
    if result == "passes":
        assert found == []
        return
    assert len(found) == 1
    assert f"{ratio}:1" in found[0].message
    fix = result.removeprefix("E216: ")
    if fix.startswith("opacity"):
        least = fix.split()[1]
        assert f"'opacity: {least}'" in found[0].hint
        assert _banner(text_color=text, overlay=overlay, opacity=float(least)).findings() == []
    else:
        colour = fix.split()[1]
        assert f'text_color: "{colour}"' in found[0].hint
        assert _banner(text_color=colour, overlay=overlay, opacity=opacity).findings() == []


def test_the_default_banner_passes_and_just_below_the_limit_fails() -> None:
    assert _banner().findings() == []
    assert _banner().contrast()[0] >= MIN_CONTRAST
    failing = _banner(opacity=0.5)
    assert [(f.code, f.loc) for f in failing.findings()] == [("E216", ("opacity",))]
    assert "over the white parts of an image" in failing.findings()[0].message


def test_the_error_points_at_the_key_the_author_wrote() -> None:
    assert _banner(overlay="#ffffff").findings()[0].loc == ("overlay",)
    assert _banner(text_color="#777777").findings()[0].loc == ("text_color",)


def test_a_long_statement_is_a_warning() -> None:
    assert _banner(text="a" * STATEMENT_MAX).findings() == []
    long = _banner(text="a" * (STATEMENT_MAX + 1)).findings()
    assert [(f.code, f.severity) for f in long] == [("W326", "warning")]


def test_colours_opacity_and_the_image_are_checked_by_the_schema() -> None:
    for wrong in ({"overlay": "black"}, {"text_color": "#fff"}, {"opacity": 1.5}, {"opacity": -0.1}, {"image": ""}):
        with pytest.raises(ValidationError):
            _banner(**wrong)
    with pytest.raises(ValidationError):
        _banner(required=True)  # a statement has no state to finish


def test_the_overlay_reaches_the_page_as_a_css_colour() -> None:
    assert _banner(overlay="#0b2545", opacity=0.75).overlay_css() == "rgba(11, 37, 69, 0.75)"
    assert _banner(overlay="#ffffff", opacity=1, text_color="#000000").overlay_css() == "rgba(255, 255, 255, 1)"


def test_a_statement_is_static_and_its_image_is_a_file_reference() -> None:
    assert (BLOCK.scripts, BLOCK.styles, BLOCK.image_fields) == ((), ("statement.css",), (("image",),))
    body = "\n```statement\ntext: Kijk.\nimage: media/b.svg\n```\n"
    lesson, diagnostics = lesson_from(body)
    assert lesson is not None
    assert diagnostics == []
    assert [block.interactive for block in lesson.registered_blocks()] == [None]
    course = course_from(body)
    assert course.lessons[0].interactive_blocks() == []
