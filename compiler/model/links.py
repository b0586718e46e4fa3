"""A link target written in lesson Markdown -> what it leads to (a page of the course, a file, the web); pure.

In-course links name a lesson by its file (`02-privacy.md`, `lessons/02-privacy.md`) or its id
(`lesson:privacy`), optionally with a heading (`#samenvatting`); `#heading` alone is a heading of
the same lesson, and `#page-start`, `#page-<lesson id>`, `#page-quiz` and `#page-end` are the pages.
The checks report what does not resolve; the renderer turns what does into in-player navigation.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

from compiler.diagnostics import nearest
from compiler.model.course import Callout, Lesson, Prose
from compiler.source.markdown_lint import lesson_anchors

LinkKind = Literal["web", "contact", "refused", "local-disk", "course", "file"]

LESSON_SCHEME = "lesson:"
PAGE_PREFIX = "page-"
ANCHOR_SEPARATOR = "_"
"""Between a lesson's page id and a heading's anchor in the page: lesson ids never hold '_'."""
SOURCE_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")
"""Course source files: read by the compiler, never packaged (answer keys, front matter)."""
WEB_SCHEMES = ("http", "https")
CONTACT_SCHEMES = ("mailto", "tel")

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LOCAL_DISK = re.compile(r"^(?:[a-zA-Z]:[\\/]|\\\\|file:)", re.IGNORECASE)
"""A path on the author's own computer: C:\\..., \\\\server\\share, file:///..."""


def scheme(target: str) -> str | None:
    """The URL scheme of a target, lower case ('https', 'javascript'), or None for a path or an anchor."""
    match = _SCHEME.match(target.strip())
    return match.group(1).lower() if match else None


def link_kind(target: str) -> LinkKind:
    """What kind of destination a link or image target names (before checking that it exists)."""
    target = target.strip()
    if _LOCAL_DISK.match(target):
        return "local-disk"
    if target.startswith("//"):
        return "web"
    found = scheme(target)
    if found in WEB_SCHEMES:
        return "web"
    if found in CONTACT_SCHEMES:
        return "contact"
    if target.lower().startswith(LESSON_SCHEME):
        return "course"
    if found is not None:
        return "refused"
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or path.lower().endswith(SOURCE_SUFFIXES):
        return "course"
    return "file"


def heading_element_id(lesson_id: str, anchor: str) -> str:
    """The id of a heading in the page: its lesson's page id, '_', the heading's anchor."""
    return f"{PAGE_PREFIX}{lesson_id}{ANCHOR_SEPARATOR}{anchor}"


@dataclass(frozen=True)
class Resolution:
    """What an in-course link leads to, or why it leads nowhere."""

    kind: Literal["page", "unknown-page", "unknown-anchor", "source"]
    page: str | None = None
    """The page key: 'start', a lesson id, 'quiz', 'end' (for 'page' and 'unknown-anchor')."""
    anchor: str | None = None
    """The heading anchor within the lesson, as the page knows it."""
    written: str = ""
    """What the author wrote for the part that does not resolve (a lesson, a file, an anchor)."""
    guess: str | None = None
    """The nearest existing lesson, file or anchor, as the author would write it."""

    @property
    def element_id(self) -> str:
        """The id of the element the link shows: the page section or the heading in it."""
        assert self.page is not None
        if self.anchor is None:
            return f"{PAGE_PREFIX}{self.page}"
        return heading_element_id(self.page, self.anchor)


def text_anchors(lesson: Lesson) -> list[tuple[str, ...]]:
    """The heading anchors of each prose and callout text of a lesson, in block order."""
    return lesson_anchors([block.markdown for block in lesson.blocks if isinstance(block, Prose | Callout)])


@dataclass(frozen=True)
class CourseLinks:
    """Everything an in-course link can name: lessons by id and by file, their headings, the other pages."""

    paths: Mapping[str, str]
    """Lesson id by source path (lessons/02-privacy.md)."""
    anchors: Mapping[str, frozenset[str]]
    """Heading anchors by lesson id."""
    pages: tuple[str, ...] = ("start", "end")
    names: Mapping[str, str] = field(default_factory=dict)
    """Lesson id by file name (02-privacy.md), for names that only one lesson has."""

    @classmethod
    def build(cls, lessons: Sequence[Lesson], has_quiz: bool) -> CourseLinks:
        """Index the lessons of a course (in any order) and its pages."""
        paths = {lesson.source_path: lesson.id for lesson in lessons}
        by_name: dict[str, list[str]] = {}
        for path, lesson_id in paths.items():
            by_name.setdefault(posixpath.basename(path), []).append(lesson_id)
        anchors = {
            lesson.id: frozenset(anchor for text in text_anchors(lesson) for anchor in text) for lesson in lessons
        }
        pages = ("start", *(lesson.id for lesson in lessons), *(("quiz",) if has_quiz else ()), "end")
        names = {name: ids[0] for name, ids in by_name.items() if len(ids) == 1}
        return cls(paths=paths, anchors=anchors, pages=pages, names=names)

    def _lesson_by_path(self, path: str, current_path: str | None) -> str | None:
        candidates = [posixpath.normpath(path)]
        if current_path is not None:
            candidates.append(posixpath.normpath(posixpath.join(posixpath.dirname(current_path), path)))
        for candidate in candidates:
            if candidate in self.paths:
                return self.paths[candidate]
        return self.names.get(path) if "/" not in path else None

    def _with_anchor(self, lesson_id: str, anchor: str) -> Resolution:
        if not anchor:
            return Resolution("page", lesson_id)
        wanted = unquote(anchor)
        known = self.anchors.get(lesson_id, frozenset())
        for candidate in (wanted, wanted.lower()):
            if candidate in known:
                return Resolution("page", lesson_id, candidate)
        return Resolution("unknown-anchor", lesson_id, None, wanted, nearest(wanted.lower(), known))

    def resolve(self, target: str, current: str | None, current_path: str | None = None) -> Resolution:
        """Resolve an in-course target (link_kind 'course') written in lesson `current` (an id)."""
        target = target.strip()
        if target.lower().startswith(LESSON_SCHEME):
            lesson_id, _, anchor = target[len(LESSON_SCHEME) :].partition("#")
            if lesson_id not in self.anchors:
                lessons = [page for page in self.pages if page in self.anchors]
                return Resolution("unknown-page", written=lesson_id, guess=nearest(lesson_id, lessons))
            return self._with_anchor(lesson_id, anchor)
        path, hash_mark, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:
            if anchor.startswith(PAGE_PREFIX) and anchor[len(PAGE_PREFIX) :] in self.pages:
                return Resolution("page", anchor[len(PAGE_PREFIX) :])
            if current is None:
                return Resolution("unknown-anchor", None, None, anchor)
            resolved = self._with_anchor(current, anchor)
            if resolved.kind == "unknown-anchor" and anchor.startswith(PAGE_PREFIX):
                pages = [PAGE_PREFIX + page for page in self.pages]
                return Resolution("unknown-page", written=f"#{anchor}", guess=_hashed(nearest(anchor, pages)))
            return resolved
        decoded = unquote(path)
        if decoded.lower().endswith((".md", ".markdown")):
            found = self._lesson_by_path(decoded, current_path)
            if found is None:
                files = sorted(self.paths) if "/" in decoded else sorted(self.names)
                return Resolution("unknown-page", written=decoded, guess=nearest(decoded, files))
            return self._with_anchor(found, anchor if hash_mark else "")
        return Resolution("source", written=decoded)


def _hashed(anchor: str | None) -> str | None:
    return f"#{anchor}" if anchor is not None else None
