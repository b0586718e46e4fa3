from __future__ import annotations

import pytest

from compiler.source.markdown_lint import Segment, heading_slug, is_comment, lesson_anchors, lint_markdown


def _codes(text: str, line: int = 6) -> list[tuple[str, int, int]]:
    return [
        (d.code, d.span.line if d.span else 0, d.span.column if d.span else 0)
        for d in lint_markdown([Segment(text, line)], "lessons/a.md")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Druk op <kbd>Ctrl</kbd>.", [("W303", 6, 9)]),
        ("Regel<br>twee", [("W303", 6, 6)]),
        ("<div>\n**vet**\n</div>", [("W303", 6, 1)]),
        ("Zie [het beleid][beleid].", [("W304", 6, 5)]),
        ("Zie [het beleid][].", [("W304", 6, 5)]),
        ("Een voetnoot[^1].", [("W305", 6, 13)]),
        ("Tekst.\n\n    ingesprongen", [("W306", 8, 5)]),
        ("![](media/a.svg)", [("W307", 6, 1)]),
        ("## A\n\n#### B", [("W308", 8, 1)]),
        ("#### Diep", [("W308", 6, 1)]),
        ("Klik [hier](https://example.org).", [("W309", 6, 6)]),
        ("[Click here!](https://example.org)", [("W309", 6, 1)]),
        ("Leeg: [](https://example.org)", [("W310", 6, 7)]),
        ("| | |\n|---|---|\n| 1 | 2 |", [("W311", 6, 1)]),
        ("| a | b |\n|---|---|\n| 1 | 2 | 3 |", [("W311", 8, 1)]),
        ("Tekst\n---", [("W313", 7, 1)]),
    ],
)
def test_each_swallowed_or_inaccessible_construct_is_reported_where_it_stands(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert _codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "<!-- TODO: navragen bij juridische zaken -->",
        "Tekst <!-- notitie --> meer.",
        '![](media/lijn.svg "decorative")',
        "![Een telefoon](media/a.svg)",
        "# A\n\n## B\n\n### C\n\n## D",
        "Lees [het privacybeleid](https://example.org).",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Tekst\n\n---\n\nMeer",
        "`<kbd>` in code",
        "```\n<div>\n```",
        "[Een link][x]\n\n[x]: https://example.org",
        "<https://example.org>",
    ],
)
def test_what_learners_see_as_written_is_not_reported(text: str) -> None:
    assert _codes(text) == []


def test_heading_levels_are_followed_across_the_texts_of_a_lesson() -> None:
    segments = [Segment("## A", 6), Segment("Callout tekst", 9), Segment("#### B", 12)]
    assert [d.code for d in lint_markdown(segments, "lessons/a.md")] == ["W308"]


def test_comments_alone_are_comments() -> None:
    assert is_comment("<!-- a -->\n<!-- b -->\n")
    assert not is_comment("<!-- a --> tekst")


def test_anchors_are_github_slugs_unique_within_the_lesson() -> None:
    assert heading_slug("Wat is de AVG?") == "wat-is-de-avg"
    assert heading_slug("Privacy & jij") == "privacy--jij"
    assert heading_slug("Één cliënt") == "één-cliënt"
    assert lesson_anchors(["## Regels\n\n## Regels", "Tekst", "# Regels\n\n## !!!"]) == [
        ("regels", "regels-1"),
        (),
        ("regels-2", "section"),
    ]
