"""Course -> the xAPI TinCan target: tincan.xml, the TinCan launch, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic
from compiler.model.course import Course
from compiler.model.validate import ValidatedParts
from compiler.package.reader import PackageReader
from compiler.render.suspend_budget import WorstCase
from compiler.targets.base import RuleRow, check_state_budget, course_iri, finished_condition
from compiler.targets.tincan.checks import DESCRIPTION_NAME, check_package
from compiler.targets.tincan.reader import READER
from compiler.targets.tincan.structure import build_description

STATE_LIMIT = 64000
"""Characters of learner state per learner (and registration): the State API keeps whole JSON
documents, so the limit is ours; the SCORM 2004 figure, so a course moves between targets as is."""


@dataclass(frozen=True)
class TinCanTarget:
    """An xAPI "TinCan" package: tincan.xml, launched with endpoint, auth, actor and registration."""

    name: str = "tincan"
    title: str = "xAPI (TinCan)"
    tracker: str = "tincan"
    tracker_scripts: tuple[str, ...] = ("trackers/formats.js", "trackers/xapi.js", "trackers/tincan.js")
    reader: PackageReader = READER

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """The activity id of tincan.xml: the LMS's launch may leave it out (activity_id is optional)."""
        return {"activityId": course_iri(course), "name": course.config.title}

    def state_limit(self, course: Course) -> int:
        """64,000 characters, or what course.yaml says (`suspend_data_limit`)."""
        return course.config.suspend_data_limit or STATE_LIMIT

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case state exceeds the limit."""
        allowed = "'suspend_data_limit' allows" if course.config.suspend_data_limit else "the TinCan target keeps"
        return check_state_budget(course, parts, state, self.state_limit(course), allowed)

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """tincan.xml at the zip root."""
        return {DESCRIPTION_NAME: build_description(course)}

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """The tincan.xml checks `coursec inspect` also runs."""
        return check_package(files)

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """The statements per situation; the course's own pass mark decides (no LMS mastery score)."""
        done = finished_condition(course)
        rows = [RuleRow("activity id (tincan.xml)", course_iri(course))]
        if course.has_graded_quiz:
            rows += [
                RuleRow("mastery score", f"{course.config.mastery_score}%, the course's own (TinCan has no LMS value)"),
                RuleRow(done, "completed (when lessons count), then passed with result.score.scaled = score / 100"),
                RuleRow("quiz failed with no attempts left", "failed with result.score.scaled = last score"),
            ]
        else:
            rows += [RuleRow("mastery score", "none (no score reported)"), RuleRow(done, "completed")]
        rows += [
            RuleRow("each graded quiz answer", "answered, with the question as an xAPI interaction activity"),
            RuleRow("closed midway", "terminated; bookmark and answers kept in the State API (resumes)"),
        ]
        return tuple(rows)


TARGET = TinCanTarget()
