"""Diagnostics: source spans, the error-code catalogue and the text/JSON/GitHub formatters."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is: errors stop the compile, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceSpan:
    """A region of a source file; path relative to the course root, 1-based lines and columns."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int = 0
    end_column: int = 0


# Stable codes, grouped by stage. Tests cover every one of them.
CODES: dict[str, str] = {
    # E1xx: reading source files
    "E101": "file is not valid UTF-8",
    "E102": "YAML syntax error",
    "E103": "lesson front matter missing or not closed",
    "E104": "course has no course.yaml",
    "E105": "course has no lessons",
    "E106": "YAML document is not a mapping",
    "E107": "course file has the wrong name or extension",
    "E108": "course file cannot be read",
    "E109": "block fence not closed",
    "E110": "YAML tag or merge key not supported",
    "E111": "block inside a list or quote is shown as code",
    "E112": "fence line not read as the start of a block",
    "E113": "YAML anchor or alias not supported",
    "E114": "YAML nested too deeply",
    "E115": "YAML document too large",
    "E116": "course file too large",
    "E118": "no-break space where YAML needs a space",
    "E119": "quiz draws from a bank that has no file in banks/",
    # E2xx: schema
    "E201": "unknown key",
    "E202": "missing required key",
    "E203": "value has the wrong type",
    "E204": "invalid value",
    "E205": "unknown block or question type",
    "E206": "accepted fill-in answer cannot be typed in the field",
    "E207": "percentage written as a fraction, with a % sign or with decimals",
    "E208": "quiz draws by a tag no question of its bank has",
    "E209": "bank too small for its draw",
    "E210": "two panels of a tabs or accordion block share a title",
    "E211": "two flip cards share a front",
    "E212": "a labeled graphic marker lies outside its image",
    "E213": "two labeled graphic markers cover each other",
    "E214": "a labeled graphic image is not one Markdown image with alt text",
    "E215": "a continue divider marked not required",
    "E216": "statement banner text lacks contrast over its overlay on some image",
    "E217": "timeline event with neither a date nor a label",
    "E218": "timeline event image without alt text",
    "E220": "a scenario choice or start names a node the scenario does not have",
    "E221": "a scenario node cannot be reached from the start",
    "E222": "a scenario node is a dead end: no choices and not an ending",
    "E223": "a scenario loop has no way out to an ending",
    "E224": "a scenario ending also has choices",
    "E225": "a scenario has no start node",
    "E226": "two scenario nodes share an id",
    "E227": "a scenario's longest path does not fit the learner state",
    "E228": "a scenario's start is ambiguous",
    # E3xx: cross-references and assets
    "E301": "duplicate id",
    "E302": "lesson listed in course.yaml not found",
    "E303": "lesson file not listed in course.yaml",
    "E304": "referenced file not found",
    "E305": "referenced file differs in letter case or Unicode normalisation",
    "E306": "reference leaves the course folder",
    "E307": "reference to a resource outside the package",
    "E308": "worst-case learner state exceeds the target's suspend_data limit",
    "E309": "completion rule does not match the quiz",
    "E310": "media file of the wrong type for its block",
    "E311": "unknown target",
    "E315": "link or image uses a scheme a course cannot use (javascript:, data:, ...)",
    "E316": "link to a lesson or page that does not exist",
    "E317": "link to a heading that does not exist in its lesson",
    "E318": "link to a course source file, which is never packaged",
    "E312": "two packaged files differ only in letter case or Unicode normalisation",
    "E313": "SVG holds script",
    # E4xx: theme and templates
    "E401": "theme not found",
    "E402": "invalid theme file (theme.yaml or a message catalogue)",
    "E403": "template syntax error",
    "E404": "template error",
    "E405": "brand colour fails contrast",
    # E5xx: package checks (also used by `coursec inspect`)
    "E501": "package is not a readable zip",
    "E502": "unsafe entry name in package",
    "E503": "imsmanifest.xml missing at the package root",
    "E504": "imsmanifest.xml is not well-formed",
    "E505": "imsmanifest.xml fails its standard's schema",
    "E506": "manifest reference does not resolve",
    "E507": "manifest metadata invalid",
    "E508": "file listed in the manifest is missing",
    "E509": "file in the package is not listed in the manifest",
    "E510": "file name differs in letter case",
    "E511": "manifest href is not a relative path inside the package",
    "E512": "no item launches a SCO",
    "E513": "cmi5.xml missing or invalid (course structure)",
    "E514": "package description uses XML entities (not expanded, never fetched)",
    "E515": "package description over the size limit (not read)",
    "E516": "tincan.xml missing or invalid (TinCan package description)",
    # E6xx: writing the output
    "E601": "package cannot be written",
    "E701": "translation file is not valid XLIFF 1.2",
    "E702": "translation lacks a placeholder of its source",
    "E703": "translation has a placeholder its source does not have",
    "E704": "translation file is for another pair of languages",
    "E705": "no screen texts (UI catalogue) for the course language, or keys missing",
    "E706": "no translation file for the language asked for",
    # Warnings
    "W101": "part of a YAML value is read as a comment",
    "W102": "key without a value is ignored",
    "W103": "text on a block's fence line is ignored",
    "W104": "lesson file outside lessons/ is not read",
    "W107": "file in the course folder is not read",
    "W108": "pass mark of 1 % (a fraction of one written as a percentage)",
    "W109": "draw takes its whole bank: every attempt asks the same questions",
    "W201": "two accepted fill-in answers are the same once folded",
    "W202": "accepted fill-in answer holds a character no learner can type",
    "W301": "media file is never referenced",
    "W302": "question has no feedback",
    "W303": "raw HTML is shown to learners as text",
    "W304": "reference link without a definition is shown with its brackets",
    "W305": "footnotes are not supported",
    "W306": "indented text is shown as code",
    "W307": "image without alt text",
    "W308": "heading level skipped",
    "W309": "link text does not say where the link goes",
    "W310": "link without text",
    "W311": "table without a header row, or with cells that are not shown",
    "W312": "Markdown or HTML in a plain-text title is shown as written",
    "W313": "a '---' line under text turns it into a heading",
    "W320": "tab title too long for a phone",
    "W321": "accordion with a single panel",
    "W322": "flip cards block with a single card",
    "W323": "continue divider at the end of its lesson",
    "W324": "continue divider followed straight away by another",
    "W326": "statement banner text too long to read at a glance",
    "W327": "image-and-text alt text names the file, not what the image shows",
    "W328": "quotation typed between quotation marks the theme draws too",
    "W329": "timeline events out of date order",
    "W401": "course template overrides no theme template",
    "W501": "package contains a hidden or system file",
    "W502": "organization or item without a title",
    "W503": "file in the package is not listed in the manifest (inspect)",
    "W504": "manifest departs from its standard's schema where LMSs tolerate it (inspect)",
    "W505": "manifest metadata LMSs tolerate (inspect)",
    "W506": "manifest names a metadata file or resource that LMSs do not need (inspect)",
    "W507": "package description has a document type declaration",
    "W508": "package description holds a processing instruction",
    "W509": "entry names differ only in letter case or Unicode normalisation (inspect)",
    "W701": "text not translated (the source text is shown)",
    "W702": "source changed since it was translated",
    "W703": "translation unit matches no text of the course",
    "W704": "localized media file (media/<language>/...) has no file of media/ to replace",
}


