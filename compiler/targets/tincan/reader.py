"""A zip's tincan.xml (and no imsmanifest.xml or cmi5.xml) -> the TinCan checks and facts `coursec inspect` shows."""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from compiler.package.content_packaging import MANIFEST_NAME
from compiler.package.reader import DescriptionKind, description_reader
from compiler.targets.tincan.checks import DESCRIPTION_NAME, NS_TINCAN, check_package, description_facts

CMI5_DESCRIPTION = "cmi5.xml"
"""An LMS that finds cmi5.xml imports the zip as cmi5, whatever else it holds."""


def detect(names: Collection[str], root: etree._Element | None) -> bool:
    """tincan.xml at the root, and neither imsmanifest.xml nor cmi5.xml."""
    return DESCRIPTION_NAME in names and MANIFEST_NAME not in names and CMI5_DESCRIPTION not in names


KIND = DescriptionKind(
    "tincan", "xAPI TinCan package (tincan.xml)", "activities", "activity id", "an xAPI TinCan package"
)
READER = description_reader(KIND, DESCRIPTION_NAME, NS_TINCAN, detect, check_package, description_facts)
"""TinCan packages: the launched activity's id, name, type and launch file, and the number of activities."""
