"""YAML text -> plain data plus a path->span map; YAML syntax errors -> Diagnostic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import yaml

from compiler.diagnostics import Diagnostic, SourceSpan, error, warning

Loc = tuple[str | int, ...]

try:  # The C loader is about ten times faster; fall back to pure Python where libyaml is missing.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_CONSTRUCTOR = yaml.constructor.SafeConstructor()

MAX_YAML_DEPTH = 64
"""Deepest nesting of mappings and lists in one YAML document (course files need fewer than ten levels)."""
MAX_YAML_NODES = 200_000
"""Most values, mappings and lists in one YAML document (the bundled course.yaml has a few hundred)."""


@dataclass
class PositionMap:
    """Where each value (and each mapping key) of a YAML document stands in its file."""

    path: str
    values: dict[Loc, SourceSpan] = field(default_factory=dict)
    keys: dict[Loc, SourceSpan] = field(default_factory=dict)
    originals: dict[Loc, str] = field(default_factory=dict)
    """Source text of unquoted values YAML read as something other than text (No -> false, 1.10 -> 1.1)."""
    commented: set[Loc] = field(default_factory=set)
    """Values cut short by a comment that looks like part of the value (already warned about, W101)."""

    def span(self, loc: Loc, *, key: bool = False) -> SourceSpan:
        """The span of loc (its key when asked and known), else of its nearest known ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        probe = loc
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), SourceSpan(self.path, 1, 1))

    def merge(self, prefix: Loc, other: PositionMap) -> None:
        """Graft another document's positions under a prefix."""
        for loc, span in other.values.items():
            self.values[prefix + loc] = span
        for loc, span in other.keys.items():
            self.keys[prefix + loc] = span
        for loc, text in other.originals.items():
            self.originals[prefix + loc] = text
        self.commented.update(prefix + loc for loc in other.commented)


def quote(text: str) -> str:
    """A YAML scalar that reads back as exactly this text."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _span(path: str, node: yaml.Node, line_offset: int) -> SourceSpan:
    start, end = node.start_mark, node.end_mark
    return SourceSpan(path, start.line + 1 + line_offset, start.column + 1, end.line + 1 + line_offset, end.column + 1)


_TAG = "tag:yaml.org,2002:"
_STRING_TAG = _TAG + "str"
_MERGE_TAG = _TAG + "merge"
_TIMESTAMP_TAG = _TAG + "timestamp"
_SUPPORTED_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "value")
)
"""What YAML's own resolver gives unquoted text (plus explicit !!str and friends); any other tag is refused."""
_READ_AS = {_TAG + "bool": "true or false", _TAG + "int": "a number", _TAG + "float": "a number", _TAG + "null": ""}
_COMMENT_AFTER = re.compile(r"[ \t]+#(\S.*)$")
"""A comment that starts right after a value with '#' and no space: '#0b5d4b', '#1', '#hashtag'."""


def _scalar(node: yaml.Node) -> object:
    """A scalar's value by its resolved tag (no constructor cache, which would grow with every document)."""
    if node.tag in (_STRING_TAG, _TIMESTAMP_TAG):
        return node.value  # a date is text to the format: '2019-02-30' must reach the schema, not crash here
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    return construct(_CONSTRUCTOR, node) if construct is not None else node.value


