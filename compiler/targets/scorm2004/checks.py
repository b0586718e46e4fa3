"""SCORM 2004 4th Edition: namespaces, the bundled XSDs, and package bytes -> diagnostics.

Used by the scorm2004 target before writing and by `coursec inspect` for 2004 manifests. The checks
follow scorm-checklist.md sections 3.1 and 6: the XSDs (with the W3C `xml.xsd` import redirected to
the local copy), then what the schemas cannot say: metadata values, references, scormType, files.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import cast
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from compiler.diagnostics import Diagnostic, SourceSpan, error, sort_unique, warning
from compiler.package import content_packaging as cp
from compiler.package.content_packaging import MANIFEST_NAME as MANIFEST_NAME  # the targets import it from here
from compiler.package.entries import reference_problem
from compiler.package.hygiene import hidden_part
from compiler.package.untrusted_xml import parse_untrusted

NS_IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
NS_ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
NS_ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
NS_IMSSS = "http://www.imsglobal.org/xsd/imsss"
NS_LOM = "http://ltsc.ieee.org/xsd/LOM"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_XML = "http://www.w3.org/XML/1998/namespace"

SCHEMA = "ADL SCORM"
SCHEMAVERSION = "2004 4th Edition"
# Root schema of each namespace, as named in xsi:schemaLocation (S04-P1).
SCHEMA_LOCATIONS = (
    (NS_IMSCP, "imscp_v1p1.xsd"),
    (NS_ADLCP, "adlcp_v1p3.xsd"),
    (NS_ADLSEQ, "adlseq_v1p3.xsd"),
    (NS_ADLNAV, "adlnav_v1p3.xsd"),
    (NS_IMSSS, "imsss_v1p0.xsd"),
    (NS_LOM, "lom.xsd"),
)
_SCHEMA_FOLDER = "scorm2004_4ed"
# imscp_v1p1.xsd imports the XML namespace from the web; serve the bundled copy instead (schemas/README.md).
_REDIRECTS = {"http://www.w3.org/2001/xml.xsd": "xml.xsd", "http://www.w3.org/2001/03/xml.xsd": "xml.xsd"}

_MANIFEST = f"{{{NS_IMSCP}}}manifest"
_ORGANIZATIONS = f"{{{NS_IMSCP}}}organizations"
_ORGANIZATION = f"{{{NS_IMSCP}}}organization"
_ITEM = f"{{{NS_IMSCP}}}item"
_TITLE = f"{{{NS_IMSCP}}}title"
_RESOURCES = f"{{{NS_IMSCP}}}resources"
_RESOURCE = f"{{{NS_IMSCP}}}resource"
_DEPENDENCY = f"{{{NS_IMSCP}}}dependency"
_SCORMTYPE = f"{{{NS_ADLCP}}}scormType"
_XML_BASE = f"{{{NS_XML}}}base"
_PREFIXES = {
    NS_IMSCP: "",
    NS_ADLCP: "adlcp:",
    NS_IMSSS: "imsss:",
    NS_ADLNAV: "adlnav:",
    NS_ADLSEQ: "adlseq:",
    NS_LOM: "lom:",
    NS_XML: "xml:",
}


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".xsd", ".dtd")):
            yield f"{prefix}{entry.name}", entry


@functools.cache
def _schema_bytes() -> tuple[tuple[str, bytes], ...]:
    folder = importlib.resources.files("compiler").joinpath("schemas", _SCHEMA_FOLDER)
    return tuple(sorted((name, entry.read_bytes()) for name, entry in _walk(folder, "")))


def schema_files() -> dict[str, bytes]:
    """Return the official SCORM 2004 4th Edition XSDs (and the DTDs xml.xsd names), unchanged, by archive path."""
    return dict(_schema_bytes())


@functools.cache
def _schema() -> etree.XMLSchema:
    return cp.load_schema(_SCHEMA_FOLDER, schema_files(), SCHEMA_LOCATIONS, _REDIRECTS)


def _readable(text: str) -> str:
    return cp.readable(text, _PREFIXES)


def _check_schema(root: etree._Element, locate: cp.Locator, foreign: bool) -> list[Diagnostic]:
    schema = _schema()
    if schema.validate(root):
        return []
    # No LMS we know of validates the XSDs: for a foreign package a schema error is a warning.
    problem = warning if foreign else error
    return [
        problem(
            "W504" if foreign else "E505",
            f"imsmanifest.xml fails the SCORM 2004 4th Edition schema: {_readable(entry.message)}",
            locate.first_tag(entry.line),
        )
        for entry in cast("Iterable[cp.LogEntry]", schema.error_log)
    ]


def _check_metadata(root: etree._Element, locate: cp.Locator, foreign: bool) -> list[Diagnostic]:
    # S04-P2: the values are plain strings in the XSD; LMSs read them to pick the SCORM version.
    problem = warning if foreign else error
    diagnostics = []
    metadata = root.find(f"{{{NS_IMSCP}}}metadata")
    for tag, expected in (("schema", SCHEMA), ("schemaversion", SCHEMAVERSION)):
        element = metadata.find(f"{{{NS_IMSCP}}}{tag}") if metadata is not None else None
        found = (element.text or "").strip() if element is not None else None
        # LMSs run any 2004 edition as SCORM 2004; only our own packages must say 4th edition.
        if foreign and found is not None and tag == "schemaversion" and ("2004" in found or found == "CAM 1.3"):
            continue
        if found != expected:
            diagnostics.append(
                problem(
                    "W505" if foreign else "E507",
                    f"<{tag}> is {found!r}, SCORM 2004 4th Edition needs '{expected}'"
                    if found is not None
                    else f"manifest metadata has no <{tag}>",
                    locate(element if element is not None else metadata if metadata is not None else root),
                    f"write <metadata><schema>{SCHEMA}</schema><schemaversion>{SCHEMAVERSION}</schemaversion>",
                )
            )
    return diagnostics


def _check_scormtypes(root: etree._Element, locate: cp.Locator) -> list[Diagnostic]:
    """E507 for a resource without adlcp:scormType, with what was found instead (S04-P3)."""
    diagnostics: list[Diagnostic] = []
    resources = {r.get("identifier") or "": r for r in root.iter(_RESOURCE)}
    for identifier, resource in resources.items():
        if _SCORMTYPE in resource.attrib:
            continue
        misspelt = cp.scormtype_like(resource)
        found = etree.QName(misspelt) if misspelt is not None else None
        if found is None:
            hint = 'add adlcp:scormType="sco" (talks to the LMS) or "asset"'
        elif found.namespace != NS_ADLCP:
            hint = (
                f"found {found.localname} in namespace {found.namespace}; "
                f"SCORM 2004 needs adlcp:scormType, adlcp being {NS_ADLCP}"
            )
        else:
            hint = f"found 'adlcp:{found.localname}'; SCORM 2004 spells it adlcp:scormType (capital T)"
        diagnostics.append(error("E507", f"resource '{identifier}' has no adlcp:scormType", locate(resource), hint))
    return diagnostics


def _check_files(root: etree._Element, names: list[str], locate: cp.Locator, foreign: bool) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    entries, by_lower = cp.file_entries(names)
    listed: set[str] = set()
    container = root.find(_RESOURCES)
    for element, href, base in cp.listed_hrefs(root, NS_IMSCP):
        problem = reference_problem(href) or (reference_problem(base) if base else None)
        if problem is not None:
            diagnostics.append(
                error(
                    "E511",
                    f"href '{href}' {problem}",
                    locate(element),
                    "LMSs resolve hrefs as '/'-separated paths inside the package",
                )
            )
            continue
        path = unquote(urlsplit(urljoin(base, href)).path)
        if path in entries:
            listed.add(path)
        elif path.lower() in by_lower:
            listed.update(by_lower[path.lower()])
            diagnostics.append(
                error(
                    "E510",
                    f"href '{href}' differs in letter case from the file '{by_lower[path.lower()][0]}'",
                    locate(element),
                    "LMS web servers are case-sensitive",
                )
            )
        else:
            diagnostics.append(
                error(
                    "E508",
                    f"file '{path}' listed in the manifest is not in the package",
                    locate(element),
                    "add the file to the zip, or remove its <file> line",
                )
            )
    schema_names = set(schema_files())
    for name in sorted(entries - listed - schema_names - {MANIFEST_NAME}):
        if hidden_part(name.split("/")) is not None:
            continue  # W501 (zip hygiene) covers it
        if cp.is_control_file(name):
            continue  # control files the manifest's schemaLocation names (S04-P1)
        # LMSs import a file the manifest does not list; only our own packages must list every one.
        diagnostics.append(
            (warning if foreign else error)(
                "W503" if foreign else "E509",
                f"packaged file '{name}' is not listed in the manifest",
                locate(container),
                "list it as <file href> in the resource that uses it, or leave it out of the zip",
            )
        )
    return diagnostics


def check_package(files: Mapping[str, bytes], *, foreign: bool = False) -> list[Diagnostic]:
    """Check a SCORM 2004 4th Edition package given as archive path -> bytes; sorted diagnostics.

    foreign (inspect on another tool's package): what LMSs tolerate (schema departures, metadata
    values, unlisted files) is a warning rather than an error.
    """
    data = files.get(MANIFEST_NAME)
    if data is None:
        return [
            error(
                "E503",
                "imsmanifest.xml missing at the package root",
                SourceSpan(MANIFEST_NAME, 0),
                "SCORM 2004 requires imsmanifest.xml at the root of the zip",
            )
        ]
    parsed = parse_untrusted(data, MANIFEST_NAME, "E504")
    if parsed.root is None or not parsed.checkable:
        return list(parsed.diagnostics)
    return sort_unique([*parsed.diagnostics, *_check_root(parsed.root, files, cp.Locator(data), foreign)])


def _check_root(
    root: etree._Element, files: Mapping[str, bytes], locate: cp.Locator, foreign: bool
) -> list[Diagnostic]:
    if root.tag != _MANIFEST:
        return [
            error(
                "E505",
                f"root element is '{_readable(root.tag)}'; SCORM 2004 needs 'manifest' in namespace {NS_IMSCP}",
                locate(root),
            )
        ]
    diagnostics = [
        *_check_schema(root, locate, foreign),
        *_check_metadata(root, locate, foreign),
        *cp.check_organizations(root, locate, NS_IMSCP, foreign=foreign),
        *cp.check_references(root, locate, NS_IMSCP, foreign=foreign),
        *_check_scormtypes(root, locate),
        *_check_files(root, list(files), locate, foreign),
    ]
    return sort_unique(diagnostics)


@dataclass(frozen=True)
class LaunchFacts:
    """What `coursec inspect` shows of a 2004 manifest besides its identifier."""

    title: str | None
    launch_href: str | None
    scorm_type: str | None
    mastery_score: str | None
    """The primary objective's minNormalizedMeasure (a scaled score 0-1) when satisfied by measure."""
    sco_count: int


