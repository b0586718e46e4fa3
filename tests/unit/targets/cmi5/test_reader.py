from __future__ import annotations

from compiler.targets.cmi5.reader import READER

from ..helpers import assert_recognises_only, package_parts


def test_the_reader_recognises_its_own_kind_only() -> None:
    assert_recognises_only(READER, "cmi5")


def test_facts_of_a_cmi5_package() -> None:
    names, roots = package_parts("cmi5")
    facts = READER.facts(roots["cmi5.xml"], names)
    assert (facts.standard, facts.title, facts.launch_href, facts.unit_count) == (
        "cmi5",
        "Kleinste cursus",
        "index.html",
        1,
    )
    assert facts.verdict == "ready to import as cmi5"


def test_a_zip_with_a_manifest_too_imports_as_scorm() -> None:
    assert not READER.detect(["cmi5.xml", "imsmanifest.xml"], None)
