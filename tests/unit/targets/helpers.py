"""Courses for the target tests: the golden cases, compiled without writing."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from lxml import etree

from compiler.api import compile_course
from compiler.model.course import Course
from compiler.package.reader import PackageReader
from compiler.package.untrusted_xml import untrusted_parser
from compiler.targets.base import target_names

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden"


@functools.cache
def golden_course(case: str) -> Course:
    """The validated course of tests/golden/<case>."""
    result = compile_course(GOLDEN / case / "course_src", None, theme_dirs=(ROOT / "themes",))
    assert result.course is not None, result.diagnostics
    return result.course


@functools.cache
def package_zips(course_dir: Path) -> dict[str, bytes]:
    """The course's zip for every target, by target name, as a compile writes them (without writing)."""
    from compiler.package.archive import build_archive

    result = compile_course(course_dir, None, targets=["all"], theme_dirs=(ROOT / "themes",))
    assert result.ok, result.diagnostics
    return {output.target: build_archive(output.files) for output in result.outputs}


COURSES = (
    ROOT / "course_src" / "whatsapp-in-de-zorg",
    GOLDEN / "graded" / "course_src",
    GOLDEN / "minimal" / "course_src",
)
"""Every course in the repository: the bundled one and the golden cases."""


def package_parts(kind: str) -> tuple[list[str], dict[str, etree._Element | None]]:
    """Entry names and parsed description files of the small course's `kind` package."""
    with zipfile.ZipFile(io.BytesIO(package_zips(COURSES[2])[kind])) as archive:
        names = archive.namelist()
        roots: dict[str, etree._Element | None] = {
            name: etree.fromstring(archive.read(name), untrusted_parser())
            for name in ("imsmanifest.xml", "cmi5.xml", "tincan.xml")
            if name in names
        }
    return names, roots


def assert_recognises_only(reader: PackageReader, own_kind: str) -> None:
    """The reader claims its own kind of coursec package and none of the others inspect would offer it."""
    for kind in target_names():
        names, roots = package_parts(kind)
        if reader.description is not None and reader.description not in names:
            continue  # inspect asks a reader only when its description file is there
        if reader.description is None and roots:
            continue  # nor a reader without one when the zip has a manifest or cmi5.xml
        root = roots.get(reader.description) if reader.description else None
        assert reader.detect(names, root) is (kind == own_kind), kind
