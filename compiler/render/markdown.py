"""Markdown text -> sanitised HTML (markupsafe.Markup) for templates; pure.

Links are resolved as the checks resolved them (`compiler.model.links`): a link to a lesson, a
heading or a page of the course becomes in-player navigation (`data-nav-to`, the runtime's own
navigation, so tracking follows); a link to the web or to a file of the package opens in a new
window and says so, visibly and to screen readers; mail and phone links open the learner's app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from compiler.model.links import CourseLinks, heading_element_id, link_kind
from compiler.source.markdown_lint import DECORATIVE, is_comment, make_parser

# Raw HTML is recognised by the parser (to leave comments out) but always comes out escaped; nh3 then
# enforces an allow-list on what Markdown itself produced, as a second line of defence.
_ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "del", "s", "span",
}  # fmt: skip
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "data-nav-to", "data-nav-anchor"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
    **{tag: {"id"} for tag in _HEADINGS},
}
_NEW_WINDOW_CLASS = "new-window"
_FIXED_VALUES = {
    "a": {"target": {"_blank"}, "rel": {"noopener noreferrer"}, "class": {_NEW_WINDOW_CLASS}},
    "span": {"class": {"visually-hidden", "new-window-mark"}, "aria-hidden": {"true"}},
}
NEW_WINDOW_MARK = "\u2197"
"""The visible mark after a link that opens a new window (the announced text is the catalogue's)."""


@dataclass(frozen=True, eq=False)
class LinkContext:
    """What a compile's Markdown links can lead to, and the words that announce a new window."""

    links: CourseLinks
    new_window: str
    """Read by screen readers after a link that opens a new window: '(opent in een nieuw venster)'."""

    @cached_property
    def _identity(self) -> tuple[object, ...]:
        links = self.links
        return (
            tuple(sorted(links.paths.items())),
            tuple(sorted((lesson, tuple(sorted(anchors))) for lesson, anchors in links.anchors.items())),
            links.pages,
            tuple(sorted(links.names.items())),
            self.new_window,
        )

    def __hash__(self) -> int:
        # By content, not identity: each target builds its own context, and equal ones share the cache.
        return hash(self._identity)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinkContext) and self._identity == other._identity


class LessonMarkdown(str):
    """A lesson's prose or callout text that knows its lesson: '#heading' links and heading ids need it."""

    lesson: str
    path: str
    anchors: tuple[str, ...]

    def __new__(cls, text: str, lesson: str, path: str, anchors: Sequence[str]) -> LessonMarkdown:
        value = super().__new__(cls, text)
        value.lesson, value.path, value.anchors = lesson, path, tuple(anchors)
        return value


