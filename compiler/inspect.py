"""`coursec inspect`: a zip from any authoring tool in, a report for LMS admins out (summary, findings, verdict).

The verdict follows what real LMSs do with the package: an error is what stops an import or a launch,
anything LMSs tolerate is a warning (docs/inspect.md). Every zip first gets the hygiene checks all
kinds share (compiler/package/hygiene.py: unsafe names, links, doubles, hidden files, unreadable
entries); then each target's reader (compiler/targets/<name>/reader.py) is asked whether the package
is of its kind, and the one that says yes checks it and gives its facts. inspect knows no standard:
a new target brings its reader and is inspected without a change here.

The package's description (imsmanifest.xml, cmi5.xml) is read once, under MAX_XML_BYTES, and parsed
without DTDs, entity expansion or network access (compiler/package/untrusted_xml.py).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from lxml import etree

from compiler.diagnostics import (
    Diagnostic,
    Severity,
    SourceSpan,
    error,
    format_json,
    format_summary,
    format_text,
    has_errors,
    sort_unique,
)
from compiler.package.authoring import AuthoringTool, recognise_tool
from compiler.package.entries import reference_path, reference_problem
from compiler.package.hygiene import (
    ARCHIVE_ERRORS,
    check_entries,
    check_names,
    check_readable,
    read_bounded,
    scan_launch_page,
)
from compiler.package.reader import FileDiagnostic, PackageFacts, PackageReader, ZipEntries
from compiler.package.untrusted_xml import MAX_XML_BYTES, too_large, untrusted_parser
from compiler.targets.base import load_target, target_names

FALLBACK_KIND = "scorm12"
"""The reader that explains a zip no reader recognises (E503: where imsmanifest.xml should be, E505)."""

# One finding per kind: the message for n diagnostics of one code about n files, how many names the
# text report shows (the JSON lists them all; unlisted files are many and harmless, a few names do),
# and a hint for many files where the single file's hint would not read right.
_GROUPS: dict[str, tuple[str, int, str | None]] = {
    "E508": (
        "{n} files listed in the manifest are not in the package",
        50,
        "add the files to the zip, or remove their <file> lines; the LMS answers 404 when the course asks for one",
    ),
    "E509": ("{n} packaged files are not listed in the manifest", 5, None),
    "E510": ("{n} hrefs differ in letter case from their files", 50, None),
    "W501": ("{n} hidden or system files and folders in the package", 5, None),
    "W503": ("{n} packaged files are not listed in the manifest", 5, None),
    "W506": ("{n} metadata files named by adlcp:location are not in the package", 50, None),
}


@dataclass(frozen=True)
class FindingFile:
    """One file of a grouped finding, with the manifest lines that name it (none for packaged files)."""

    path: str
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Finding:
    """What a report shows as one entry: one diagnostic, or many of one kind about many files."""

    diagnostic: Diagnostic
    """The diagnostic itself; for a group, its message counts the files and its span is the first one's."""
    files: tuple[FindingFile, ...] = ()
    """The files of a group, in order; empty for a single diagnostic."""


@dataclass(frozen=True)
class InspectReport:
    """What inspecting one package found: its kind and facts, sizes, the authoring tool and diagnostics."""

    name: str
    diagnostics: tuple[Diagnostic, ...]
    kind: str | None = None
    """The target name of the reader that checked the package ('scorm12', 'cmi5', 'web', ...)."""
    facts: PackageFacts = field(default_factory=PackageFacts)
    file_count: int = 0
    uncompressed_size: int = 0
    compressed_size: int = 0
    tool: AuthoringTool | None = None
    description_text: str | None = field(default=None, repr=False, compare=False)
    """The package's description as text, to quote its lines under the diagnostics."""
    description_name: str | None = None
    """imsmanifest.xml, cmi5.xml, or None for a kind without one (web)."""

    @property
    def ok(self) -> bool:
        """Whether the package has no errors (warnings allowed)."""
        return not has_errors(self.diagnostics)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The diagnostics as a report shows them: grouped by kind, errors first."""
        return group_findings(self.diagnostics, self.name)


def readers() -> tuple[PackageReader, ...]:
    """Every target's reader: those with a description file first (in name order), then the others."""
    found = [load_target(name).reader for name in target_names()]
    return tuple(sorted(found, key=lambda reader: reader.description is None))


