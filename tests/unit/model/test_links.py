from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.model.course import Lesson, Prose
from compiler.model.links import CourseLinks, heading_element_id, link_kind
from compiler.source.markdown_lint import heading_slug


def _lesson(lesson_id: str, path: str, markdown: str) -> Lesson:
    return Lesson(
        id=lesson_id,
        title=lesson_id,
        objectives=["x"],
        blocks=[Prose(markdown=markdown, line=6)],
        source_path=path,
    )


LINKS = CourseLinks.build(
    [
        _lesson("welkom", "lessons/01-welkom.md", "## Overzicht\n\nTekst.\n"),
        _lesson("privacy", "lessons/02-privacy.md", "## Regels\n\n## Samenvatting\n\n## Regels\n"),
    ],
    has_quiz=True,
)


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("https://example.org", "web"),
        ("//example.org/x", "web"),
        ("mailto:a@b.nl", "contact"),
        ("TEL:+31201234567", "contact"),
        ("javascript:alert(1)", "refused"),
        ("JaVaScRiPt:alert(1)", "refused"),
        ("vbscript:x", "refused"),
        ("data:text/html,x", "refused"),
        ("ftp://x.org", "refused"),
        ("file:///C:/x.pdf", "local-disk"),
        ("C:\\Users\\x.pdf", "local-disk"),
        ("lesson:privacy", "course"),
        ("02-privacy.md#regels", "course"),
        ("#samenvatting", "course"),
        ("quiz.yaml", "course"),
        ("media/folder.pdf", "file"),
    ],
)
def test_link_kinds(target: str, kind: str) -> None:
    assert link_kind(target) == kind


@pytest.mark.parametrize(
    ("target", "current", "page", "anchor"),
    [
        ("02-privacy.md", "welkom", "privacy", None),
        ("lessons/02-privacy.md", "welkom", "privacy", None),
        ("./02-privacy.md#samenvatting", "welkom", "privacy", "samenvatting"),
        ("../lessons/02-privacy.md", "welkom", "privacy", None),
        ("lesson:privacy#regels-1", "welkom", "privacy", "regels-1"),
        ("lesson:privacy#Samenvatting", "welkom", "privacy", "samenvatting"),
        ("#overzicht", "welkom", "welkom", "overzicht"),
        ("#page-quiz", "welkom", "quiz", None),
        ("#page-end", "welkom", "end", None),
        ("#page-privacy", "welkom", "privacy", None),
    ],
)
def test_in_course_links_resolve_to_a_page_and_heading(
    target: str, current: str, page: str, anchor: str | None
) -> None:
    resolved = LINKS.resolve(target, current, f"lessons/01-{current}.md")
    assert (resolved.kind, resolved.page, resolved.anchor) == ("page", page, anchor)


def test_what_does_not_resolve_says_why_with_the_nearest_name() -> None:
    missing = LINKS.resolve("02-privacyy.md", "welkom", "lessons/01-welkom.md")
    assert (missing.kind, missing.written, missing.guess) == ("unknown-page", "02-privacyy.md", "02-privacy.md")
    by_id = LINKS.resolve("lesson:privaci", "welkom")
    assert (by_id.kind, by_id.guess) == ("unknown-page", "privacy")
    anchor = LINKS.resolve("02-privacy.md#samenvating", "welkom")
    assert (anchor.kind, anchor.page, anchor.written, anchor.guess) == (
        "unknown-anchor",
        "privacy",
        "samenvating",
        "samenvatting",
    )
    assert LINKS.resolve("quiz.yaml", "welkom").kind == "source"
    assert LINKS.resolve("#page-quizz", "welkom").kind == "unknown-page"


def test_heading_ids_cannot_collide_with_page_ids() -> None:
    # Lesson ids never hold '_': 'page-a_b' is lesson a's heading b, never lesson 'a_b'.
    assert heading_element_id("a", "b") == "page-a_b"


DOCS = Path(__file__).resolve().parents[3] / "docs" / "course-format.md"


def _doc_rows() -> list[tuple[str, str]]:
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("<!-- link-table:", 1)[1].split("<!-- /link-table -->", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`["):
            rows.append((cells[0].strip("`"), cells[1]))
    return rows


DOC_LESSONS = [
    _lesson("welkom", "lessons/01-welkom.md", "Tekst.\n"),
    _lesson("privacy", "lessons/02-privacy.md", "## De regels\n\nTekst.\n"),
]


def _expected(leads_to: str) -> tuple[str, str | None, str | None]:
    """(link kind, page, anchor) that the docs' words promise."""
    heading = re.search(r"the heading `## (.+?)`", leads_to)
    anchor = heading_slug(heading.group(1)) if heading else None
    lesson = re.search(r"lesson `([a-z0-9-]+)`", leads_to)
    for words, page in (("quiz page", "quiz"), ("start page", "start"), ("end page", "end")):
        if words in leads_to:
            return "course", page, None
    if "same lesson" in leads_to:
        return "course", "privacy", anchor
    if lesson:
        return "course", lesson.group(1), anchor
    for words, kind in (("web page", "web"), ("file of the package", "file"), ("mail app", "contact")):
        if words in leads_to:
            return kind, None, None
    assert "phone app" in leads_to, leads_to
    return "contact", None, None


def test_the_documented_link_table_is_what_the_compiler_and_renderer_do() -> None:
    from compiler.render.markdown import LessonMarkdown, LinkContext, render_markdown

    rows = _doc_rows()
    assert len(rows) >= 12
    links = CourseLinks.build(DOC_LESSONS, has_quiz=True)
    context = LinkContext(links, "(opent in een nieuw venster)")
    for written, leads_to in rows:
        target = written.split("](", 1)[1][:-1]
        kind, page, anchor = _expected(leads_to)
        assert link_kind(target) == kind, written
        html = render_markdown(LessonMarkdown(written, "privacy", "lessons/02-privacy.md", ["de-regels"]), context)
        if kind == "course":
            resolved = links.resolve(target, "privacy", "lessons/02-privacy.md")
            assert (resolved.kind, resolved.page, resolved.anchor) == ("page", page, anchor), written
            assert f'data-nav-to="{page}"' in html, written
            assert "target=" not in html, written
        elif kind in ("web", "file"):
            assert 'target="_blank" rel="noopener noreferrer"' in html, written
            assert "(opent in een nieuw venster)" in html, written
        else:
            assert "target=" not in html, written
            assert "href=" in html, written
