"""Course -> cmi5.xml (the cmi5 course structure) as an lxml tree, and the checks a cmi5.xml must pass.

One course is one AU, launched at index.html. Every id is an IRI derived from the course id and the
publisher IRI base (course.yaml 'publisher_iri'), never from the version, so a new version of a
course keeps its identity in the LMS and its LRS (cmi5 13.1.1: the course id identifies the course).
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol, cast
from urllib.parse import unquote, urlsplit

from lxml import etree

from compiler.model.course import Course

NS_CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
STRUCTURE_NAME = "cmi5.xml"
SCHEMA_FILE_NAME = "CourseStructure.xsd"
LAUNCH_URL = "index.html"
DEFAULT_PUBLISHER_IRI = "urn:coursec:"
"""IRI base when course.yaml names none: unique among courses with different ids, not across publishers."""
# cmi5 13.1.4: AnyWindow lets the LMS frame the AU or open a window; the runtime works in both
# (scorm-checklist P9), and OwnWindow would forbid LMSs (Moodle's player) that show content in a frame.
LAUNCH_METHOD = "AnyWindow"

_COURSE = f"{{{NS_CMI5}}}course"
_AU = f"{{{NS_CMI5}}}au"
_BLOCK = f"{{{NS_CMI5}}}block"
_OBJECTIVE = f"{{{NS_CMI5}}}objective"
_URL = f"{{{NS_CMI5}}}url"
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_MASTERY_DECIMALS = 4  # cmi5 10 / 13.1.4: masteryScore has up to 4 decimal places


class _LogEntry(Protocol):
    line: int
    message: str


@dataclass(frozen=True)
class StructureProblem:
    """One thing wrong with a cmi5.xml, at a 1-based line (0 when the file does not parse)."""

    line: int
    message: str
    hint: str | None = None


# ---------------------------------------------------------------------------- identifiers and rules


def publisher_iri(course: Course) -> str:
    """Return the IRI base of the course's ids."""
    return course.config.publisher_iri or DEFAULT_PUBLISHER_IRI


def course_iri(course: Course) -> str:
    """Return the course id: the publisher base plus the course id (no version)."""
    return publisher_iri(course) + course.id


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


# ---------------------------------------------------------------------------- checking


@functools.cache
def schema_bytes() -> bytes:
    """Return the official CourseStructure.xsd, unchanged."""
    return importlib.resources.files("compiler").joinpath("schemas", "cmi5", SCHEMA_FILE_NAME).read_bytes()


@functools.cache
def _schema() -> etree.XMLSchema:
    # The XSD imports nothing, so it compiles on its own; no_network keeps it that way.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.fromstring(schema_bytes(), parser))


def _line(element: etree._Element) -> int:
    # lxml-stubs type sourceline loosely; lxml gives an int, or None for built trees.
    return cast("int | None", element.sourceline) or 0


def _check_ids(root: etree._Element) -> list[StructureProblem]:
    problems: list[StructureProblem] = []
    seen: dict[str, int] = {}
    for element in root.iter(_COURSE, _BLOCK, _AU, _OBJECTIVE):
        iri = element.get("id")
        if iri is None:  # an objective reference (idref), or a missing id the XSD reports
            continue
        iri = iri.strip()  # cmi5 13.1: the LMS strips leading and trailing white space
        kind = etree.QName(element).localname
        if not _ABSOLUTE_IRI.match(iri):
            problems.append(
                StructureProblem(_line(element), f"{kind} id {iri!r} is not an absolute IRI", "start it with a scheme")
            )
        if iri in seen:
            problems.append(
                StructureProblem(
                    _line(element),
                    f"{kind} id {iri!r} is already used on line {seen[iri]}",
                    "give the course, every block, AU and objective its own IRI",
                )
            )
        else:
            seen[iri] = _line(element)
    declared = set(seen)
    for reference in root.iter(_OBJECTIVE):
        idref = reference.get("idref")
        if idref is not None and idref.strip() not in declared:
            problems.append(
                StructureProblem(_line(reference), f"objective idref {idref!r} names no objective of the course")
            )
    return problems


def _check_mastery_scores(root: etree._Element) -> list[StructureProblem]:
    problems: list[StructureProblem] = []
    for au in root.iter(_AU):
        score = au.get("masteryScore")
        if score is None:
            continue
        try:
            exponent = Decimal(score.strip()).as_tuple().exponent
        except InvalidOperation:
            continue  # the XSD reports a value that is no decimal
        if isinstance(exponent, int) and -exponent > _MASTERY_DECIMALS:
            problems.append(
                StructureProblem(_line(au), f"masteryScore {score!r} has more than {_MASTERY_DECIMALS} decimal places")
            )
    return problems


def _check_urls(root: etree._Element, package_files: Collection[str]) -> list[StructureProblem]:
    problems: list[StructureProblem] = []
    files = set(package_files)
    for url_element in root.iter(_URL):
        url = (url_element.text or "").strip()
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.scheme or parts.netloc or url.startswith("/"):
            problem = f"AU url {url!r} is not relative to the package root"
            problems.append(StructureProblem(_line(url_element), problem, "point at the launch page inside the zip"))
        elif "\\" in url or ".." in path.split("/"):
            problems.append(
                StructureProblem(_line(url_element), f"AU url {url!r} uses '\\' or '..'", "use '/' and no '..'")
            )
        elif path not in files:
            problems.append(StructureProblem(_line(url_element), f"AU url {url!r} names no file in the package"))
    return problems


def check_course_structure(data: bytes, package_files: Collection[str]) -> list[StructureProblem]:
    """Return what is wrong with a cmi5.xml: XML syntax, the XSD, then what the XSD cannot check.

    package_files are the archive paths of the package the cmi5.xml describes.
    """
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as syntax:
        return [StructureProblem(syntax.lineno or 0, f"{STRUCTURE_NAME} is not well-formed XML: {syntax.msg}")]
    schema = _schema()
    log = [] if schema.validate(root) else cast("Iterable[_LogEntry]", schema.error_log)
    problems = [StructureProblem(entry.line, entry.message) for entry in log]
    if etree.QName(root).namespace != NS_CMI5:
        return problems
    problems += _check_ids(root)
    problems += _check_mastery_scores(root)
    problems += _check_urls(root, package_files)
    return sorted(problems, key=lambda problem: problem.line)
