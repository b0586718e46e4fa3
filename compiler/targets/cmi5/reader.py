"""A zip's cmi5.xml (and no imsmanifest.xml) -> the cmi5 checks and facts `coursec inspect` shows."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.content_packaging import MANIFEST_NAME
from compiler.package.reader import PackageFacts
from compiler.targets.cmi5.checks import NS_CMI5, STRUCTURE_NAME, check_package, structure_facts


@dataclass(frozen=True)
class Cmi5Reader:
    """cmi5 packages: cmi5.xml at the zip root (cmi5 14.1); a zip that also has imsmanifest.xml imports as SCORM."""

    kind: str = "cmi5"
    description: str | None = STRUCTURE_NAME
    lists_files: bool = False

    def detect(self, names: Collection[str], root: etree._Element | None) -> bool:
        """cmi5.xml at the root, and no imsmanifest.xml an LMS would read first."""
        return STRUCTURE_NAME in names and MANIFEST_NAME not in names

    def check(self, files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
        """The course structure against the XSD and the rules it cannot express (the same for both modes)."""
        return check_package(files)

    def facts(self, root: etree._Element | None, names: Collection[str]) -> PackageFacts:
        """Course id and title, the first AU's url, moveOn and masteryScore, and the number of AUs."""
        if root is None or etree.QName(root).namespace != NS_CMI5:
            return PackageFacts(
                standard="cmi5",
                rows=(("standard", "cmi5 (cmi5.xml)"), ("title", "-"), ("launch file", "-")),
                trailing_rows=(("course id", "-"),),
            )
        read = structure_facts(root)
        launch = read.launch_url
        move_on = f"AU, moveOn {read.move_on}"
        return PackageFacts(
            standard="cmi5",
            identifier=read.course_id,
            title=read.title,
            launch_href=launch,
            scorm_type=move_on,
            mastery_score=read.mastery_score,
            unit_count=read.au_count,
            rows=(
                ("standard", "cmi5 (cmi5.xml)"),
                ("title", read.title or "-"),
                ("launch file", f"{launch} ({move_on})" if launch else "-"),
                ("mastery score", read.mastery_score or "none"),
                ("AUs", str(read.au_count)),
            ),
            trailing_rows=(("course id", read.course_id or "-"),),
            verdict="ready to import as cmi5",
        )


READER = Cmi5Reader()
