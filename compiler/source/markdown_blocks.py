"""Lesson file text -> front matter data + blocks (prose, callouts, YAML blocks) with source lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from compiler.blocks.registry import block_types
from compiler.diagnostics import Diagnostic, SourceSpan, error, nearest, warning
from compiler.source.files import SourceFile
from compiler.source.markdown_lint import Segment, lint_markdown
from compiler.source.yaml_positions import Loc, PositionMap, parse_yaml, yaml_unreadable

CALLOUT_KINDS = ("tip", "warning", "note")
YAML_BLOCK_KINDS = ("question", "assignment", "media", *block_types())
"""Fenced YAML blocks: the built-in ones, then every registered block (compiler/blocks/<name>/)."""
BLOCK_KINDS = CALLOUT_KINDS + YAML_BLOCK_KINDS

_FENCE_CLOSE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Reference:
    """A file reference found in Markdown prose (an image or a link), with where it was written."""

    target: str
    span: SourceSpan
    is_image: bool


@dataclass(frozen=True)
class RawBlock:
    """A lesson block before validation. YAML blocks carry data + positions; others carry Markdown."""

    kind: str
    line: int
    markdown: str = ""
    title: str | None = None
    data: object = None
    positions: PositionMap | None = None
    broken: bool = False
    """The block's YAML did not parse (already reported); validation skips it."""


@dataclass(frozen=True)
class LessonSource:
    """A parsed lesson file: front matter data and positions, then its blocks in order."""

    path: str
    front_matter: object
    front_positions: PositionMap
    blocks: list[RawBlock] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Block structure only: inline parsing (the costly part) runs just on text that can hold a link.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("inline")


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    # markdown-it leaves javascript:, vbscript:, file: and data: targets as plain text; read them as
    # links so the checks can refuse them where they stand (E315, E306) instead of showing '[x](...)'.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _split_front_matter(source: SourceFile) -> tuple[str, int, list[Diagnostic]] | tuple[None, int, list[Diagnostic]]:
    text = source.text
    if not text.startswith("---\n") and text.rstrip() != "---":
        return (
            None,
            0,
            [
                error(
                    "E103",
                    "lesson must start with YAML front matter between '---' lines",
                    SourceSpan(source.path, 1, 1),
                    "begin the file with '---', then 'id:', 'title:' and 'objectives:', then '---'",
                )
            ],
        )
    match = _FENCE_CLOSE.search(text, 4)
    if match is None:
        return (
            None,
            0,
            [
                error(
                    "E103",
                    "front matter is not closed",
                    SourceSpan(source.path, 1, 1, 1, 4),
                    "add a line with '---' after the front matter",
                )
            ],
        )
    front = text[4 : match.start()]
    return front, text.count("\n", 0, match.end()) + 1, []


def _target_column(line: str, target: str) -> int:
    """Where a link or image target stands in a line: after '](' or '<', or in a '[label]: target' line."""
    for lead in ("](", "](<", "]: ", "]:<", "]: <"):
        position = line.find(lead + target)
        if position >= 0:
            return position + len(lead)
    return line.find(target)


_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)")


@dataclass
class _Lines:
    """A text's lines, with the line of each '[label]: target' definition found once (not per link)."""

    lines: list[str]
    _definitions: dict[str, int] | None = None

    def definition(self, target: str) -> int | None:
        if self._definitions is None:
            self._definitions = {}
            for index, line in enumerate(self.lines):
                match = _DEFINITION.match(line)
                if match is not None:
                    self._definitions.setdefault(unquote(match.group(1)), index)
        return self._definitions.get(target)


