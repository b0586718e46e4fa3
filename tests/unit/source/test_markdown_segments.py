"""Markdown segments and inline codes: lossless, and the right texts offered for translation."""

from __future__ import annotations

import pytest

from compiler.source.markdown_segments import (
    Code,
    Segment,
    inline_markdown,
    join_pieces,
    protect_inline,
    split_markdown,
)

SAMPLES = [
    "Eén alinea.",
    "Eerste regel\ntweede regel van dezelfde alinea.\n\nTweede alinea.",
    "## Kop met **vet** ##\n\nTekst.",
    "- een\n- twee\n  loopt door\n\n1. eerste\n2) tweede",
    "> Een citaat\n> over twee regels.\n\nNa het citaat.",
    "| Wie | Wat |\n| --- | :-: |\n| Ik | **dit** |\n",
    "```python\n# geen kop\nprint('x')\n```\n\nNa de code.",
    "Tekst\n\n    ingesprongen code\n\nweer tekst",
    '<div class="x">\nhtml blijft\n</div>\n\nTekst.',
    "Kop\n===\n\n---\n\n[label]: https://example.org\n",
    "  \n\n\nTekst met spaties aan het eind  \nen een harde regelbreuk.\n",
    "```\nniet gesloten",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_joining_the_pieces_gives_the_text_back(text: str) -> None:
    pieces = split_markdown(text)
    assert join_pieces(pieces) == text
    for piece in pieces:
        if isinstance(piece, Segment):
            assert inline_markdown(protect_inline(piece.text)) == piece.text


def _segments(text: str) -> list[str]:
    return [piece.text for piece in split_markdown(text) if isinstance(piece, Segment)]


def test_each_paragraph_heading_item_quote_and_cell_is_its_own_segment() -> None:
    text = "## Kop\n\nAlinea\ndoor.\n\n- een\n- twee\n\n> citaat\n\n| a | b |\n|---|---|\n| c | d |"
    assert _segments(text) == ["Kop", "Alinea\ndoor.", "een", "twee", "citaat", "a", "b", "c", "d"]


def test_code_html_rules_and_definitions_are_never_offered_for_translation() -> None:
    text = "```\ncode\n```\n\n<p>html</p>\n\n---\n\n[a]: https://example.org"
    assert _segments(text) == []


def test_a_translation_with_more_lines_keeps_the_item_indent() -> None:
    pieces = split_markdown("- een\n  twee")
    [position] = [i for i, piece in enumerate(pieces) if isinstance(piece, Segment)]
    assert join_pieces(pieces, {position: "one\ntwo\nthree"}) == "- one\n  two\n  three"


def test_a_quote_translation_keeps_its_marker_on_every_line() -> None:
    pieces = split_markdown("> een\n> twee")
    [position] = [i for i, piece in enumerate(pieces) if isinstance(piece, Segment)]
    assert join_pieces(pieces, {position: "one\ntwo\nthree"}) == "> one\n> two\n> three"


def test_the_segment_line_is_where_its_text_starts() -> None:
    lines = [piece.line for piece in split_markdown("Een\n\n## Twee\n\n- drie") if isinstance(piece, Segment)]
    assert lines == [0, 2, 4]


def _codes(text: str) -> list[tuple[int, str, str, str]]:
    return [(p.id, p.kind, p.role, p.markdown) for p in protect_inline(text) if isinstance(p, Code)]


def test_emphasis_links_images_and_code_become_codes_around_translatable_text() -> None:
    text = 'Zie **vet**, *schuin*, [de **wet**](https://x.nl/a_(b) "t"), ![alt](m.svg) en `code`.'
    assert _codes(text) == [
        (1, "bold", "open", "**"),
        (1, "bold", "close", "**"),
        (2, "italic", "open", "*"),
        (2, "italic", "close", "*"),
        (3, "link", "open", "["),
        (4, "bold", "open", "**"),
        (4, "bold", "close", "**"),
        (3, "link", "close", '](https://x.nl/a_(b) "t")'),
        (5, "image", "open", "!["),
        (5, "image", "close", "](m.svg)"),
        (6, "code", "standalone", "`code`"),
    ]
    texts = [p for p in protect_inline(text) if isinstance(p, str)]
    assert "wet" in texts
    assert "alt" in texts
    assert "code" not in " ".join(texts)


def test_autolinks_inline_html_and_reference_links_are_protected() -> None:
    assert _codes("Mail <info@example.org>, <br> of [hier][1].") == [
        (1, "autolink", "standalone", "<info@example.org>"),
        (2, "html", "standalone", "<br>"),
        (3, "link", "open", "["),
        (3, "link", "close", "][1]"),
    ]


@pytest.mark.parametrize("text", ["snake_case_naam", "2 * 3 * 4", "a ** b", "[alleen haken]", "\\*geen nadruk\\*"])
def test_what_is_not_markdown_formatting_stays_text(text: str) -> None:
    assert protect_inline(text) == [text]