def _describe_read(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@dataclass
class _Builder:
    """Turns a composed YAML node tree into plain data, recording positions and what YAML changed."""

    positions: PositionMap
    line_offset: int
    lines: list[str]
    diagnostics: list[Diagnostic]
    built: set[int] = field(default_factory=set)
    """Nodes already walked: an alias (refused already, E113) is the same node again and is not walked twice."""

    def span(self, node: yaml.Node) -> SourceSpan:
        return _span(self.positions.path, node, self.line_offset)

    def tag_error(self, node: yaml.Node) -> bool:
        if node.tag in _SUPPORTED_TAGS:
            return False
        tag = node.tag.replace(_TAG, "!!")
        span = self.span(node)
        self.diagnostics.append(
            error(
                "E110",
                f"YAML tag '{tag}' is not supported",
                SourceSpan(span.path, span.line, span.column, span.line, span.column + len(tag)),
                "remove the tag; to keep a value as text, put it in quotes",
            )
        )
        return True

    def key(self, key_node: yaml.Node) -> str | None:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _MERGE_TAG:
            self.diagnostics.append(
                error(
                    "E110",
                    "YAML merge keys ('<<') are not supported",
                    self.span(key_node),
                    "write the keys out in full",
                )
            )
            return None
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "":
            self.diagnostics.append(error("E102", "mapping keys must be plain words", self.span(key_node)))
            return None
        if self.tag_error(key_node):
            return None
        return str(key_node.value)  # as written: 'no:' stays 'no', '1.10:' stays '1.10'

    def build(self, node: yaml.Node, loc: Loc) -> object:
        if id(node) in self.built:
            return None
        self.built.add(id(node))
        self.positions.values[loc] = self.span(node)
        if isinstance(node, yaml.MappingNode):
            self.tag_error(node)
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                key = self.key(key_node)
                if key is None:
                    continue
                if key in result:
                    self.diagnostics.append(
                        error(
                            "E102",
                            f"duplicate key '{key}'",
                            self.span(key_node),
                            "each key may appear once in a mapping",
                        )
                    )
                    continue
                self.positions.keys[(*loc, key)] = self.span(key_node)
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            self.tag_error(node)
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        if self.tag_error(node):
            return node.value
        value = _scalar(node)
        style = getattr(node, "style", None)
        if style in ("|", ">") and node.value == "":
            name = f"'{loc[-1]}: {style}'" if loc and isinstance(loc[-1], str) else f"'{style}'"
            self.diagnostics.append(
                warning(
                    "W102",
                    f"{name} starts a block of text, but no indented text follows, so the value is empty",
                    self.span(node),
                    f'indent the text on the lines below, or write the value in quotes: "{style}"',
                )
            )
        # Unquoted: YAML may have read it as something else, or cut it short at a '#'.
        if style in (None, ""):
            if node.tag in _READ_AS:
                self.positions.originals[loc] = node.value
            self._check_comment(node, loc, value)
        # Dates and binary blobs are not part of the format; keep their text so the schema reports them.
        if not isinstance(value, str | int | float | bool) and value is not None:
            return str(node.value)
        return value

    def _check_comment(self, node: yaml.Node, loc: Loc, value: object) -> None:
        end = node.end_mark
        if end.line >= len(self.lines):
            return
        match = _COMMENT_AFTER.match(self.lines[end.line], end.column)
        if match is None:
            return
        self.positions.commented.add(loc)
        comment = "#" + match.group(1).rstrip()
        name = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
        written = (node.value + " " if node.value else "") + comment
        fix = f"{name}: {quote(written)}" if name else f"- {quote(written)}"
        line = end.line + 1 + self.line_offset
        column = match.start(0) + 1 + len(match.group(0)) - len(match.group(0).lstrip())
        span = SourceSpan(self.positions.path, line, column, line, column + len(comment))
        if node.value == "":
            message = (
                f"'{name}' has no value: YAML reads '{comment}' as a comment"
                if name
                else (f"this item is empty: YAML reads '{comment}' as a comment")
            )
        else:
            message = f"YAML reads '{comment}' as a comment, so the value is only '{node.value}'"
        self.diagnostics.append(warning("W101", message, span, f"quote it: {fix}"))


def _value_text(line: str) -> tuple[str, str] | None:
    """Split a 'key: value', '- key: value' or '- value' line into its lead ('key:' or '-') and the value."""
    match = re.match(r"^\s*(?:-\s+)?([^\s:#\"'-][^:#]*?:)[ \t]+(\S.*?)\s*$", line) or re.match(
        r"^\s*(-)[ \t]+(\S.*?)\s*$", line
    )
    return (match.group(1), match.group(2)) if match else None


def _yaml_hint(problem: str, found: str, line: str, context_line: int | None) -> str | None:
    """Advice for the YAML mistakes course authors make most, built from the author's own line."""
    if found == "\t":
        return "indent with spaces, not tabs"
    split = _value_text(line)
    if "while scanning a quoted scalar" in problem and context_line is not None:
        return f"the quote mark on line {context_line} is never closed: end the value with the same quote mark"
    if (
        split is not None
        and split[1][0] in "\"'"
        and ("expected <block end>" in problem or "expected key" in problem or "expected '-'" in problem)
    ):
        key, value = split
        return (
            "a value that starts with a quote mark must end with it; to quote text that contains quotes, "
            f"write {key} {quote(value)}"
        )
    if found in ("@", "`", "%", "*", "&", "!", "|", ">") and "cannot start any token" in problem:
        if split is not None:
            return f"a value starting with '{found}' must be put in quotes: {split[0]} {quote(split[1])}"
        return f"a value starting with '{found}' must be put in quotes"
    if "while scanning a tag" in problem:
        # A Markdown image (![alt](file)) as a value: YAML reads the '!' as the start of a tag.
        if split is not None:
            return f"a value starting with '!' must be put in quotes: {split[0]} {quote(split[1])}"
        return "a value starting with '!' must be put in quotes, or written on the lines after '|'"
    if "mapping values are not allowed" in problem:
        if split is not None:
            return f'a value containing ": " must be put in quotes: {split[0]} {quote(split[1])}'
        return 'a value containing ": " must be put in quotes'
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "close the [list] or {mapping} on the same line, or put the value in quotes"
    if "expected a single document" in problem or "expected <document start>" in problem:
        return "a YAML file or block holds one document: remove the '---' or '...' line and join the parts"
    if "expected <block end>" in problem or "expected key" in problem or "expected '-'" in problem:
        return "check the indentation: the keys of one mapping and the items of one list start in the same column"
    return None


@dataclass(frozen=True)
class _Scan:
    """What the event stream showed before any tree is built: anchors and aliases, or a limit passed."""

    refused: list[Diagnostic]
    over_limit: bool


def _scan_events(text: str, lines: list[str], path: str, line_offset: int) -> _Scan:
    """Check anchors, aliases, nesting and size on the event stream, which YAML yields without expanding anything.

    An alias repeats its anchor's whole subtree, so a few hundred bytes of them stand for billions of
    values (the 'billion laughs'); they are refused here, before anything walks the tree.
    """
    refused: list[Diagnostic] = []
    aliases: dict[str, list[int]] = {}  # name -> [index of its diagnostic, number of uses]
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            continue
        nodes += 1
        mark = event.start_mark
        assert mark is not None  # the parser marks every event
        line, column = mark.line + 1 + line_offset, mark.column + 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return _Scan(
                    [
                        error(
                            "E114",
                            f"YAML nesting is deeper than {MAX_YAML_DEPTH} levels",
                            SourceSpan(path, line, column, line, column + 1),
                            "course files need only a few levels of lists and mappings: "
                            "check the indentation and the [ and { brackets",
                        )
                    ],
                    True,
                )
        if nodes > MAX_YAML_NODES:
            return _Scan(
                [
                    error(
                        "E115",
                        f"this YAML document holds more than {MAX_YAML_NODES:,} values",
                        SourceSpan(path, line, column, line, column + 1),
                        "split the content over more lessons or quiz questions",
                    )
                ],
                True,
            )
        if isinstance(event, yaml.AliasEvent) and event.anchor is not None:
            if event.anchor in aliases:
                aliases[event.anchor][1] += 1
            else:
                aliases[event.anchor] = [len(refused), 1]
                refused.append(error("E113", "", SourceSpan(path, line, column, line, column + 1 + len(event.anchor))))
        elif event.anchor:
            anchor = f"&{event.anchor}"
            refused.append(
                error(
                    "E113",
                    f"YAML reads '{anchor}' as an anchor name, and anchors are not supported",
                    SourceSpan(path, line, column, line, column + len(anchor)),
                    _anchor_hint(anchor, lines[mark.line] if mark.line < len(lines) else ""),
                )
            )
    for name, (index, uses) in aliases.items():
        alias = f"*{name}"
        more = f" (used {uses} times; this is the first)" if uses > 1 else ""
        refused[index] = replace(
            refused[index],
            message=f"YAML aliases ('{alias}') are not supported{more}",
            hint=f"write the value out in full wherever '{alias}' stands; "
            "if '*' belongs to the text, put the value in quotes",
        )
    return _Scan(refused, False)


def _anchor_hint(anchor: str, line: str) -> str:
    split = _value_text(line)
    fix = f": {split[0]} {quote(split[1])}" if split is not None and split[1].startswith(anchor + " ") else ""
    return f"if '&' belongs to the text, put the value in quotes{fix}; otherwise remove '{anchor}'"


def _syntax_error(exc: yaml.MarkedYAMLError, lines: list[str], path: str, line_offset: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
    column = (mark.column + 1) if mark else 1
    problem = exc.problem or exc.context or "invalid YAML"
    context = f" ({exc.context})" if exc.context and exc.problem else ""
    found = ""
    if mark is not None and mark.line < len(lines) and mark.column < len(lines[mark.line]):
        found = lines[mark.line][mark.column]
    source_line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    context_line = exc.context_mark.line + 1 + line_offset if exc.context_mark is not None else None
    hint = _yaml_hint(f"{problem}{context}", found, source_line, context_line)
    if found == "\t":
        problem, context = "a tab where YAML expects spaces", ""
    return error("E102", f"YAML syntax error: {problem}{context}", SourceSpan(path, line, column), hint)


_NBSP_AFTER_KEY = re.compile(r"^[ \t]*(?:-[ \t\u00a0]+)*([^\s:#\"'\[\]{}&*!|>%@`-][^:#\n]*?:)\u00a0")
_NBSP_AFTER_DASH = re.compile(r"^[ \t]*(-)\u00a0")
_NBSP_INDENT = re.compile(r"^[ \t]*\u00a0[ \t\u00a0]*")


def _no_break_spaces(lines: list[str]) -> list[tuple[int, int, str]]:
    """Where a no-break space (pasted from a word processor) stands where YAML needs a space: (line, column, lead)."""
    found = []
    for number, line in enumerate(lines):
        if "\u00a0" not in line:
            continue
        indent = _NBSP_INDENT.match(line)
        if indent is not None:
            found.append((number, line.index("\u00a0"), ""))
            continue
        for pattern in (_NBSP_AFTER_KEY, _NBSP_AFTER_DASH):
            match = pattern.match(line)
            if match is not None:
                found.append((number, match.end() - 1, match.group(1)))
                break
    return found


def _fix_no_break_spaces(lines: list[str], found: list[tuple[int, int, str]]) -> str:
    fixed = list(lines)
    for number, column, lead in found:
        line = fixed[number]
        if lead:
            fixed[number] = line[:column] + " " + line[column + 1 :]
        else:
            indent = _NBSP_INDENT.match(line)
            end = indent.end() if indent else column + 1
            fixed[number] = line[:end].replace("\u00a0", " ") + line[end:]
    return "\n".join(fixed)


def _stands_in_structure(positions: PositionMap, line: int, column: int) -> bool:
    """Whether, once fixed, a key or value of the document starts on this line after the column (not block text)."""
    return any(
        span.line == line and span.column > column for span in (*positions.keys.values(), *positions.values.values())
    )


def yaml_unreadable(diagnostics: list[Diagnostic]) -> bool:
    """Whether parse_yaml's data is unusable: an error other than E118 (whose data reads the space as a space)."""
    return any(d.severity == "error" and d.code != "E118" for d in diagnostics)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, PositionMap, list[Diagnostic]]:
    """Parse one YAML document; line_offset shifts positions for YAML embedded in another file.

    Anchors and aliases are refused (E113), and nesting and size are bounded (E114, E115), before the
    document's tree is walked: the work is linear in the text whatever it holds. A no-break space where
    YAML needs a space is E118 at its place (YAML would read the line as text and report the next one);
    the rest of the document is then read as if it were a space, so its other mistakes show too.
    """
    lines = text.split("\n")
    suspects = _no_break_spaces(lines) if "\u00a0" in text else []
    if suspects:
        data, positions, diagnostics = _parse(_fix_no_break_spaces(lines, suspects), path, line_offset)
        # Unread even once fixed (another mistake): trust the places a key or list dash gives away.
        pasted = [
            (number, column, lead)
            for number, column, lead in suspects
            if _stands_in_structure(positions, number + 1 + line_offset, column + 1) or (lead and not positions.values)
        ]
        if pasted:
            return data, positions, [_no_break_error(path, line_offset, lines, *item) for item in pasted] + diagnostics
    return _parse(text, path, line_offset)


def _no_break_error(path: str, line_offset: int, lines: list[str], number: int, column: int, lead: str) -> Diagnostic:
    line = lines[number]
    if lead:
        where = f"after '{lead}'"
        fixed = line[:column] + " " + line[column + 1 :]
        hint = f"retype the space as an ordinary one: {fixed.strip()}"
    else:
        where = "in the indentation"
        hint = "retype the indentation of this line with ordinary spaces"
    return error(
        "E118",
        f"a no-break space {where}, where YAML needs an ordinary space (text pasted from a word processor?)",
        SourceSpan(path, number + 1 + line_offset, column + 1),
        hint,
    )


def _parse(text: str, path: str, line_offset: int) -> tuple[object, PositionMap, list[Diagnostic]]:
    positions = PositionMap(path)
    lines = text.split("\n")
    try:
        scan = _scan_events(text, lines, path, line_offset)
        if scan.over_limit:
            return None, positions, scan.refused
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, positions, [_syntax_error(exc, lines, path, line_offset)]
    except yaml.YAMLError as exc:
        return None, positions, [error("E102", f"YAML syntax error: {exc}", SourceSpan(path, 1 + line_offset, 1))]
    diagnostics = list(scan.refused)
    if node is None:
        positions.values[()] = SourceSpan(path, 1 + line_offset, 1)
        return None, positions, diagnostics
    data = _Builder(positions, line_offset, lines, diagnostics).build(node, ())
    return data, positions, diagnostics
