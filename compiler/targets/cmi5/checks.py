"""cmi5 packages: cmi5.xml (the course structure) checked against its XSD and the rules XSD cannot make.

Used by the cmi5 target on its own packages and by `coursec inspect` on any cmi5 zip.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Protocol, cast

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.reader import LaunchedUnit
from compiler.package.untrusted_xml import (
    DescriptionProblem,
    check_description_file,
    description_problems,
    launch_problem,
)

NS_CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
STRUCTURE_NAME = "cmi5.xml"
SCHEMA_FILE_NAME = "CourseStructure.xsd"

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


StructureProblem = DescriptionProblem
"""One thing wrong with a cmi5.xml (the shared description problem)."""


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
    found = (launch_problem(url, "AU url", package_files) for url in root.iter(_URL))
    return [problem for problem in found if problem is not None]


def _structure_problems(root: etree._Element, package_files: Collection[str]) -> list[StructureProblem]:
    schema = _schema()
    log = [] if schema.validate(root) else cast("Iterable[_LogEntry]", schema.error_log)
    problems = [StructureProblem(entry.line, entry.message) for entry in log]
    if etree.QName(root).namespace != NS_CMI5:
        return problems
    problems += _check_ids(root)
    problems += _check_mastery_scores(root)
    problems += _check_urls(root, package_files)
    return sorted(problems, key=lambda problem: problem.line)


def check_course_structure(data: bytes, package_files: Collection[str]) -> list[StructureProblem]:
    """Return what is wrong with a cmi5.xml: XML syntax, entities, the XSD, then what the XSD cannot check.

    package_files are the archive paths of the package the cmi5.xml describes.
    """
    return description_problems(data, STRUCTURE_NAME, "E513", _structure_problems, package_files)


def check_package(files: Mapping[str, bytes]) -> list[Diagnostic]:
    """cmi5.xml at the package root, checked against the XSD and the rules XSD cannot express (E513).

    Entities, a DTD or processing instructions in it give their own findings (E514, W507, W508).
    """
    hint = "a cmi5 package has its course structure in cmi5.xml at the root of the zip (cmi5 14.1)"
    return check_description_file(files, STRUCTURE_NAME, "E513", hint, _structure_problems)


def structure_facts(root: etree._Element) -> LaunchedUnit:
    """The course id and title, and the first AU's url, moveOn and masteryScore."""
    course = root.find(_COURSE)
    aus = list(root.iter(_AU))
    first = aus[0] if aus else None
    title = course.find(f"{{{NS_CMI5}}}title/{{{NS_CMI5}}}langstring") if course is not None else None
    url = first.find(_URL) if first is not None else None
    return LaunchedUnit(
        identifier=course.get("id") if course is not None else None,
        title=(title.text or "").strip() if title is not None else None,
        launch=(url.text or "").strip() if url is not None else None,
        what=f"AU, moveOn {first.get('moveOn', 'NotApplicable') if first is not None else None}",
        mastery_score=first.get("masteryScore") if first is not None else None,
        count=len(aus),
    )