def _references(token: Token, lines: _Lines, path: str, line_offset: int) -> list[Reference]:
    found: list[Reference] = []
    start = token.map[0] if token.map else 0
    end = token.map[1] if token.map else start + 1
    for child in token.children or []:
        if child.type not in ("image", "link_open"):
            continue
        # markdown-it percent-encodes destinations (café -> caf%C3%A9, \\ -> %5C); authors wrote them plain.
        target = unquote(str(child.attrGet("src") if child.type == "image" else child.attrGet("href") or ""))
        if not target:
            continue
        # The token's own lines, then a reference definition: each link costs its own lines, never the file's.
        line_number, column = start, 0
        for index in range(start, min(end, len(lines.lines))):
            position = _target_column(lines.lines[index], target)
            if position >= 0:
                line_number, column = index, position
                break
        else:
            defined = lines.definition(target)
            if defined is not None:
                line_number, column = defined, max(_target_column(lines.lines[defined], target), 0)
        span = SourceSpan(
            path, line_number + 1 + line_offset, column + 1, line_number + 1 + line_offset, column + 1 + len(target)
        )
        found.append(Reference(target, span, child.type == "image"))
    return found


def _collect_references(text: str, path: str, line_offset: int, env: dict[str, object]) -> list[Reference]:
    """Images and links of a Markdown text (prose or a callout body)."""
    lines = _Lines(text.split("\n"))
    found: list[Reference] = []
    for token in _parser().parse(text, env):
        if token.type == "inline" and ("](" in token.content or (env.get("references") and "[" in token.content)):
            token.children = _inline_parser().parseInline(token.content, env)[0].children
            found.extend(_references(token, lines, path, line_offset))
    return found


@dataclass(frozen=True)
class _Fence:
    """A fenced block as the author wrote it: where it opens, and whether (and why) it is not closed."""

    closed: bool
    swallowed: int | None
    """Body line index of a fence line inside the block that shows the author meant to close it first."""


def _fence_state(token: Token, lines: list[str]) -> _Fence:
    assert token.map is not None
    start, end = token.map
    char, length = token.markup[0], len(token.markup)
    closer = re.compile(rf"^ {{0,3}}{re.escape(char)}{{{length},}}[ \t]*$")
    opener = re.compile(rf"^ {{0,3}}{re.escape(char)}{{{length},}}[ \t]*\S")
    closed = end - 1 > start and end - 1 < len(lines) and closer.match(lines[end - 1]) is not None
    inner_end = end - 1 if closed else end
    swallowed = next((i for i in range(start + 1, min(inner_end, len(lines))) if opener.match(lines[i])), None)
    return _Fence(closed, swallowed)


def _fence_error(token: Token, kind: str, fence: _Fence, lines: list[str], path: str, body_start: int) -> Diagnostic:
    assert token.map is not None
    line = body_start + token.map[0] + 1
    opening = lines[token.map[0]]
    column = len(opening) - len(opening.lstrip()) + 1
    span = SourceSpan(path, line, column, line, column + len(token.markup) + len(kind))
    what = f"this {kind} block" if kind else "this code block"
    marker = token.markup
    if fence.swallowed is not None:
        inner = lines[fence.swallowed].strip()
        return error(
            "E109",
            f"{what} is not closed before line {body_start + fence.swallowed + 1} ('{inner}'), "
            "so it swallows what follows",
            span,
            f"add a line with only {marker} where the block ends; text after a closing {marker} is not allowed",
        )
    return error(
        "E109",
        f"{what} is never closed, so it runs to the end of the file",
        span,
        f"add a line with only {marker} where the block ends",
    )


_BLOCK_OPENER = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*(" + "|".join(BLOCK_KINDS) + r")\b(.*)$")


def _fences_not_read(tokens: list[Token], lines: list[str], path: str, body_start: int) -> list[Diagnostic]:
    """E112 for a line that looks like a block's opening fence but that Markdown does not read as one.

    CommonMark refuses a backtick in the info string of a backtick fence, so ```tip `code` is a
    paragraph of inline code: the callout would vanish into the prose without a word.
    """
    inside: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map is not None:
            inside.update(range(token.map[0], token.map[1]))
    found = []
    for index, text in enumerate(lines):
        match = _BLOCK_OPENER.match(text)
        if match is None or index in inside:
            continue
        marker, kind, rest = match.groups()
        line = body_start + index + 1
        column = text.index(marker) + 1
        hint = f"add a line with only {marker} after the block's content"
        if marker.startswith("`") and "`" in rest:
            hint = f"remove the backticks from the text after '{kind}': a ``` fence line cannot hold one"
        found.append(
            error(
                "E112",
                f"this line is not read as the start of a {kind} block, so learners see it as text",
                SourceSpan(path, line, column, line, column + len(marker) + len(kind)),
                hint,
            )
        )
    return found


