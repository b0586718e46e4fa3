"""A zip's tincan.xml (and no imsmanifest.xml or cmi5.xml) -> the TinCan checks and facts `coursec inspect` shows."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.content_packaging import MANIFEST_NAME
from compiler.package.reader import PackageFacts
from compiler.targets.tincan.checks import DESCRIPTION_NAME, NS_TINCAN, check_package, description_facts

CMI5_DESCRIPTION = "cmi5.xml"
"""An LMS that finds cmi5.xml imports the zip as cmi5, whatever else it holds."""


@dataclass(frozen=True)
class TinCanReader:
    """TinCan packages: tincan.xml at the zip root, and no manifest or cmi5.xml an LMS would read first."""

    kind: str = "tincan"
    description: str | None = DESCRIPTION_NAME
    lists_files: bool = False

    def detect(self, names: Collection[str], root: etree._Element | None) -> bool:
        """tincan.xml at the root, and neither imsmanifest.xml nor cmi5.xml."""
        return DESCRIPTION_NAME in names and MANIFEST_NAME not in names and CMI5_DESCRIPTION not in names

    def check(self, files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
        """tincan.xml as LMSs read it (the same for both modes)."""
        return check_package(files)

    def facts(self, root: etree._Element | None, names: Collection[str]) -> PackageFacts:
        """The launched activity's id, name, type and launch file, and the number of activities."""
        if root is None or etree.QName(root).namespace != NS_TINCAN:
            return PackageFacts(
                standard="tincan",
                rows=(("standard", "xAPI TinCan package (tincan.xml)"), ("title", "-"), ("launch file", "-")),
                trailing_rows=(("activity id", "-"),),
            )
        read = description_facts(root)
        return PackageFacts(
            standard="tincan",
            identifier=read.activity_id,
            title=read.title,
            launch_href=read.launch,
            scorm_type=f"activity, type {read.activity_type}" if read.activity_type else "activity",
            unit_count=1 if read.launch else 0,
            rows=(
                ("standard", "xAPI TinCan package (tincan.xml)"),
                ("title", read.title or "-"),
                ("launch file", read.launch or "-"),
                ("activities", str(read.activity_count)),
            ),
            trailing_rows=(("activity id", read.activity_id or "-"),),
            verdict="ready to import as an xAPI TinCan package",
        )


READER = TinCanReader()
