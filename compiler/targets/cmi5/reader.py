"""A zip's cmi5.xml (and no imsmanifest.xml) -> the cmi5 checks and facts `coursec inspect` shows."""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from compiler.package.content_packaging import MANIFEST_NAME
from compiler.package.reader import DescriptionKind, description_reader
from compiler.targets.cmi5.checks import NS_CMI5, STRUCTURE_NAME, check_package, structure_facts


def detect(names: Collection[str], root: etree._Element | None) -> bool:
    """cmi5.xml at the root, and no imsmanifest.xml an LMS would read first (cmi5 14.1)."""
    return STRUCTURE_NAME in names and MANIFEST_NAME not in names


KIND = DescriptionKind("cmi5", "cmi5 (cmi5.xml)", units="AUs", identifier="course id", verdict="cmi5")
READER = description_reader(KIND, STRUCTURE_NAME, NS_CMI5, detect, check_package, structure_facts)
"""cmi5 packages: the course id and title, the first AU's url, moveOn and masteryScore, the number of AUs."""
