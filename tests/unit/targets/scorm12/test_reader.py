from __future__ import annotations

from compiler.targets.scorm12.reader import READER

from ..helpers import assert_recognises_only, package_parts


def test_the_reader_recognises_its_own_kind_only() -> None:
    assert_recognises_only(READER, "scorm12")


def test_facts_of_a_scorm12_package() -> None:
    names, roots = package_parts("scorm12")
    facts = READER.facts(roots["imsmanifest.xml"], names)
    assert (facts.standard, facts.title, facts.launch_href, facts.scorm_type) == (
        "1.2",
        "Kleinste cursus",
        "index.html",
        "sco",
    )
    assert facts.verdict == "ready to import as SCORM 1.2"
    assert ("SCORM version", "1.2") in facts.rows