_BLOCK_KEYS = {"question": ("type", "prompt"), "assignment": ("max_length",), "media": ("src",), "tabs": ("panels",)}


def _intended_block(kind: str, content: str) -> str | None:
    """The block an unknown fence was probably meant to be: a near spelling, or YAML keys that give it away.

    A fence like ```opdracht whose body has 'max_length:' would otherwise be shown to learners as raw code.
    """
    guess = nearest(kind, BLOCK_KINDS) if kind else None
    if guess is not None:
        return guess
    keys = set(re.findall(r"^([a-z_]+):", content, re.MULTILINE))
    if "id" in keys or "src" in keys:
        for block, required in _BLOCK_KEYS.items():
            if all(key in keys for key in required):
                return block
    return None


def _markdown_values(data: object, path: tuple[str, ...], loc: tuple[str | int, ...]) -> list[tuple[Loc, str]]:
    """The texts at a field path of YAML data ("*" walks every list item), with their locations."""
    if not path:
        return [(loc, data)] if isinstance(data, str) else []
    head, rest = path[0], path[1:]
    if head == "*":
        items = data if isinstance(data, list) else []
        return [found for index, item in enumerate(items) for found in _markdown_values(item, rest, (*loc, index))]
    if isinstance(data, dict) and head in data:
        return _markdown_values(data[head], rest, (*loc, head))
    return []


def _field_references(
    kind: str, data: object, positions: PositionMap, lines: list[str], env: dict[str, object]
) -> list[Reference]:
    """Images and links in a registered block's Markdown fields, and its image fields, at their line in the lesson."""
    found: list[Reference] = []
    for field_path in block_types()[kind].markdown_fields:
        for loc, text in _markdown_values(data, field_path, ()):
            span = positions.span(loc)
            rest = lines[span.line - 1][span.column - 1 :] if 0 < span.line <= len(lines) else ""
            # A block scalar ('|' or '>') starts on the line after its indicator.
            offset = span.line if rest[:1] in ("|", ">") else span.line - 1
            for reference in _collect_references(text, positions.path, offset, env):
                line = reference.span.line
                source_line = lines[line - 1] if 0 < line <= len(lines) else ""
                column = _target_column(source_line, reference.target) + 1 or reference.span.column
                found.append(
                    Reference(
                        reference.target,
                        SourceSpan(positions.path, line, column, line, column + len(reference.target)),
                        reference.is_image,
                    )
                )
    for field_path in block_types()[kind].image_fields:
        for loc, target in _markdown_values(data, field_path, ()):
            if target.strip():
                found.append(Reference(target.strip(), positions.span(loc), True))
    return found


