"""Course -> the cmi5 target: cmi5.xml and its schema, checks, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.model.course import Course
from compiler.targets.base import RuleRow, StateLimit, TargetBase, xapi_rule_rows
from compiler.targets.cmi5.checks import SCHEMA_FILE_NAME, STRUCTURE_NAME, schema_bytes
from compiler.targets.cmi5.reader import READER
from compiler.targets.cmi5.structure import build_course_structure, mastery_score, move_on

STATE_LIMIT = 64000
"""Characters of learner state per registration: the State API keeps whole JSON documents, so the
limit is ours, not the LRS's; we keep the SCORM 2004 figure so a course moves between targets as is."""


@dataclass(frozen=True)
class Cmi5Target(TargetBase):
    """cmi5 (AICC/ADL, Quartz): one AU launched by the LMS, reporting xAPI statements to its LRS."""

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """cmi5.xml and the official CourseStructure.xsd at the zip root (C5-P1)."""
        return {STRUCTURE_NAME: build_course_structure(course), SCHEMA_FILE_NAME: schema_bytes()}

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """The AU's moveOn and masteryScore, and the statements per situation."""
        score = mastery_score(course)
        mastery = None if score is None else f"{course.config.mastery_score}% = masteryScore {score} (score.scaled)"
        rows = xapi_rule_rows(course, RuleRow("moveOn (cmi5.xml)", move_on(course)), mastery)
        return (*rows, RuleRow("launchMode Browse or Review", "initialized and terminated only"))


TARGET = Cmi5Target(
    "cmi5", "cmi5 (xAPI)", ("formats", "xapi", "cmi5"), READER, StateLimit(STATE_LIMIT, "the cmi5 target keeps")
)
