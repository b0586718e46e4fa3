"""Course -> the cmi5 target: cmi5.xml and its schema, checks, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic
from compiler.model.course import Course
from compiler.model.validate import ValidatedParts
from compiler.package.reader import PackageReader
from compiler.render.suspend_budget import WorstCase
from compiler.targets.base import RuleRow, check_state_budget, finished_condition
from compiler.targets.cmi5.checks import SCHEMA_FILE_NAME, STRUCTURE_NAME, check_package, schema_bytes
from compiler.targets.cmi5.reader import READER
from compiler.targets.cmi5.structure import build_course_structure, mastery_score, move_on

STATE_LIMIT = 64000
"""Characters of learner state per registration: the State API keeps whole JSON documents, so the
limit is ours, not the LRS's; we keep the SCORM 2004 figure so a course moves between targets as is."""


@dataclass(frozen=True)
class Cmi5Target:
    """cmi5 (AICC/ADL, Quartz): one AU launched by the LMS, reporting xAPI statements to its LRS."""

    name: str = "cmi5"
    title: str = "cmi5 (xAPI)"
    tracker: str = "cmi5"
    tracker_scripts: tuple[str, ...] = ("trackers/formats.js", "trackers/xapi.js", "trackers/cmi5.js")
    reader: PackageReader = READER

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """Nothing: the tracker finds what it needs in the page's data and the LMS's launch."""
        return {}

    def state_limit(self, course: Course) -> int:
        """64,000 characters, or what course.yaml says (`suspend_data_limit`)."""
        return course.config.suspend_data_limit or STATE_LIMIT

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case state exceeds the limit."""
        allowed = "'suspend_data_limit' allows" if course.config.suspend_data_limit else "the cmi5 target keeps"
        return check_state_budget(course, parts, state, self.state_limit(course), allowed)

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """cmi5.xml and the official CourseStructure.xsd at the zip root (C5-P1)."""
        return {STRUCTURE_NAME: build_course_structure(course), SCHEMA_FILE_NAME: schema_bytes()}

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """The course structure checks `coursec inspect` also runs."""
        return check_package(files)

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """The AU's moveOn and masteryScore, and the statements per situation."""
        done = finished_condition(course)
        score = mastery_score(course)
        rows = [RuleRow("moveOn (cmi5.xml)", move_on(course))]
        if score is not None:
            rows += [
                RuleRow("mastery score", f"{course.config.mastery_score}% = masteryScore {score} (score.scaled)"),
                RuleRow(done, "completed (when lessons count), then passed with result.score.scaled = score / 100"),
                RuleRow("quiz failed with no attempts left", "failed with result.score.scaled = last score"),
            ]
        else:
            rows += [RuleRow("mastery score", "none (no score reported)"), RuleRow(done, "completed")]
        rows += [
            RuleRow("each graded quiz answer", "answered, with the question as an xAPI interaction activity"),
            RuleRow("closed midway", "terminated; bookmark and answers kept in the State API (resumes)"),
            RuleRow("launchMode Browse or Review", "initialized and terminated only"),
        ]
        return tuple(rows)


TARGET = Cmi5Target()
