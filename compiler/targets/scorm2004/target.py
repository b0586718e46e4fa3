"""Course -> the SCORM 2004 4th Edition target: manifest and schemas, checks, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.model.course import Course
from compiler.targets.base import RuleRow, StateLimit, TargetBase, finished_condition
from compiler.targets.scorm2004.checks import MANIFEST_NAME, schema_files
from compiler.targets.scorm2004.manifest import build_manifest, scaled_passing_score
from compiler.targets.scorm2004.reader import READER

SUSPEND_DATA_LIMIT = 64000
"""SCORM 2004 cmi.suspend_data: the LMS must store at least 64,000 characters (RTE 4.2, S04-D3)."""


@dataclass(frozen=True)
class Scorm2004Target(TargetBase):
    """SCORM 2004 4th Edition (ADL, 2009): one SCO with sequencing, the LMS's API object `API_1484_11`."""

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """imsmanifest.xml listing every file, and the official XSDs at the zip root (S04-P1)."""
        return {MANIFEST_NAME: build_manifest(course, paths), **schema_files()}

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """cmi.completion_status, cmi.success_status, score and exit per situation."""
        done = finished_condition(course)
        passing = scaled_passing_score(course)
        if passing is not None:
            return (
                RuleRow(
                    "status values used",
                    "completion_status: incomplete, completed; success_status: unknown, passed, failed",
                ),
                RuleRow(
                    "mastery score",
                    f"{course.config.mastery_score}% = scaled passing score {passing.normalize():f} "
                    "(primary objective, satisfiedByMeasure; cmi.score.scaled is 0-1)",
                ),
                RuleRow(done, "completed + passed; score.scaled = score / 100 (raw 0-100); exit 'normal'"),
                RuleRow(
                    "quiz failed with no attempts left", "completed + failed; score.scaled = last score; exit 'normal'"
                ),
                RuleRow("closed midway", "incomplete + unknown; progress_measure; exit 'suspend' (resumes)"),
            )
        return (
            RuleRow("status values used", "completion_status: incomplete, completed; success_status: unknown"),
            RuleRow("mastery score", "none (no primary objective measure, no score reported)"),
            RuleRow(done, "completed + unknown; exit 'normal'"),
            RuleRow("closed midway", "incomplete + unknown; progress_measure; exit 'suspend' (resumes)"),
        )


TARGET = Scorm2004Target(
    "scorm2004",
    "SCORM 2004 4th Edition",
    ("scorm", "formats", "scorm2004"),
    READER,
    StateLimit(SUSPEND_DATA_LIMIT, "SCORM 2004 allows"),
)
