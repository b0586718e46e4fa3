"""What every standard's inspect reader implements, and the package files it reads: the reader protocol.

`coursec inspect` opens a zip, runs the zip hygiene checks every kind shares (`hygiene.py`), then
asks each target's reader in turn whether the package is of its kind (`detect`), and lets the one
that says yes check it (`check`) and say what an LMS admin wants to know of it (`facts`). A
compile runs the same `check` on its own package with strict=True before writing it. Each target
exposes its reader as `TARGET.reader` (compiler/targets/<name>/reader.py).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from lxml import etree

from compiler.diagnostics import Diagnostic

CHUNK = 1 << 20
"""Bytes read at a time from a zip entry other than the package's description (bounded memory)."""


@dataclass(frozen=True)
class FileDiagnostic(Diagnostic):
    """A diagnostic about one file of the package, so a report can show many of one kind as one finding."""

    file: str = ""
    """The archive path the diagnostic is about."""


@dataclass(frozen=True)
class PackageFacts:
    """What an LMS admin wants to know of a package before uploading it; the same fields for every kind."""

    standard: str | None = None
    """The standard and version the package is written for ('1.2', '2004 4th edition', 'cmi5', 'web')."""
    identifier: str | None = None
    title: str | None = None
    schema_version: str | None = None
    """The <schemaversion> text as written (SCORM only)."""
    launch_href: str | None = None
    """The file the LMS (or web server) opens first, relative to the package root, with its parameters."""
    scorm_type: str | None = None
    """What the launched resource is to the LMS: 'sco', 'asset', 'AU, moveOn …'."""
    mastery_score: str | None = None
    launch_data: str | None = None
    """What the LMS hands the launched unit as is (SCORM 1.2 adlcp:datafromlms -> cmi.launch_data)."""
    unit_count: int = 0
    """SCOs, or AUs: the units that report to the LMS."""
    rows: tuple[tuple[str, str], ...] = ()
    """The report's lines about the kind, after the authoring tool and before the size."""
    trailing_rows: tuple[tuple[str, str], ...] = ()
    """The report's lines after the size (identifiers)."""
    verdict: str = ""
    """What an OK verdict says the package is ready for, e.g. 'ready to import as SCORM 1.2'."""


@runtime_checkable
class PackageReader(Protocol):
    """One standard's reader: recognise its packages, check them, tell their facts."""

    @property
    def kind(self) -> str:
        """The target name of the kind ('scorm12', 'cmi5', 'web', ...)."""
        ...

    @property
    def description(self) -> str | None:
        """The root file that describes a package of this kind (imsmanifest.xml, cmi5.xml), None if none."""
        ...

    @property
    def lists_files(self) -> bool:
        """Whether the description lists the package's files (SCORM); if not, inspect checks the launch page's."""
        ...

    def detect(self, names: Collection[str], root: etree._Element | None) -> bool:
        """Whether a package with these entry names (and its description parsed, if any) is of this kind."""
        ...

    def check(self, files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
        """The kind's checks; strict holds the package to coursec's own standard, else to what LMSs accept."""
        ...

    def facts(self, root: etree._Element | None, names: Collection[str]) -> PackageFacts:
        """The facts of a package of this kind from its parsed description (None if it did not parse)."""
        ...


class PackageCheck(Protocol):
    """One standard's package checks: archive path -> bytes in, sorted diagnostics out."""

    def __call__(self, files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]: ...


@dataclass(frozen=True)
class KindReader:
    """A PackageReader made of one standard's functions: what each target's reader.py exports as READER."""

    kind: str
    description: str | None
    lists_files: bool
    detect: Callable[[Collection[str], etree._Element | None], bool]
    check: PackageCheck
    facts: Callable[[etree._Element | None, Collection[str]], PackageFacts]


@dataclass(frozen=True)
class LaunchedUnit:
    """What a description file that lists no files (cmi5.xml, tincan.xml) says of the unit the LMS launches."""

    identifier: str | None
    title: str | None
    launch: str | None
    what: str
    """What the launched unit is to the LMS: 'AU, moveOn Completed', 'activity, type …'."""
    mastery_score: str | None
    count: int
    """How many units (AUs, activities) the description lists."""


@dataclass(frozen=True)
class DescriptionKind:
    """How the report names one such kind: 'cmi5', 'cmi5 (cmi5.xml)', 'AUs', 'course id', 'cmi5'."""

    standard: str
    label: str
    units: str
    identifier: str
    verdict: str


def launched_unit_facts(kind: DescriptionKind, unit: LaunchedUnit | None) -> PackageFacts:
    """The facts of a package whose description names a launched unit; None: the description did not parse."""
    if unit is None:
        rows = (("standard", kind.label), ("title", "-"), ("launch file", "-"))
        return PackageFacts(standard=kind.standard, rows=rows, trailing_rows=((kind.identifier, "-"),))
    launch = f"{unit.launch} ({unit.what})" if unit.launch else "-"
    return PackageFacts(
        standard=kind.standard,
        identifier=unit.identifier,
        title=unit.title,
        launch_href=unit.launch,
        scorm_type=unit.what,
        mastery_score=unit.mastery_score,
        unit_count=unit.count,
        rows=(
            ("standard", kind.label),
            ("title", unit.title or "-"),
            ("launch file", launch),
            ("mastery score", unit.mastery_score or "none"),
            (kind.units, str(unit.count)),
        ),
        trailing_rows=((kind.identifier, unit.identifier or "-"),),
        verdict=f"ready to import as {kind.verdict}",
    )


def description_reader(
    kind: DescriptionKind,
    description: str,
    namespace: str,
    detect: Callable[[Collection[str], etree._Element | None], bool],
    check_package: Callable[[Mapping[str, bytes]], list[Diagnostic]],
    launched_unit: Callable[[etree._Element], LaunchedUnit],
) -> KindReader:
    """The reader of a kind whose description lists no files (cmi5.xml, tincan.xml): the same checks
    for both modes, and the facts of the unit the description launches (none when it is not in `namespace`)."""

    def check(files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
        return check_package(files)

    def facts(root: etree._Element | None, names: Collection[str]) -> PackageFacts:
        readable = root is not None and etree.QName(root).namespace == namespace
        return launched_unit_facts(kind, launched_unit(root) if readable and root is not None else None)

    return KindReader(kind.standard, description, lists_files=False, detect=detect, check=check, facts=facts)


class ZipEntries(Mapping[str, bytes]):
    """Archive path -> bytes of a zip, read on demand; the description file is read once, under its limit."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        infos: Mapping[str, zipfile.ZipInfo],
        preloaded: Mapping[str, bytes] | None = None,
    ) -> None:
        self._archive = archive
        self._infos = dict(infos)
        self._preloaded = dict(preloaded or {})

    def __getitem__(self, name: str) -> bytes:
        if name in self._preloaded:
            return self._preloaded[name]
        return self._archive.read(self._infos[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def chunks(self, name: str) -> Iterator[bytes]:
        """The entry's bytes, CHUNK at a time."""
        with self._archive.open(self._infos[name]) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk


@dataclass(frozen=True)
class _Chunked:
    data: bytes = field(repr=False)

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.data), CHUNK):
            yield self.data[start : start + CHUNK]


def entry_chunks(files: Mapping[str, bytes], name: str) -> Iterator[bytes]:
    """A package file's bytes in chunks: streamed from a zip, sliced from memory."""
    if isinstance(files, ZipEntries):
        return files.chunks(name)
    return iter(_Chunked(files[name]))
