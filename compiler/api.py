"""Orchestrate source -> model -> render -> package; the one entry point for the CLI, tests and benchmarks."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from compiler.diagnostics import Diagnostic, SourceSpan, error, has_errors, sort_unique
from compiler.model.checks import assemble_course, check_course, check_media_content
from compiler.model.course import AssignmentBlock, Course
from compiler.model.validate import ValidatedParts, validate_sources
from compiler.package.archive import FIXED_EPOCH, ArchiveError, build_archive
from compiler.package.checks import check_package
from compiler.package.scorm12 import build_manifest, schema_files
from compiler.package.writer import write_error, write_package
from compiler.render.overrides import check_overrides
from compiler.render.pages import render_course
from compiler.render.runtime_files import build_runtime
from compiler.render.suspend_budget import WorstCase, worst_case
from compiler.render.template_cache import template_cache
from compiler.render.theme import build_theme
from compiler.source.files import CourseFiles, is_lesson_path, load_course_files, read_files
from compiler.source.markdown_blocks import LessonSource, parse_lesson
from compiler.source.themes import read_theme
from compiler.source.yaml_positions import PositionMap, parse_yaml

SUSPEND_DATA_LIMIT = 4096
"""SCORM 1.2 cmi.suspend_data is a CMIString4096 (RTE 3.4); Moodle's standard mode enforces it."""
SCORM12_TRACKER_SCRIPTS = ("trackers/scorm.js", "trackers/scorm12.js")
PROGRESS_MIN_LESSONS = 100
"""Courses with at least this many lesson files report progress (smaller ones compile in a blink)."""
DEFAULT_THEME_DIRS: tuple[Path, ...] = ()
"""Extra theme folders searched before the themes bundled with coursec (none by default)."""


@dataclass(frozen=True)
class CompileResult:
    """What a compile produced: diagnostics (sorted), and the package when there were no errors."""

    diagnostics: list[Diagnostic]
    sources: dict[str, str] = field(default_factory=dict)
    """Text files by diagnostic path (course files course-relative, theme files by label), to quote lines."""
    course_paths: frozenset[str] = frozenset()
    """Every course-relative path a diagnostic may name (to tell them from theme paths)."""
    course: Course | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    """The package contents by archive path (also filled by validate, which writes nothing)."""
    package_path: Path | None = None
    suspend_data_worst_case: int | None = None
    """Length of the worst-case learner's encoded suspend_data."""

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def package_name(course: Course) -> str:
    """The zip's file name: <course-id>-<version>-scorm12.zip."""
    return f"{course.id}-{course.version}-scorm12.zip"


