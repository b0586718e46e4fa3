"""Course -> the xAPI TinCan target: tincan.xml, the TinCan launch, limits and the rule mapping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.model.course import Course
from compiler.targets.base import RuleRow, StateLimit, TargetBase, course_iri, xapi_rule_rows
from compiler.targets.tincan.checks import DESCRIPTION_NAME
from compiler.targets.tincan.reader import READER
from compiler.targets.tincan.structure import build_description

STATE_LIMIT = 64000
"""Characters of learner state per learner (and registration): the State API keeps whole JSON
documents, so the limit is ours; the SCORM 2004 figure, so a course moves between targets as is."""


@dataclass(frozen=True)
class TinCanTarget(TargetBase):
    """An xAPI "TinCan" package: tincan.xml, launched with endpoint, auth, actor and registration."""

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """The activity id of tincan.xml: the LMS's launch may leave it out (activity_id is optional)."""
        return {"activityId": course_iri(course), "name": course.config.title}

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """tincan.xml at the zip root."""
        return {DESCRIPTION_NAME: build_description(course)}

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """The statements per situation; the course's own pass mark decides (no LMS mastery score)."""
        own = f"{course.config.mastery_score}%, the course's own (TinCan has no LMS value)"
        first = RuleRow("activity id (tincan.xml)", course_iri(course))
        return tuple(xapi_rule_rows(course, first, own if course.has_graded_quiz else None))


TARGET = TinCanTarget(
    "tincan", "xAPI (TinCan)", ("formats", "xapi", "tincan"), READER, StateLimit(STATE_LIMIT, "the TinCan target keeps")
)
