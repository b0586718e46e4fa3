from __future__ import annotations

from compiler.diagnostics import SourceSpan
from compiler.source.yaml_positions import MAX_YAML_DEPTH, MAX_YAML_NODES, parse_yaml


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


def test_values_yaml_reads_as_another_type_keep_their_source_text() -> None:
    data, positions, errors = parse_yaml("version: 1.10\ntime: 9:00\nanswer: No\nname: Ja\nnothing:\n", "c.yaml")
    assert errors == []
    assert data == {"version": 1.1, "time": 540, "answer": False, "name": "Ja", "nothing": None}
    assert positions.originals == {("version",): "1.10", ("time",): "9:00", ("answer",): "No", ("nothing",): ""}


def test_a_hash_word_after_a_value_or_in_place_of_one_is_a_warning_with_the_quoted_fix() -> None:
    data, _, errors = parse_yaml("primary_color: #0b5d4b\nprompt: Pick #1\nnote: kept  # a comment\n", "c.yaml")
    assert data == {"primary_color": None, "prompt": "Pick", "note": "kept"}
    assert [(e.code, e.span.line if e.span else 0, e.hint) for e in errors] == [
        ("W101", 1, 'quote it: primary_color: "#0b5d4b"'),
        ("W101", 2, 'quote it: prompt: "Pick #1"'),
    ]


def test_tags_merge_keys_anchors_and_aliases_are_reported_not_dropped() -> None:
    _, _, errors = parse_yaml("a: !x text\n<<: {b: 1}\nc: &nbsp Hello\nd: &kept 1\ne: *kept\n", "c.yaml")
    assert [(e.code, e.span.line if e.span else 0) for e in errors] == [
        ("E113", 3),
        ("E113", 4),
        ("E113", 5),
        ("E110", 1),
        ("E110", 2),
    ]
    assert (
        errors[0].hint
        == "if '&' belongs to the text, put the value in quotes: c: \"&nbsp Hello\"; otherwise remove '&nbsp'"
    )


def _bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_each_anchor_and_first_alias_without_expanding() -> None:
    # 9^12 leaves if expanded; the walk sees each node once, so this ends at once.
    data, _, errors = parse_yaml(_bomb(12), "course.yaml", line_offset=4)
    assert isinstance(data, dict)
    assert data["l1"] == [None] * 9  # aliases are not expanded into the data either
    assert {e.code for e in errors} == {"E113"}
    assert len(errors) == 12 + 11
    first_alias = next(e for e in errors if "*l0" in e.message)
    assert first_alias.span == SourceSpan("course.yaml", 6, 10, 6, 13)
    assert first_alias.message == "YAML aliases ('*l0') are not supported (used 9 times; this is the first)"
    assert "write the value out in full" in (first_alias.hint or "")


def test_nesting_and_node_count_are_limited_with_a_located_error() -> None:
    # The document's own mapping is the first level.
    deep = "a: " + "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH + "\n"
    data, _, errors = parse_yaml(deep, "quiz.yaml")
    assert data is None
    column = 3 + MAX_YAML_DEPTH
    assert [(e.code, e.span) for e in errors] == [("E114", SourceSpan("quiz.yaml", 1, column, 1, column + 1))]
    at_limit = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1) + "\n"
    assert parse_yaml(at_limit, "quiz.yaml")[2] == []
    many = "".join("- x\n" for _ in range(MAX_YAML_NODES))  # plus the list itself: one over
    data, _, errors = parse_yaml(many, "lessons/a.md", line_offset=7)
    assert data is None
    assert [(e.code, e.span.line if e.span else 0) for e in errors] == [("E115", 7 + MAX_YAML_NODES)]
    assert parse_yaml(many[4:], "lessons/a.md")[2] == []


def test_keys_stay_as_written() -> None:
    data, _, errors = parse_yaml("no: 1\n1.10: 2\n", "c.yaml")
    assert (data, errors) == ({"no": 1, "1.10": 2}, [])


def test_hints_quote_the_authors_own_value() -> None:
    cases = {
        "title: Part one: the basics\n": 'a value containing ": " must be put in quotes: title: "Part one: the basics"',
        'title: "Safe" email\n': "write title: '\"Safe\" email'",
        "- text: @home\n": "a value starting with '@' must be put in quotes: text: \"@home\"",
        "a: 1\n---\nb: 2\n": "a YAML file or block holds one document",
    }
    for text, hint in cases.items():
        _, _, [problem] = parse_yaml(text, "c.yaml")
        assert hint in (problem.hint or ""), text
        assert "indentation" not in (problem.hint or "")


def test_a_date_that_does_not_exist_is_text_for_the_schema_not_a_crash() -> None:
    data, _, diagnostics = parse_yaml("a: 2019-02-30\nb: 2019-03-01\nc: 2019-03-01 10:00:00\n", "x.md")
    assert data == {"a": "2019-02-30", "b": "2019-03-01", "c": "2019-03-01 10:00:00"}
    assert diagnostics == []
