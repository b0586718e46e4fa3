"""Markdown text -> translation segments (paragraphs, headings, list items, cells) and inline codes; pure.

Two steps, both lossless: `split_markdown` cuts block Markdown into pieces that are either kept as
they are (blank lines, fences, list markers, '## ', table pipes) or translated (the text of a
paragraph, heading, list item, quote or table cell); joining the pieces gives the text back byte
for byte. `protect_inline` turns a segment's inline Markdown (emphasis, links, images, code,
autolinks, inline HTML) into codes a translator cannot break: paired codes around translatable text
(`**`...`**`, `[`...`](url)`) and standalone ones (`` `code` ``). Joining the parts again gives the
segment back, so a translation filled with its own source compiles to the same package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CodeRole = Literal["open", "close", "standalone"]


@dataclass(frozen=True)
class Code:
    """Inline Markdown a translator must keep: its kind, its id in the segment, and the exact source text."""

    id: int
    """Paired codes share their id (open and close); numbered from 1 in source order."""
    kind: str
    """bold, italic, link, image, code, autolink or html (the XLIFF ctype)."""
    role: CodeRole
    markdown: str
    """The source text of the code, e.g. '**' or '](https://example.org)'."""


InlinePart = str | Code


@dataclass(frozen=True)
class Segment:
    """One translatable text of block Markdown: its text, the line it starts on, and how its lines go back."""

    text: str
    line: int
    """0-based line in the Markdown text where the segment starts."""
    continuation: tuple[str, ...]
    """The source prefix of each line after the first ('  ' in a list item, '> ' in a quote)."""

    def rebuild(self, translated: str) -> str:
        """The translated text with this segment's line prefixes (the last one repeats for extra lines)."""
        lines = translated.split("\n")
        if len(lines) == 1:
            return translated
        fallback = self.continuation[-1] if self.continuation else ""
        out = [lines[0]]
        for index, line in enumerate(lines[1:]):
            prefix = self.continuation[index] if index < len(self.continuation) else fallback
            out.append(prefix + line if line else prefix.rstrip())
        return "\n".join(out)


