"""Orchestrate source -> model -> render (once) -> package (per target); the one entry point for CLI, tests, bench.

Each stage returns its result whole and frozen; nothing here changes a stage's result afterwards.
The course is rendered once per compile: every target's package holds the same index.html and
assets, plus its tracker part (`runtime/target.js`) and its description (manifest, structure).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error, has_errors, sort_unique
from compiler.model.checks import assemble_course, check_course, check_media_content
from compiler.model.course import Course
from compiler.model.translation import translate_course
from compiler.model.validate import ValidatedParts, validate_sources
from compiler.package.archive import FIXED_EPOCH, ArchiveError, build_archive
from compiler.package.writer import write_error, write_package
from compiler.render.font_cache import font_cache
from compiler.render.messages import FALLBACK_LANGUAGE
from compiler.render.overrides import check_overrides
from compiler.render.pages import render_course
from compiler.render.runtime_files import build_runtime, build_tracker_part, with_course_script
from compiler.render.suspend_budget import worst_case
from compiler.render.template_cache import template_cache
from compiler.render.theme import Theme, build_theme
from compiler.source.files import (
    TRANSLATIONS_FOLDER,
    CourseFiles,
    bank_name,
    is_bank_path,
    is_lesson_path,
    load_course_files,
    localized_media,
    read_files,
    translation_path,
)
from compiler.source.markdown_blocks import LessonSource, parse_lesson
from compiler.source.themes import read_theme
from compiler.source.xliff import parse_xliff
from compiler.source.yaml_positions import PositionMap, parse_yaml, yaml_unreadable
from compiler.targets.base import DEFAULT_TARGET, RuleRow, Target, load_target, package_name, target_names

PROGRESS_MIN_LESSONS = 100
"""Courses with at least this many lesson files report progress (smaller ones compile in a blink)."""
DEFAULT_THEME_DIRS: tuple[Path, ...] = ()
"""Extra theme folders searched before the themes bundled with coursec (none by default)."""


@dataclass(frozen=True)
class TargetOutput:
    """One target's package: its files, and where the zip went (None when nothing was written)."""

    target: str
    title: str
    files: dict[str, bytes]
    package_path: Path | None
    state_limit: int
    """Characters of suspend_data the target's LMS keeps for this course."""


@dataclass(frozen=True)
class CompileResult:
    """What a compile produced: diagnostics (sorted), and the packages when there were no errors."""

    diagnostics: list[Diagnostic]
    sources: dict[str, str] = field(default_factory=dict)
    """Text files by diagnostic path (course files course-relative, theme files by label), to quote lines."""
    course_paths: frozenset[str] = frozenset()
    """Every course-relative path a diagnostic may name (to tell them from theme paths)."""
    course: Course | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    """The first target's package contents by archive path (also filled by validate, which writes nothing)."""
    package_path: Path | None = None
    """The first target's zip."""
    suspend_data_worst_case: int | None = None
    """Length of the worst-case learner's encoded suspend_data (the same for every target)."""
    outputs: tuple[TargetOutput, ...] = ()
    """Every chosen target's package, in the order chosen."""

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def source_date_epoch() -> int:
    """The reproducible-builds timestamp: SOURCE_DATE_EPOCH when set and valid, else a fixed epoch."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else FIXED_EPOCH


def read_sources(files: CourseFiles, *, reported: bool = False) -> tuple[ValidatedParts, list[Diagnostic]]:
    """Parse and validate the course's YAML and lessons; `reported`: the files had errors already."""
    diagnostics: list[Diagnostic] = []
    documents: dict[str, tuple[object, PositionMap] | None] = {"course.yaml": None, "quiz.yaml": None}
    for name in documents:
        source = files.texts.get(name)
        if source is None:
            continue
        data, positions, yaml_errors = parse_yaml(source.text, name)
        diagnostics.extend(yaml_errors)
        if not yaml_unreadable(yaml_errors):  # warnings (W101) and E118 leave the data usable
            documents[name] = (data, positions)
    if "course.yaml" not in files.inventory and "course.yaml" not in files.misnamed:
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
    banks: dict[str, tuple[object, PositionMap]] = {}
    for path in files.bank_paths():
        data, positions, yaml_errors = parse_yaml(files.texts[path].text, path)
        diagnostics.extend(yaml_errors)
        if not yaml_unreadable(yaml_errors):
            banks[path] = (data, positions)
    quiz_source = files.texts.get("quiz.yaml")
    parts, validation_errors = validate_sources(
        documents["course.yaml"],
        documents["quiz.yaml"],
        lessons,
        banks=banks,
        # a bank file that exists but did not parse: draws from it are not 'unknown' (already reported)
        banks_broken=frozenset(
            bank_name(path) for path in files.inventory | files.unreadable if is_bank_path(path) and path not in banks
        ),
        # broken or misnamed, the author still wants a quiz (already reported)
        quiz_wanted=(quiz_source is not None and documents["quiz.yaml"] is None) or "quiz.yaml" in files.misnamed,
        unreadable_lessons=unreadable,
        reported=reported or has_errors(diagnostics),  # warnings (W101, W104, W107) leave every file read
    )
    diagnostics.extend(validation_errors)
    return parts, diagnostics


