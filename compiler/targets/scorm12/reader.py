"""A zip's imsmanifest.xml in SCORM 1.2 namespaces -> the SCORM 1.2 checks and facts `coursec inspect` shows."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.content_packaging import scorm_rows, text_of
from compiler.package.reader import KindReader, PackageFacts
from compiler.targets.scorm12.checks import check_package
from compiler.targets.scorm12.manifest import MANIFEST_NAME, NS_ADLCP, NS_IMSCP, NS_XML

_CP = {"cp": NS_IMSCP}


def _scormtype(resource: etree._Element) -> str | None:
    # Read as Moodle does, whatever the letter case of the attribute name (checks.py warns about it).
    return next(
        (str(value) for name, value in resource.attrib.items() if str(name).lower().endswith("scormtype")), None
    )


def _launch(
    organization: etree._Element, resources: Mapping[str | None, etree._Element]
) -> tuple[str | None, str | None, str | None, str | None]:
    """(launch href, scormtype, masteryscore, datafromlms) of the first item that launches a file."""
    for item in organization.iter(f"{{{NS_IMSCP}}}item"):
        resource = resources.get(item.get("identifierref"))
        if resource is None or resource.get("href") is None:
            continue
        base = "".join(
            element.get(f"{{{NS_XML}}}base", "") for element in (resource.getparent(), resource) if element is not None
        )
        launch = base + (resource.get("href") or "") + (item.get("parameters") or "")
        mastery = text_of(item.find(f"{{{NS_ADLCP}}}masteryscore"))
        data = item.find(f"{{{NS_ADLCP}}}datafromlms")
        return launch, _scormtype(resource), mastery, (data.text or "") if data is not None else None
    return None, None, None, None


def _version(schema_version: str | None) -> str:
    if schema_version is None:
        return "1.2 (by its namespaces; no <schemaversion>)"
    if schema_version != "1.2":
        return f"1.2 (by its namespaces; <schemaversion> says '{schema_version}')"
    return "1.2"


def detect(names: Collection[str], root: etree._Element | None) -> bool:
    """A manifest in the SCORM 1.2 namespace."""
    return root is not None and etree.QName(root).namespace == NS_IMSCP


def check(files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
    """The SCORM 1.2 checks; without strict, only what stops real LMSs is an error."""
    return check_package(files, foreign=not strict)


def facts(root: etree._Element | None, names: Collection[str]) -> PackageFacts:
    """Identifier, title, launch file, scormtype and mastery score of the default organization."""
    if root is None or etree.QName(root).namespace != NS_IMSCP:
        empty = PackageFacts()
        return PackageFacts(rows=scorm_rows(empty, "-"), trailing_rows=(("manifest identifier", "-"),))
    resources = {r.get("identifier"): r for r in root.iter(f"{{{NS_IMSCP}}}resource")}
    container = root.find("cp:organizations", _CP)
    organizations = root.findall("cp:organizations/cp:organization", _CP)
    default = container.get("default") if container is not None else None
    chosen = next((o for o in organizations if o.get("identifier") == default), None)
    if chosen is None and organizations:
        chosen = organizations[0]
    launch: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None)
    if chosen is not None:
        launch = _launch(chosen, resources)
    schema_version = text_of(root.find("cp:metadata/cp:schemaversion", _CP))
    facts = PackageFacts(
        standard="1.2",
        identifier=root.get("identifier"),
        title=text_of(chosen.find("cp:title", _CP)) if chosen is not None else None,
        schema_version=schema_version,
        launch_href=launch[0],
        scorm_type=launch[1],
        mastery_score=launch[2],
        launch_data=launch[3],
        unit_count=sum(1 for r in resources.values() if _scormtype(r) == "sco"),
        verdict="ready to import as SCORM 1.2",
    )
    rows = scorm_rows(facts, _version(schema_version))
    return replace(facts, rows=rows, trailing_rows=(("manifest identifier", facts.identifier or "-"),))


READER = KindReader("scorm12", MANIFEST_NAME, lists_files=True, detect=detect, check=check, facts=facts)
"""SCORM 1.2 packages: imsmanifest.xml in the IMS CP 1.1.2 namespace (or a manifest no other reader takes)."""
