from __future__ import annotations

from lxml import etree

from compiler.targets.scorm2004.reader import READER

from ..helpers import assert_recognises_only, package_parts


def test_the_reader_recognises_its_own_kind_only() -> None:
    assert_recognises_only(READER, "scorm2004")


def test_facts_of_a_scorm2004_package() -> None:
    names, roots = package_parts("scorm2004")
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