def _choose_targets(
    requested: Sequence[str] | None, course: Course, parts: ValidatedParts
) -> tuple[list[Target], list[Diagnostic]]:
    """The targets to build: the command line's, else course.yaml's `targets:`, else the default."""
    known = target_names()  # names only: a compile imports just the targets it builds
    if requested:
        names = list(known) if "all" in requested else list(dict.fromkeys(requested))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"unknown target(s): {', '.join(unknown)}; known: {', '.join(known)}")
        return [load_target(name) for name in names], []
    chosen = course.config.targets or [DEFAULT_TARGET]
    diagnostics = []
    positions = parts.index.documents.get("course.yaml")
    for index, name in enumerate(chosen):
        if name not in known:
            span = positions.span(("targets", index)) if positions else SourceSpan("course.yaml", 0, 0)
            diagnostics.append(error("E311", f"unknown target '{name}'", span, did_you_mean(name, known)))
    return [load_target(name) for name in dict.fromkeys(chosen) if name in known], diagnostics


def translation_languages(course_dir: Path) -> list[str]:
    """The languages a course has translation files for (translations/<language>.xlf), sorted."""
    folder = course_dir / TRANSLATIONS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.iterdir() if path.suffix == ".xlf" and path.is_file())


def _language_span(parts: ValidatedParts) -> SourceSpan:
    positions = parts.index.documents.get("course.yaml")
    return positions.span(("language",)) if positions else SourceSpan("course.yaml", 0, 0)


def _translated(
    course: Course, parts: ValidatedParts, files: CourseFiles, language: str
) -> tuple[Course, list[Diagnostic]]:
    """The course in another language, from translations/<language>.xlf."""
    path = translation_path(language)
    source = files.texts.get(path)
    if source is None:
        return course, [
            error(
                "E706",
                f"there is no translation into '{language}': {path} does not exist",
                _language_span(parts),
                f"run 'coursec translate extract COURSE --to {language}', translate the file, then compile again",
            )
        ]
    document, diagnostics = parse_xliff(source.text, path)
    if document is None or has_errors(diagnostics):
        return course, diagnostics
    texts = {name: text.text for name, text in files.texts.items()}
    translated, more = translate_course(course, parts.index, texts, document, language)
    return translated, diagnostics + more


