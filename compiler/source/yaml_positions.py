"""YAML text -> plain data plus a path->span map; YAML syntax errors -> Diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from compiler.diagnostics import Diagnostic, SourceSpan, error

Loc = tuple[str | int, ...]

try:  # The C loader is about ten times faster; fall back to pure Python where libyaml is missing.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class PositionMap:
    """Where each value (and each mapping key) of a YAML document stands in its file."""

    path: str
    values: dict[Loc, SourceSpan] = field(default_factory=dict)
    keys: dict[Loc, SourceSpan] = field(default_factory=dict)

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


def _span(path: str, node: yaml.Node, line_offset: int) -> SourceSpan:
    start, end = node.start_mark, node.end_mark
    return SourceSpan(path, start.line + 1 + line_offset, start.column + 1, end.line + 1 + line_offset, end.column + 1)


_STRING_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node) -> object:
    """A scalar's value by its resolved tag (no constructor cache, which would grow with every document)."""
    if node.tag == _STRING_TAG:
        return node.value
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    return construct(_CONSTRUCTOR, node) if construct is not None else node.value


def _build(
    node: yaml.Node, loc: Loc, positions: PositionMap, line_offset: int, diagnostics: list[Diagnostic]
) -> object:
    positions.values[loc] = _span(positions.path, node, line_offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | bool | float) or isinstance(key, bool):
                diagnostics.append(
                    error("E102", "mapping keys must be plain words", _span(positions.path, key_node, line_offset))
                )
                continue
            key = str(key)
            if key in result:
                diagnostics.append(
                    error(
                        "E102",
                        f"duplicate key '{key}'",
                        _span(positions.path, key_node, line_offset),
                        "each key may appear once in a mapping",
                    )
                )
                continue
            positions.keys[(*loc, key)] = _span(positions.path, key_node, line_offset)
            result[key] = _build(value_node, (*loc, key), positions, line_offset, diagnostics)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*loc, index), positions, line_offset, diagnostics) for index, item in enumerate(node.value)
        ]
    value = _scalar(node)
    # Dates and binary blobs are not part of the format; keep their text so the schema reports them.
    if not isinstance(value, str | int | float | bool) and value is not None:
        return str(node.value)
    return value


def _yaml_hint(problem: str, found: str) -> str | None:
    """Advice for the YAML mistakes course authors make most."""
    if found == "\t":
        return "indent with spaces, not tabs"
    if found in ("@", "`", "%", "*", "&", "!", "|", ">") and "cannot start any token" in problem:
        return f"a value starting with '{found}' must be put in quotes"
    if "mapping values are not allowed" in problem:
        return 'a value containing ": " must be put in quotes, e.g. title: "Veilig mailen: de basis"'
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "close the [list] or {mapping} on the same line, or put the value in quotes"
    if "expected <block end>" in problem or "expected key" in problem or "expected '-'" in problem:
        return "check the indentation: the keys of one mapping and the items of one list start in the same column"
    return None


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, PositionMap, list[Diagnostic]]:
    """Parse one YAML document; line_offset shifts positions for YAML embedded in another file."""
    positions = PositionMap(path)
    diagnostics: list[Diagnostic] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        lines = text.split("\n")
        found = ""
        if mark is not None and mark.line < len(lines) and mark.column < len(lines[mark.line]):
            found = lines[mark.line][mark.column]
        hint = _yaml_hint(problem, found)
        if found == "\t":
            problem, context = "a tab where YAML expects spaces", ""
        return (
            None,
            positions,
            [error("E102", f"YAML syntax error: {problem}{context}", SourceSpan(path, line, column), hint)],
        )
    except yaml.YAMLError as exc:
        return None, positions, [error("E102", f"YAML syntax error: {exc}", SourceSpan(path, 1 + line_offset, 1))]
    if node is None:
        positions.values[()] = SourceSpan(path, 1 + line_offset, 1)
        return None, positions, diagnostics
    data = _build(node, (), positions, line_offset, diagnostics)
    return data, positions, diagnostics
