from __future__ import annotations

import json
from pathlib import Path

from compiler.api import CompileResult
from compiler.diagnostics import SourceSpan, error, warning
from compiler.reports import diagnostics_github, diagnostics_json, diagnostics_text, displayed, quoted_sources

RESULT = CompileResult(
    [
        error("E101", "bad value", SourceSpan("course.yaml", 2, 8), "write a number"),
        warning("W401", "overrides nothing", SourceSpan("theme:default/index.html", 1)),
    ],
    sources={"course.yaml": "id: x\nmastery: tachtig\n", "theme:default/index.html": "<p>\n"},
    course_paths=frozenset({"course.yaml"}),
)


def test_course_paths_are_shown_under_the_folder_the_author_typed() -> None:
    shown = displayed(RESULT.diagnostics, RESULT, Path("cursussen/zorg"))
    assert [d.span.path if d.span else None for d in shown] == [
        "cursussen/zorg/course.yaml",
        "theme:default/index.html",
    ]
    assert [d.span.path if d.span else None for d in displayed(RESULT.diagnostics, RESULT, Path())] == [
        "course.yaml",
        "theme:default/index.html",
    ]
    assert sorted(quoted_sources(RESULT, Path("zorg"))) == ["theme:default/index.html", "zorg/course.yaml"]


def test_text_quotes_the_line_and_ends_with_the_summary() -> None:
    text = diagnostics_text(RESULT, Path("zorg"))
    assert text.startswith("zorg/course.yaml:2:8: error[E101]: bad value\n   2 | mastery: tachtig\n")
    assert text.endswith("1 error, 1 warning")
    assert diagnostics_text(CompileResult([]), Path("zorg")) == ""


def test_json_and_github_name_the_same_places() -> None:
    records = json.loads(diagnostics_json(RESULT, Path("zorg")))
    assert [record["path"] for record in records] == ["zorg/course.yaml", "theme:default/index.html"]
    assert json.loads(diagnostics_json(CompileResult([]), Path("zorg"))) == []
    assert diagnostics_github(RESULT, Path("zorg")).startswith("::error file=zorg/course.yaml,line=2,col=8")
