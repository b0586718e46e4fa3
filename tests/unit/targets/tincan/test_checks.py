from __future__ import annotations

import pytest

from compiler.targets.tincan.checks import DESCRIPTION_NAME, check_description, check_package

HEAD = '<?xml version="1.0"?>\n<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>\n'
TAIL = "\n</activities></tincan>"
GOOD = '<activity id="https://example.org/c" type="http://adlnet.gov/expapi/activities/course"><name>C</name><launch>index.html</launch></activity>'


def _messages(activities: str, files: tuple[str, ...] = ("index.html",)) -> list[str]:
    return [problem.message for problem in check_description((HEAD + activities + TAIL).encode(), files)]


def test_a_named_launchable_activity_with_an_iri_passes() -> None:
    assert _messages(GOOD) == []


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        ("", "tincan.xml lists no activity"),
        (GOOD.replace("<launch>index.html</launch>", ""), "no activity has a <launch> element"),
        (GOOD.replace("<name>C</name>", ""), "the launched activity has no name"),
        (GOOD.replace("https://example.org/c", "course 1"), "activity id 'course 1' is not an absolute IRI"),
        (GOOD.replace(' id="https://example.org/c"', ""), "activity without an id"),
        (GOOD + GOOD.replace("<launch>index.html</launch>", ""), "is already used on line"),
        (GOOD.replace("index.html", "story.html"), "launch 'story.html' names no file in the package"),
        (GOOD.replace("index.html", "../index.html"), "uses '..'"),
        (GOOD.replace("index.html", "https://cdn.example.org/x.html"), "is absolute"),
    ],
)
def test_what_lms_imports_trip_over_is_reported(activities: str, message: str) -> None:
    messages = _messages(activities)
    assert any(message in found for found in messages), messages


def test_another_root_or_namespace_is_reported_and_nothing_else_is_guessed() -> None:
    data = b'<?xml version="1.0"?><tincan><activities/></tincan>'
    [problem] = check_description(data, ["index.html"])
    assert "root element is 'tincan' in namespace 'none'" in problem.message
    assert problem.hint is not None
    assert "projecttincan.com" in problem.hint


def test_the_launch_may_carry_a_query_and_names_its_file() -> None:
    assert _messages(GOOD.replace("index.html", "index.html?lang=nl")) == []


def test_package_checks_are_e516_at_tincan_xml_with_lines() -> None:
    [missing] = check_package({"index.html": b""})
    assert (missing.code, missing.span.path if missing.span else None) == ("E516", DESCRIPTION_NAME)
    broken = (HEAD + GOOD.replace("index.html", "story.html") + TAIL).encode()
    [problem] = check_package({"index.html": b"", DESCRIPTION_NAME: broken})
    assert problem.code == "E516"
    assert problem.span is not None
    assert problem.span.line == 3


def test_entities_are_never_expanded() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "x">]><tincan xmlns="http://projecttincan.com/tincan.xsd">&a;</tincan>'
    codes = [d.code for d in check_package({DESCRIPTION_NAME: data})]
    assert "E514" in codes
