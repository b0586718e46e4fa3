"""Lesson Markdown -> warnings for what learners would not see as written, and heading anchors; pure.

The renderer (`compiler/render/markdown.py`) parses with the same parser (`markdown_parser`), so what
is reported here is what the learner gets: raw HTML shown as text, footnotes and reference links
shown with their brackets, indented text shown as code, table cells dropped, a line under text
turning it into a heading; and the accessibility slips an author can fix (images without alt text,
skipped heading levels, links whose text says nothing or is empty).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from compiler.diagnostics import Diagnostic, SourceSpan, warning

DECORATIVE = "decorative"
"""The image title that marks a prose image as decorative: `![](media/line.svg "decorative")`."""

VAGUE_LINK_TEXTS = frozenset(
    {
        "hier", "klik hier", "klik", "deze link", "link", "lees meer", "meer", "meer lezen", "zie hier",
        "here", "click here", "click", "this link", "read more", "more", "this", "go", "website",
    }
)  # fmt: skip
"""Link texts that do not say where a link goes (WCAG 2.4.4): compared lower-case, without end punctuation."""

_COMMENT = re.compile(r"\s*(?:<!--(?:(?!-->).)*-->\s*)+", re.DOTALL)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_REFERENCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]*)\]")
_FOOTNOTE = re.compile(r"\[\^[^\[\]\s]+\]")
_TAG_HINTS = {
    "br": "end the line with a backslash '\\' for a line break",
    "b": "write **bold** instead",
    "strong": "write **bold** instead",
    "i": "write *italic* instead",
    "em": "write *italic* instead",
    "u": "underlining is not supported (it reads as a link): write **bold** or *italic*",
    "kbd": "write `code` for keys and commands",
    "code": "write `code` instead",
    "sup": "superscript is not supported: write the text plainly, e.g. m2 or 'm kwadraat'",
    "sub": "subscript is not supported: write the text plainly, e.g. CO2",
    "a": "write a Markdown link: [text](address)",
    "img": "write a Markdown image: ![alt text](media/picture.png)",
    "p": "leave a blank line between paragraphs",
    "div": "remove the tags: Markdown has no boxes; a callout (```tip) highlights text",
    "span": "remove the tags",
}


def make_parser() -> MarkdownIt:
    """A new parser for the Markdown dialect of lessons: CommonMark, tables, ~~strikethrough~~.

    Raw HTML is recognised (so it can be reported and comments left out) but never passed through:
    the renderer shows it as text.
    """
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The shared parser of the checks (the renderer makes its own, with its render rules)."""
    return make_parser()


@lru_cache(maxsize=1)
def _target_parser() -> MarkdownIt:
    parser = make_parser()
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # refused schemes are reported
    return parser


def link_targets(text: str) -> list[tuple[str, bool]]:
    """The link and image targets of a Markdown text, as written: (target, is_image) in order."""
    if "](" not in text and "]:" not in text and "<" not in text:
        return []
    found: list[tuple[str, bool]] = []
    pending = list(_target_parser().parse(text))
    while pending:
        token = pending.pop(0)
        if token.children:
            pending[0:0] = token.children
        if token.type == "image" or (token.type == "link_open" and token.markup != "autolink"):
            target = unquote(str(token.attrGet("src" if token.type == "image" else "href") or ""))
            if target:
                found.append((target, token.type == "image"))
    return found


def is_comment(html: str) -> bool:
    """Whether raw HTML is nothing but comments (left out of the page, documented)."""
    return _COMMENT.fullmatch(html) is not None


def plain_text(children: Sequence[Token]) -> str:
    """The text a learner reads of inline tokens (markup, raw HTML tags and comments left out)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(plain_text(child.children or []))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def heading_slug(text: str) -> str:
    """The anchor of a heading, as GitHub and most editors make it: lower case, words joined by '-'."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return re.sub(r" ", "-", kept)


@lru_cache(maxsize=8192)
def headings(text: str) -> tuple[tuple[int, str, int], ...]:
    """The headings of a Markdown text: (level as written, plain text, 0-based line) in order.

    Pure, so cached: the checks and the page of every target index the same lessons' headings.
    """
    found: list[tuple[int, str, int]] = []
    tokens = markdown_parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0:
            inline = tokens[index + 1]
            found.append((int(token.tag[1]), plain_text(inline.children or []), token.map[0] if token.map else 0))
    return tuple(found)


