from __future__ import annotations

import io
import zipfile

from lxml import etree

from compiler.package.untrusted_xml import untrusted_parser
from compiler.targets.web.reader import READER

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
        assert READER.detect(names, root) is (kind == "web"), kind


def test_facts_of_a_web_package_say_it_is_not_for_an_lms() -> None:
    names, _ = read("web")
    facts = READER.facts(None, names)
    assert facts.standard == "web"
    assert facts.verdict == "a package for a web server, not for an LMS"
    assert READER.check({}, strict=True) == []
