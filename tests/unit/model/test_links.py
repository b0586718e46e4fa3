from __future__ import annotations

import pytest

from compiler.model.course import Lesson, Prose
from compiler.model.links import CourseLinks, heading_element_id, link_kind


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
