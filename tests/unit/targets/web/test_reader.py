from __future__ import annotations

from compiler.targets.web.reader import READER

from ..helpers import assert_recognises_only, package_parts


def test_the_reader_recognises_its_own_kind_only() -> None:
    assert_recognises_only(READER, "web")


def test_facts_of_a_web_package_say_it_is_not_for_an_lms() -> None:
    names, _ = package_parts("web")
    facts = READER.facts(None, names)
    assert facts.standard == "web"
    assert facts.verdict == "a package for a web server, not for an LMS"
    assert READER.check({}, strict=True) == []
