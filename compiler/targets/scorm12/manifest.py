"""SCORM 1.2 imsmanifest.xml, built as an lxml tree, and the bundled schema files."""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Sequence
from urllib.parse import quote

from lxml import etree

from compiler.model.course import Course

NS_IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_XML = "http://www.w3.org/XML/1998/namespace"

MANIFEST_NAME = "imsmanifest.xml"
LAUNCH_HREF = "index.html"
SCHEMA_FILE_NAMES = (
    "adlcp_rootv1p2.xsd",
    "ims_xml.xsd",
    "imscp_rootv1p1p2.xsd",
    "imsmd_rootv1p2p1.xsd",
)
# Root schema of each namespace, as named in xsi:schemaLocation (S12-Z2).
SCHEMA_LOCATIONS = (
    (NS_IMSCP, "imscp_rootv1p1p2.xsd"),
    (NS_IMSMD, "imsmd_rootv1p2p1.xsd"),
    (NS_ADLCP, "adlcp_rootv1p2.xsd"),
)
_NSMAP = {None: NS_IMSCP, "adlcp": NS_ADLCP, "imsmd": NS_IMSMD, "xsi": NS_XSI}
# imscp attr.version has maxLength 20; the course model allows longer versions.
_MANIFEST_VERSION_MAX = 20
# Kept as is in a file href; anything else is percent-encoded (href is an xsd:anyURI).
_HREF_SAFE = "/-._~"


@functools.cache
def _schema_bytes() -> tuple[tuple[str, bytes], ...]:
    folder = importlib.resources.files("compiler").joinpath("schemas", "scorm12")
    return tuple((name, folder.joinpath(name).read_bytes()) for name in SCHEMA_FILE_NAMES)


def schema_files() -> dict[str, bytes]:
    """Return the official SCORM 1.2 XSDs, unchanged, keyed by archive-root name."""
    return dict(_schema_bytes())


def manifest_identifier(course: Course) -> str:
    """Return the manifest identifier: an NCName naming this course and version."""
    # Slugs may start with a digit and versions hold dots and hyphens; the prefix
    # makes every combination a valid xsd:ID, and '_' (in neither) keeps them apart.
    return f"MANIFEST_{course.id}_{course.version}"


def organization_identifier(course: Course) -> str:
    """Return the organization identifier (stable across course versions)."""
    return f"ORG_{course.id}"


def item_identifier(course: Course) -> str:
    """Return the SCO item identifier (stable across course versions)."""
    # Moodle matches items by identifier when a package is updated and moves the
    # learners' tracking data over; a version in this id would orphan their progress.
    return f"ITEM_{course.id}"


def resource_identifier(course: Course) -> str:
    """Return the SCO resource identifier (stable across course versions)."""
    return f"RES_{course.id}"


def href_for(path: str) -> str:
    """Return the manifest href (a relative URI) for an archive path."""
    return quote(path, safe=_HREF_SAFE)


def _sub(parent: etree._Element, namespace: str, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _langstring(parent: etree._Element, tag: str, text: str, language: str | None) -> None:
    langstring = _sub(_sub(parent, NS_IMSMD, tag), NS_IMSMD, "langstring", text)
    if language is not None:
        langstring.set(f"{{{NS_XML}}}lang", language)


def _metadata(root: etree._Element, course: Course) -> None:
    config = course.config
    metadata = _sub(root, NS_IMSCP, "metadata")
    _sub(metadata, NS_IMSCP, "schema", "ADL SCORM")
    _sub(metadata, NS_IMSCP, "schemaversion", "1.2")
    # IMS MD (LOM) record: LMS catalogues take title, language and description here.
    lom = _sub(metadata, NS_IMSMD, "lom")
    general = _sub(lom, NS_IMSMD, "general")
    _langstring(general, "title", config.title, config.language)
    _sub(general, NS_IMSMD, "language", config.language)
    _langstring(general, "description", config.description, config.language)
    _langstring(_sub(lom, NS_IMSMD, "lifecycle"), "version", config.version, None)


def _ordered_files(files: Sequence[str]) -> list[str]:
    # The manifest and the XSD control files describe the package; not SCO files.
    rest = sorted(set(files) - {LAUNCH_HREF, MANIFEST_NAME, *SCHEMA_FILE_NAMES})
    return [LAUNCH_HREF, *rest] if LAUNCH_HREF in files else rest


def build_manifest(course: Course, files: Sequence[str]) -> bytes:
    """Build imsmanifest.xml for a single-SCO package listing every given file.

    files are the package's archive paths except imsmanifest.xml and the schemas.
    """
    config = course.config
    # lxml-stubs type nsmap keys as str; lxml uses None for the default namespace.
    root = etree.Element(f"{{{NS_IMSCP}}}manifest", nsmap=_NSMAP)  # type: ignore[arg-type]
    root.set("identifier", manifest_identifier(course))
    if len(config.version) <= _MANIFEST_VERSION_MAX:
        root.set("version", config.version)
    root.set(
        f"{{{NS_XSI}}}schemaLocation",
        " ".join(f"{namespace} {location}" for namespace, location in SCHEMA_LOCATIONS),
    )
    _metadata(root, course)

    organizations = _sub(root, NS_IMSCP, "organizations")
    organizations.set("default", organization_identifier(course))
    organization = _sub(organizations, NS_IMSCP, "organization")
    organization.set("identifier", organization_identifier(course))
    _sub(organization, NS_IMSCP, "title", config.title)
    item = _sub(organization, NS_IMSCP, "item")
    item.set("identifier", item_identifier(course))
    item.set("identifierref", resource_identifier(course))
    _sub(item, NS_IMSCP, "title", config.title)
    # Moodle's default "mastery score overrides status" rewrites lesson_status from
    # the score (checklist P1): declare one only where the SCO itself passes on it.
    if course.has_graded_quiz and config.mastery_score is not None:
        _sub(item, NS_ADLCP, "masteryscore", str(config.mastery_score))

    resources = _sub(root, NS_IMSCP, "resources")
    resource = _sub(resources, NS_IMSCP, "resource")
    resource.set("identifier", resource_identifier(course))
    resource.set("type", "webcontent")
    resource.set(f"{{{NS_ADLCP}}}scormtype", "sco")
    resource.set("href", LAUNCH_HREF)
    for path in _ordered_files(files):
        _sub(resource, NS_IMSCP, "file").set("href", href_for(path))

    # lxml's own declaration uses single quotes; write the conventional one.
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