def source_date_epoch() -> int:
    """The reproducible-builds timestamp: SOURCE_DATE_EPOCH when set and valid, else a fixed epoch."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else FIXED_EPOCH


def _read_sources(files: CourseFiles) -> tuple[ValidatedParts, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    documents: dict[str, tuple[object, PositionMap] | None] = {"course.yaml": None, "quiz.yaml": None}
    for name in documents:
        source = files.texts.get(name)
        if source is None:
            continue
        data, positions, yaml_errors = parse_yaml(source.text, name)
        diagnostics.extend(yaml_errors)
        if not has_errors(yaml_errors):  # warnings (W101) leave the data usable
            documents[name] = (data, positions)
    if "course.yaml" not in files.inventory and "course.yml" not in files.inventory:
        diagnostics.append(
            error(
                "E104",
                "the course folder has no course.yaml",
                SourceSpan("course.yaml", 0, 0),
                "create course.yaml with id, title, language, version, description and lessons",
            )
        )
    lessons: list[LessonSource] = []
    unreadable = any(is_lesson_path(p) and p not in files.texts for p in files.inventory | files.unreadable)
    for path in files.lesson_paths():
        lesson, lesson_errors = parse_lesson(files.texts[path])
        diagnostics.extend(lesson_errors)
        if lesson is not None:
            lessons.append(lesson)
        else:
            unreadable = True
    if not any(is_lesson_path(p) for p in files.inventory):
        diagnostics.append(
            error(
                "E105",
                "the course has no lessons",
                SourceSpan("lessons", 0, 0),
                "add Markdown files under lessons/, e.g. lessons/01-introduction.md",
            )
        )
    quiz_source = files.texts.get("quiz.yaml")
    parts, validation_errors = validate_sources(documents["course.yaml"], documents["quiz.yaml"], lessons)
    parts.unreadable_lessons = unreadable
    if (quiz_source is not None and documents["quiz.yaml"] is None) or "quiz.yml" in files.inventory:
        parts.quiz_present = True  # broken or misnamed, the author still wants a quiz (already reported)
    if diagnostics:
        parts.incomplete = True
    diagnostics.extend(validation_errors)
    return parts, diagnostics


def _over_budget(course: Course, parts: ValidatedParts, state: WorstCase, limit: int) -> Diagnostic:
    """E308, pointing at the largest assignment when assignments cost most, with the cost of each part."""
    sizes = {
        "assignments": len(state.assignments),
        "knowledge checks": len(state.checks),
        "quiz": len(state.quiz),
        "lessons": len(state.lessons),
    }
    breakdown = ", ".join(f"{name} {size:,}" for name, size in sorted(sizes.items(), key=lambda item: -item[1]))
    span = SourceSpan("course.yaml", 0, 0)
    assignments = [
        (block.assignment.max_length, lesson, block)
        for lesson in course.lessons
        for block in lesson.blocks
        if isinstance(block, AssignmentBlock)
    ]
    if assignments and max(sizes, key=lambda name: sizes[name]) == "assignments":
        _, lesson, block = max(assignments, key=lambda item: item[0])
        positions = parts.index.blocks.get((lesson.source_path, block.line))
        if positions is not None:
            span = positions.span(("max_length",))
    allowed = "SCORM 1.2 allows" if limit == SUSPEND_DATA_LIMIT else "'suspend_data_limit' allows"
    return error(
        "E308",
        f"the worst-case learner state needs {len(state.encoded):,} characters of suspend_data ({breakdown}); "
        f"{allowed} {limit:,}",
        span,
        "typed text can take up to 2.5 characters per letter (accents, emoji): lower assignment or fill-in "
        "'max_length' values, fewer quiz attempts, or split the course",
    )


def compile_course(
    course_dir: Path,
    output_dir: Path | None = Path("build"),
    *,
    theme_dirs: Sequence[Path] = DEFAULT_THEME_DIRS,
    epoch: int | None = None,
    cache_templates: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> CompileResult:
    """Compile a course folder into a SCORM 1.2 zip; with output_dir=None, check everything but write nothing.

    theme_dirs are searched before the themes bundled with coursec. Compiled templates are cached in
    the user cache folder; cache_templates=False switches that off, True reads and writes
    it, None (default) reads it and writes it only when output_dir is given. For a course of
    PROGRESS_MIN_LESSONS lessons or more, `progress` receives one line per finished stage.
    """
    files, diagnostics = load_course_files(course_dir)
    lesson_count = len(files.lesson_paths())

    def report(step: int, text: str) -> None:
        if progress is not None and lesson_count >= PROGRESS_MIN_LESSONS:
            progress(f"[{step}/4] {text}")

    sources = {**files.undecodable, **{path: source.text for path, source in files.texts.items()}}
    course_paths = files.inventory | files.unreadable | {"course.yaml", "lessons"}

    def result(**kwargs: object) -> CompileResult:
        return CompileResult(sort_unique(diagnostics), sources, course_paths, **kwargs)  # type: ignore[arg-type]

    parts, read_errors = _read_sources(files)
    if diagnostics:  # an unreadable file: its references are unknown
        parts.incomplete = True
    diagnostics += read_errors
    needed, check_errors = check_course(parts, files.inventory, files.escaping_links)
    diagnostics += check_errors
    contents, media_errors = read_files(course_dir, needed)
    diagnostics += media_errors + check_media_content(parts, contents)
    report(1, f"read and checked {lesson_count:,} lessons")
    theme_source, theme_errors = read_theme(parts.theme, theme_dirs, course_dir)
    sources.update(theme_source.texts)  # theme files, already read: quoted under their errors
    # validate (no output folder) writes nothing, not even compiled templates.
    cache = None
    if cache_templates is not False:
        cache = template_cache(write=output_dir is not None if cache_templates is None else True)
    theme, build_errors = build_theme(theme_source, cache)
    theme_errors += build_errors
    if theme is not None:
        diagnostics += check_overrides(theme)
    # The theme loader knows nothing of course.yaml positions: point 'theme not found' at the 'theme:' line.
    course_positions = parts.index.documents.get("course.yaml")
    theme_span = course_positions.values.get(("theme",)) if course_positions else None
    diagnostics += [
        replace(d, span=theme_span)
        if d.code == "E401" and theme_span and d.span and d.span.path == "course.yaml"
        else d
        for d in theme_errors
    ]
    if has_errors(diagnostics) or theme is None:
        return result()
    report(2, f"loaded theme '{theme.name}'")

    course = assemble_course(parts)
    state = worst_case(course)
    worst = len(state.encoded)
    limit = course.config.suspend_data_limit
    if worst > limit:
        diagnostics.append(_over_budget(course, parts, state, limit))
        return result(course=course, suspend_data_worst_case=worst)

    pages, render_errors = render_course(course, theme, build_runtime("scorm12", SCORM12_TRACKER_SCRIPTS), contents)
    diagnostics += render_errors
    if has_errors(diagnostics):
        return result(course=course, suspend_data_worst_case=worst)
    report(3, f"rendered {len(course.lessons):,} lessons")
    package: dict[str, bytes] = {**pages, **contents}
    package["imsmanifest.xml"] = build_manifest(course, sorted(package))
    package.update(schema_files())
    diagnostics += check_package(package)
    if has_errors(diagnostics):
        return result(course=course, files=package, suspend_data_worst_case=worst)
    try:
        archive = build_archive(package, source_date_epoch() if epoch is None else epoch)
    except ArchiveError as exc:
        diagnostics.append(error("E502", str(exc), SourceSpan("course.yaml", 0, 0)))
        return result(course=course, files=package, suspend_data_worst_case=worst)
    report(4, f"built and checked the package ({len(package):,} files)")
    target = None
    if output_dir is not None:
        target = output_dir / package_name(course)
        try:
            write_package(archive, target)
        except OSError as exc:  # the environment's fault (unwritable folder, full disk): a diagnostic
            diagnostics.append(write_error(exc, target))
            return result(course=course, files=package, suspend_data_worst_case=worst)
    return result(course=course, files=package, package_path=target, suspend_data_worst_case=worst)
