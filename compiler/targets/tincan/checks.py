"""TinCan packages: tincan.xml (the package description) checked the way LMSs read it.

No official schema file ships with the TinCan package format (Rustici's tincan.xsd is not among the
standard schemas we carry), so the rules LMSs apply are checked here by hand: the root element and
its namespace, at least one activity with an absolute IRI id, ids used once, and one launchable
activity whose <launch> names a file inside the package and that has a name to show (an LMS lists
the course under it). Used by the TinCan target on its own packages and by `coursec inspect`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import cast

from lxml import etree

from compiler.diagnostics import Diagnostic
from compiler.package.reader import LaunchedUnit
from compiler.package.untrusted_xml import (
    DescriptionProblem,
    check_description_file,
    description_problems,
    launch_problem,
)

NS_TINCAN = "http://projecttincan.com/tincan.xsd"
DESCRIPTION_NAME = "tincan.xml"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"

_ACTIVITIES = f"{{{NS_TINCAN}}}activities"
_ACTIVITY = f"{{{NS_TINCAN}}}activity"
_NAME = f"{{{NS_TINCAN}}}name"
_LAUNCH = f"{{{NS_TINCAN}}}launch"
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def _line(element: etree._Element) -> int:
    # lxml-stubs type sourceline loosely; lxml gives an int, or None for built trees.
    return cast("int | None", element.sourceline) or 0


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _activity_problems(activities: list[etree._Element]) -> list[DescriptionProblem]:
    problems: list[DescriptionProblem] = []
    seen: dict[str, int] = {}
    for activity in activities:
        iri = (activity.get("id") or "").strip()
        if not iri:
            problems.append(DescriptionProblem(_line(activity), "activity without an id", "give it an absolute IRI"))
            continue
        if not _ABSOLUTE_IRI.match(iri):
            hint = "start it with a scheme, e.g. https://learning.example.org/courses/first-aid"
            problems.append(DescriptionProblem(_line(activity), f"activity id {iri!r} is not an absolute IRI", hint))
        if iri in seen:
            message = f"activity id {iri!r} is already used on line {seen[iri]}"
            problems.append(DescriptionProblem(_line(activity), message, "give every activity its own IRI"))
        else:
            seen[iri] = _line(activity)
    return problems


def _launch_problems(activities: list[etree._Element], package_files: Collection[str]) -> list[DescriptionProblem]:
    launchable = [activity for activity in activities if activity.find(_LAUNCH) is not None]
    if not launchable:
        return [
            DescriptionProblem(
                _line(activities[0]) if activities else 0,
                "no activity has a <launch> element: the LMS has nothing to open",
                'add <launch lang="...">index.html</launch> to the course activity',
            )
        ]
    problems: list[DescriptionProblem] = []
    first = launchable[0]  # LMSs launch the first activity that has a launch file
    if not _text(first.find(_NAME)):
        hint = 'add <name lang="...">the course title</name>: the LMS lists the course under it'
        problems.append(DescriptionProblem(_line(first), "the launched activity has no name", hint))
    for activity in launchable:
        launch = activity.find(_LAUNCH)
        assert launch is not None
        problem = launch_problem(launch, "launch", package_files)
        if problem is not None:
            problems.append(problem)
    return problems


def _description_problems(root: etree._Element, package_files: Collection[str]) -> list[DescriptionProblem]:
    if root.tag != f"{{{NS_TINCAN}}}tincan":
        found = etree.QName(root)
        return [
            DescriptionProblem(
                _line(root),
                f"the root element is {found.localname!r} in namespace {found.namespace or 'none'!r}",
                f'tincan.xml starts with <tincan xmlns="{NS_TINCAN}">',
            )
        ]
    activities = [activity for group in root.iter(_ACTIVITIES) for activity in group.iter(_ACTIVITY)]
    if not activities:
        hint = 'list the course as <activities><activity id="..." type="..."> with a name and a launch file'
        return [DescriptionProblem(_line(root), "tincan.xml lists no activity", hint)]
    problems = _activity_problems(activities) + _launch_problems(activities, package_files)
    return sorted(problems, key=lambda problem: problem.line)


def check_description(data: bytes, package_files: Collection[str]) -> list[DescriptionProblem]:
    """Return what is wrong with a tincan.xml: XML syntax, entities, then the rules LMSs apply."""
    return description_problems(data, DESCRIPTION_NAME, "E516", _description_problems, package_files)


def check_package(files: Mapping[str, bytes]) -> list[Diagnostic]:
    """tincan.xml at the package root, checked as LMSs read it (E516; entities and the like keep their codes)."""
    hint = "a TinCan package describes its activities in tincan.xml at the root of the zip"
    return check_description_file(files, DESCRIPTION_NAME, "E516", hint, _description_problems)


def description_facts(root: etree._Element) -> LaunchedUnit:
    """The first launchable activity's id, name, launch file and type, and the number of activities."""
    activities = list(root.iter(_ACTIVITY))
    launched = next((activity for activity in activities if activity.find(_LAUNCH) is not None), None)
    kind = launched.get("type") if launched is not None else None
    return LaunchedUnit(
        identifier=(launched.get("id") or "").strip() or None if launched is not None else None,
        title=_text(launched.find(_NAME)) or None if launched is not None else None,
        launch=_text(launched.find(_LAUNCH)) or None if launched is not None else None,
        what=f"activity, type {kind}" if kind else "activity",
        mastery_score=None,
        count=len(activities),
    )
