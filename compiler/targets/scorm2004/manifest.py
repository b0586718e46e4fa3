"""Course -> SCORM 2004 4th Edition imsmanifest.xml for a single SCO, built as an lxml tree; pure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import quote

from lxml import etree

from compiler.model.course import Course
from compiler.targets.scorm2004.checks import (
    MANIFEST_NAME,
    NS_ADLCP,
    NS_ADLNAV,
    NS_ADLSEQ,
    NS_IMSCP,
    NS_IMSSS,
    NS_LOM,
    NS_XSI,
    SCHEMA,
    SCHEMA_LOCATIONS,
    SCHEMAVERSION,
    schema_files,
)

LAUNCH_HREF = "index.html"
PRIMARY_OBJECTIVE = "PRIMARY_OBJECTIVE"
HIDDEN_LMS_BUTTONS = ("continue", "previous")
"""LMS navigation that means nothing in a course of one SCO (S04-P4): there is no next or previous SCO."""
_NSMAP = {
    None: NS_IMSCP,
    "adlcp": NS_ADLCP,
    "adlseq": NS_ADLSEQ,
    "adlnav": NS_ADLNAV,
    "imsss": NS_IMSSS,
    "lom": NS_LOM,
    "xsi": NS_XSI,
}
_MANIFEST_VERSION_MAX = 20  # imscp attr.version has maxLength 20
_HREF_SAFE = "/-._~"


def _sub(parent: etree._Element, namespace: str, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _langstring(parent: etree._Element, tag: str, text: str, language: str) -> None:
    _sub(_sub(parent, NS_LOM, tag), NS_LOM, "string", text).set("language", language)


def _metadata(root: etree._Element, course: Course) -> None:
    config = course.config
    metadata = _sub(root, NS_IMSCP, "metadata")
    _sub(metadata, NS_IMSCP, "schema", SCHEMA)
    _sub(metadata, NS_IMSCP, "schemaversion", SCHEMAVERSION)
    # IEEE LOM record: LMS catalogues take title, language and description here.
    lom = _sub(metadata, NS_LOM, "lom")
    general = _sub(lom, NS_LOM, "general")
    _langstring(general, "title", config.title, config.language)
    _sub(general, NS_LOM, "language", config.language)
    _langstring(general, "description", config.description, config.language)
    _langstring(_sub(lom, NS_LOM, "lifeCycle"), "version", config.version, "x-none")


def scaled_passing_score(course: Course) -> Decimal | None:
    """The mastery score as the scaled measure 0-1 (cmi.scaled_passing_score), when the course is graded."""
    if not course.has_graded_quiz or course.config.mastery_score is None:
        return None
    return Decimal(course.config.mastery_score) / 100


def _item_sequencing(item: etree._Element, course: Course) -> None:
    sequencing = _sub(item, NS_IMSSS, "sequencing")
    passing = scaled_passing_score(course)
    if passing is not None:
        # S04-D1: the LMS derives success from cmi.score.scaled against this measure.
        objectives = _sub(sequencing, NS_IMSSS, "objectives")
        primary = _sub(objectives, NS_IMSSS, "primaryObjective")
        primary.set("objectiveID", PRIMARY_OBJECTIVE)
        primary.set("satisfiedByMeasure", "true")
        _sub(primary, NS_IMSSS, "minNormalizedMeasure", f"{passing.normalize():f}")
    # S04-P4: without these the LMS marks the SCO completed/satisfied itself on exit (SuccessFactors).
    delivery = _sub(sequencing, NS_IMSSS, "deliveryControls")
    delivery.set("completionSetByContent", "true")
    delivery.set("objectiveSetByContent", "true")
    interface = _sub(_sub(item, NS_ADLNAV, "presentation"), NS_ADLNAV, "navigationInterface")
    for button in HIDDEN_LMS_BUTTONS:
        _sub(interface, NS_ADLNAV, "hideLMSUI", button)


def _ordered_files(files: Sequence[str]) -> list[str]:
    rest = sorted(set(files) - {LAUNCH_HREF, MANIFEST_NAME, *schema_files()})
    return [LAUNCH_HREF, *rest] if LAUNCH_HREF in files else rest


def build_manifest(course: Course, files: Sequence[str]) -> bytes:
    """Build imsmanifest.xml for a single-SCO SCORM 2004 4th Edition package listing every given file."""
    config = course.config
    root = etree.Element(f"{{{NS_IMSCP}}}manifest", nsmap=_NSMAP)  # type: ignore[arg-type]  # None = default ns
    root.set("identifier", f"MANIFEST_{course.id}_{course.version}")
    if len(config.version) <= _MANIFEST_VERSION_MAX:
        root.set("version", config.version)
    root.set(f"{{{NS_XSI}}}schemaLocation", " ".join(f"{ns} {location}" for ns, location in SCHEMA_LOCATIONS))
    _metadata(root, course)

    organizations = _sub(root, NS_IMSCP, "organizations")
    organizations.set("default", f"ORG_{course.id}")
    organization = _sub(organizations, NS_IMSCP, "organization")
    organization.set("identifier", f"ORG_{course.id}")
    _sub(organization, NS_IMSCP, "title", config.title)
    # Identifiers without the version: an LMS that updates a package keeps the learners' data.
    item = _sub(organization, NS_IMSCP, "item")
    item.set("identifier", f"ITEM_{course.id}")
    item.set("identifierref", f"RES_{course.id}")
    _sub(item, NS_IMSCP, "title", config.title)
    _item_sequencing(item, course)
    # S04-P4: flow defaults to false, and without it "Start" has nowhere to go.
    control = _sub(_sub(organization, NS_IMSSS, "sequencing"), NS_IMSSS, "controlMode")
    control.set("choice", "true")
    control.set("flow", "true")

    resource = _sub(_sub(root, NS_IMSCP, "resources"), NS_IMSCP, "resource")
    resource.set("identifier", f"RES_{course.id}")
    resource.set("type", "webcontent")
    resource.set(f"{{{NS_ADLCP}}}scormType", "sco")
    resource.set("href", LAUNCH_HREF)
    for path in _ordered_files(files):
        _sub(resource, NS_IMSCP, "file").set("href", quote(path, safe=_HREF_SAFE))

    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
