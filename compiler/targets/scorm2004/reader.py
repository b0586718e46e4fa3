"""A zip's imsmanifest.xml in SCORM 2004 namespaces (or naming 2004) -> the 2004 checks and inspect facts."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.content_packaging import names_scorm_2004, scorm_rows, text_of
from compiler.package.reader import KindReader, PackageFacts
from compiler.targets.scorm2004.checks import MANIFEST_NAME, NS_IMSCP, check_package, launch_facts

_EDITIONS = (("4th", "2004 4th edition"), ("3rd", "2004 3rd edition"), ("1.3", "2004 2nd edition"))


def _schema_version(root: etree._Element) -> str | None:
    namespace = etree.QName(root).namespace
    return text_of(root.find(f"{{{namespace}}}metadata/{{{namespace}}}schemaversion"))


def edition(root: etree._Element) -> str:
    """The SCORM 2004 edition a manifest names: '2004 4th edition', ... or '2004'."""
    schemaversion = _schema_version(root) or ""
    return next((label for key, label in _EDITIONS if key in schemaversion), "2004")


def detect(names: Collection[str], root: etree._Element | None) -> bool:
    """The 2004 namespace, or a <schemaversion> naming 2004 (the LMS then offers the 2004 API)."""
    if root is None:
        return False
    return etree.QName(root).namespace == NS_IMSCP or names_scorm_2004(_schema_version(root) or "")


def check(files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
    """The SCORM 2004 4th Edition checks; without strict, what LMSs tolerate is a warning."""
    return check_package(files, foreign=not strict)


def facts(root: etree._Element | None, names: Collection[str]) -> PackageFacts:
    """Identifier, title, launch file, scormType and the primary objective's mastery measure."""
    if root is None:
        return PackageFacts()
    launch = launch_facts(root)
    version = edition(root)
    facts = PackageFacts(
        standard=version,
        identifier=root.get("identifier"),
        title=launch.title,
        schema_version=_schema_version(root) if etree.QName(root).namespace == NS_IMSCP else None,
        launch_href=launch.launch_href,
        scorm_type=launch.scorm_type,
        mastery_score=launch.mastery_score,
        unit_count=launch.sco_count,
        verdict=f"ready to import as SCORM {version}",
    )
    rows = scorm_rows(facts, version)
    return replace(facts, rows=rows, trailing_rows=(("manifest identifier", facts.identifier or "-"),))


READER = KindReader("scorm2004", MANIFEST_NAME, lists_files=True, detect=detect, check=check, facts=facts)
"""SCORM 2004 packages: imsmanifest.xml in the IMS CP 1.1.4 namespace, or one whose <schemaversion> names 2004."""