def launch_facts(root: etree._Element) -> LaunchFacts:
    """The default organization's title, and the launch file, type and mastery of its first launchable item."""
    resources = {r.get("identifier"): r for r in root.iter(_RESOURCE)}
    container = root.find(_ORGANIZATIONS)
    organizations = root.findall(f"{_ORGANIZATIONS}/{_ORGANIZATION}")
    default = container.get("default") if container is not None else None
    chosen = next((o for o in organizations if o.get("identifier") == default), None)
    if chosen is None and organizations:
        chosen = organizations[0]
    launch = scorm_type = mastery = None
    for item in chosen.iter(_ITEM) if chosen is not None else ():
        resource = resources.get(item.get("identifierref"))
        if resource is None or resource.get("href") is None:
            continue
        base = "".join(e.get(_XML_BASE, "") for e in (resource.getparent(), resource) if e is not None)
        launch = base + (resource.get("href") or "") + (item.get("parameters") or "")
        scorm_type = resource.get(_SCORMTYPE)
        primary = item.find(f"{{{NS_IMSSS}}}sequencing/{{{NS_IMSSS}}}objectives/{{{NS_IMSSS}}}primaryObjective")
        if primary is not None and primary.get("satisfiedByMeasure") == "true":
            # IMS SS: minNormalizedMeasure defaults to 1.0.
            mastery = (primary.findtext(f"{{{NS_IMSSS}}}minNormalizedMeasure") or "1.0").strip() + " (scaled)"
        break
    title = chosen.findtext(_TITLE) if chosen is not None else None
    return LaunchFacts(
        title=title.strip() if title else None,
        launch_href=launch,
        scorm_type=scorm_type,
        mastery_score=mastery,
        sco_count=sum(1 for r in resources.values() if r.get(_SCORMTYPE) == "sco"),
    )
