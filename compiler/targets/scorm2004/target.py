"""Course -> the SCORM 2004 4th Edition target: manifest and schemas, checks, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic
from compiler.model.course import Course
from compiler.model.validate import ValidatedParts
from compiler.package.reader import PackageReader
from compiler.render.suspend_budget import WorstCase
from compiler.targets.base import RuleRow, check_state_budget, finished_condition
from compiler.targets.scorm2004.checks import MANIFEST_NAME, check_package, schema_files
from compiler.targets.scorm2004.manifest import build_manifest, scaled_passing_score
from compiler.targets.scorm2004.reader import READER

SUSPEND_DATA_LIMIT = 64000
"""SCORM 2004 cmi.suspend_data: the LMS must store at least 64,000 characters (RTE 4.2, S04-D3)."""


@dataclass(frozen=True)
class Scorm2004Target:
    """SCORM 2004 4th Edition (ADL, 2009): one SCO with sequencing, the LMS's API object `API_1484_11`."""

    name: str = "scorm2004"
    title: str = "SCORM 2004 4th Edition"
    tracker: str = "scorm2004"
    tracker_scripts: tuple[str, ...] = ("trackers/scorm.js", "trackers/formats.js", "trackers/scorm2004.js")
    reader: PackageReader = READER

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """Nothing: the tracker finds what it needs in the page's data and the LMS's launch."""
        return {}

    def state_limit(self, course: Course) -> int:
        """64,000 characters, or what course.yaml says the LMS stores (`suspend_data_limit`)."""
        return course.config.suspend_data_limit or SUSPEND_DATA_LIMIT

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case state exceeds the limit."""
        allowed = "'suspend_data_limit' allows" if course.config.suspend_data_limit else "SCORM 2004 allows"
        return check_state_budget(course, parts, state, self.state_limit(course), allowed)

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """imsmanifest.xml listing every file, and the official XSDs at the zip root (S04-P1)."""
        return {MANIFEST_NAME: build_manifest(course, paths), **schema_files()}

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """The SCORM 2004 package checks `coursec inspect` also runs."""
        return check_package(files)

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


TARGET = Scorm2004Target()
