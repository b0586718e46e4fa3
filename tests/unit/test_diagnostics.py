from __future__ import annotations

import json

from compiler.diagnostics import (
    CODES,
    Diagnostic,
    Severity,
    SourceSpan,
    did_you_mean,
    error,
    format_github,
    format_json,
    format_summary,
    format_text,
    has_errors,
    sort_unique,
    warning,
)


def test_text_format_shows_location_code_source_line_caret_and_hint() -> None:
    diagnostic = error("E201", "unknown key 'titel'", SourceSpan("course.yaml", 2, 1, 2, 6), "did you mean 'title'?")
    text = format_text([diagnostic], {"course.yaml": "id: x\ntitel: Hallo\n"})
    assert text.splitlines() == [
        "course.yaml:2:1: error[E201]: unknown key 'titel'",
        "   2 | titel: Hallo",
        "     | ^^^^^",
        "     = hint: did you mean 'title'?",
    ]


def test_text_format_without_source_or_line_prints_only_the_headline() -> None:
    diagnostic = warning("W301", "media file 'media/x.png' is never referenced", SourceSpan("media/x.png", 0, 0))
    assert format_text([diagnostic], {}) == "media/x.png: warning[W301]: media file 'media/x.png' is never referenced"


def test_sort_unique_orders_by_path_line_column_code_and_drops_duplicates() -> None:
    late = error("E204", "b", SourceSpan("b.md", 1, 1))
    early = error("E204", "a", SourceSpan("a.md", 9, 1))
    same_line = error("E201", "c", SourceSpan("a.md", 9, 1))
    assert sort_unique([late, early, same_line, late]) == [same_line, early, late]


def test_json_format_is_machine_readable() -> None:
    records = json.loads(format_json([error("E304", "x not found", SourceSpan("l.md", 3, 7, 3, 9), "h")]))
    assert records == [
        {
            "severity": "error",
            "code": "E304",
            "message": "x not found",
            "hint": "h",
            "path": "l.md",
            "line": 3,
            "column": 7,
            "end_line": 3,
            "end_column": 9,
        }
    ]


def test_github_format_escapes_properties_and_message() -> None:
    line = format_github([error("E204", "50%: bad\nvalue", SourceSpan("a,b.md", 4, 2))], root="course_src/c")
    assert line == "::error file=course_src/c/a%2Cb.md,line=4,col=2,title=E204::50%25: bad%0Avalue"


def test_summary_counts_errors_and_warnings() -> None:
    diagnostics = [error("E204", "a"), warning("W302", "b"), warning("W301", "c")]
    assert format_summary(diagnostics) == "1 error, 2 warnings"
    assert has_errors(diagnostics)
    assert not has_errors([warning("W302", "b")])


def test_did_you_mean_names_the_nearest_or_lists_few_options() -> None:
    assert did_you_mean("lesons", ["lessons", "language"]) == "did you mean 'lessons'?"
    assert did_you_mean("zzz", ["a", "b"]) == "expected one of: 'a', 'b'"


def test_every_code_is_grouped_by_stage() -> None:
    assert all(code[0] in "EW" and code[1] in "1234567" and len(code) == 4 for code in CODES)
    assert Diagnostic(Severity.ERROR, "E101", "m").sort_key()[0] == ""


def test_a_very_long_source_line_is_shown_as_a_window_around_the_column() -> None:
    line = "x: " + "a" * 300 + "BAD" + "b" * 300
    diagnostic = error("E204", "bad", SourceSpan("f.yaml", 1, 304, 1, 307))
    shown = format_text([diagnostic], {"f.yaml": line}).splitlines()
    assert len(shown[1]) < 140
    assert shown[1].startswith("   1 | …")
    assert shown[1].endswith("…")
    caret = shown[2].index("^")
    assert shown[1][caret : caret + 3] == "BAD"
    assert shown[2].count("^") == 3
