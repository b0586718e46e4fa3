"""Course -> the SCORM 1.2 target: manifest and schemas, package checks, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.model.course import Course
from compiler.targets.base import RuleRow, StateLimit, TargetBase, finished_condition
from compiler.targets.scorm12.manifest import MANIFEST_NAME, build_manifest, schema_files
from compiler.targets.scorm12.reader import READER

SUSPEND_DATA_LIMIT = 4096
"""SCORM 1.2 cmi.suspend_data is a CMIString4096 (RTE 3.4); Moodle's standard mode enforces it."""


@dataclass(frozen=True)
class Scorm12Target(TargetBase):
    """SCORM 1.2 (ADL, 2001): one SCO, imsmanifest.xml, the LMS's API object `API`."""

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """imsmanifest.xml listing every file, and the official XSDs at the zip root (S12-Z2)."""
        return {MANIFEST_NAME: build_manifest(course, paths), **schema_files()}

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """cmi.core.lesson_status, score and exit per situation."""
        done = finished_condition(course)
        if course.has_graded_quiz:
            mastery = course.config.mastery_score
            return (
                RuleRow("status values used", "incomplete, passed, failed (cmi.core.lesson_status)"),
                RuleRow("mastery score", f"{mastery} (adlcp:masteryscore; cmi.core.score.raw is 0-100)"),
                RuleRow(done, "passed; score.raw = the quiz score; exit ''"),
                RuleRow("quiz failed with no attempts left", "failed; score.raw = the last score; exit ''"),
                RuleRow("closed midway", "incomplete; no score yet; exit 'suspend' (resumes where the learner was)"),
            )
        return (
            RuleRow("status values used", "incomplete, completed (cmi.core.lesson_status)"),
            RuleRow("mastery score", "none (no adlcp:masteryscore, no score reported)"),
            RuleRow(done, "completed; exit ''"),
            RuleRow("closed midway", "incomplete; exit 'suspend' (resumes where the learner was)"),
        )


TARGET = Scorm12Target(
    "scorm12", "SCORM 1.2", ("scorm", "scorm12"), READER, StateLimit(SUSPEND_DATA_LIMIT, "SCORM 1.2 allows")
)