@dataclass(frozen=True)
class Diagnostic:
    """One message for the author, pointing at a place in the source."""

    severity: Severity
    code: str
    message: str
    span: SourceSpan | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        span = self.span or SourceSpan("")
        return (span.path, span.line, span.column, self.code, self.message)


def error(code: str, message: str, span: SourceSpan | None = None, hint: str | None = None) -> Diagnostic:
    """Make an error diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, span, hint)


def warning(code: str, message: str, span: SourceSpan | None = None, hint: str | None = None) -> Diagnostic:
    """Make a warning diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, span, hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Tell whether any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop duplicates and sort by (path, line, column, code) for reproducible output."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to a misspelt word, if any is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """Build a hint naming the nearest candidate, or listing them when few."""
    options = sorted(set(candidates))
    guess = nearest(word, options)
    if guess is not None:
        return f"did you mean '{guess}'?"
    if options and len(options) <= 8:
        return "expected one of: " + ", ".join(f"'{o}'" for o in options)
    return None


_MAX_SHOWN = 120
"""Characters of a source line shown under a diagnostic."""


def _location(span: SourceSpan | None) -> str:
    if span is None:
        return "coursec"
    if span.line <= 0:
        return span.path
    return f"{span.path}:{span.line}:{span.column}"


def format_text(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str]) -> str:
    """Format diagnostics like a compiler: location, code, message, source line, caret, hint."""
    blocks: list[str] = []
    for diagnostic in diagnostics:
        lines = [f"{_location(diagnostic.span)}: {diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"]
        span = diagnostic.span
        text = sources.get(span.path) if span is not None else None
        if span is not None and text is not None and span.line > 0:
            source_lines = text.splitlines()
            if span.line <= len(source_lines):
                source_line = source_lines[span.line - 1].expandtabs(4)
                gutter = f"{span.line:>4} | "
                width = 1
                if span.end_line == span.line and span.end_column > span.column:
                    width = span.end_column - span.column
                width = max(1, min(width, len(source_line) - span.column + 1))
                column = span.column
                if len(source_line) > _MAX_SHOWN:
                    # Show a window around the column so a minified or generated line stays readable.
                    start = max(0, min(column - 1 - _MAX_SHOWN // 3, len(source_line) - _MAX_SHOWN))
                    shown = source_line[start : start + _MAX_SHOWN]
                    prefix = "…" if start else ""
                    source_line = prefix + shown + ("…" if start + _MAX_SHOWN < len(source_line) else "")
                    column = column - start + len(prefix)
                    width = max(1, min(width, _MAX_SHOWN - (column - 1 - len(prefix))))
                lines.append(gutter + source_line)
                lines.append(" " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^" * width)
        if diagnostic.hint:
            lines.append(f"     = hint: {diagnostic.hint}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def format_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """One closing line counting errors and warnings."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """Format diagnostics as a JSON array (stable key order)."""
    records = []
    for d in diagnostics:
        span = d.span
        records.append(
            {
                "severity": str(d.severity),
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
                "path": span.path if span else None,
                "line": span.line if span else None,
                "column": span.column if span else None,
                "end_line": span.end_line if span else None,
                "end_column": span.end_column if span else None,
            }
        )
    return json.dumps(records, ensure_ascii=False, indent=2)


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic], root: str = "") -> str:
    """Format diagnostics as GitHub Actions workflow commands (annotations)."""
    out = []
    for d in diagnostics:
        props = []
        if d.span is not None:
            path = f"{root.rstrip('/')}/{d.span.path}" if root else d.span.path
            props.append(f"file={_escape_github(path, property_value=True)}")
            if d.span.line > 0:
                props.append(f"line={d.span.line}")
                props.append(f"col={d.span.column}")
        props.append(f"title={_escape_github(d.code, property_value=True)}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.append(f"::{d.severity} {','.join(props)}::{_escape_github(message)}")
    return "\n".join(out)
