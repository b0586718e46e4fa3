from __future__ import annotations

from lxml import etree

from compiler.targets.base import DEFAULT_PUBLISHER_IRI
from compiler.targets.tincan.checks import COURSE_TYPE, NS_TINCAN, check_description
from compiler.targets.tincan.structure import LAUNCH_FILE, build_description

from ..helpers import golden_course

NS = {"t": NS_TINCAN}


def test_the_course_is_one_named_course_activity_launched_at_index_html() -> None:
    course = golden_course("graded")
    data = build_description(course)
    assert data.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<tincan xmlns="http://projecttincan.com/tincan.xsd">'
    )
    root = etree.fromstring(data)
    [activity] = root.findall("t:activities/t:activity", NS)
    assert activity.get("type") == COURSE_TYPE
    assert activity.findtext("t:name", namespaces=NS) == course.config.title
    assert activity.find("t:name", NS).get("lang") == course.config.language  # type: ignore[union-attr]
    assert activity.findtext("t:description", namespaces=NS) == course.config.description
    assert activity.findtext("t:launch", namespaces=NS) == LAUNCH_FILE
    assert check_description(data, [LAUNCH_FILE]) == []


def test_the_activity_id_comes_from_the_publisher_iri_and_never_from_the_version() -> None:
    course = golden_course("graded")
    root = etree.fromstring(build_description(course))
    activity_id = root.find("t:activities/t:activity", NS).get("id")  # type: ignore[union-attr]
    base = course.config.publisher_iri or DEFAULT_PUBLISHER_IRI
    assert activity_id == base + course.id
    assert course.version not in str(activity_id)
    newer = course.model_copy(update={"version": "9.9.9"})
    assert build_description(newer) == build_description(course)


def test_the_description_is_the_same_bytes_on_every_build() -> None:
    course = golden_course("minimal")
    assert build_description(course) == build_description(course)
