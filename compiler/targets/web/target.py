"""Course -> the web target: no manifest, the standalone tracker, a check that the site is self-contained."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic
from compiler.model.course import Course
from compiler.model.validate import ValidatedParts
from compiler.package.reader import PackageReader
from compiler.render.suspend_budget import WorstCase
from compiler.targets.base import RuleRow, check_state_budget, finished_condition
from compiler.targets.web.reader import READER

STATE_LIMIT = 64000
"""Characters of state per course: localStorage holds about 5 MB per site, shared by every page on it,
so a course takes no more than an LMS would give it (SCORM 2004's 64,000)."""


@dataclass(frozen=True)
class WebTarget:
    """A static site: open index.html from a web server, an intranet page or the file system."""

    name: str = "web"
    title: str = "Web (no LMS)"
    tracker: str = "standalone"
    tracker_scripts: tuple[str, ...] = ("trackers/standalone.js",)
    reader: PackageReader = READER

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """Nothing: the tracker finds what it needs in the page's data and the LMS's launch."""
        return {}

    def state_limit(self, course: Course) -> int:
        """64,000 characters (see STATE_LIMIT)."""
        return STATE_LIMIT

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case state exceeds STATE_LIMIT."""
        return check_state_budget(course, parts, state, STATE_LIMIT, "the web target keeps")

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """Nothing: the rendered course is the whole site."""
        return {}

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """Nothing beyond the archive's own checks (no manifest; names were checked by build_archive)."""
        return []

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


TARGET = WebTarget()