def _edition_media(
    course_dir: Path, files: CourseFiles, parts: ValidatedParts, contents: dict[str, bytes], language: str
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The files the edition packages: media/<language>/<path>, where the author gives one, replaces media/<path>.

    The replacement keeps the name of the file it stands in for, so every reference stays as written; it is
    checked as that file is (its kind, script in an SVG), and a finding names the replacement.
    """
    chosen = {
        item.counterpart: item.path
        for item in localized_media(files.inventory)
        if item.language.lower() == language.lower() and item.counterpart in contents
    }
    replacements, diagnostics = read_files(course_dir, chosen.values())
    edition = dict(contents)
    for counterpart, path in sorted(chosen.items()):
        if path not in replacements:
            continue
        edition[counterpart] = replacements[path]
        diagnostics += [
            replace(finding, message=f"{finding.message} (in '{path}', the '{language}' edition's file)")
            for finding in check_media_content(parts, {counterpart: replacements[path]})
        ]
    return edition, diagnostics


def _check_catalogue(theme: Theme, course: Course, parts: ValidatedParts, edition: str | None) -> list[Diagnostic]:
    """E705 when no catalogue gives the screen texts in the course's language, or one lacks keys English has."""
    language = course.config.language
    chosen = theme.select_language(language)
    wanted = sorted(theme.messages.get(FALLBACK_LANGUAGE, {}))
    where = _language_span(parts)
    if edition is not None:
        where = SourceSpan(translation_path(edition), 0, 0)
    if chosen is None:
        return [
            error(
                "E705",
                f"theme '{theme.name}' has no screen texts in '{language}' ({len(wanted)} keys)",
                where,
                f"add messages/{language}/*.yaml to the course (or the theme) with these keys: " + ", ".join(wanted),
            )
        ]
    missing = [key for key in wanted if key not in theme.messages[chosen]]
    if not missing:
        return []
    return [
        error(
            "E705",
            f"the screen texts in '{chosen}' lack {len(missing)} of the {len(wanted)} keys",
            where,
            f"add to messages/{chosen}/*.yaml: " + ", ".join(missing),
        )
    ]


def compile_course(
    course_dir: Path,
    output_dir: Path | None,
    *,
    targets: Sequence[str] | None = None,
    theme_dirs: Sequence[Path] = DEFAULT_THEME_DIRS,
    epoch: int | None = None,
    cache_templates: bool | None = None,
    progress: Callable[[str], None] | None = None,
    language: str | None = None,
) -> CompileResult:
    """Compile a course folder into one zip per target; with output_dir=None, check everything, write nothing.

    `coursec compile` passes course_dir / OUTPUT_FOLDER (compiler/source/files.py) unless -o names a folder.

    targets: target names or ['all']; None means course.yaml's `targets:`, else the default target.
    language: build the edition in this language from translations/<language>.xlf (None or the
    course's own language: the course as written); its zips are named <id>-<version>-<language>-<target>.zip.
    Nothing is written unless every target's package is free of errors.

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

    # An unreadable file (already reported; warnings leave every file read): its references are unknown.
    parts, read_errors = read_sources(files, reported=has_errors(diagnostics))
    diagnostics += read_errors
    needed, check_errors = check_course(parts, files.inventory, files.escaping_links)
    diagnostics += check_errors
    contents, media_errors = read_files(course_dir, needed)
    diagnostics += media_errors + check_media_content(parts, contents)
    report(1, f"read and checked {lesson_count:,} lessons")
    # 'theme not found' points at the 'theme:' line of course.yaml when there is one.
    course_positions = parts.index.documents.get("course.yaml")
    theme_span = course_positions.values.get(("theme",)) if course_positions else None
    theme_source, theme_errors = read_theme(parts.theme, theme_dirs, course_dir, asked_by=theme_span)
    sources.update(theme_source.texts)  # theme files, already read: quoted under their errors
    # validate (no output folder) writes nothing, not even compiled templates.
    cache = None
    if cache_templates is not False:
        cache = template_cache(write=output_dir is not None if cache_templates is None else True)
    theme, build_errors = build_theme(theme_source, cache)
    theme_errors += build_errors
    if theme is not None:
        diagnostics += check_overrides(theme)
    diagnostics += theme_errors
    if has_errors(diagnostics) or theme is None:
        return result()
    report(2, f"loaded theme '{theme.name}'")

    course = assemble_course(parts)
    edition: str | None = None
    if language is not None and language.lower() != course.config.language.lower():
        course, translation_errors = _translated(course, parts, files, language)
        diagnostics += translation_errors
        edition = language
        contents, edition_media_errors = _edition_media(course_dir, files, parts, contents, language)
        diagnostics += edition_media_errors
    diagnostics += _check_catalogue(theme, course, parts, edition)
    chosen, target_errors = _choose_targets(targets, course, parts)
    diagnostics += target_errors
    state = worst_case(course)
    worst = len(state.encoded)
    for target in chosen:
        diagnostics += target.check_state(course, parts, state)
    if has_errors(diagnostics):
        return result(course=course, suspend_data_worst_case=worst)

    # The course is rendered once: index.html and its assets are the same in every package;
    # only the tracker part (runtime/target.js) and the target's description differ.
    # Like the compiled templates: validate (no output folder) only reads the font cache.
    fonts = None if cache_templates is False else font_cache(write=output_dir is not None or bool(cache_templates))
    pages, render_errors = render_course(course, theme, build_runtime(), contents, fonts)
    diagnostics += render_errors
    if has_errors(render_errors):
        return result(course=course, suspend_data_worst_case=worst)
    report(3, f"rendered {len(course.lessons):,} lessons")
    built: list[tuple[Target, dict[str, bytes], bytes]] = []
    for target in chosen:
        tracker_part = build_tracker_part(target.tracker, target.tracker_scripts, target.tracker_settings(course))
        package: dict[str, bytes] = {**with_course_script(pages, tracker_part), **contents}
        package.update(target.package_files(course, sorted(package)))
        diagnostics += target.check_package(package)
        try:
            archive = build_archive(package, source_date_epoch() if epoch is None else epoch)
        except ArchiveError as exc:
            diagnostics.append(error("E502", str(exc), SourceSpan("course.yaml", 0, 0)))
            archive = b""
        built.append((target, package, archive))
    report(4, f"built and checked {len(built)} package(s)")
    outputs = []
    for target, package, archive in built:
        path = None
        if output_dir is not None and not has_errors(diagnostics):
            path = output_dir / package_name(course, target, edition)
            try:
                write_package(archive, path)
            except OSError as exc:  # the environment's fault (unwritable folder, full disk): a diagnostic
                diagnostics.append(write_error(exc, path))
                path = None
        outputs.append(TargetOutput(target.name, target.title, package, path, target.state_limit(course)))
    first = outputs[0] if outputs else None
    return result(
        course=course,
        files=first.files if first else {},
        package_path=first.package_path if first else None,
        suspend_data_worst_case=worst,
        outputs=tuple(outputs),
    )


@dataclass(frozen=True)
class RuleTable:
    """`coursec explain` for one target: how the course's completion rule shows in its LMS."""

    target: str
    title: str
    package: str
    """The zip's file name."""
    rows: tuple[RuleRow, ...]


def explain_course(
    course_dir: Path,
    *,
    targets: Sequence[str] | None = None,
    theme_dirs: Sequence[Path] = DEFAULT_THEME_DIRS,
) -> tuple[CompileResult, tuple[RuleTable, ...]]:
    """Check the course like validate, then map its completion rule onto each chosen target (no tables on errors)."""
    result = compile_course(course_dir, None, targets=targets, theme_dirs=theme_dirs)
    course = result.course
    if not result.ok or course is None:
        return result, ()
    worst = result.suspend_data_worst_case or 0
    tables = []
    for output in result.outputs:
        target = load_target(output.target)
        state = RuleRow(
            "learner state (suspend_data)",
            f"worst case {worst:,} of {output.state_limit:,} characters",
        )
        rows = (*target.completion_rule(course), state)
        tables.append(RuleTable(target.name, target.title, package_name(course, target), rows))
    return result, tuple(tables)


def format_rule_tables(tables: Sequence[RuleTable]) -> str:
    """The tables as Markdown, ready to paste into an LMS's configuration notes."""
    blocks = []
    for table in tables:
        lines = [f"{table.title} ({table.package})", "", "| situation | what the LMS sees |", "| --- | --- |"]
        lines += [f"| {row.situation} | {row.reported.replace('|', '/')} |" for row in table.rows]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
