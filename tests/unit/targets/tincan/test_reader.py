from __future__ import annotations

from compiler.targets.tincan.reader import READER

from ..helpers import assert_recognises_only, package_parts


def test_the_reader_recognises_its_own_kind_only() -> None:
    assert_recognises_only(READER, "tincan")


def test_facts_of_a_tincan_package() -> None:
    names, roots = package_parts("tincan")
    facts = READER.facts(roots["tincan.xml"], names)
    assert (facts.standard, facts.title, facts.launch_href, facts.unit_count) == (
        "tincan",
        "Kleinste cursus",
        "index.html",
        1,
    )
    assert facts.identifier == "urn:coursec:minimal"
    assert facts.verdict == "ready to import as an xAPI TinCan package"


def test_a_zip_with_a_manifest_or_cmi5_xml_too_imports_as_that() -> None:
    assert READER.detect(["tincan.xml", "index.html"], None)
    assert not READER.detect(["tincan.xml", "imsmanifest.xml"], None)
    assert not READER.detect(["tincan.xml", "cmi5.xml"], None)
