"""Markdown text -> sanitised HTML (markupsafe.Markup) for templates; pure."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# Raw HTML is off in the parser (it comes out escaped); nh3 then enforces an allow-list on what
# Markdown itself produced, as a second line of defence (e.g. against odd link schemes).
_ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "del", "s",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"style"}, "td": {"style"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Built once: nh3.clean() with these arguments rebuilds the allow-lists on every call (issue 8).
    return nh3.Cleaner(
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        # Following a link inside the LMS frame would unload the course and end the SCORM session.
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def _sanitise(html: str) -> str:
    return _cleaner().clean(html)


_PLAIN_PARAGRAPH = re.compile(r"[^\\`*_\[\]<>!&~\t\r\n\xa0]+\n?")
"""One line without any character that can start Markdown syntax, an HTML tag or an entity."""
_BLOCK_START = frozenset("-+*=>#|~`0123456789 ")
"""First characters that can open a block (list, heading, quote, fence, ordered list, code)."""


MARKDOWN_CACHE_SIZE = 8192
"""Distinct Markdown texts whose HTML is kept: a compile for several targets renders each text once."""


@lru_cache(maxsize=MARKDOWN_CACHE_SIZE)
def render_markdown(text: str) -> Markup:
    """Render block Markdown (paragraphs, lists, headings) to safe HTML; '#' becomes h2 under the page's h1.

    Pure, so cached: the page of every target (`--target all`) and a preview rebuild after an edit
    reuse the HTML of the texts they share; only the tracker part of a package differs per target.
    """
    if text and text[0] not in _BLOCK_START and _PLAIN_PARAGRAPH.fullmatch(text):
        # Most prompts and feedback are one plain line: the parser would return exactly this paragraph.
        return Markup(_sanitise(f"<p>{text.strip()}</p>\n"))
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    return Markup(_sanitise(parser.renderer.render(tokens, parser.options, {})))


_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>!&\n]")
"""Characters that can start inline Markdown, HTML or an entity; text without them is plain text."""


def render_inline(text: str) -> Markup:
    """Render one line of Markdown (emphasis, code, links) without a surrounding paragraph."""
    if not _INLINE_SYNTAX.search(text):
        # Most option and feedback texts are plain: escaping them is what the parser would do, much faster.
        return escape(text)
    return Markup(_sanitise(_parser().renderInline(text)))
