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


def _context() -> markdown.LinkContext:
    from compiler.model.course import Lesson, Prose
    from compiler.model.links import CourseLinks

    lessons = [
        Lesson(id=i, title=i, objectives=["x"], blocks=[Prose(markdown=text, line=6)], source_path=path)
        for i, path, text in [
            ("welkom", "lessons/01-welkom.md", "## Overzicht\n"),
            ("privacy", "lessons/02-privacy.md", "## Samenvatting\n"),
        ]
    ]
    return markdown.LinkContext(CourseLinks.build(lessons, has_quiz=False), "(opent in een nieuw venster)")


def test_a_link_to_a_lesson_or_heading_navigates_inside_the_player() -> None:
    text = markdown.LessonMarkdown(
        "## Overzicht\n\n[les 2](02-privacy.md), [kop](lesson:privacy#samenvatting), [hier](#overzicht)",
        "welkom",
        "lessons/01-welkom.md",
        ["overzicht"],
    )
    html = render_markdown(text, _context())
    assert '<h2 id="page-welkom_overzicht">Overzicht</h2>' in html
    assert '<a href="#page-privacy" data-nav-to="privacy">les 2</a>' in html
    assert (
        '<a href="#page-privacy_samenvatting" data-nav-to="privacy" data-nav-anchor="page-privacy_samenvatting">kop</a>'
        in html
    )
    assert 'data-nav-to="welkom" data-nav-anchor="page-welkom_overzicht"' in html
    assert "target=" not in html  # never a new tab, never a second copy of the course


def test_links_that_leave_the_course_open_a_new_window_and_say_so() -> None:
    html = render_markdown("[De AP](https://autoriteitpersoonsgegevens.nl) en [folder](media/folder.pdf)", _context())
    assert html.count('target="_blank" rel="noopener noreferrer" class="new-window"') == 2
    assert html.count('<span class="visually-hidden"> (opent in een nieuw venster)</span>') == 2
    assert html.count('<span class="new-window-mark" aria-hidden="true">\u2197</span></a>') == 2
    inline = render_inline("[site](https://example.org)", _context())
    assert "(opent in een nieuw venster)" in inline


def test_mail_and_phone_links_open_the_learners_app_not_a_window() -> None:
    html = render_markdown("[mail](mailto:a@b.nl) [bel](tel:+31201234567)", _context())
    assert '<a href="mailto:a@b.nl">mail</a>' in html
    assert '<a href="tel:+31201234567">bel</a>' in html


def test_comments_are_left_out_and_other_raw_html_is_shown_as_text() -> None:
    assert render_markdown("Tekst <!-- TODO --> meer.") == "<p>Tekst  meer.</p>\n"
    assert render_markdown("<!-- alleen een notitie -->\n\nTekst") == "<p>Tekst</p>\n"
    assert render_markdown("<div>\n**vet**\n</div>") == "<p>&lt;div&gt;\n<strong>vet</strong>\n&lt;/div&gt;</p>\n"


def test_a_decorative_image_gets_empty_alt_and_strikethrough_renders() -> None:
    assert render_markdown('![](media/lijn.svg "decorative")') == '<p><img src="media/lijn.svg" alt=""></p>\n'
    assert render_markdown("~~oud~~ nieuw") == "<p><s>oud</s> nieuw</p>\n"


def test_a_compile_for_every_target_renders_each_markdown_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from compiler.api import compile_course
    from compiler.source.markdown_lint import headings

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
        markdown.clear_markdown_cache()
        headings.cache_clear()
        parses.clear()
        assert compile_course(course, None, targets=targets, theme_dirs=(root / "themes",)).ok
        counts.append(len(parses))
    assert counts[0] > 0
    assert counts[1] == counts[0]  # four targets, one rendering of the course's Markdown


def test_the_same_text_in_two_lessons_keeps_each_lessons_heading_ids() -> None:
    # The render cache is keyed by lesson too: a shared "## Samenvatting" must not get the first one's id.
    first = markdown.LessonMarkdown("## Samenvatting\n", "welkom", "lessons/01-welkom.md", ["samenvatting"])
    second = markdown.LessonMarkdown("## Samenvatting\n", "privacy", "lessons/02-privacy.md", ["samenvatting"])
    assert 'id="page-welkom_samenvatting"' in render_markdown(first, _context())
    assert 'id="page-privacy_samenvatting"' in render_markdown(second, _context())
