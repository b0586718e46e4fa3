"""`coursec inspect`: a zip from any authoring tool in, a report for LMS admins out (summary, findings, verdict).

The verdict follows what real LMSs do with the package: an error is what stops an import or a launch,
anything LMSs tolerate is a warning (docs/inspect.md). Checks run per SCORM version, chosen from the
manifest's namespaces and <schemaversion>; one reader per version plugs into READERS.
"""

from __future__ import annotations

import io
import json
import lzma
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
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
from compiler.package.content_packaging import untrusted_parser
from compiler.targets.cmi5 import checks as cmi5
from compiler.targets.scorm12.checks import FileDiagnostic, check_package, names_scorm_2004
from compiler.targets.scorm12.manifest import MANIFEST_NAME, NS_ADLCP, NS_IMSCP, NS_XML
from compiler.targets.scorm2004 import checks as scorm2004

_DRIVE_LETTER = re.compile(r"[A-Za-z]:")
# What a damaged or exotic zip raises while being opened, or while one entry is decompressed
# (bad CRC, corrupt deflate data, offsets out of range, unsupported method, encryption).
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError)
_ENTRY_ERRORS = (*_ARCHIVE_ERRORS, zlib.error, lzma.LZMAError, RuntimeError)
_CHUNK = 1 << 20
_ENCRYPTED = 0x1  # general purpose bit flag 0 (APPNOTE 4.4.4)
# S12-Z3: LMS unzip code (PHP ZipArchive, Java) is only relied on for these two methods.
_LMS_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64", 93: "Zstandard", 99: "AES"}
_CP = {"cp": NS_IMSCP}
_SCORMTYPE = f"{{{NS_ADLCP}}}scormtype"
NS_IMSCP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
"""The IMS CP 1.1.4 namespace SCORM 2004 manifests use (CAM 3.2)."""
_EDITIONS_2004 = (("4th", "2004 4th edition"), ("3rd", "2004 3rd edition"), ("1.3", "2004 2nd edition"))

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
class ManifestFacts:
    """What an LMS admin wants to know from a manifest before uploading."""

    identifier: str | None = None
    title: str | None = None
    scorm_version: str | None = None
    """The SCORM version the manifest is written for, from its namespaces and <schemaversion>."""
    schema_version: str | None = None
    """The <schemaversion> text as written."""
    launch_href: str | None = None
    scorm_type: str | None = None
    mastery_score: str | None = None
    sco_count: int = 0


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
    """What inspecting one package found: manifest facts, sizes, the authoring tool and diagnostics."""

    name: str
    diagnostics: tuple[Diagnostic, ...]
    manifest: ManifestFacts = field(default_factory=ManifestFacts)
    file_count: int = 0
    uncompressed_size: int = 0
    compressed_size: int = 0
    tool: AuthoringTool | None = None
    manifest_text: str | None = field(default=None, repr=False, compare=False)
    """The manifest as text, to quote its lines under the diagnostics."""
    manifest_name: str = MANIFEST_NAME
    """imsmanifest.xml, or cmi5.xml for a cmi5 package."""

    @property
    def ok(self) -> bool:
        """Whether the package has no errors (warnings allowed)."""
        return not has_errors(self.diagnostics)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The diagnostics as a report shows them: grouped by kind, errors first."""
        return group_findings(self.diagnostics, self.name)


@dataclass(frozen=True)
class ScormReader:
    """What inspect needs from one SCORM version: its checks and how to read the manifest's facts."""

    check: Callable[[Mapping[str, bytes], bool], list[Diagnostic]]
    """(package files, strict) -> diagnostics; strict holds the package to coursec's own standard."""
    facts: Callable[[etree._Element], ManifestFacts]


def _check_scorm12(files: Mapping[str, bytes], strict: bool) -> list[Diagnostic]:
    return check_package(files, foreign=not strict)


