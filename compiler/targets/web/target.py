"""Course -> the web target: no manifest, the standalone tracker, a check that the site is self-contained."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.model.course import Course
from compiler.targets.base import RuleRow, StateLimit, TargetBase, finished_condition
from compiler.targets.web.reader import READER

STATE_LIMIT = 64000
"""Characters of state per course: localStorage holds about 5 MB per site, shared by every page on it,
so a course takes no more than an LMS would give it (SCORM 2004's 64,000)."""


@dataclass(frozen=True)
class WebTarget(TargetBase):
    """A static site: open index.html from a web server, an intranet page or the file system."""

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """Nothing: the rendered course is the whole site."""
        return {}

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """Nothing reaches an LMS; the learner's own browser keeps the state."""
        return (
            RuleRow("status values used", "none: the course reports to no LMS (the learner is told so)"),
            RuleRow(
                "mastery score",
                f"{course.config.mastery_score}% shown to the learner" if course.has_graded_quiz else "none",
            ),
            RuleRow(finished_condition(course), "shown as finished on the end page; kept in this browser only"),
            RuleRow("closed midway", "position and answers kept in this browser's localStorage; resumes there"),
        )


TARGET = WebTarget(
    "web", "Web (no LMS)", ("standalone",), READER, StateLimit(STATE_LIMIT, "the web target keeps", raisable=False)
)