def _parse_quietly(data: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(data, untrusted_parser())
    except etree.XMLSyntaxError:
        return None


def _choose(
    all_readers: Sequence[PackageReader], names: Sequence[str], roots: Mapping[str, etree._Element | None]
) -> PackageReader:
    """The first reader that recognises the package; the fallback reader when none does."""
    wanted = {reader.description.lower() for reader in all_readers if reader.description is not None}
    # A manifest or cmi5.xml anywhere, in any letter case, makes the zip a (broken) LMS package, never a
    # plain web package: its reader explains where the file should be.
    described = any(name.rsplit("/", 1)[-1].lower() in wanted for name in names)
    for reader in all_readers:
        if reader.description is None and described:
            continue
        if reader.description is not None and reader.description not in names:
            continue
        if reader.detect(names, roots.get(reader.description) if reader.description else None):
            return reader
    return next(reader for reader in all_readers if reader.kind == FALLBACK_KIND)


def _unreadable_zip(data: bytes, name: str, exc: Exception) -> InspectReport:
    hint = "export or download the package again"
    start = data[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")):
        hint = "this is a web page, not a zip (often an LMS or file-share login page): download the package again"
    return InspectReport(name, (error("E501", f"'{name}' is not a readable zip: {exc}", SourceSpan(name, 0), hint),))


def _launch_path(facts: PackageFacts) -> str | None:
    href = facts.launch_href
    if not href or reference_problem(href) is not None:
        return None
    return reference_path(href) or None


def inspect_zip(data: bytes, name: str, *, strict: bool = False) -> InspectReport:
    """Check a package zip of any kind given as bytes; name only labels the report.

    By default the verdict follows real LMSs; strict holds the package to what coursec demands of its own.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ARCHIVE_ERRORS as exc:
        return _unreadable_zip(data, name, exc)
    with archive:
        infos = archive.infolist()
        entries, diagnostics = check_entries(archive, infos)
        diagnostics.extend(check_names(entries))
        unreadable: set[str] = set()
        for entry_name, info in entries.items():
            problem = None if info.is_dir() else check_readable(archive, info)
            if problem is not None:
                diagnostics.append(problem)
                unreadable.add(entry_name)
        all_readers = readers()
        texts: dict[str, bytes] = {}
        roots: dict[str, etree._Element | None] = {}
        for description in sorted({r.description for r in all_readers if r.description is not None}):
            if description not in entries or description in unreadable:
                continue
            text = read_bounded(archive, entries[description], MAX_XML_BYTES)
            if text is None:
                diagnostics.append(too_large(description, entries[description].file_size))
                unreadable.add(description)  # reported: no reader reads it again
                continue
            texts[description] = text
            roots[description] = _parse_quietly(text)
        names = list(entries)
        reader = _choose(all_readers, names, roots)
        files = ZipEntries(archive, entries, texts)
        # An undecompressable or oversized description is reported above; checking it would repeat that.
        if reader.description not in unreadable:
            diagnostics.extend(reader.check(files, strict=strict))
        facts = reader.facts(roots.get(reader.description) if reader.description else None, names)
        tool = recognise_tool(entries)
        launch = _launch_path(facts)
        if launch is not None and launch in entries and launch not in unreadable:
            reported = {d.file for d in diagnostics if isinstance(d, FileDiagnostic) and d.code in ("E508", "E510")}
            scan = scan_launch_page(files, launch, set(entries), reported)
            if not reader.lists_files:  # the launch page is the only list of the package's files
                diagnostics.extend(scan.diagnostics)
            if scan.generator is not None and scan.generator.lower().startswith("coursec"):
                tool = AuthoringTool(scan.generator, (f'<meta name="generator"> in {launch}',))
    description_name = reader.description
    text = texts.get(description_name) if description_name else None
    regular = [info for info in infos if not info.is_dir()]
    return InspectReport(
        name=name,
        diagnostics=tuple(sort_unique(diagnostics)),
        kind=reader.kind,
        facts=facts,
        file_count=len(regular),
        uncompressed_size=sum(info.file_size for info in regular),
        compressed_size=sum(info.compress_size for info in regular),
        tool=tool,
        description_text=text.decode("utf-8", errors="replace") if text is not None else None,
        description_name=description_name,
    )


def _group(code: str, members: Sequence[FileDiagnostic], package: str) -> Finding:
    descriptions = {reader.description for reader in readers()}  # lines are quoted only of these files
    files: dict[str, list[int]] = {}
    for member in members:
        lines = files.setdefault(member.file, [])
        if member.span is not None and member.span.path in descriptions and member.span.line > 0:
            lines.append(member.span.line)
    first = members[0]
    span = first.span
    if span is None or span.line <= 0:
        span = SourceSpan(package, 0)  # the files themselves: the finding is about the package
    template, _, hint = _GROUPS[code]
    if code == "E508" and span.path not in descriptions:  # named by the launch page (web, cmi5)
        template, hint = "{n} files named by " + span.path + " are not in the package", first.hint
    head = Diagnostic(first.severity, code, template.format(n=f"{len(files):,}"), span, hint or first.hint)
    return Finding(head, tuple(FindingFile(path, tuple(sorted(set(lines)))) for path, lines in files.items()))


def group_findings(diagnostics: Sequence[Diagnostic], package: str) -> tuple[Finding, ...]:
    """Show many diagnostics of one kind about files as one finding; errors before warnings."""
    by_code: dict[str, list[FileDiagnostic]] = {}
    for diagnostic in diagnostics:
        if isinstance(diagnostic, FileDiagnostic) and diagnostic.code in _GROUPS:
            by_code.setdefault(diagnostic.code, []).append(diagnostic)
    grouped = {code for code, members in by_code.items() if len({member.file for member in members}) > 1}
    findings: list[Finding] = []
    for diagnostic in diagnostics:
        if diagnostic.code not in grouped or not isinstance(diagnostic, FileDiagnostic):
            findings.append(Finding(diagnostic))
        elif diagnostic is by_code[diagnostic.code][0]:
            findings.append(_group(diagnostic.code, by_code[diagnostic.code], package))
    return tuple(sorted(findings, key=lambda f: f.diagnostic.severity is not Severity.ERROR))


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    value = count / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _facts(report: InspectReport) -> list[tuple[str, str]]:
    tool = "not recognised"
    if report.tool is not None:
        tool = f"{report.tool.name} (by {', '.join(report.tool.evidence)})"
    unpacked, zipped = _size(report.uncompressed_size), _size(report.compressed_size)
    sizes = f"{report.file_count:,} files, {unpacked} unpacked, {zipped} zipped"
    return [("authoring tool", tool), *report.facts.rows, ("size", sizes), *report.facts.trailing_rows]


def _format_finding(finding: Finding, sources: Mapping[str, str]) -> str:
    if not finding.files:
        return format_text([finding.diagnostic], sources)
    head = finding.diagnostic
    lines = [format_text([replace(head, hint=None)], {})]
    limit = _GROUPS[head.code][1]
    head_line = head.span.line if head.span is not None else 0
    # Unlisted files all point at <resources>: their line says nothing; listed ones each have their own.
    numbered = any(file.lines not in ((), (head_line,)) for file in finding.files)
    for file in finding.files[:limit]:
        suffix = ""
        if numbered and file.lines:
            suffix = f" (line{'s' if len(file.lines) > 1 else ''} {', '.join(map(str, file.lines))})"
        lines.append(f"     - {file.path}{suffix}")
    if len(finding.files) > limit:
        lines.append(f"     - … and {len(finding.files) - limit} more (--json lists them all)")
    if head.hint:
        lines.append(f"     = hint: {head.hint}")
    return "\n".join(lines)


def _verdict(report: InspectReport, findings: Sequence[Finding]) -> str:
    summary = format_summary([finding.diagnostic for finding in findings])
    if report.ok and report.facts.verdict:
        return f"verdict: OK, {report.facts.verdict} ({summary})"
    return f"verdict: NOT READY, fix the errors before importing ({summary})"


def format_report_text(report: InspectReport) -> str:
    """Format a report for a terminal: the summary, the findings grouped by kind, then a verdict line."""
    facts = _facts(report)
    width = max(len(label) for label, _ in facts)
    lines = [report.name]
    lines.extend(f"  {label:<{width}}  {value}" for label, value in facts)
    findings = report.findings
    if findings:
        sources = {}
        if report.description_text is not None and report.description_name is not None:
            sources[report.description_name] = report.description_text
        lines.append("")
        lines.extend(_format_finding(finding, sources) for finding in findings)
    lines.extend(["", _verdict(report, findings)])
    return "\n".join(lines)


def report_to_json(report: InspectReport) -> str:
    """Format a report as JSON with a stable key order: the same summary, findings and verdict as the text."""
    findings = report.findings
    records = json.loads(format_json([finding.diagnostic for finding in findings]))
    for record, finding in zip(records, findings, strict=True):
        record["files"] = [{"path": file.path, "lines": list(file.lines)} for file in finding.files]
    errors = sum(1 for finding in findings if finding.diagnostic.severity is Severity.ERROR)
    record = {
        "name": report.name,
        "ok": report.ok,
        "authoring_tool": report.tool.name if report.tool is not None else None,
        "authoring_tool_evidence": list(report.tool.evidence) if report.tool is not None else [],
        "kind": report.kind,
        "scorm_version": report.facts.standard,
        "title": report.facts.title,
        "launch_href": report.facts.launch_href,
        "scorm_type": report.facts.scorm_type,
        "mastery_score": report.facts.mastery_score,
        "sco_count": report.facts.unit_count,
        "file_count": report.file_count,
        "uncompressed_size": report.uncompressed_size,
        "compressed_size": report.compressed_size,
        "manifest_identifier": report.facts.identifier,
        "schema_version": report.facts.schema_version,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": records,
    }
    return json.dumps(record, ensure_ascii=False, indent=2)
