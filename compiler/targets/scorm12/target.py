"""Course -> the SCORM 1.2 target: manifest and schemas, package checks, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic
from compiler.model.course import Course
from compiler.model.validate import ValidatedParts
from compiler.package.reader import PackageReader
from compiler.render.suspend_budget import WorstCase
from compiler.targets.base import RuleRow, check_state_budget, finished_condition
from compiler.targets.scorm12.checks import check_package
from compiler.targets.scorm12.manifest import MANIFEST_NAME, build_manifest, schema_files
from compiler.targets.scorm12.reader import READER

SUSPEND_DATA_LIMIT = 4096
"""SCORM 1.2 cmi.suspend_data is a CMIString4096 (RTE 3.4); Moodle's standard mode enforces it."""


@dataclass(frozen=True)
class Scorm12Target:
    """SCORM 1.2 (ADL, 2001): one SCO, imsmanifest.xml, the LMS's API object `API`."""

    name: str = "scorm12"
    title: str = "SCORM 1.2"
    tracker: str = "scorm12"
    tracker_scripts: tuple[str, ...] = ("trackers/scorm.js", "trackers/scorm12.js")
    reader: PackageReader = READER

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """Nothing: the tracker finds what it needs in the page's data and the LMS's launch."""
        return {}

    def state_limit(self, course: Course) -> int:
        """4,096 characters, or what course.yaml says the LMS stores (`suspend_data_limit`)."""
        return course.config.suspend_data_limit or SUSPEND_DATA_LIMIT

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case state exceeds the limit."""
        allowed = "'suspend_data_limit' allows" if course.config.suspend_data_limit else "SCORM 1.2 allows"
        return check_state_budget(course, parts, state, self.state_limit(course), allowed)

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """imsmanifest.xml listing every file, and the official XSDs at the zip root (S12-Z2)."""
        return {MANIFEST_NAME: build_manifest(course, paths), **schema_files()}

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """The SCORM 1.2 package checks `coursec inspect` also runs."""
        return check_package(files)

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


TARGET = Scorm12Target()
