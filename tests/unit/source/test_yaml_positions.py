from __future__ import annotations

from compiler.diagnostics import SourceSpan
from compiler.source.yaml_positions import parse_yaml


def test_values_and_keys_keep_their_line_and_column() -> None:
    data, positions, errors = parse_yaml("id: demo\nlessons:\n  - een\n  - twee\n", "course.yaml")
    assert errors == []
    assert data == {"id": "demo", "lessons": ["een", "twee"]}
    assert positions.span(("lessons", 1)) == SourceSpan("course.yaml", 4, 5, 4, 9)
    assert positions.span(("lessons",), key=True) == SourceSpan("course.yaml", 2, 1, 2, 8)


def test_unknown_locations_fall_back_to_the_nearest_ancestor() -> None:
    _, positions, _ = parse_yaml("branding:\n  logo: x.svg\n", "course.yaml")
    assert positions.span(("branding", "colour")).line == 2


def test_syntax_error_is_a_diagnostic_with_the_position_shifted_for_embedded_yaml() -> None:
    data, _, errors = parse_yaml("a: [1, 2\nb: 3\n", "lessons/x.md", line_offset=10)
    assert data is None
    assert [(e.code, e.span.line if e.span else None) for e in errors] == [("E102", 12)]
    assert "YAML syntax error" in errors[0].message


def test_duplicate_keys_are_reported_not_silently_overwritten() -> None:
    data, _, errors = parse_yaml("title: A\ntitle: B\n", "course.yaml")
    assert data == {"title": "A"}
    assert [(e.code, e.message, e.span.line if e.span else 0) for e in errors] == [("E102", "duplicate key 'title'", 2)]


def test_empty_document_is_none_with_a_root_position() -> None:
    data, positions, errors = parse_yaml("", "quiz.yaml")
    assert (data, errors) == (None, [])
    assert positions.span(()).line == 1
