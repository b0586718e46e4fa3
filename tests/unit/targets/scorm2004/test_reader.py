from __future__ import annotations

import io
import zipfile

from lxml import etree

from compiler.package.untrusted_xml import untrusted_parser
from compiler.targets.scorm2004.reader import READER

from ..helpers import COURSES, package_zips


def read(kind: str) -> tuple[list[str], dict[str, etree._Element | None]]:
    with zipfile.ZipFile(io.BytesIO(package_zips(COURSES[2])[kind])) as archive:
        names = archive.namelist()
        roots: dict[str, etree._Element | None] = {
            name: etree.fromstring(archive.read(name), untrusted_parser())
            for name in ("imsmanifest.xml", "cmi5.xml")
            if name in names
        }
    return names, roots


def test_the_reader_recognises_its_own_kind_only() -> None:
    for kind in ("scorm12", "scorm2004", "cmi5", "web"):
        names, roots = read(kind)
        root = roots.get(READER.description) if READER.description else None
        if READER.description is not None and READER.description not in names:
            continue  # inspect asks a reader only when its description file is there
        if READER.description is None and roots:
            continue  # nor a reader without one when the zip has a manifest or cmi5.xml
        assert READER.detect(names, root) is (kind == "scorm2004"), kind


def test_facts_of_a_scorm2004_package() -> None:
    names, roots = read("scorm2004")
    facts = READER.facts(roots["imsmanifest.xml"], names)
    assert (facts.standard, facts.title, facts.launch_href) == ("2004 4th edition", "Kleinste cursus", "index.html")
    assert facts.unit_count == 1
    assert facts.verdict == "ready to import as SCORM 2004 4th edition"


def test_a_scorm12_namespace_manifest_naming_2004_is_read_as_2004() -> None:
    root = etree.fromstring(
        b'<manifest xmlns="urn:other"><metadata><schemaversion>2004 3rd Edition</schemaversion></metadata></manifest>'
    )
    assert READER.detect(["imsmanifest.xml"], root)
    assert READER.facts(root, ["imsmanifest.xml"]).standard == "2004 3rd edition"
