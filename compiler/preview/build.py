"""One preview build: compile_course for one target in memory (nothing written) -> files, diagnostics, launch."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compiler.api import compile_course
from compiler.diagnostics import Severity
from compiler.reports import diagnostics_text
from compiler.source.files import load_course_files
from compiler.source.yaml_positions import parse_yaml
from compiler.targets.base import DEFAULT_TARGET, PreviewEmulation, load_preview, target_names


class NoPreview(ValueError):
    """The chosen target is unknown, or its folder supplies no preview emulation (preview.py)."""


def previewable_targets() -> list[str]:
    """The targets whose folder has a preview emulation, sorted."""
    return [name for name in target_names() if load_preview(name) is not None]


def emulation(target: str) -> PreviewEmulation:
    """The preview emulation of a target; NoPreview when it is no target or has none."""
    try:
        found = load_preview(target)
    except KeyError:
        raise NoPreview(f"unknown target '{target}'; choose from {', '.join(previewable_targets())}") from None
    if found is None:
        raise NoPreview(f"the {target} target has no preview emulation; choose from {', '.join(previewable_targets())}")
    return found


def default_target(course_dir: Path) -> str:
    """The course's first target (course.yaml `targets:`), else the default; read leniently.

    A course.yaml that does not parse or names an unknown first target still previews: the build
    then reports the problem in the overlay, and the default target is played meanwhile.
    """
    files, _ = load_course_files(course_dir)
    source = files.texts.get("course.yaml")
    if source is None:
        return DEFAULT_TARGET
    data, _, _ = parse_yaml(source.text, "course.yaml")
    targets = data.get("targets") if isinstance(data, dict) else None
    first = targets[0] if isinstance(targets, list) and targets else None
    return first if isinstance(first, str) and first in target_names() else DEFAULT_TARGET


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
    """The diagnostics exactly as `coursec compile --target <target>` prints them (with the summary), or ""."""
    launch: Mapping[str, object] = field(default_factory=dict)
    """What the emulated LMS hands the course at launch, from the package (the target's `launch`)."""
    milliseconds: int = 0
    target: str = DEFAULT_TARGET

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
            "launch": dict(self.launch),
            "milliseconds": self.milliseconds,
            "target": self.target,
        }


def build_preview(
    course_dir: Path, theme_dirs: Sequence[Path], version: int, target: str = DEFAULT_TARGET
) -> PreviewBuild:
    """Compile the course for one target in memory; never raises for bad input (a bug becomes an error build)."""
    started = time.perf_counter()
    try:
        played = emulation(target)
        # Nothing is written but compiled templates, to the user cache folder as `compile` does: the
        # next rebuild reads them instead of compiling the theme again (about 60 ms of ~100).
        result = compile_course(course_dir, None, targets=[target], theme_dirs=theme_dirs, cache_templates=True)
        errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
        text = diagnostics_text(result, course_dir)
        ok = result.ok and bool(result.files)
        files = dict(result.files) if ok else {}
        launch = played.launch(files) if ok else {}
    except Exception as exc:  # a compiler bug must not stop the server: show it like a diagnostic
        text = f"coursec: internal error, please report: {type(exc).__name__}: {exc}\n1 error, 0 warnings"
        return PreviewBuild(version, False, errors=1, text=text, target=target)
    return PreviewBuild(
        version,
        ok,
        files,
        result.course.config.title if result.course is not None else course_dir.name,
        errors,
        len(result.diagnostics) - errors,
        text,
        launch,
        round((time.perf_counter() - started) * 1000),
        target,
    )
