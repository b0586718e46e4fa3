from __future__ import annotations

from compiler.blocks.registry import block_names
from compiler.source.files import SourceFile
from compiler.source.markdown_blocks import parse_lesson

"""The registered block types, in the order the hint lists them (the registry's name order)."""

LESSON = """---
id: vinkjes
title: Vinkjes
objectives: [Je kent de vinkjes.]
---

Tekst met ![plaatje](media/vinkjes.svg) en [een site](https://example.org).

```tip Goed om te weten
**Vet**
```

```question
id: v1
type: true-false
prompt: Blauw is gelezen.
answer: true
```

```python
print("gewone code blijft proza")
```
"""


def test_splits_front_matter_prose_callouts_and_yaml_blocks_with_true_lines() -> None:
    lesson, errors = parse_lesson(SourceFile("lessons/01.md", LESSON))
    assert errors == []
    assert lesson is not None
    assert lesson.front_matter == {"id": "vinkjes", "title": "Vinkjes", "objectives": ["Je kent de vinkjes."]}
    assert [(b.kind, b.line) for b in lesson.blocks] == [("prose", 6), ("tip", 9), ("question", 13), ("prose", 19)]
    tip, question = lesson.blocks[1], lesson.blocks[2]
    assert (tip.title, tip.markdown) == ("Goed om te weten", "**Vet**\n")
    assert question.positions is not None
    assert question.positions.span(("answer",)).line == 17
    assert "gewone code" in lesson.blocks[3].markdown


def test_collects_references_from_prose_with_their_column() -> None:
    lesson, _ = parse_lesson(SourceFile("lessons/01.md", LESSON))
    assert lesson is not None
    assert [(r.target, r.is_image, r.span.line, r.span.column) for r in lesson.references] == [
        ("media/vinkjes.svg", True, 7, 22),
        ("https://example.org", False, 7, 55),
    ]


def test_missing_or_unclosed_front_matter_is_an_error() -> None:
    _, errors = parse_lesson(SourceFile("lessons/x.md", "# Geen front matter\n"))
    assert [e.code for e in errors] == ["E103"]
    _, errors = parse_lesson(SourceFile("lessons/x.md", "---\nid: x\n"))
    assert [(e.code, e.message) for e in errors] == [("E103", "front matter is not closed")]


def test_misspelt_block_name_is_reported_with_a_suggestion() -> None:
    text = "---\nid: a\ntitle: A\nobjectives: [x]\n---\n\n```questoin\nid: q\n```\n"
    _, errors = parse_lesson(SourceFile("lessons/a.md", text))
    assert [(e.code, e.span.line if e.span else 0, e.span.column if e.span else 0, e.hint) for e in errors] == [
        (
            "E205",
            7,
            4,
            "did you mean 'question'? block types are: tip, warning, note, question, assignment, media, "
            + ", ".join(block_names()),
        )
    ]


def test_yaml_error_inside_a_block_points_into_the_lesson_file() -> None:
    text = "---\nid: a\ntitle: A\nobjectives: [x]\n---\n\n```media\ntype: image\nsrc: [x\n```\n"
    _, errors = parse_lesson(SourceFile("lessons/a.md", text))
    assert [(e.code, e.span.line if e.span else 0) for e in errors] == [("E102", 10)]


def test_a_block_name_in_another_language_is_recognised_by_its_keys() -> None:
    text = "---\nid: a\ntitle: A\nobjectives: [x]\n---\n\n```opdracht\nid: o\nprompt: Schrijf.\nmax_length: 9\n```\n"
    _, errors = parse_lesson(SourceFile("lessons/a.md", text))
    assert [(e.code, e.message, e.hint) for e in errors] == [
        (
            "E205",
            "unknown block type 'opdracht'",
            "did you mean 'assignment'? block types are: tip, warning, note, question, assignment, media, "
            + ", ".join(block_names()),
        )
    ]


def test_reference_style_images_and_links_are_found_too() -> None:
    text = (
        "---\nid: a\ntitle: A\nobjectives: [x]\n---\n\nZie ![logo][l] en [de gids].\n\n"
        "[l]: media/logo.svg\n[de gids]: media/gids.pdf\n"
    )
    lesson, errors = parse_lesson(SourceFile("lessons/a.md", text))
    assert errors == []
    assert lesson is not None
    assert [(r.target, r.is_image) for r in lesson.references] == [("media/logo.svg", True), ("media/gids.pdf", False)]


def _lesson(body: str) -> tuple[list[str], list[tuple[str, int]]]:
    text = "---\nid: a\ntitle: A\nobjectives: [x]\n---\n" + body
    lesson, diagnostics = parse_lesson(SourceFile("lessons/a.md", text))
    assert lesson is not None
    return [block.kind for block in lesson.blocks], [(d.code, d.span.line if d.span else 0) for d in diagnostics]


def test_an_open_fence_is_reported_at_its_opening_line() -> None:
    kinds, codes = _lesson("\n```tip\nOpen.\n\n```question\nid: q\n```\n")
    assert codes == [("E109", 7)]
    assert kinds == ["tip"]
    _, at_end = _lesson("\n```note\nNever closed.\n")
    assert at_end == [("E109", 7)]


def test_an_open_yaml_block_is_not_parsed_into_a_second_error() -> None:
    _, codes = _lesson("\n```media\ntype: image\n\n```question\nid: q\nprompt: *x\n```\n")
    assert codes == [("E109", 7)]


def test_blocks_markdown_would_hide_are_reported() -> None:
    _, in_list = _lesson("\n- item\n\n  ```question\n  id: q\n  ```\n")
    assert in_list == [("E111", 9)]
    _, titled = _lesson("\n```media Title\ntype: image\n```\n")
    assert titled == [("W103", 7)]
    _, backtick = _lesson("\n```tip Press `F1`\nHelp.\n```\n")
    assert ("E112", 7) in backtick


def test_images_in_callouts_are_references_and_carets_point_at_link_targets() -> None:
    text = "---\nid: a\ntitle: A\nobjectives: [x]\n---\nSee [x](x).\n\n```tip\n![b](media/b.png)\n```\n"
    lesson, _ = parse_lesson(SourceFile("lessons/a.md", text))
    assert lesson is not None
    assert [(r.target, r.span.line, r.span.column) for r in lesson.references] == [("x", 6, 9), ("media/b.png", 9, 6)]


def test_fences_shown_as_examples_and_in_quotes_are_not_unclosed() -> None:
    kinds, codes = _lesson(
        "\n````markdown\n```tip\nA tip.\n```\n````\n\n~~~note\nTilde.\n~~~\n\n> ```question\n> id: q\n> ```\n"
    )
    assert codes == [("E111", 17)]
    assert kinds == ["prose", "note", "prose"]


def test_images_and_links_in_a_blocks_markdown_are_found_at_their_place_in_the_file() -> None:
    text = (
        "---\nid: les\ntitle: Les\nobjectives: [Iets.]\n---\n\n"
        "```tabs\npanels:\n"
        "  - title: Een\n    body: |\n      Kijk:\n\n      ![Scherm](media/scherm.png)\n"
        "  - title: Twee\n    body: Zie [de site](https://example.org).\n"
        "```\n"
    )
    lesson, errors = parse_lesson(SourceFile("lessons/01.md", text))
    assert errors == []
    assert lesson is not None
    assert [(r.target, r.is_image, r.span.line, r.span.column) for r in lesson.references] == [
        ("media/scherm.png", True, 13, 17),
        ("https://example.org", False, 15, 25),
    ]
