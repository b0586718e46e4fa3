"""`coursec inspect`: check a SCORM 1.2 zip in memory and report what LMS admins need."""

from __future__ import annotations

import io
import json
import lzma
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

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
from compiler.package.checks import check_package
from compiler.package.scorm12 import MANIFEST_NAME, NS_ADLCP, NS_IMSCP, NS_XML

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


@dataclass(frozen=True)
class ManifestFacts:
    """What an LMS admin wants to know from a manifest before uploading."""

    identifier: str | None = None
    title: str | None = None
    schema_version: str | None = None
    launch_href: str | None = None
    scorm_type: str | None = None
    mastery_score: str | None = None
    sco_count: int = 0


@dataclass(frozen=True)
class InspectReport:
    """What inspecting one package found: manifest facts, sizes and diagnostics."""

    name: str
    diagnostics: tuple[Diagnostic, ...]
    manifest: ManifestFacts = field(default_factory=ManifestFacts)
    file_count: int = 0
    uncompressed_size: int = 0
    compressed_size: int = 0
    manifest_text: str | None = field(default=None, repr=False, compare=False)
    """The manifest as text, to quote its lines under the diagnostics."""

    @property
    def ok(self) -> bool:
        """Whether the package has no errors (warnings allowed)."""
        return not has_errors(self.diagnostics)


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
        return launch, resource.get(_SCORMTYPE), mastery
    return None, None, None


def _manifest_facts(data: bytes) -> ManifestFacts:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return ManifestFacts()
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
        schema_version=_text(root.find("cp:metadata/cp:schemaversion", _CP)),
        launch_href=launch[0],
        scorm_type=launch[1],
        mastery_score=launch[2],
        sco_count=sum(1 for r in resources.values() if r.get(_SCORMTYPE) == "sco"),
    )


def inspect_zip(data: bytes, name: str) -> InspectReport:
    """Check a SCORM 1.2 zip given as bytes; name only labels the report."""
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
        manifest: bytes | None = None
        if MANIFEST_NAME in entries and MANIFEST_NAME not in unreadable:
            manifest = archive.read(entries[MANIFEST_NAME])
        # An undecompressable manifest is reported above; checking it would repeat that.
        if MANIFEST_NAME not in unreadable:
            diagnostics.extend(check_package(_ZipEntries(archive, entries)))
    facts = _manifest_facts(manifest) if manifest is not None else ManifestFacts()
    files = [info for info in infos if not info.is_dir()]
    return InspectReport(
        name=name,
        diagnostics=tuple(sort_unique(diagnostics)),
        manifest=facts,
        file_count=len(files),
        uncompressed_size=sum(info.file_size for info in files),
        compressed_size=sum(info.compress_size for info in files),
        manifest_text=(manifest.decode("utf-8", errors="replace") if manifest is not None else None),
    )


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
    launch = report.manifest.launch_href
    if launch is not None and report.manifest.scorm_type is not None:
        launch = f"{launch} ({report.manifest.scorm_type})"
    sizes = f"{_size(report.uncompressed_size)} unpacked, {_size(report.compressed_size)} zipped"
    return [
        ("manifest identifier", report.manifest.identifier or "-"),
        ("title", report.manifest.title or "-"),
        ("schema version", report.manifest.schema_version or "-"),
        ("launch file", launch or "-"),
        ("mastery score", report.manifest.mastery_score or "none"),
        ("SCOs", str(report.manifest.sco_count)),
        ("files", str(report.file_count)),
        ("size", sizes),
    ]


def format_report_text(report: InspectReport) -> str:
    """Format a report for a terminal: facts, diagnostics, then a verdict line."""
    facts = _facts(report)
    width = max(len(label) for label, _ in facts)
    lines = [report.name]
    lines.extend(f"  {label:<{width}}  {value}" for label, value in facts)
    if report.diagnostics:
        sources = {}
        if report.manifest_text is not None:
            sources[MANIFEST_NAME] = report.manifest_text
        lines.extend(["", format_text(report.diagnostics, sources)])
    summary = format_summary(report.diagnostics)
    if report.ok:
        verdict = f"verdict: OK, ready to import as SCORM 1.2 ({summary})"
    else:
        verdict = f"verdict: NOT READY, fix the errors before importing ({summary})"
    lines.extend(["", verdict])
    return "\n".join(lines)


def report_to_json(report: InspectReport) -> str:
    """Format a report as JSON with a stable key order."""
    errors = sum(1 for d in report.diagnostics if d.severity is Severity.ERROR)
    record = {
        "name": report.name,
        "ok": report.ok,
        "manifest_identifier": report.manifest.identifier,
        "title": report.manifest.title,
        "schema_version": report.manifest.schema_version,
        "launch_href": report.manifest.launch_href,
        "scorm_type": report.manifest.scorm_type,
        "mastery_score": report.manifest.mastery_score,
        "sco_count": report.manifest.sco_count,
        "file_count": report.file_count,
        "uncompressed_size": report.uncompressed_size,
        "compressed_size": report.compressed_size,
        "errors": errors,
        "warnings": len(report.diagnostics) - errors,
        "diagnostics": json.loads(format_json(report.diagnostics)),
    }
    return json.dumps(record, ensure_ascii=False, indent=2)
