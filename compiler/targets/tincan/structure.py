"""Course -> tincan.xml: the course as one xAPI activity with its name, description and launch file.

The activity id is the course's IRI (course.yaml 'publisher_iri' + the course id, never the
version), the same id the statements and the State API use, so a new version of the course keeps
its learners' records and bookmarks in the LRS.
"""

from __future__ import annotations

from lxml import etree

from compiler.model.course import Course
from compiler.targets.base import course_iri
from compiler.targets.tincan.checks import COURSE_TYPE, NS_TINCAN

LAUNCH_FILE = "index.html"


def _sub(parent: etree._Element, tag: str, text: str | None = None, language: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS_TINCAN}}}{tag}")
    if text is not None:
        element.text = text
    if language is not None:
        element.set("lang", language)
    return element


def build_description(course: Course) -> bytes:
    """Build tincan.xml for the course, launched at index.html."""
    config = course.config
    # lxml-stubs type nsmap keys as str; lxml uses None for the default namespace.
    root = etree.Element(f"{{{NS_TINCAN}}}tincan", nsmap={None: NS_TINCAN})  # type: ignore[dict-item]
    activity = _sub(_sub(root, "activities"), "activity")
    activity.set("id", course_iri(course))
    activity.set("type", COURSE_TYPE)
    _sub(activity, "name", config.title, config.language)
    _sub(activity, "description", config.description, config.language)
    _sub(activity, "launch", LAUNCH_FILE, config.language)
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
