"""No silent loss, round 2 (issue 18): every word of generated lesson Markdown reaches the page, or is reported.

Hypothesis writes lesson text the way authors do: words with emphasis and code, links of every
kind (web, mail, another lesson by file name or id, a heading here or there, the quiz page, a file
of the package), links whose target does not exist, reference links without their definition,
footnotes, raw HTML tags, HTML comments, images with and without alt text, tables with a cell too
many, indented lines, a '---' under text, headings at any level, lists and quotes; and a lesson
title with Markdown in it. The course is compiled (nothing written) and the page read as a
learner reads it (text and alt texts, tags removed). Each piece's words must be on the page, or a
diagnostic must be on its line (an error there means the course is refused, with the reason).

Only the words of an HTML comment may go without a word: comments are documented as notes for
authors, left out of the page. Deterministic (derandomize) and bounded.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.api import compile_course
from compiler.diagnostics import Diagnostic, Severity

THEMES = (Path(__file__).resolve().parents[2] / "themes",)
SETTINGS = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
COURSE_YAML = """id: gegenereerd
title: Gegenereerd
language: nl
version: 1.0.0
description: Een gegenereerde cursus.
lessons:
  - gen
  - doel
completion:
  lessons: true
  quiz: true
mastery_score: 50
"""
QUIZ_YAML = """id: toets
title: Toets
questions:
  - id: v1
    type: true-false
    prompt: Waar?
    answer: true
    feedback:
      correct: Ja.
"""
TARGET_LESSON = "---\nid: doel\ntitle: Doel\nobjectives:\n  - Iets.\n---\n\n## Kop daar\n\nTekst.\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n'


@dataclass
class Piece:
    """Lines of Markdown and the words on them a learner must be able to read."""

    lines: list[str]
    words: list[str]
    silent: bool = False
    """Comment words: documented as left out."""


@dataclass
class Generated:
    title: str
    title_words: list[str]
    pieces: list[Piece] = field(default_factory=list)


_counter = iter(range(10**9))


def _word() -> str:
    return f"appje{next(_counter)}"


@st.composite
def pieces(draw: st.DrawFn) -> Piece:
    a, b = _word(), _word()
    kind = draw(
        st.sampled_from(
            [
                "plain", "emphasis", "code", "web", "mail", "lesson-file", "lesson-id", "heading-here",
                "heading-there", "quiz", "package-file", "broken-lesson", "broken-heading", "reference",
                "footnote", "html", "comment", "image", "no-alt", "decorative", "table", "indented",
                "setext", "heading", "deep-heading", "list", "quote", "strike", "vague",
            ]
        )
    )  # fmt: skip
    line = {
        "plain": f"{a} en {b}.",
        "emphasis": f"**{a}** en *{b}*",
        "code": f"`{a} <b>` en {b}",
        "web": f"[{a} {b}](https://example.org)",
        "mail": f"[{a}](mailto:a@example.org) {b}",
        "lesson-file": f"[{a}](02-doel.md) {b}",
        "lesson-id": f"[{a}](lesson:doel#kop-daar) {b}",
        "heading-here": f"[{a}](#kop-hier) {b}",
        "heading-there": f"[{a}](lessons/02-doel.md#kop-daar) {b}",
        "quiz": f"[{a}](#page-quiz) {b}",
        "package-file": f"[{a}](media/a.svg) {b}",
        "broken-lesson": f"[{a}](03-weg.md) {b}",
        "broken-heading": f"[{a}](#kop-weg) {b}",
        "reference": f"[{a}][{b}]",
        "footnote": f"{a}[^{b}]",
        "html": f"<kbd>{a}</kbd> <u>{b}</u>",
        "comment": f"<!-- {a} {b} -->",
        "image": f"![{a} {b}](media/a.svg)",
        "no-alt": f"![](media/a.svg) {a} {b}",
        "decorative": f'![](media/a.svg "decorative") {a} {b}',
        "table": f"| kop | {a} |\n|---|---|\n| x | y | {b} |",
        "indented": f"    {a} {b}",
        "setext": f"{a} {b}\n---",
        "heading": f"## {a} {b}",
        "deep-heading": f"#### {a} {b}",
        "list": f"- {a}\n- {b}",
        "quote": f"> {a} {b}",
        "strike": f"~~{a}~~ {b}",
        "vague": f"[hier](https://example.org) {a} {b}",
    }[kind]
    words = [] if kind == "comment" else [a, b]
    return Piece(line.split("\n"), words, silent=kind == "comment")


@st.composite
def lessons(draw: st.DrawFn) -> Generated:
    a = _word()
    title = draw(st.sampled_from([f"Les {a}", f"Les *{a}*", f"Les <b>{a}</b>", f"Les `{a}`"]))
    generated = Generated(title, [a])
    generated.pieces.append(Piece(["## Kop hier"], []))
    generated.pieces.extend(draw(st.lists(pieces(), min_size=1, max_size=6)))
    return generated


def _text(generated: Generated) -> tuple[str, list[tuple[Piece, int, int]]]:
    lines = ["---", "id: gen", f"title: {generated.title}", "objectives:", "  - Iets leren.", "---"]
    placed = []
    for piece in generated.pieces:
        lines.append("")
        start = len(lines) + 1
        lines.extend(piece.lines)
        placed.append((piece, start, len(lines)))
    return "\n".join(lines) + "\n", placed


def _page_text(page: str) -> str:
    alts = " ".join(re.findall(r'alt="([^"]*)"', page))
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(text + " " + alts)


def _reported(first: int, last: int, diagnostics: list[Diagnostic]) -> bool:
    return any(
        d.span is not None and d.span.path.endswith("gen.md") and first <= d.span.line <= last for d in diagnostics
    )


@SETTINGS
@given(generated=lessons())
def test_every_word_of_lesson_markdown_reaches_the_page_or_is_reported(generated: Generated, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.rmtree(course, ignore_errors=True)
    (course / "lessons").mkdir(parents=True)
    (course / "media").mkdir()
    (course / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (course / "quiz.yaml").write_text(QUIZ_YAML, encoding="utf-8")
    (course / "media" / "a.svg").write_bytes(SVG)
    (course / "lessons" / "02-doel.md").write_text(TARGET_LESSON, encoding="utf-8")
    text, placed = _text(generated)
    (course / "lessons" / "01-gen.md").write_text(text, encoding="utf-8")

    result = compile_course(course, None, targets=["web"], theme_dirs=THEMES, cache_templates=False)
    diagnostics = list(result.diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:  # refused: every error must stand at a piece that is wrong, and say so there
        for error in errors:
            assert error.span is not None
            assert error.span.path.endswith("gen.md"), (text, error)
            assert error.code in ("E316", "E317"), (text, error)
        return
    page = _page_text(result.files["index.html"].decode("utf-8"))
    words = set(re.findall(r"\w+", page))
    if generated.title_words[0] not in words:
        assert _reported(3, 3, diagnostics), (text, diagnostics)
    lost = [
        (first, piece.lines)
        for piece, first, last in placed
        if not piece.silent
        and not all(word in words for word in piece.words)
        and not _reported(first, last, diagnostics)
    ]
    assert lost == [], f"silently lost from\n{text}\n{lost}\n{diagnostics}"
    # A comment's words are the only ones that may leave the page, and only because they are comments.
    for piece, _, _ in placed:
        if piece.silent:
            assert not any(word in words for word in re.findall(r"appje\d+", " ".join(piece.lines)))
