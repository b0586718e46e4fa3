"""Peak memory and time of `coursec inspect` on hostile zips (issue 17): each in a fresh process.

Run: .venv/bin/python bench/inspect_hostile.py [--only NAME ...]
Builds each zip in a temporary folder, then runs `/usr/bin/time -f "%e s, %M KiB" coursec inspect Z`
and prints the wall time, the peak resident memory and the exit code. Cases:
- whitespace-manifest: a 291 KiB zip whose imsmanifest.xml is 256 MiB of white space;
- many-files-manifest: a 37 MiB manifest of 1.2 M <file> entries;
- deep-nesting: 100,000 nested elements in the manifest;
- huge-attribute: one 64 MiB attribute value;
- entity-manifest: a legal internal entity (<!ENTITY a "hello"> ... &a;);
- many-entries: 100,000 empty zip entries.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

_HEAD = (
    b'<?xml version="1.0"?>\n<manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"'
    b' xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><organizations default="O"><organization'
    b' identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>T</title></item>'
    b'</organization></organizations><resources><resource identifier="R" type="webcontent"'
    b' adlcp:scormtype="sco" href="index.html">'
)
_TAIL = b"</resource></resources></manifest>\n"


def _write(path: Path, manifest: bytes | Callable[[zipfile.ZipFile], None]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", "<!doctype html><title>x</title>")
        if callable(manifest):
            manifest(archive)
        else:
            archive.writestr("imsmanifest.xml", manifest)


def _whitespace(path: Path) -> None:
    def write(archive: zipfile.ZipFile) -> None:
        with archive.open("imsmanifest.xml", "w", force_zip64=True) as stream:
            stream.write(_HEAD)
            block = b" " * (1 << 20)
            for _ in range(256):
                stream.write(block)
            stream.write(_TAIL)

    _write(path, write)


def _many_files(path: Path) -> None:
    def write(archive: zipfile.ZipFile) -> None:
        with archive.open("imsmanifest.xml", "w", force_zip64=True) as stream:
            stream.write(_HEAD)
            for number in range(1_200_000):
                stream.write(b'<file href="f%07d.js"/>' % number)
            stream.write(_TAIL)

    _write(path, write)


def _deep(path: Path) -> None:
    _write(path, _HEAD + b"<metadata>" * 100_000 + b"</metadata>" * 100_000 + _TAIL)


def _huge_attribute(path: Path) -> None:
    _write(path, _HEAD.replace(b'identifier="M"', b'identifier="' + b"M" * (64 << 20) + b'"') + _TAIL)


def _entity(path: Path) -> None:
    manifest = _HEAD.replace(b"<manifest", b'<!DOCTYPE manifest [<!ENTITY a "hello">]>\n<manifest', 1)
    _write(path, manifest.replace(b"<title>T</title>", b"<title>&a;</title>", 1) + _TAIL)


def _many_entries(path: Path) -> None:
    def write(archive: zipfile.ZipFile) -> None:
        archive.writestr("imsmanifest.xml", _HEAD + _TAIL)
        for number in range(100_000):
            archive.writestr(f"e/{number}.txt", b"")

    _write(path, write)


CASES: dict[str, Callable[[Path], None]] = {
    "whitespace-manifest": _whitespace,
    "many-files-manifest": _many_files,
    "deep-nesting": _deep,
    "huge-attribute": _huge_attribute,
    "entity-manifest": _entity,
    "many-entries": _many_entries,
}


def main() -> None:
    """Build each case and print '<case>: <zip size>, <wall> s, <peak> KiB, exit N'."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), default=sorted(CASES))
    args = parser.parse_args()
    coursec = Path(sys.executable).with_name("coursec")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only:
            path = Path(folder) / f"{name}.zip"
            CASES[name](path)
            command = ["/usr/bin/time", "-f", "%e s, %M KiB", str(coursec), "inspect", str(path)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            measured = done.stderr.strip().splitlines()[-1]
            size = path.stat().st_size
            print(f"{name}: zip {size / 1024:,.0f} KiB, {measured}, exit {done.returncode}")


if __name__ == "__main__":
    main()