def lesson_anchors(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """The anchors of the headings of each Markdown text of one lesson, unique within the lesson.

    A repeated heading gets '-1', '-2', ... as on GitHub; a heading without letters or digits gets 'section'.
    """
    counts: dict[str, int] = {}
    used: set[str] = set()
    result: list[tuple[str, ...]] = []
    for text in texts:
        anchors: list[str] = []
        for _, heading, _ in headings(text) if "#" in text or "\n-" in text or "\n=" in text else []:
            base = heading_slug(heading) or "section"
            number = counts.get(base, 0)
            anchor = base if number == 0 else f"{base}-{number}"
            while anchor in used:
                number += 1
                anchor = f"{base}-{number}"
            counts[base] = number + 1
            used.add(anchor)
            anchors.append(anchor)
        result.append(tuple(anchors))
    return result


@dataclass(frozen=True)
class Segment:
    """A Markdown text of a lesson (prose or a callout body) and the file line its first line is on."""

    text: str
    line: int


def _span(path: str, lines: Sequence[str], segment: Segment, index: int, needle: str) -> SourceSpan:
    row = min(max(index, 0), max(len(lines) - 1, 0))
    for candidate in [row, *range(row, len(lines)), *range(len(lines))]:
        if candidate < len(lines) and needle and (column := lines[candidate].find(needle)) >= 0:
            line = segment.line + candidate
            return SourceSpan(path, line, column + 1, line, column + 1 + len(needle))
    line = segment.line + row
    text = lines[row] if lines else ""
    start = len(text) - len(text.lstrip()) + 1
    return SourceSpan(path, line, start, line, max(start + 1, len(text) + 1))


def _html_hint(html: str) -> str:
    if html.lstrip().startswith("<!--"):
        return "put the comment on lines of its own (<!-- ... -->), which are left out of the page"
    match = _TAG.search(html)
    tag = match.group(1).lower() if match else ""
    return _TAG_HINTS.get(tag, "write it in Markdown, or put a backslash before '<' to show the text on purpose")


def _html_label(html: str) -> str:
    first = html.strip().split("\n", 1)[0]
    return first if len(first) <= 40 else first[:37] + "..."


def _inline_findings(inline: Token, path: str, lines: Sequence[str], segment: Segment) -> Iterator[Diagnostic]:
    row = inline.map[0] if inline.map else 0
    children = inline.children or []
    text_run: list[str] = []
    opened: set[str] = set()  # tags reported at their opening: their closing tag is not reported again

    def flush() -> Iterator[Diagnostic]:
        joined = "".join(text_run)
        text_run.clear()
        for match in _REFERENCE.finditer(joined):
            yield warning(
                "W304",
                f"'[{match.group(1)}][{match.group(2)}]' is shown with its brackets: "
                f"the link '{match.group(2) or match.group(1)}' is not defined",
                _span(path, lines, segment, row, match.group(0)),
                f"add a line '[{match.group(2) or match.group(1)}]: address' below the paragraph, "
                "or write the link in place: [text](address)",
            )
        for match in _FOOTNOTE.finditer(joined):
            yield warning(
                "W305",
                f"footnotes are not supported: '{match.group(0)}' is shown as written",
                _span(path, lines, segment, row, match.group(0)),
                "write the note in the text, in brackets, or in a ```note block",
            )

    for position, child in enumerate(children):
        if child.type == "text":
            text_run.append(child.content)
            continue
        yield from flush()
        if child.type == "html_inline" and not is_comment(child.content):
            tag = _TAG.match(child.content)
            name = tag.group(1).lower() if tag else ""
            if child.content.startswith("</") and name in opened:
                continue
            opened.add(name)
            yield warning(
                "W303",
                f"raw HTML '{_html_label(child.content)}' is shown to learners as text",
                _span(path, lines, segment, row, child.content.split("\n", 1)[0]),
                _html_hint(child.content),
            )
        elif child.type == "image":
            alt = plain_text(child.children or []).strip()
            if not alt and child.attrGet("title") != DECORATIVE:
                src = str(child.attrGet("src") or "")
                yield warning(
                    "W307",
                    "image without alt text: learners who cannot see it do not know what it shows",
                    _span(path, lines, segment, row, "![]"),
                    f"write what it shows between the brackets: ![a short description]({src}); "
                    f'for a purely decorative image write ![]({src} "{DECORATIVE}")',
                )
        elif child.type == "link_open":
            depth, label_tokens = 1, []
            for inner in children[position + 1 :]:
                if inner.type == "link_open":
                    depth += 1
                elif inner.type == "link_close":
                    depth -= 1
                    if depth == 0:
                        break
                label_tokens.append(inner)
            label = " ".join(plain_text(label_tokens).split())
            href = str(child.attrGet("href") or "")
            if child.markup == "autolink":
                continue
            if not label:
                yield warning(
                    "W310",
                    "link without text: learners see nothing to click, and screen readers read out the address",
                    _span(path, lines, segment, row, "[]("),
                    "write the link text between the brackets: [what the link leads to](address)",
                )
            elif label.lower().rstrip(".:!?…") in VAGUE_LINK_TEXTS:
                yield warning(
                    "W309",
                    f"link text '{label}' does not say where the link goes",
                    _span(path, lines, segment, row, f"[{label}]"),
                    "write the destination as the link text, e.g. [het privacybeleid](...)"
                    if href
                    else "write the destination as the link text",
                )
    yield from flush()


def _table_findings(
    tokens: Sequence[Token], start: int, path: str, lines: Sequence[str], segment: Segment
) -> Iterator[Diagnostic]:
    table = tokens[start]
    header: list[str] = []
    index = start + 1
    while tokens[index].type != "thead_close":
        if tokens[index].type == "inline":
            header.append(tokens[index].content.strip())
        index += 1
    assert table.map is not None
    if not any(header):
        yield warning(
            "W311",
            "table without a header row: screen readers cannot say what each column holds",
            _span(path, lines, segment, table.map[0], ""),
            "write a column name in each cell of the first row",
        )
    for row in range(table.map[0] + 2, table.map[1]):
        if row >= len(lines):
            break
        cells = lines[row].strip()
        cells = cells[1:] if cells.startswith("|") else cells
        cells = cells[:-1] if cells.endswith("|") and not cells.endswith("\\|") else cells
        count = len(re.split(r"(?<!\\)\|", cells)) if cells else 0
        if count > len(header):
            yield warning(
                "W311",
                f"this table row has {count} cells but the header {len(header)}: "
                f"learners see only the first {len(header)}",
                _span(path, lines, segment, row, ""),
                "add a column to the header row, or remove the extra cells",
            )


def lint_markdown(segments: Sequence[Segment], path: str) -> list[Diagnostic]:
    """Warnings for one lesson's Markdown texts (in order), so heading levels are followed across them."""
    diagnostics: list[Diagnostic] = []
    previous_level = 2  # below the lesson title (h1) and its objectives (h2)
    for segment in segments:
        lines = segment.text.split("\n")
        tokens = markdown_parser().parse(segment.text)
        for index, token in enumerate(tokens):
            row = token.map[0] if token.map else 0
            if token.type == "inline":
                diagnostics.extend(_inline_findings(token, path, lines, segment))
            elif token.type == "html_block" and not is_comment(token.content):
                diagnostics.append(
                    warning(
                        "W303",
                        f"raw HTML '{_html_label(token.content)}' is shown to learners as text",
                        _span(path, lines, segment, row, token.content.strip().split("\n", 1)[0]),
                        _html_hint(token.content.strip()),
                    )
                )
            elif token.type == "code_block":
                diagnostics.append(
                    warning(
                        "W306",
                        "indented text is shown as code (4 spaces or a tab at the start of a line make a code block)",
                        _span(path, lines, segment, row, ""),
                        "remove the indentation; for code on purpose, put it between ``` lines",
                    )
                )
            elif token.type == "table_open":
                diagnostics.extend(_table_findings(tokens, index, path, lines, segment))
            elif token.type == "heading_open" and token.level == 0:
                level = max(int(token.tag[1]), 2)  # '#' is shown as h2, below the lesson title
                if token.markup == "-" and token.map is not None:
                    underline = token.map[1] - 1
                    diagnostics.append(
                        warning(
                            "W313",
                            "the '---' line under this text turns the text into a heading",
                            _span(path, lines, segment, underline, lines[underline].strip()),
                            "leave a blank line before '---' for a dividing line, or write '## ' before the text "
                            "for a heading",
                        )
                    )
                if level > previous_level + 1:
                    marks = "#" * int(token.tag[1])
                    wanted = "#" * (previous_level + 1)
                    diagnostics.append(
                        warning(
                            "W308",
                            f"heading level skipped: '{marks}' (h{level}) follows h{previous_level}",
                            _span(path, lines, segment, row, marks),
                            f"use '{wanted}' here: screen reader users navigate by heading levels",
                        )
                    )
                previous_level = level
    return diagnostics