def parse_lesson(source: SourceFile) -> tuple[LessonSource | None, list[Diagnostic]]:
    """Split a lesson into front matter and blocks; YAML blocks are parsed with their true line numbers."""
    front, body_start, diagnostics = _split_front_matter(source)
    if front is None:
        return None, diagnostics
    front_data, front_positions, yaml_errors = parse_yaml(front, source.path, line_offset=1)
    diagnostics.extend(yaml_errors)
    front_positions.values.setdefault((), SourceSpan(source.path, 1, 1, 1, 4))

    all_lines = source.text.split("\n")
    body_lines = all_lines[body_start:]
    body = "\n".join(body_lines)
    blocks: list[RawBlock] = []
    references: list[Reference] = []
    prose_start = 0  # body line index where the current prose run begins

    def flush_prose(until: int) -> None:
        text = "\n".join(body_lines[prose_start:until])
        if text.strip():
            blocks.append(RawBlock("prose", body_start + prose_start + 1, markdown=text))

    env: dict[str, object] = {}  # collects [label]: target definitions for reference-style links
    tokens = _parser().parse(body, env)
    lines = _Lines(body_lines)
    diagnostics.extend(_fences_not_read(tokens, body_lines, source.path, body_start))
    for token in tokens:
        if token.type == "inline":
            if "](" in token.content or (env.get("references") and "[" in token.content):
                token.children = _inline_parser().parseInline(token.content, env)[0].children
                references.extend(_references(token, lines, source.path, body_start))
            continue
        if token.type != "fence" or token.map is None:
            continue
        words = token.info.split(maxsplit=1)
        kind = words[0] if words else ""
        line = body_start + token.map[0] + 1
        fence = _fence_state(token, body_lines)
        # Inside a list or quote the lines carry the container's prefix ('> '); E111 covers those blocks.
        unclosed = token.level == 0 and (not fence.closed or fence.swallowed is not None)
        if unclosed:
            diagnostics.append(_fence_error(token, kind, fence, body_lines, source.path, body_start))
        if token.level != 0:
            if kind in BLOCK_KINDS:
                column = body_lines[token.map[0]].find(token.markup) + 1
                diagnostics.append(
                    error(
                        "E111",
                        f"this {kind} block is inside a list or a quote, so learners see it as code",
                        SourceSpan(source.path, line, column, line, column + len(token.markup) + len(kind)),
                        f"start the {token.markup}{kind} line at the left margin, after a blank line",
                    )
                )
            continue
        if kind not in BLOCK_KINDS:
            guess = _intended_block(kind, token.content)
            if guess is not None:
                column = body_lines[token.map[0]].find(kind) + 1 if kind else 1
                diagnostics.append(
                    error(
                        "E205",
                        f"unknown block type '{kind}'" if kind else "code block without a block type",
                        SourceSpan(source.path, line, column, line, column + max(len(kind), 3)),
                        f"did you mean '{guess}'? block types are: " + ", ".join(BLOCK_KINDS),
                    )
                )
            continue  # an ordinary code block stays part of the prose
        flush_prose(token.map[0])
        prose_start = token.map[1]
        if kind in CALLOUT_KINDS:
            title = words[1].strip() if len(words) > 1 else None
            blocks.append(RawBlock(kind, line, markdown=token.content, title=title or None))
            if "[" in token.content:  # no bracket, no link or image: skip a Markdown parse per callout
                references.extend(_collect_references(token.content, source.path, line, env))
            continue
        if len(words) > 1:
            extra = words[1].strip()
            column = body_lines[token.map[0]].find(extra, len(token.markup) + len(kind)) + 1
            diagnostics.append(
                warning(
                    "W103",
                    f"the text '{extra}' after '{kind}' on the fence line is ignored",
                    SourceSpan(source.path, line, column, line, column + len(extra)),
                    "remove it: only callouts (tip, warning, note) take a title on the fence line",
                )
            )
        if unclosed:
            blocks.append(RawBlock(kind, line, broken=True))
            continue
        data, positions, yaml_errors = parse_yaml(token.content, source.path, line_offset=line)
        diagnostics.extend(yaml_errors)
        positions.values[()] = SourceSpan(source.path, line, 1, line, 4 + len(kind))  # the fence line
        blocks.append(RawBlock(kind, line, data=data, positions=positions, broken=yaml_unreadable(yaml_errors)))
        if kind in block_types() and not yaml_unreadable(yaml_errors):
            references.extend(_field_references(kind, data, positions, all_lines, env))
    flush_prose(len(body_lines))
    segments = [
        Segment(block.markdown, block.line + (0 if block.kind == "prose" else 1))
        for block in blocks
        if block.kind == "prose" or block.kind in CALLOUT_KINDS
    ]
    diagnostics.extend(lint_markdown(segments, source.path))
    return LessonSource(source.path, front_data, front_positions, blocks, references), diagnostics