class _ZipEntries(Mapping[str, bytes]):
    """Archive path -> bytes, read on demand: the checks open only imsmanifest.xml."""

    def __init__(self, archive: zipfile.ZipFile, infos: Mapping[str, zipfile.ZipInfo]) -> None:
        self._archive = archive
        self._infos = dict(infos)

    def __getitem__(self, name: str) -> bytes:
        return self._archive.read(self._infos[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


def _unsafe_reason(name: str) -> str | None:
    if "\x00" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "uses backslashes instead of '/'"
    if name.startswith("/") or _DRIVE_LETTER.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the package folder with '..' (zip slip)"
    return None


def _display(name: str) -> str:
    return name.replace("\x00", "\\x00")


def _check_entries(
    infos: list[zipfile.ZipInfo],
) -> tuple[dict[str, zipfile.ZipInfo], list[Diagnostic]]:
    """Keep the safe entries by name; report unsafe and duplicate names (E502)."""
    diagnostics: list[Diagnostic] = []
    safe: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        # orig_filename is the raw name; zipfile's filename is cut at a NUL byte.
        raw = info.orig_filename
        reason = _unsafe_reason(raw)
        if reason is None:
            safe.setdefault(info.filename, info)
            continue
        diagnostics.append(
            error(
                "E502",
                f"entry '{_display(raw)}' {reason}",
                SourceSpan(_display(raw), 0),
                "an LMS may refuse the zip or unpack the file outside the course",
            )
        )
    counts = Counter(info.filename for info in infos)
    for name, count in sorted(counts.items()):
        if count > 1 and name in safe:
            diagnostics.append(
                error(
                    "E502",
                    f"entry '{name}' appears {count} times",
                    SourceSpan(name, 0),
                    "which copy an LMS unpacks is undefined; zip each file once",
                )
            )
    return safe, diagnostics


def _check_readable(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Diagnostic | None:
    """Decompress one entry in chunks to verify its CRC without keeping it in memory."""
    problem = None
    hint = "re-create the zip with Deflate or Store compression and no password"
    if info.flag_bits & _ENCRYPTED:
        problem = "is encrypted"
    elif info.compress_type not in _LMS_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"number {info.compress_type}")
        problem = f"uses compression method {method}; LMSs unpack only Store and Deflate"
    else:
        try:
            with archive.open(info) as stream:
                while stream.read(_CHUNK):
                    pass
        except _ENTRY_ERRORS as exc:
            problem = f"cannot be read: {exc}"
            hint = "the zip is damaged (cut off or changed in transfer): export or download it again"
    if problem is None:
        return None
    return error("E501", f"entry '{info.filename}' {problem}", SourceSpan(info.filename, 0), hint)


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip()


def detect_version(root: etree._Element) -> str | None:
    """The SCORM version a manifest is written for: '1.2', '2004 4th edition', ... or None if neither."""
    namespace = etree.QName(root).namespace
    schemaversion = _text(root.find(f"{{{namespace}}}metadata/{{{namespace}}}schemaversion")) or ""
    if namespace == NS_IMSCP:
        return "1.2"
    if namespace == NS_IMSCP_2004 or names_scorm_2004(schemaversion):
        return next((label for key, label in _EDITIONS_2004 if key in schemaversion), "2004")
    return None


def _launch_facts(
    organization: etree._Element, resources: Mapping[str | None, etree._Element]
) -> tuple[str | None, str | None, str | None]:
    """(launch href, scormtype, masteryscore) of the first item that launches a file."""
    for item in organization.iter(f"{{{NS_IMSCP}}}item"):
        resource = resources.get(item.get("identifierref"))
        if resource is None or resource.get("href") is None:
            continue
        base = "".join(
            element.get(f"{{{NS_XML}}}base", "") for element in (resource.getparent(), resource) if element is not None
        )
        launch = base + (resource.get("href") or "") + (item.get("parameters") or "")
        mastery = _text(item.find(f"{{{NS_ADLCP}}}masteryscore"))
        return launch, _scormtype(resource), mastery
    return None, None, None


def _scormtype(resource: etree._Element) -> str | None:
    # Read as Moodle does, whatever the letter case of the attribute name (checks.py warns about it).
    return next(
        (str(value) for name, value in resource.attrib.items() if str(name).lower().endswith("scormtype")), None
    )


def _scorm12_facts(root: etree._Element) -> ManifestFacts:
    resources = {r.get("identifier"): r for r in root.iter(f"{{{NS_IMSCP}}}resource")}
    container = root.find("cp:organizations", _CP)
    organizations = root.findall("cp:organizations/cp:organization", _CP)
    default = container.get("default") if container is not None else None
    chosen = next((o for o in organizations if o.get("identifier") == default), None)
    if chosen is None and organizations:
        chosen = organizations[0]
    launch: tuple[str | None, str | None, str | None] = (None, None, None)
    if chosen is not None:
        launch = _launch_facts(chosen, resources)
    return ManifestFacts(
        identifier=root.get("identifier"),
        title=_text(chosen.find("cp:title", _CP)) if chosen is not None else None,
        scorm_version=detect_version(root),
        schema_version=_text(root.find("cp:metadata/cp:schemaversion", _CP)),
        launch_href=launch[0],
        scorm_type=launch[1],
        mastery_score=launch[2],
        sco_count=sum(1 for r in resources.values() if _scormtype(r) == "sco"),
    )


def _check_scorm2004(files: Mapping[str, bytes], strict: bool) -> list[Diagnostic]:
    return scorm2004.check_package(files, foreign=not strict)


def _scorm2004_facts(root: etree._Element) -> ManifestFacts:
    facts = scorm2004.launch_facts(root)
    return ManifestFacts(
        identifier=root.get("identifier"),
        title=facts.title,
        scorm_version=detect_version(root),
        schema_version=_text(root.find(f"{{{NS_IMSCP_2004}}}metadata/{{{NS_IMSCP_2004}}}schemaversion")),
        launch_href=facts.launch_href,
        scorm_type=facts.scorm_type,
        mastery_score=facts.mastery_score,
        sco_count=facts.sco_count,
    )


READERS: dict[str, ScormReader] = {
    "1.2": ScormReader(_check_scorm12, _scorm12_facts),
    "2004": ScormReader(_check_scorm2004, _scorm2004_facts),
}
"""One reader per SCORM version inspect checks, keyed by the first word of detect_version()."""
_FALLBACK = "1.2"  # its checks explain a manifest of another version or standard (E505)


def _parse_manifest(data: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(data, untrusted_parser())
    except etree.XMLSyntaxError:
        return None


def _reader(root: etree._Element | None) -> ScormReader:
    version = detect_version(root) if root is not None else None
    key = version.split()[0] if version else _FALLBACK
    return READERS.get(key, READERS[_FALLBACK])


def inspect_zip(data: bytes, name: str, *, strict: bool = False) -> InspectReport:
    """Check a SCORM zip given as bytes; name only labels the report.

    By default the verdict follows real LMSs; strict holds the package to what coursec demands of its own.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ARCHIVE_ERRORS as exc:
        hint = "export or download the package again"
        start = data[:512].lstrip().lower()
        if start.startswith((b"<!doctype html", b"<html")):
            hint = "this is a web page, not a zip (often an LMS or file-share login page): download the package again"
        unreadable_zip = error("E501", f"'{name}' is not a readable zip: {exc}", SourceSpan(name, 0), hint)
        return InspectReport(name, (unreadable_zip,))
    with archive:
        infos = archive.infolist()
        entries, diagnostics = _check_entries(infos)
        unreadable: set[str] = set()
        for entry_name, info in entries.items():
            problem = None if info.is_dir() else _check_readable(archive, info)
            if problem is not None:
                diagnostics.append(problem)
                unreadable.add(entry_name)
        if MANIFEST_NAME not in entries and cmi5.STRUCTURE_NAME in entries:
            return _inspect_cmi5(name, archive, infos, entries, diagnostics, unreadable)
        manifest: bytes | None = None
        if MANIFEST_NAME in entries and MANIFEST_NAME not in unreadable:
            manifest = archive.read(entries[MANIFEST_NAME])
        root = _parse_manifest(manifest) if manifest is not None else None
        reader = _reader(root)
        # An undecompressable manifest is reported above; checking it would repeat that.
        if MANIFEST_NAME not in unreadable:
            diagnostics.extend(reader.check(_ZipEntries(archive, entries), strict))
    facts = reader.facts(root) if root is not None else ManifestFacts()
    return _report(name, infos, entries, diagnostics, facts, manifest, MANIFEST_NAME)


def _report(
    name: str,
    infos: Sequence[zipfile.ZipInfo],
    entries: Mapping[str, zipfile.ZipInfo],
    diagnostics: list[Diagnostic],
    facts: ManifestFacts,
    manifest: bytes | None,
    manifest_name: str,
) -> InspectReport:
    """The report on one zip: its findings, what the manifest (or cmi5.xml) says, sizes and the tool."""
    files = [info for info in infos if not info.is_dir()]
    return InspectReport(
        name=name,
        diagnostics=tuple(sort_unique(diagnostics)),
        manifest=facts,
        file_count=len(files),
        uncompressed_size=sum(info.file_size for info in files),
        compressed_size=sum(info.compress_size for info in files),
        tool=recognise_tool(entries),
        manifest_text=(manifest.decode("utf-8", errors="replace") if manifest is not None else None),
        manifest_name=manifest_name,
    )


def _inspect_cmi5(
    name: str,
    archive: zipfile.ZipFile,
    infos: Sequence[zipfile.ZipInfo],
    entries: Mapping[str, zipfile.ZipInfo],
    diagnostics: list[Diagnostic],
    unreadable: set[str],
) -> InspectReport:
    """A cmi5 package: cmi5.xml at the root, checked by the cmi5 reader (XSD and code checks)."""
    structure: bytes | None = None
    if cmi5.STRUCTURE_NAME not in unreadable:
        structure = archive.read(entries[cmi5.STRUCTURE_NAME])
        diagnostics.extend(cmi5.check_package(_ZipEntries(archive, entries)))
    root = _parse_manifest(structure) if structure is not None else None
    facts = ManifestFacts(scorm_version="cmi5")
    if root is not None and etree.QName(root).namespace == cmi5.NS_CMI5:
        read = cmi5.structure_facts(root)
        facts = ManifestFacts(
            identifier=read.course_id,
            title=read.title,
            scorm_version="cmi5",
            launch_href=read.launch_url,
            scorm_type=f"AU, moveOn {read.move_on}",
            mastery_score=read.mastery_score,
            sco_count=read.au_count,
        )
    return _report(name, infos, entries, diagnostics, facts, structure, cmi5.STRUCTURE_NAME)


def _group(code: str, members: Sequence[FileDiagnostic], package: str) -> Finding:
    files: dict[str, list[int]] = {}
    for member in members:
        lines = files.setdefault(member.file, [])
        if member.span is not None and member.span.path == MANIFEST_NAME and member.span.line > 0:
            lines.append(member.span.line)
    first = members[0]
    span = first.span
    if span is None or span.line <= 0:
        span = SourceSpan(package, 0)  # the files themselves: the finding is about the package
    template, _, hint = _GROUPS[code]
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


def _version_fact(facts: ManifestFacts) -> str:
    if facts.scorm_version is None:
        return "-"
    if facts.scorm_version == "1.2" and facts.schema_version is None:
        return "1.2 (by its namespaces; no <schemaversion>)"
    if facts.scorm_version == "1.2" and facts.schema_version != "1.2":
        return f"1.2 (by its namespaces; <schemaversion> says '{facts.schema_version}')"
    return facts.scorm_version


def _facts(report: InspectReport) -> list[tuple[str, str]]:
    launch = report.manifest.launch_href
    if launch is not None and report.manifest.scorm_type is not None:
        launch = f"{launch} ({report.manifest.scorm_type})"
    tool = "not recognised"
    if report.tool is not None:
        tool = f"{report.tool.name} (by {', '.join(report.tool.evidence)})"
    unpacked, zipped = _size(report.uncompressed_size), _size(report.compressed_size)
    sizes = f"{report.file_count:,} files, {unpacked} unpacked, {zipped} zipped"
    if report.manifest.scorm_version == "cmi5":
        return [
            ("authoring tool", tool),
            ("standard", "cmi5 (cmi5.xml)"),
            ("title", report.manifest.title or "-"),
            ("launch file", launch or "-"),
            ("mastery score", report.manifest.mastery_score or "none"),
            ("AUs", str(report.manifest.sco_count)),
            ("size", sizes),
            ("course id", report.manifest.identifier or "-"),
        ]
    return [
        ("authoring tool", tool),
        ("SCORM version", _version_fact(report.manifest)),
        ("title", report.manifest.title or "-"),
        ("launch file", launch or "-"),
        ("mastery score", report.manifest.mastery_score or "none"),
        ("SCOs", str(report.manifest.sco_count)),
        ("size", sizes),
        ("manifest identifier", report.manifest.identifier or "-"),
    ]


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
    if report.ok:  # a package without errors has a manifest of a version a reader checked
        if report.manifest.scorm_version == "cmi5":
            return f"verdict: OK, ready to import as cmi5 ({summary})"
        return f"verdict: OK, ready to import as SCORM {report.manifest.scorm_version or _FALLBACK} ({summary})"
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
        if report.manifest_text is not None:
            sources[report.manifest_name] = report.manifest_text
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
        "scorm_version": report.manifest.scorm_version,
        "title": report.manifest.title,
        "launch_href": report.manifest.launch_href,
        "scorm_type": report.manifest.scorm_type,
        "mastery_score": report.manifest.mastery_score,
        "sco_count": report.manifest.sco_count,
        "file_count": report.file_count,
        "uncompressed_size": report.uncompressed_size,
        "compressed_size": report.compressed_size,
        "manifest_identifier": report.manifest.identifier,
        "schema_version": report.manifest.schema_version,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": records,
    }
    return json.dumps(record, ensure_ascii=False, indent=2)
