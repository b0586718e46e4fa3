"""A compile's result -> the diagnostics as people (text) or tools (JSON, GitHub annotations) read them.

The CLI prints these and `coursec preview` shows the text in its error overlay; both ask here, so
the library never imports the CLI (issue 19). Course-file paths are shown as the author typed the
course folder, so editors and terminals can open them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from compiler.api import CompileResult
from compiler.diagnostics import Diagnostic, format_github, format_json, format_summary, format_text


def displayed(diagnostics: Sequence[Diagnostic], result: CompileResult, course_dir: Path) -> list[Diagnostic]:
    """The diagnostics with course-file paths prefixed by the course folder as given ('' and '.' add nothing)."""
    prefix = course_dir.as_posix().rstrip("/")
    shown = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        if span is not None and span.path in result.course_paths and prefix not in ("", "."):
            diagnostic = replace(diagnostic, span=replace(span, path=f"{prefix}/{span.path}"))
        shown.append(diagnostic)
    return shown


def quoted_sources(result: CompileResult, course_dir: Path) -> dict[str, str]:
    """Texts to quote under diagnostics: course and theme files as the compile read them, by shown path."""
    prefix = course_dir.as_posix().rstrip("/")
    shown = prefix not in ("", ".")
    return {
        (f"{prefix}/{path}" if shown and path in result.course_paths else path): text
        for path, text in result.sources.items()
    }


def diagnostics_text(result: CompileResult, course_dir: Path) -> str:
    """The diagnostics as `compile` prints them for people, with the summary line ("" when there are none).

    `coursec preview` shows the same text in its error overlay.
    """
    shown = displayed(result.diagnostics, result, course_dir)
    if not shown:
        return ""
    return format_text(shown, quoted_sources(result, course_dir)) + "\n" + format_summary(shown)


def diagnostics_json(result: CompileResult, course_dir: Path) -> str:
    """The diagnostics as a JSON list (an empty list when there are none)."""
    return format_json(displayed(result.diagnostics, result, course_dir))


def diagnostics_github(result: CompileResult, course_dir: Path) -> str:
    """The diagnostics as GitHub Actions workflow commands ("" when there are none)."""
    shown = displayed(result.diagnostics, result, course_dir)
    return format_github(shown) if shown else ""
