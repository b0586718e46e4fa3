"""Whole-course rules on validated parts: unique ids, lesson order, file references, quiz rule, contrast."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error, warning
from compiler.model.course import (
    AssignmentBlock,
    Course,
    Lesson,
    MediaBlock,
    QuestionBlock,
)
from compiler.model.validate import ValidatedParts

_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class FileReference:
    """A course file the package needs, and where the source asks for it."""

    target: str
    span: SourceSpan
    what: str


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    a, b = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _block_span(parts: ValidatedParts, lesson: Lesson, line: int, loc: tuple[str | int, ...]) -> SourceSpan:
    positions = parts.index.blocks.get((lesson.source_path, line))
    return positions.span(loc) if positions else SourceSpan(lesson.source_path, line, 1)


def _ids(parts: ValidatedParts) -> Iterator[tuple[str, str, SourceSpan]]:
    """Every question/assignment/quiz id with what it is and where it is defined."""
    for lesson in parts.lessons:
        for block in lesson.blocks:
            if isinstance(block, QuestionBlock):
                yield block.question.id, "question", _block_span(parts, lesson, block.line, ("id",))
            elif isinstance(block, AssignmentBlock):
                yield block.assignment.id, "assignment", _block_span(parts, lesson, block.line, ("id",))
    if parts.quiz is not None:
        yield parts.quiz.id, "quiz", parts.index.span("quiz.yaml", ("id",))
        for number, question in enumerate(parts.quiz.questions):
            yield question.id, "question", parts.index.span("quiz.yaml", ("questions", number, "id"))


def _check_ids(parts: ValidatedParts) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    seen: dict[str, SourceSpan] = {}
    for lesson in parts.lessons:
        span = parts.index.span(lesson.source_path, ("id",))
        if lesson.id in seen:
            first = seen[lesson.id]
            diagnostics.append(
                error("E301", f"duplicate lesson id '{lesson.id}'", span, f"first defined at {first.path}:{first.line}")
            )
        else:
            seen[lesson.id] = span
    seen = {}
    for identifier, what, span in _ids(parts):
        if identifier in seen:
            first = seen[identifier]
            diagnostics.append(
                error(
                    "E301", f"duplicate {what} id '{identifier}'", span, f"first defined at {first.path}:{first.line}"
                )
            )
        else:
            seen[identifier] = span
    return diagnostics


def _check_lesson_order(parts: ValidatedParts) -> list[Diagnostic]:
    if parts.config is None:
        return []
    diagnostics: list[Diagnostic] = []
    defined = {lesson.id: lesson for lesson in parts.lessons}
    listed: set[str] = set()
    for number, lesson_id in enumerate(parts.config.lessons):
        span = parts.index.span("course.yaml", ("lessons", number))
        if lesson_id in listed:
            diagnostics.append(error("E301", f"lesson '{lesson_id}' is listed twice", span, "list each lesson once"))
        listed.add(lesson_id)
        if lesson_id not in defined and lesson_id not in parts.broken_lesson_ids:
            hint = did_you_mean(lesson_id, defined) or "no lesson file has this id in its front matter"
            diagnostics.append(error("E302", f"lesson '{lesson_id}' not found in lessons/", span, hint))
    for lesson in parts.lessons:
        if lesson.id not in listed:
            diagnostics.append(
                error(
                    "E303",
                    f"lesson '{lesson.id}' is not listed in course.yaml",
                    parts.index.span(lesson.source_path, ("id",)),
                    f"add '- {lesson.id}' under 'lessons:' in course.yaml",
                )
            )
    return diagnostics


def _check_quiz_rule(parts: ValidatedParts) -> list[Diagnostic]:
    config = parts.config
    if config is None:
        return []
    span = parts.index.span
    diagnostics: list[Diagnostic] = []
    if config.completion.quiz and not parts.quiz_present:
        diagnostics.append(
            error(
                "E309",
                "'completion.quiz' is true but the course has no quiz.yaml",
                span("course.yaml", ("completion", "quiz")),
                "add quiz.yaml, or set 'quiz: false'",
            )
        )
    if parts.quiz_present and not config.completion.quiz:
        diagnostics.append(
            error(
                "E309",
                "quiz.yaml exists but 'completion.quiz' is not true",
                span("course.yaml", ("completion",)),
                "set 'completion: {quiz: true}' so the quiz counts, or remove quiz.yaml",
            )
        )
    if parts.quiz_present and config.mastery_score is None:
        diagnostics.append(
            error(
                "E309",
                "the graded quiz needs a 'mastery_score' (its pass mark in percent)",
                span("course.yaml"),
                "add e.g. 'mastery_score: 70' to course.yaml",
            )
        )
    if not parts.quiz_present and config.mastery_score is not None:
        diagnostics.append(
            error(
                "E309",
                "'mastery_score' is set but the course has no quiz.yaml",
                span("course.yaml", ("mastery_score",)),
                "remove 'mastery_score', or add quiz.yaml",
            )
        )
    return diagnostics


def _check_branding(parts: ValidatedParts) -> list[Diagnostic]:
    colour = parts.config.branding.primary_color if parts.config else None
    if colour is None:
        return []
    ratio = contrast_ratio(colour, "#ffffff")
    if ratio >= MIN_CONTRAST:
        return []
    return [
        error(
            "E405",
            f"brand colour {colour} has a contrast of {ratio:.2f}:1 against white; WCAG 2.1 AA needs {MIN_CONTRAST}:1",
            parts.index.span("course.yaml", ("branding", "primary_color")),
            "choose a darker colour",
        )
    ]


def _references(parts: ValidatedParts) -> list[FileReference]:
    found: list[FileReference] = []
    if parts.config is not None and parts.config.branding.logo is not None:
        found.append(
            FileReference(parts.config.branding.logo, parts.index.span("course.yaml", ("branding", "logo")), "logo")
        )
    for lesson in parts.lessons:
        for block in lesson.blocks:
            if isinstance(block, MediaBlock):
                found.append(
                    FileReference(block.media.src, _block_span(parts, lesson, block.line, ("src",)), block.media.type)
                )
                if block.media.captions is not None:
                    found.append(
                        FileReference(
                            block.media.captions, _block_span(parts, lesson, block.line, ("captions",)), "captions"
                        )
                    )
    for reference in parts.index.references:
        if reference.is_image or not (_EXTERNAL.match(reference.target) or reference.target.startswith("#")):
            found.append(FileReference(reference.target, reference.span, "image" if reference.is_image else "link"))
    return found


def check_references(
    parts: ValidatedParts, inventory: frozenset[str], escaping_links: frozenset[str]
) -> tuple[set[str], list[Diagnostic]]:
    """Resolve every referenced file exactly as an LMS web server would (case-sensitive, inside the package)."""
    diagnostics: list[Diagnostic] = []
    resolved: set[str] = set()
    by_lower: dict[str, str] = {path.lower(): path for path in inventory}
    for reference in _references(parts):
        target = reference.target.split("#", 1)[0].split("?", 1)[0]
        if _EXTERNAL.match(reference.target):
            diagnostics.append(
                error(
                    "E307",
                    f"{reference.what} '{reference.target}' would be loaded from outside the package",
                    reference.span,
                    "put the file in the course folder (e.g. media/) and refer to it by its path",
                )
            )
            continue
        normal = posixpath.normpath(target) if target else target
        if "\\" in target or target.startswith("/") or normal == ".." or normal.startswith("../"):
            diagnostics.append(
                error(
                    "E306",
                    f"{reference.what} '{reference.target}' leaves the course folder",
                    reference.span,
                    "use a path inside the course folder with '/' separators, e.g. media/picture.svg",
                )
            )
            continue
        if normal in escaping_links or any(normal.startswith(link + "/") for link in escaping_links):
            diagnostics.append(
                error(
                    "E306",
                    f"{reference.what} '{reference.target}' is a symbolic link pointing outside the course folder",
                    reference.span,
                    "copy the file into the course folder",
                )
            )
            continue
        if any(part.startswith(".") for part in normal.split("/")):
            diagnostics.append(
                error(
                    "E306",
                    f"{reference.what} '{reference.target}' is a hidden file, which is never packaged",
                    reference.span,
                    "rename it without the leading '.'",
                )
            )
            continue
        if normal in inventory:
            resolved.add(normal)
        elif normal.lower() in by_lower:
            actual = by_lower[normal.lower()]
            diagnostics.append(
                error(
                    "E305",
                    f"{reference.what} '{reference.target}' differs in letter case from the file '{actual}'",
                    reference.span,
                    f"write '{actual}': LMS web servers treat names case-sensitively",
                )
            )
        else:
            directory = posixpath.dirname(normal)
            siblings = [p for p in inventory if posixpath.dirname(p) == directory]
            hint = did_you_mean(normal, siblings) if siblings else None
            diagnostics.append(
                error(
                    "E304",
                    f"{reference.what} '{reference.target}' not found",
                    reference.span,
                    hint or f"no such file in the course folder{' under ' + directory + '/' if directory else ''}",
                )
            )
    return resolved, diagnostics


def _check_unused_media(inventory: frozenset[str], resolved: set[str]) -> list[Diagnostic]:
    return [
        warning("W301", f"media file '{path}' is never referenced and will not be packaged", SourceSpan(path, 0, 0))
        for path in sorted(inventory)
        if path.startswith("media/") and path not in resolved
    ]


def _check_feedback(parts: ValidatedParts) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if parts.quiz is None:
        return diagnostics
    for number, question in enumerate(parts.quiz.questions):
        if question.feedback.correct is None and question.feedback.incorrect is None:
            diagnostics.append(
                warning(
                    "W302",
                    f"quiz question '{question.id}' has no feedback",
                    parts.index.span("quiz.yaml", ("questions", number, "id")),
                    "add 'feedback: {correct: ..., incorrect: ...}' that explains the right answer",
                )
            )
    return diagnostics


def check_course(
    parts: ValidatedParts, inventory: frozenset[str], escaping_links: frozenset[str]
) -> tuple[set[str], list[Diagnostic]]:
    """Run every whole-course rule; return the course files the package needs and the diagnostics."""
    resolved, diagnostics = check_references(parts, inventory, escaping_links)
    diagnostics += _check_ids(parts)
    diagnostics += _check_lesson_order(parts)
    diagnostics += _check_quiz_rule(parts)
    diagnostics += _check_branding(parts)
    diagnostics += _check_feedback(parts)
    if not parts.incomplete:
        diagnostics += _check_unused_media(inventory, resolved)
    return resolved, diagnostics


def assemble_course(parts: ValidatedParts) -> Course:
    """Put the validated parts together in the authored lesson order (call only when error-free)."""
    assert parts.config is not None
    by_id = {lesson.id: lesson for lesson in parts.lessons}
    return Course(config=parts.config, lessons=[by_id[i] for i in parts.config.lessons], quiz=parts.quiz)
