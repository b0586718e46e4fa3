"""Zip entries and names -> the findings every package kind shares: unsafe, linked, doubled, hidden, unreadable.

These faults are the zip's, not the standard's: a `.DS_Store` or a `../` entry is as wrong in a cmi5
zip as in a SCORM one. `coursec inspect` runs them on every package before the kind's own reader
(issue 19), and a compile runs `check_names` on its own package. The launch page's local
references are checked here too (E508), for every kind, so a missing script or image is found
whether a manifest lists it or not; the page's <meta name="generator"> names the tool that made it.
"""

from __future__ import annotations

import posixpath
import stat
import unicodedata
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from compiler.diagnostics import Diagnostic, Severity, SourceSpan, error, warning
from compiler.package.entries import collision_key, display_name, reference_path, reference_problem, unsafe_name
from compiler.package.reader import FileDiagnostic, entry_chunks

_ENCRYPTED = 0x1  # general purpose bit flag 0 (APPNOTE 4.4.4)
# S12-Z3: LMS unzip code (PHP ZipArchive, Java) is only relied on for these two methods.
_LMS_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64", 93: "Zstandard", 99: "AES"}
# What a damaged or exotic zip raises while one entry is decompressed (bad CRC, corrupt deflate
# data, offsets out of range, unsupported method, encryption).
ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError)
ENTRY_ERRORS = (*ARCHIVE_ERRORS, zlib.error, RuntimeError)
_UNIX = 3  # create_system of an entry whose external_attr holds Unix mode bits
_SYSTEM_NAMES = {"thumbs.db", "desktop.ini", "__macosx"}
_LINK_TARGET_MAX = 1024  # bytes of a symlink entry's target shown in its finding
MAX_PAGE_BYTES = 64 * 1024 * 1024
"""The launch page is scanned for references up to this size (streamed; a larger page is not scanned)."""


def hidden_part(parts: list[str]) -> int | None:
    """The index of the first hidden or system part of a path ('.DS_Store', '__MACOSX', 'Thumbs.db'), if any."""
    for index, part in enumerate(parts):
        if part.startswith(".") or part.lower() in _SYSTEM_NAMES:
            return index
    return None


def check_names(names: Iterable[str]) -> list[Diagnostic]:
    """W501 once per hidden or system file, and once per hidden folder (with its number of entries)."""
    groups: dict[str, int] = defaultdict(int)
    for name in names:
        parts = name.split("/")
        index = hidden_part(parts)
        if index is not None:
            is_folder = index < len(parts) - 1
            groups["/".join(parts[: index + 1]) + ("/" if is_folder else "")] += 1
    diagnostics: list[Diagnostic] = []
    for key, count in sorted(groups.items()):
        if key.endswith("/"):
            message = f"package contains the system folder '{key}' ({count} {'entry' if count == 1 else 'entries'})"
        else:
            message = f"package contains the hidden or system file '{key}'"
        hint = "LMSs import such files as course content; leave them out of the zip"
        diagnostics.append(FileDiagnostic(Severity.WARNING, "W501", message, SourceSpan(key, 0), hint, file=key))
    return diagnostics


def _file_type(info: zipfile.ZipInfo) -> int:
    """The Unix file type bits of an entry (0 when the zip was made on a system that records none)."""
    return stat.S_IFMT(info.external_attr >> 16) if info.create_system == _UNIX else 0


