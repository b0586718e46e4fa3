"""One preview build: compile_course in memory (nothing written) -> package files, diagnostics text, launch data."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compiler.api import compile_course
from compiler.diagnostics import Severity
from compiler.package.untrusted_xml import parse_untrusted
from compiler.reports import diagnostics_text
from compiler.targets.base import load_target


@dataclass(frozen=True)
class LaunchData:
    """What the LMS takes from the manifest and hands to the SCO at launch."""

    mastery_score: str = ""
    """adlcp:masteryscore -> cmi.student_data.mastery_score."""
    data_from_lms: str = ""
    """adlcp:datafromlms -> cmi.launch_data."""


@dataclass(frozen=True)
class PreviewBuild:
    """The result of one rebuild, as the server and the page need it."""

    version: int
    ok: bool
    files: Mapping[str, bytes] = field(default_factory=dict)
    """The package contents by archive path (empty when the course has errors)."""
    title: str = ""
    errors: int = 0
    warnings: int = 0
    text: str = ""
    """The diagnostics exactly as `coursec compile` prints them (with the summary), or ""."""
    launch: LaunchData = LaunchData()
    milliseconds: int = 0

    @property
    def summary(self) -> str:
        """'2 errors, 1 warning', or '' without diagnostics."""
        if not self.errors and not self.warnings:
            return ""
        return self.text.rsplit("\n", 1)[-1]

    def to_json(self) -> dict[str, object]:
        """What the page receives about this build."""
        return {
            "version": self.version,
            "ok": self.ok,
            "title": self.title,
            "errors": self.errors,
            "warnings": self.warnings,
            "summary": self.summary,
            "text": self.text,
            "launch": {"masteryScore": self.launch.mastery_score, "dataFromLms": self.launch.data_from_lms},
            "milliseconds": self.milliseconds,
        }


def launch_data(files: Mapping[str, bytes]) -> LaunchData:
    """What the emulated LMS hands the course at launch, as the preview target's reader reads its package."""
    reader = load_target(PREVIEW_TARGET).reader
    description = files.get(reader.description) if reader.description is not None else None
    root = parse_untrusted(description, reader.description or "", "E504").root if description else None
    facts = reader.facts(root, list(files))
    return LaunchData(facts.mastery_score or "", facts.launch_data or "")


PREVIEW_TARGET = "scorm12"
"""The target preview builds: the one its emulated LMS speaks (assets/scorm12-api.js)."""


def build_preview(course_dir: Path, theme_dirs: Sequence[Path], version: int) -> PreviewBuild:
    """Compile the course in memory; never raises for bad input (a bug becomes an error build)."""
    started = time.perf_counter()
    try:
        # Nothing is written but compiled templates, to the user cache folder as `compile` does: the
        # next rebuild reads them instead of compiling the theme again (about 60 ms of ~100).
        # The preview page is a SCORM 1.2 LMS, whatever targets course.yaml names for `compile`.
        result = compile_course(course_dir, None, targets=[PREVIEW_TARGET], theme_dirs=theme_dirs, cache_templates=True)
    except Exception as exc:  # a compiler bug must not stop the server: show it like a diagnostic
        text = f"coursec: internal error, please report: {type(exc).__name__}: {exc}\n1 error, 0 warnings"
        return PreviewBuild(version, False, errors=1, text=text)
    errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    text = diagnostics_text(result, course_dir)
    ok = result.ok and bool(result.files)
    files = dict(result.files) if ok else {}
    return PreviewBuild(
        version,
        ok,
        files,
        result.course.config.title if result.course is not None else course_dir.name,
        errors,
        len(result.diagnostics) - errors,
        text,
        launch_data(files) if ok else LaunchData(),
        round((time.perf_counter() - started) * 1000),
    )