Piece = str | Segment
"""Kept text or a segment; joining them (segments by their text) gives the Markdown back."""

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^( {0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*|[ \t]*)$")
_BREAK = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(\S.*)$")
_QUOTE = re.compile(r"^([ \t]{0,3}>[ \t]?)(.*)$")
_TABLE_ROW = re.compile(r"^[ \t]*\|")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
_HTML_BLOCK = re.compile(r"^ {0,3}<(?:[A-Za-z][A-Za-z0-9-]*|/[A-Za-z]|!--)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def _starts_block(line: str) -> bool:
    """Whether a line opens a construct of its own (so it ends the paragraph before it)."""
    return bool(
        not line.strip()
        or _FENCE.match(line)
        or _HEADING.match(line)
        or _BREAK.match(line)
        or _LIST_ITEM.match(line)
        or _QUOTE.match(line)
        or _TABLE_ROW.match(line)
        or _HTML_BLOCK.match(line)
    )


def _add_text(pieces: list[Piece], text: str, line: int, continuation: tuple[str, ...] = ()) -> None:
    """Split surrounding white space off a segment's text into kept pieces; empty text is kept as it is."""
    stripped = text.strip()
    if not stripped:
        pieces.append(text)
        return
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if lead:
        pieces.append(lead)
    pieces.append(Segment(stripped, line, continuation))
    if trail:
        pieces.append(trail)


def _table_row(pieces: list[Piece], line: str, number: int) -> None:
    cells = re.split(r"(?<!\\)(\|)", line)
    for cell in cells:
        if cell == "|" or not cell.strip():
            pieces.append(cell)
        else:
            _add_text(pieces, cell, number)


def split_markdown(text: str) -> list[Piece]:
    """Cut block Markdown into kept text and segments; `"".join(piece_text)` of the result is `text`."""
    lines = text.split("\n")
    pieces: list[Piece] = []
    index = 0

    def newline(at: int) -> None:
        if at < len(lines) - 1:
            pieces.append("\n")

    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            closer = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
            end = index + 1
            while end < len(lines) and not closer.match(lines[end]):
                end += 1
            end = min(end, len(lines) - 1)
            pieces.append("\n".join(lines[index : end + 1]))
            newline(end)
            index = end + 1
            continue
        if (
            not line.strip()
            or _BREAK.match(line)
            or _DEFINITION.match(line)
            or (_TABLE_RULE.match(line) and "-" in line)
        ):
            pieces.append(line)
            newline(index)
            index += 1
            continue
        if _HTML_BLOCK.match(line) or (line.startswith("    ") and (index == 0 or not lines[index - 1].strip())):
            end = index
            while end + 1 < len(lines) and lines[end + 1].strip():
                end += 1
            pieces.append("\n".join(lines[index : end + 1]))
            newline(end)
            index = end + 1
            continue
        heading = _HEADING.match(line)
        if heading:
            pieces.append(heading.group(1))
            _add_text(pieces, heading.group(2), index)
            pieces.append(heading.group(3))
            newline(index)
            index += 1
            continue
        if _TABLE_ROW.match(line):
            _table_row(pieces, line, index)
            newline(index)
            index += 1
            continue
        item = _LIST_ITEM.match(line) or _QUOTE.match(line)
        quote = item is not None and item.re is _QUOTE
        prefix, first = (item.group(1), item.group(2)) if item else ("", line)
        body = [first]
        continuation: list[str] = []
        end = index
        while end + 1 < len(lines):
            following = lines[end + 1]
            if quote:
                inner = _QUOTE.match(following)
                if inner is None or not inner.group(2).strip():
                    break
                continuation.append(inner.group(1))
                body.append(inner.group(2))
            else:
                if _starts_block(following) or (_SETEXT.match(following) and not item):
                    break
                own = following[: len(following) - len(following.lstrip())]
                continuation.append(own)
                body.append(following[len(own) :])
            end += 1
        if prefix:
            pieces.append(prefix)
        joined = "\n".join(body)
        trail = joined[len(joined.rstrip()) :]
        if "\n" in trail:  # never: each body line is non-blank
            trail = ""
        _add_text(pieces, joined, index, tuple(continuation))
        newline(end)
        index = end + 1
    return pieces


def join_pieces(pieces: list[Piece], translate: dict[int, str] | None = None) -> str:
    """The Markdown of the pieces; `translate` maps a segment's position in the list to its new text."""
    out = []
    for position, piece in enumerate(pieces):
        if isinstance(piece, Segment):
            out.append(piece.rebuild(translate[position] if translate and position in translate else piece.text))
        else:
            out.append(piece)
    return "".join(out)


# ---------------------------------------------------------------------------------------------- inline

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_INLINE_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_TAIL = re.compile(
    r"\]\((?:<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"  # ](url "title")
    r"|\]\[[^\]]*\]"  # ][reference]
)
_EMPHASIS = (
    ("bold", re.compile(r"(?<![\w*])(\*\*)(?=\S)(.+?)(?<=\S)\*\*(?!\*)", re.DOTALL)),
    ("bold", re.compile(r"(?<![\w_])(__)(?=\S)(.+?)(?<=\S)__(?![\w_])", re.DOTALL)),
    ("italic", re.compile(r"(?<![\w*])(\*)(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", re.DOTALL)),
    ("italic", re.compile(r"(?<![\w_])(_)(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.DOTALL)),
)

_ESCAPED = re.compile(r"\\.")

_Raw = tuple[str, str, str] | str
"""While scanning: plain text, or (kind, role, markdown) of a code without its id yet."""


def _link_close(text: str, start: int) -> int | None:
    """Index of the ']' that closes the '[' at start (brackets nest), or None."""
    depth = 0
    position = start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            match = _CODE_SPAN.match(text, position)
            if match:
                position = match.end()
                continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return None


def _scan(text: str) -> list[_Raw]:
    """Code spans, autolinks, HTML and links first (their insides are not emphasis), then emphasis in text."""
    parts: list[_Raw] = []
    buffer = ""
    position = 0

    def flush() -> None:
        nonlocal buffer
        if buffer:
            parts.extend(_emphasis(buffer))
            buffer = ""

    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            buffer += text[position : position + 2]
            position += 2
            continue
        if char == "`":
            match = _CODE_SPAN.match(text, position)
            if match:
                flush()
                parts.append(("code", "standalone", match.group(0)))
                position = match.end()
                continue
            run = len(text) - len(text[position:].lstrip("`"))
            buffer += text[position:run]
            position = run
            continue
        if char == "<":
            match = _AUTOLINK.match(text, position) or _INLINE_HTML.match(text, position)
            if match:
                flush()
                kind = "autolink" if match.re is _AUTOLINK else "html"
                parts.append((kind, "standalone", match.group(0)))
                position = match.end()
                continue
        image = char == "!" and text.startswith("![", position)
        if char == "[" or image:
            opening = position + 1 if image else position
            close = _link_close(text, opening)
            tail = _LINK_TAIL.match(text, close) if close is not None else None
            if close is not None and tail is not None:
                flush()
                kind = "image" if image else "link"
                parts.append((kind, "open", text[position : opening + 1]))
                parts.extend(_scan(text[opening + 1 : close]))
                parts.append((kind, "close", tail.group(0)))
                position = tail.end()
                continue
        buffer += char
        position += 1
    flush()
    return parts


def _emphasis(text: str) -> list[_Raw]:
    """Emphasis pairs in plain text (no code, link or HTML inside), outermost first."""
    best: tuple[int, str, re.Match[str]] | None = None
    masked = _ESCAPED.sub("\0\0", text)  # an escaped '\*' is no marker; positions stay those of text
    for kind, pattern in _EMPHASIS:
        match = pattern.search(masked)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind, match)
    if best is None:
        return [text] if text else []
    _, kind, match = best
    marker = match.group(1)
    before, inner, after = text[: match.start()], text[match.start(2) : match.end(2)], text[match.end() :]
    return [
        *([before] if before else []),
        (kind, "open", marker),
        *_emphasis(inner),
        (kind, "close", marker),
        *_emphasis(after),
    ]


def protect_inline(text: str) -> list[InlinePart]:
    """A segment as text and numbered codes; `"".join(markdown)` of the result is `text`."""
    parts: list[InlinePart] = []
    stack: list[int] = []
    number = 0
    for raw in _scan(text):
        if isinstance(raw, str):
            if parts and isinstance(parts[-1], str):
                parts[-1] += raw
            else:
                parts.append(raw)
            continue
        kind, role, markdown = raw
        if role == "close":
            code_id = stack.pop()
        else:
            number += 1
            code_id = number
            if role == "open":
                stack.append(code_id)
        parts.append(Code(code_id, kind, role, markdown))  # type: ignore[arg-type]  # role is a CodeRole
    return parts


def inline_markdown(parts: list[InlinePart]) -> str:
    """The Markdown of text and codes."""
    return "".join(part if isinstance(part, str) else part.markdown for part in parts)