def _link_target(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    try:
        with archive.open(info) as stream:
            target = stream.read(_LINK_TARGET_MAX)
    except ENTRY_ERRORS:
        return "?"
    return display_name(target.decode("utf-8", errors="replace"))


def check_entries(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> tuple[dict[str, zipfile.ZipInfo], list[Diagnostic]]:
    """Keep the safe regular entries by name; E502 for unsafe names, links, special files, doubles; W509 collisions."""
    diagnostics: list[Diagnostic] = []
    safe: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        # orig_filename is the raw name; zipfile's filename is cut at a NUL byte.
        raw = info.orig_filename
        shown = display_name(raw)
        reason = unsafe_name(raw)
        hint = "an LMS may refuse the zip or unpack the file outside the course"
        kind = _file_type(info)
        if reason is None and kind == stat.S_IFLNK:
            reason = f"is a symbolic link (to '{_link_target(archive, info)}')"
            hint = "an LMS that unpacks with Info-ZIP creates the link in its web root; zip the file itself"
        elif reason is None and kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            reason = "is a special file (device, pipe or socket), not a file or folder"
            hint = "zip only files and folders"
        if reason is None:
            safe.setdefault(info.filename, info)
            continue
        diagnostics.append(error("E502", f"entry '{shown}' {reason}", SourceSpan(shown, 0), hint))
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
    diagnostics.extend(_check_collisions(safe))
    return safe, diagnostics


def _check_collisions(entries: Collection[str]) -> list[Diagnostic]:
    """W509 for names that differ only in letter case or Unicode normalisation (one file on Windows and macOS)."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in sorted(entries):
        by_key[collision_key(name.rstrip("/"))].append(name)
    diagnostics: list[Diagnostic] = []
    for names in by_key.values():
        distinct = sorted(set(names))
        if len(distinct) < 2:
            continue
        by_case = len({name.lower() for name in distinct}) == 1
        how = "letter case" if by_case else "Unicode normalisation (NFC/NFD)"
        shown = [f"'{name}'" if by_case else f"'{name}' ({_form(name)})" for name in distinct]
        diagnostics.append(
            warning(
                "W509",
                f"entry {shown[0]} and {', '.join(shown[1:])} differ only in {how}",
                SourceSpan(distinct[0], 0),
                "an LMS on Windows or macOS keeps one of them and the course loses the other; give each its own name",
            )
        )
    return diagnostics


def _form(name: str) -> str:
    """How a name is written: 'NFC' (composed, as Windows and Linux tools write), 'NFD' (decomposed, macOS)."""
    if unicodedata.is_normalized("NFC", name):
        return "NFC"
    return "NFD" if unicodedata.is_normalized("NFD", name) else "mixed"


def check_readable(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Diagnostic | None:
    """E501 for an entry LMSs cannot unpack; decompresses in chunks to verify its CRC without keeping it."""
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
                while stream.read(1 << 20):
                    pass
        except ENTRY_ERRORS as exc:
            problem = f"cannot be read: {exc}"
            hint = "the zip is damaged (cut off or changed in transfer): export or download it again"
    if problem is None:
        return None
    return error("E501", f"entry '{info.filename}' {problem}", SourceSpan(info.filename, 0), hint)


def read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, or None when it unpacks to more than `limit` (never more than limit + 1 in memory)."""
    if info.file_size > limit:
        return None
    with archive.open(info) as stream:
        data = stream.read(limit + 1)  # the header's size may lie; the stream cannot
    return data if len(data) <= limit else None


# ---------------------------------------------------------------------------- the launch page

_REFERENCES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "a": ("href",),
}
_TEMPLATE_MARKS = ("{{", "${", "<%", "{%")


@dataclass(frozen=True)
class PageReference:
    """A local reference in the launch page: the archive path it names, as written, and where."""

    path: str
    written: str
    line: int
    column: int


class _PageScanner(HTMLParser):
    """Collect the local file references of an HTML page, and its <meta name="generator">, fed in chunks."""

    def __init__(self, folder: str) -> None:
        super().__init__(convert_charrefs=True)
        self.folder = folder
        self.base_ok = True
        self.generator: str | None = None
        self.references: list[PageReference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "meta" and values.get("name", "").lower() == "generator" and self.generator is None:
            self.generator = values.get("content", "").strip() or None
        elif tag == "base" and "href" in values:
            self.base_ok = False  # the page resolves its references elsewhere: none can be checked
        for attribute in _REFERENCES.get(tag, ()):
            value = values.get(attribute, "").strip()
            if self._local(value):
                line, column = self.getpos()
                path = posixpath.normpath(posixpath.join(self.folder, reference_path(value)))
                if path != "." and not path.startswith("../"):
                    self.references.append(PageReference(path, value, line, column + 1))

    @staticmethod
    def _local(value: str) -> bool:
        if not value or value.startswith(("#", "?")) or any(mark in value for mark in _TEMPLATE_MARKS):
            return False
        return reference_problem(value) is None and bool(reference_path(value))


@dataclass(frozen=True)
class PageScan:
    """What the launch page says: the tool that generated it, and the findings about what it names."""

    generator: str | None
    diagnostics: tuple[Diagnostic, ...]


def scan_launch_page(
    files: Mapping[str, bytes], page: str, entries: Collection[str], reported: Collection[str] = ()
) -> PageScan:
    """E508 for each file the launch page loads or links that the package lacks (E510 when only its case differs).

    Files already in `reported` (a manifest's E508) are not reported again. A page larger than
    MAX_PAGE_BYTES or with a <base href> is not checked for references.
    """
    scanner = _PageScanner(posixpath.dirname(page))
    size = 0
    for chunk in entry_chunks(files, page):
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            scanner.base_ok = False
            break
        scanner.feed(chunk.decode("utf-8", errors="replace"))
    scanner.close()
    if not scanner.base_ok:
        return PageScan(scanner.generator, ())
    by_lower: dict[str, str] = {}
    for name in sorted(entries):
        by_lower.setdefault(name.lower(), name)
    diagnostics: list[Diagnostic] = []
    seen = set(reported)
    for reference in scanner.references:
        if reference.path in entries or reference.path in seen:
            continue
        seen.add(reference.path)
        span = SourceSpan(page, reference.line, reference.column)
        match = by_lower.get(reference.path.lower())
        if match is not None:
            message = f"'{reference.written}' in {page} differs in letter case from the file '{match}'"
            hint = "web servers are case-sensitive: a link that works on your computer breaks in the LMS"
            diagnostics.append(FileDiagnostic(Severity.ERROR, "E510", message, span, hint, file=reference.path))
            continue
        message = f"file '{reference.path}' named by {page} is not in the package"
        hint = "add the file to the zip, or remove the reference; the learner's browser gets a 404 page for it"
        diagnostics.append(FileDiagnostic(Severity.ERROR, "E508", message, span, hint, file=reference.path))
    return PageScan(scanner.generator, tuple(diagnostics))
