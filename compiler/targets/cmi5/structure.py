"""Course -> cmi5.xml (the cmi5 course structure) as an lxml tree (the checks: compiler.targets.cmi5.checks).

One course is one AU, launched at index.html. Every id is an IRI derived from the course id and the
publisher IRI base (course.yaml 'publisher_iri'), never from the version, so a new version of a
course keeps its identity in the LMS and its LRS (cmi5 13.1.1: the course id identifies the course).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from compiler.model.course import Course
from compiler.targets.base import DEFAULT_PUBLISHER_IRI, course_iri, publisher_iri
from compiler.targets.cmi5.checks import (
    NS_CMI5,
    SCHEMA_FILE_NAME,
    STRUCTURE_NAME,
    StructureProblem,
    check_course_structure,
    schema_bytes,
)

__all__ = [
    "DEFAULT_PUBLISHER_IRI",
    "NS_CMI5",
    "SCHEMA_FILE_NAME",
    "STRUCTURE_NAME",
    "StructureProblem",
    "au_iri",
    "build_course_structure",
    "check_course_structure",
    "course_iri",
    "mastery_score",
    "move_on",
    "objective_iri",
    "publisher_iri",
    "schema_bytes",
]
LAUNCH_URL = "index.html"
# cmi5 13.1.4: AnyWindow lets the LMS frame the AU or open a window; the runtime works in both
# (scorm-checklist P9), and OwnWindow would forbid LMSs (Moodle's player) that show content in a frame.
LAUNCH_METHOD = "AnyWindow"


# ---------------------------------------------------------------------------- identifiers and rules


def au_iri(course: Course) -> str:
    """Return the id of the course's one AU (the cmi5 'publisher id' of the AU)."""
    return f"{course_iri(course)}/au"


def objective_iri(course: Course, lesson_id: str, number: int) -> str:
    """Return the id of a lesson's objective, numbered from 1 in lesson order."""
    return f"{course_iri(course)}/objectives/{lesson_id}/{number}"


def move_on(course: Course) -> str:
    """Map the course's completion rule to the AU's cmi5 moveOn value."""
    # Mirrors the SCORM 1.2 mapping: a graded quiz reports passed/failed, content alone completed.
    if course.has_graded_quiz:
        return "CompletedAndPassed" if course.config.completion.lessons else "Passed"
    return "Completed"


def mastery_score(course: Course) -> str | None:
    """Return the AU's masteryScore (mastery_score / 100) as an xs:decimal, or None without a graded quiz."""
    if not course.has_graded_quiz or course.config.mastery_score is None:
        return None
    return format(Decimal(course.config.mastery_score) / 100, "f")


# ---------------------------------------------------------------------------- building


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS_CMI5}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _text(parent: etree._Element, tag: str, text: str, language: str) -> None:
    _sub(_sub(parent, tag), "langstring", text).set("lang", language)


def build_course_structure(course: Course) -> bytes:
    """Build cmi5.xml for a one-AU course whose launch page is index.html."""
    config = course.config
    # lxml-stubs type nsmap keys as str; lxml uses None for the default namespace.
    root = etree.Element(f"{{{NS_CMI5}}}courseStructure", nsmap={None: NS_CMI5})  # type: ignore[dict-item]
    course_element = _sub(root, "course")
    course_element.set("id", course_iri(course))
    _text(course_element, "title", config.title, config.language)
    _text(course_element, "description", config.description, config.language)

    objectives = [
        (objective_iri(course, lesson.id, number), text, lesson.title)
        for lesson in course.lessons
        for number, text in enumerate(lesson.objectives, start=1)
    ]
    if objectives:
        objectives_element = _sub(root, "objectives")
        for iri, text, lesson_title in objectives:
            objective = _sub(objectives_element, "objective")
            objective.set("id", iri)
            _text(objective, "title", text, config.language)
            _text(objective, "description", lesson_title, config.language)

    au = _sub(root, "au")
    au.set("id", au_iri(course))
    au.set("moveOn", move_on(course))
    score = mastery_score(course)
    if score is not None:
        au.set("masteryScore", score)
    au.set("launchMethod", LAUNCH_METHOD)
    _text(au, "title", config.title, config.language)
    _text(au, "description", config.description, config.language)
    if objectives:
        references = _sub(au, "objectives")
        for iri, _, _ in objectives:
            _sub(references, "objective").set("idref", iri)
    _sub(au, "url", LAUNCH_URL)

    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