def _render_html_block(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    content = tokens[idx].content
    if is_comment(content):
        return ""  # an author's note (documented): not for learners
    return str(_plain_parser().render(content))  # shown as text, as if raw HTML were off (W303)


def _render_html_inline(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    content = tokens[idx].content
    return "" if is_comment(content) else str(escape(content))


def _render_new_window(renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    text = escape(tokens[idx].content)
    return (
        f'<span class="visually-hidden"> {text}</span>'
        f'<span class="new-window-mark" aria-hidden="true">{NEW_WINDOW_MARK}</span>'
    )


@lru_cache(maxsize=1)
def _plain_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = make_parser()
    parser.add_render_rule("html_block", _render_html_block)
    parser.add_render_rule("html_inline", _render_html_inline)
    parser.add_render_rule("new_window", _render_new_window)
    return parser


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Built once: nh3.clean() with these arguments rebuilds the allow-lists on every call (issue 8).
    return nh3.Cleaner(
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        tag_attribute_values=_FIXED_VALUES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,  # set by _links: only links that open a new window get rel="noopener noreferrer"
    )


def _sanitise(html: str) -> str:
    return _cleaner().clean(html)


def _close_of(children: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(children)):
        if children[index].type == "link_open":
            depth += 1
        elif children[index].type == "link_close":
            depth -= 1
            if depth == 0:
                return index
    return len(children) - 1


def _links(inline: Token, text: str, context: LinkContext | None) -> None:
    """Rewrite the links and images of one inline token in place (see the module docstring)."""
    children = inline.children or []
    lesson = text.lesson if isinstance(text, LessonMarkdown) else None
    path = text.path if isinstance(text, LessonMarkdown) else None
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        if child.type == "image" and child.attrGet("title") == DECORATIVE:
            child.children = []
            child.attrs.pop("title", None)
            continue
        if child.type != "link_open":
            continue
        target = unquote(str(child.attrGet("href") or ""))
        kind = link_kind(target)
        if kind == "course":
            resolved = context.links.resolve(target, lesson, path) if context is not None else None
            if resolved is not None and resolved.kind == "page":
                assert resolved.page is not None
                child.attrSet("href", f"#{resolved.element_id}")
                child.attrSet("data-nav-to", resolved.page)
                if resolved.anchor is not None:
                    child.attrSet("data-nav-anchor", resolved.element_id)
            continue
        if kind not in ("web", "file"):
            continue  # mail and phone links open the learner's app; refused schemes are errors (E315)
        # Following a link inside the LMS frame would unload the course and end the SCORM session.
        child.attrSet("target", "_blank")
        child.attrSet("rel", "noopener noreferrer")
        child.attrSet("class", _NEW_WINDOW_CLASS)
        if context is not None:
            mark = Token("new_window", "", 0)
            mark.content = context.new_window
            close = _close_of(children, index - 1)
            children.insert(close, mark)


def _rewrite(tokens: list[Token], text: str, context: LinkContext | None) -> None:
    anchors = list(text.anchors) if isinstance(text, LessonMarkdown) else []
    lesson = text.lesson if isinstance(text, LessonMarkdown) else None
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
        if token.type == "heading_open" and token.level == 0 and lesson is not None and anchors:
            token.attrSet("id", heading_element_id(lesson, anchors.pop(0)))
        elif token.type == "inline" and token.children and ("](" in token.content or "[" in token.content):
            _links(token, text, context)


_PLAIN_PARAGRAPH = re.compile(r"[^\\`*_\[\]<>!&~\t\r\n\xa0]+\n?")
"""One line without any character that can start Markdown syntax, an HTML tag or an entity."""
_BLOCK_START = frozenset("-+*=>#|~`0123456789 ")
"""First characters that can open a block (list, heading, quote, fence, ordered list, code)."""


MARKDOWN_CACHE_SIZE = 8192
"""Distinct Markdown texts whose HTML is kept: a compile for several targets renders each text once."""


def render_markdown(text: str, context: LinkContext | None = None) -> Markup:
    """Render block Markdown (paragraphs, lists, headings) to safe HTML; '#' becomes h2 under the page's h1.

    Pure, so cached: the page of every target (`--target all`) and a preview rebuild after an edit
    reuse the HTML of the texts they share; only the tracker part of a package differs per target.
    The key holds what the HTML depends on: the text, the lesson it belongs to, and the course's links.
    """
    if isinstance(text, LessonMarkdown):
        return _render_markdown(str(text), (text.lesson, text.path, text.anchors), context)
    return _render_markdown(str(text), None, context)


def clear_markdown_cache() -> None:
    """Forget every rendered text (tests count parses)."""
    _render_markdown.cache_clear()


@lru_cache(maxsize=MARKDOWN_CACHE_SIZE)
def _render_markdown(
    plain: str, lesson: tuple[str, str, tuple[str, ...]] | None, context: LinkContext | None
) -> Markup:
    text = plain if lesson is None else LessonMarkdown(plain, *lesson)
    if text and text[0] not in _BLOCK_START and _PLAIN_PARAGRAPH.fullmatch(text):
        # Most prompts and feedback are one plain line: the parser would return exactly this paragraph.
        return Markup(_sanitise(f"<p>{text.strip()}</p>\n"))
    parser = _parser()
    env: dict[str, Any] = {}
    tokens = parser.parse(text, env)
    _rewrite(tokens, text, context)
    return Markup(_sanitise(parser.renderer.render(tokens, parser.options, env)))


_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>!&~\n]")
"""Characters that can start inline Markdown, HTML or an entity; text without them is plain text."""


def render_inline(text: str, context: LinkContext | None = None) -> Markup:
    """Render one line of Markdown (emphasis, code, links) without a surrounding paragraph."""
    if not _INLINE_SYNTAX.search(text):
        # Most option and feedback texts are plain: escaping them is what the parser would do, much faster.
        return escape(text)
    parser = _parser()
    env: dict[str, Any] = {}
    tokens = parser.parseInline(text, env)
    _rewrite(tokens, text, context)
    return Markup(_sanitise(parser.renderer.render(tokens, parser.options, env)))
