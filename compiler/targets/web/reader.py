"""A zip with index.html at its root and no LMS description -> the facts `coursec inspect` shows of a web package.

A web package is for a web server or an intranet page, not for an LMS: it has no imsmanifest.xml
or cmi5.xml, so there is nothing of a standard to check beyond the zip hygiene every kind gets
(and the launch page's references, which inspect checks for every kind).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.reader import KindReader, PackageFacts

LAUNCH_PAGE = "index.html"


def detect(names: Collection[str], root: etree._Element | None) -> bool:
    """index.html at the zip root."""
    return LAUNCH_PAGE in names


def check(files: Mapping[str, bytes], *, strict: bool) -> list[Diagnostic]:
    """Nothing beyond the zip hygiene and the launch page's references (inspect runs those for every kind)."""
    return []


def facts(root: etree._Element | None, names: Collection[str]) -> PackageFacts:
    """The launch page; the verdict says it is not an LMS package."""
    return PackageFacts(
        standard="web",
        launch_href=LAUNCH_PAGE,
        rows=(
            ("standard", "web: a package for a web server, not for an LMS (no imsmanifest.xml or cmi5.xml)"),
            ("launch file", LAUNCH_PAGE),
        ),
        verdict="a package for a web server, not for an LMS",
    )


READER = KindReader("web", None, lists_files=False, detect=detect, check=check, facts=facts)
"""Web packages: index.html at the root. inspect asks it only when no reader's description file is there."""
