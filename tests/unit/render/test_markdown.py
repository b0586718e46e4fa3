from __future__ import annotations

import html
from typing import Any

import pytest

from compiler.render import markdown
from compiler.render.markdown import _parser, render_inline, render_markdown


def test_raw_html_is_escaped_never_passed_through() -> None:
    html = render_markdown('Hallo <script>alert(1)</script> <img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    assert "&lt;img" in html


def test_markdown_features_survive_sanitising() -> None:
    html = render_markdown(
        "## Kop\n\n- **vet** en *schuin*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.org)"
    )
    for fragment in (
        "<h2>Kop</h2>",
        "<strong>vet</strong>",
        "<em>schuin</em>",
        "<td>1</td>",
        'href="https://example.org"',
    ):
        assert fragment in html
    assert 'target="_blank" rel="noopener noreferrer"' in html  # never navigates the course frame away


def test_dangerous_link_schemes_are_dropped() -> None:
    for source in ("[klik](javascript:alert(1))", "<javascript:alert(1)>", "[x](JaVaScRiPt:alert(1))"):
        assert "href" not in render_markdown(source)


def test_inline_rendering_has_no_paragraph() -> None:
    assert render_inline("Een *klein* woord") == "Een <em>klein</em> woord"


def test_a_level_one_heading_becomes_h2_below_the_lesson_title() -> None:
    assert render_markdown("# Titel\n\n## Sub") == "<h2>Titel</h2>\n<h2>Sub</h2>\n"


@pytest.mark.parametrize(
    "text",
    ['Plain "quoted" text, 100% ok?', "Twee blauwe vinkjes: gelezen.", "a * b", "x_y", "<b>", "Tom & Jerry", "c:\\x"],
)
def test_plain_text_fast_path_matches_the_parser(text: str) -> None:
    parsed = _parser().renderInline(text)
    assert html.unescape(str(render_inline(text))) == html.unescape(parsed)


@pytest.mark.parametrize(
    "text",
    [
        "Goed zo.",
        "Goed zo.\n",
        "Hallo \"daar\" 'jij', 2 + 2 = 4 (klopt?)",
        "a  b   c  ",
        "   three leading spaces",
        "tel 06-1234; a/b c:d {{ x }} é ü 😀",
        "non\u00a0breaking",
        "1. a list",
        "- a list",
        "# a heading",
        "a **b** c",
        "line one\nline two",
    ],
)
def test_plain_lines_render_as_the_parser_would(text: str) -> None:
    """One-line texts skip the parser (issue 8); the HTML must be exactly what the parser gives."""
    parser = markdown._parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.tag == "h1":
            token.tag = "h2"
    assert str(render_markdown(text)) == markdown._sanitise(parser.renderer.render(tokens, parser.options, {}))


def test_a_compile_for_every_target_renders_each_markdown_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from compiler.api import compile_course

    root = Path(__file__).resolve().parents[3]
    course = root / "course_src" / "whatsapp-in-de-zorg"
    parses: list[str] = []
    from markdown_it import MarkdownIt

    real_parse = MarkdownIt.parse

    def counting(self: MarkdownIt, text: str, env: Any = None) -> Any:
        parses.append(text)
        return real_parse(self, text, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting)
    counts = []
    for targets in (["scorm12"], ["all"]):
        render_markdown.cache_clear()
        parses.clear()
        assert compile_course(course, None, targets=targets, theme_dirs=(root / "themes",)).ok
        counts.append(len(parses))
    assert counts[0] > 0
    assert counts[1] == counts[0]  # four targets, one rendering of the course's Markdown
