"""Whole-course rules on validated parts: unique ids, lesson order, file references, quiz rule, contrast."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from lxml import etree

from compiler.colour import MIN_CONTRAST, contrast_ratio
from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error, nearest, warning
from compiler.model.answers import INVISIBLE, normalise_answer, shortest_typing, untypable
from compiler.model.course import (
    AnyQuestion,
    AssignmentBlock,
    Callout,
    Course,
    Draw,
    FillIn,
    Lesson,
    MediaBlock,
    QuestionBlock,
    RegisteredBlock,
    draw_pool,
)
from compiler.model.links import PAGE_PREFIX, CourseLinks, link_kind, scheme
from compiler.model.validate import ValidatedParts
from compiler.source.files import BANKS_FOLDER, is_lesson_path, localized_media
from compiler.source.markdown_blocks import Reference
from compiler.source.markdown_lint import Segment, link_targets, lint_markdown

_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_LOCAL_DISK = re.compile(r"^(?:[a-zA-Z]:[\\/]|\\\\|file:)", re.IGNORECASE)
"""A path on the author's own computer: C:\\..., \\\\server\\share, file:///..."""
_IMAGE = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
MEDIA_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image": _IMAGE,
    "logo": _IMAGE,
    "audio": (".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"),
    "video": (".mp4", ".m4v", ".webm", ".ogv"),
    "captions": (".vtt",),
}
"""File types each kind of media reference accepts (docs/course-format.md, 'Media')."""
_FITS = {
    "image": {"image"},
    "logo": {"image"},
    "audio": {"audio", "media"},
    "video": {"video", "media"},
    "captions": {"captions"},
}
"""Which sniffed families a reference accepts ('media': a container that may hold sound or video)."""


@dataclass(frozen=True)
class FileReference:
    """A course file the package needs, and where the source asks for it."""

    target: str
    span: SourceSpan
    what: str


def _block_span(parts: ValidatedParts, lesson: Lesson, line: int, loc: tuple[str | int, ...]) -> SourceSpan:
    positions = parts.index.blocks.get((lesson.source_path, line))
    return positions.span(loc) if positions else SourceSpan(lesson.source_path, line, 1)


def _graded_questions(parts: ValidatedParts) -> Iterator[tuple[AnyQuestion, str, Loc]]:
    """The questions of quiz.yaml and of every bank, each with its file and key path there."""
    if parts.quiz is not None:
        for number, question in enumerate(parts.quiz.questions):
            yield question, "quiz.yaml", ("questions", number)
    for name, bank in parts.banks.items():
        for number, question in enumerate(bank.questions):
            yield question, f"{BANKS_FOLDER}/{name}.yaml", ("questions", number)


def _ids(parts: ValidatedParts) -> Iterator[tuple[str, str, SourceSpan]]:
    """Every question/assignment/quiz id with what it is and where it is defined."""
    for lesson in parts.lessons:
        for block in lesson.blocks:
            if isinstance(block, QuestionBlock):
                yield block.question.id, "question", _block_span(parts, lesson, block.line, ("id",))
            elif isinstance(block, AssignmentBlock):
                yield block.assignment.id, "assignment", _block_span(parts, lesson, block.line, ("id",))
            elif isinstance(block, RegisteredBlock):
                yield block.id, f"{block.kind} block", _block_span(parts, lesson, block.line, ("id",))
    if parts.quiz is not None:
        yield parts.quiz.id, "quiz", parts.index.span("quiz.yaml", ("id",))
    for question, path, loc in _graded_questions(parts):
        yield question.id, "question", parts.index.span(path, (*loc, "id"))


def _check_ids(parts: ValidatedParts) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    lessons = ((lesson.id, "lesson", parts.index.span(lesson.source_path, ("id",))) for lesson in parts.lessons)
    for group in (lessons, _ids(parts)):
        seen: dict[str, tuple[str, SourceSpan]] = {}
        for identifier, what, span in group:
            if identifier not in seen:
                seen[identifier] = (what, span)
                continue
            first_what, first = seen[identifier]
            diagnostics.append(
                error(
                    "E301",
                    f"duplicate {what} id '{identifier}'",
                    span,
                    f"the {first_what} in {first.path} at line {first.line} already uses it; ids must be unique",
                )
            )
    return diagnostics


def _check_lesson_order(parts: ValidatedParts) -> list[Diagnostic]:
    if parts.config is None:
        return []
    diagnostics: list[Diagnostic] = []
    defined = {lesson.id: lesson for lesson in parts.lessons}
    listed: dict[str, SourceSpan] = {}
    for number, lesson_id in enumerate(parts.config.lessons):
        span = parts.index.span("course.yaml", ("lessons", number))
        if lesson_id in listed:
            message = f"lesson '{lesson_id}' is listed twice (first at line {listed[lesson_id].line})"
            diagnostics.append(error("E301", message, span, "list each lesson once: delete this line"))
        listed.setdefault(lesson_id, span)
        if lesson_id not in defined and lesson_id not in parts.broken_lesson_ids and not parts.unreadable_lessons:
            unlisted = [i for i in defined if i not in parts.config.lessons]
            hint = did_you_mean(lesson_id, unlisted) or "no lesson file has this id in its front matter"
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
    positions = parts.index.documents.get("course.yaml")
    has_key = positions.keys.__contains__ if positions else (lambda loc: False)
    completion_at = ("completion", "quiz") if has_key(("completion", "quiz")) else ("completion",)
    completion_span = (
        span("course.yaml", completion_at, key=True) if has_key(("completion",)) else SourceSpan("course.yaml", 0, 0)
    )
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
                completion_span,
                "add 'quiz: true' under 'completion:' so the quiz counts, or remove quiz.yaml",
            )
        )
    if parts.quiz_present and config.mastery_score is None:
        diagnostics.append(
            error(
                "E309",
                "the graded quiz needs a 'mastery_score' (its pass mark in percent)",
                SourceSpan("course.yaml", 0, 0),
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
    if parts.quiz_present and config.mastery_score == 1:
        diagnostics.append(
            warning(
                "W108",
                "'mastery_score: 1' is a pass mark of 1 %: one right answer in a hundred passes",
                span("course.yaml", ("mastery_score",)),
                "the pass mark is a percentage: write 'mastery_score: 100' for every answer right, or e.g. 80 for 80 %",
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


Loc = tuple[str | int, ...]


def _question_fields(question: AnyQuestion) -> Iterator[tuple[Loc, str | None]]:
    yield ("prompt",), question.prompt
    yield ("feedback", "correct"), question.feedback.correct
    yield ("feedback", "incorrect"), question.feedback.incorrect
    for number, option in enumerate(getattr(question, "options", [])):
        yield ("options", number, "text"), option.text
        yield ("options", number, "feedback"), option.feedback
    for number, pair in enumerate(getattr(question, "pairs", [])):
        yield ("pairs", number, "left"), pair.left
        yield ("pairs", number, "right"), pair.right
    for number, item in enumerate(getattr(question, "items", [])):
        yield ("items", number), item


def markdown_fields(parts: ValidatedParts) -> Iterator[tuple[str, SourceSpan]]:
    """Every Markdown text written as a YAML value (prompts, feedback, options, captions, the quiz intro)."""
    for lesson in parts.lessons:
        for block in lesson.blocks:
            fields: list[tuple[Loc, str | None]] = []
            if isinstance(block, QuestionBlock):
                fields = list(_question_fields(block.question))
            elif isinstance(block, AssignmentBlock):
                fields = [(("prompt",), block.assignment.prompt)]
            elif isinstance(block, MediaBlock):
                fields = [(("caption",), block.media.caption), (("transcript",), block.media.transcript)]
            for loc, text in fields:
                if text:
                    yield text, _block_span(parts, lesson, block.line, loc)
    if parts.quiz is not None and parts.quiz.intro:
        yield parts.quiz.intro, parts.index.span("quiz.yaml", ("intro",))
    for question, path, at in _graded_questions(parts):
        for loc, text in _question_fields(question):
            if text:
                yield text, parts.index.span(path, (*at, *loc))


def _within(text: str, span: SourceSpan, start: int, length: int) -> SourceSpan:
    """The span of text[start:start+length] when the value is written on one line as it reads, else the value's."""
    if start < 0 or span.line != span.end_line or "\n" in text:
        return span
    written = span.end_column - span.column
    lead = 0 if written == len(text) else 1 if written == len(text) + 2 else -1  # plain, or in quotes
    if lead < 0:
        return span
    column = span.column + lead + start
    return SourceSpan(span.path, span.line, column, span.line, column + length)


def _field_references(parts: ValidatedParts) -> list[Reference]:
    """Links and images in YAML Markdown values, at the target when the value is one plain line."""
    return [
        Reference(target, _within(text, span, text.find(target), len(target)), is_image)
        for text, span in markdown_fields(parts)
        for target, is_image in link_targets(text)
    ]


def _check_field_markdown(parts: ValidatedParts) -> list[Diagnostic]:
    """What Markdown swallows or hides in YAML values, reported at the value (heading levels excepted)."""
    diagnostics: list[Diagnostic] = []
    for text, span in markdown_fields(parts):
        if not any(mark in text for mark in ("<", "[", "!", "|", "\n    ", "\n\t", "\n-")):
            continue
        for found in lint_markdown([Segment(text, 1)], span.path):
            inner = found.span
            if found.code == "W308" or inner is None:
                continue
            start = inner.column - 1 if inner.line == 1 else -1
            diagnostics.append(replace(found, span=_within(text, span, start, inner.end_column - inner.column)))
    return diagnostics


def _references(parts: ValidatedParts) -> list[FileReference]:
    found: list[FileReference] = []
    if parts.config is not None and parts.config.branding.logo is not None:
        found.append(
            FileReference(parts.config.branding.logo, parts.index.span("course.yaml", ("branding", "logo")), "logo")
        )
    if parts.config is not None and parts.config.cover is not None:
        found.append(FileReference(parts.config.cover, parts.index.span("course.yaml", ("cover",)), "image"))
    for lesson in parts.lessons:
        for block in lesson.blocks:
            if isinstance(block, MediaBlock):
                found.append(
                    FileReference(block.media.src, _block_span(parts, lesson, block.line, ("src",)), block.media.type)
                )
                if block.media.poster is not None:
                    found.append(
                        FileReference(block.media.poster, _block_span(parts, lesson, block.line, ("poster",)), "image")
                    )
                if block.media.captions is not None:
                    found.append(
                        FileReference(
                            block.media.captions, _block_span(parts, lesson, block.line, ("captions",)), "captions"
                        )
                    )
    for reference in [*parts.index.references, *_field_references(parts)]:
        kind = link_kind(reference.target)
        if kind == "refused":
            continue  # E315 (_check_links)
        if (reference.is_image and kind != "contact") or kind in ("file", "local-disk"):
            found.append(FileReference(reference.target, reference.span, "image" if reference.is_image else "link"))
    return found


def _missing_hint(normal: str, inventory: frozenset[str]) -> tuple[str, str | None]:
    """A hint for a missing file, and the file it suggests (if one is close)."""
    directory = posixpath.dirname(normal)
    siblings = sorted(p for p in inventory if posixpath.dirname(p) == directory)
    guess = nearest(normal, siblings)
    if guess is not None:
        return f"did you mean '{guess}'?", guess
    where = f"{directory}/" if directory else "the course folder"
    if not siblings:
        return f"there is no file in {where}", None
    names = ", ".join(posixpath.basename(p) for p in siblings[:6]) + (", ..." if len(siblings) > 6 else "")
    return f"files in {where}: {names}", None


def sniff_media(data: bytes) -> tuple[str, str] | None:
    """The family and format of a file by its first bytes, when they say so clearly; None when unknown."""
    head = data[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "a JPEG image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image", "a GIF image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "a WebP image"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio", "WAV audio"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "image", "an AVIF image"
        if brand in (b"M4A ", b"M4B "):
            return "audio", "M4A audio"
        return "media", "an MP4 file"
    if head.startswith((b"ID3", b"fLaC")) or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF2):
        return "audio", "MP3, FLAC or AAC audio"
    if head.startswith(b"OggS"):
        return "media", "an Ogg file"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "media", "a WebM/Matroska file"
    if head.startswith(b"%PDF"):
        return "document", "a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "document", "a zip archive (or an Office document)"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"webvtt"):
        return "captions", "WebVTT captions"
    if text.startswith((b"<!doctype html", b"<html")):
        return "document", "an HTML page"
    if b"<svg" in data[:4096].lower():
        return "image", "an SVG image"
    return None


_SVG_ANIMATIONS = frozenset({"set", "animate"})


def svg_script(data: bytes) -> tuple[str, int, int] | None:
    """What in an SVG would run as script when the file is opened by itself: (what, line, how many such).

    Parsed without a network, a DTD or entity expansion (libxml2's own depth and size limits apply).
    An SVG that does not parse is not checked here: no browser runs anything in it either.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    found: list[tuple[str, int]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions, entity references
        name = etree.QName(element).localname
        line = element.sourceline if isinstance(element.sourceline, int) else 0
        if name in ("script", "foreignObject"):
            found.append((f"a <{name}> element", line))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            squeezed = re.sub(r"[\s\x00-\x1f]+", "", str(value)).lower()
            if local.lower().startswith("on"):
                found.append((f"an event handler attribute ({local}=) on <{name}>", line))
            elif squeezed.startswith("javascript:") or (name in _SVG_ANIMATIONS and "javascript:" in squeezed):
                found.append((f"a 'javascript:' link ({local}=) on <{name}>", line))
    if not found:
        return None
    return found[0][0], found[0][1], len(found)


def _check_svg_scripts(reference: FileReference, normal: str, data: bytes) -> Diagnostic | None:
    script = svg_script(data)
    if script is None:
        return None
    what, line, count = script
    more = f" (and {count - 1} more such place{'s' if count > 2 else ''})" if count > 1 else ""
    return error(
        "E313",
        f"SVG '{normal}' holds {what} on its line {line}{more}, which runs as script when the file "
        "is opened on the LMS's site",
        reference.span,
        "remove scripts, on...= attributes, 'javascript:' links and <foreignObject> from the SVG "
        "(e.g. export it again as plain SVG); coursec does not change your files",
    )


def check_media_content(parts: ValidatedParts, contents: dict[str, bytes]) -> list[Diagnostic]:
    """E310 when a media file's bytes show another kind of file than its block needs (cheap sniffing).

    E313 for an SVG (referenced in any way) that holds script.
    """
    diagnostics: list[Diagnostic] = []
    checked_svgs: set[str] = set()
    for reference in _references(parts):
        normal = posixpath.normpath(reference.target.split("#", 1)[0].split("?", 1)[0])
        data = contents.get(normal)
        if data is not None and normal.lower().endswith(".svg") and normal not in checked_svgs:
            checked_svgs.add(normal)
            found = _check_svg_scripts(reference, normal, data)
            if found is not None:
                diagnostics.append(found)
        if data is None or reference.what not in MEDIA_EXTENSIONS:
            continue
        if not normal.lower().endswith(MEDIA_EXTENSIONS[reference.what]):
            continue  # the wrong extension is reported already
        if not data:
            diagnostics.append(
                error("E310", f"{reference.what} file '{normal}' is empty", reference.span, "export the file again")
            )
            continue
        sniffed = sniff_media(data)
        if sniffed is None and reference.what == "captions":
            sniffed = ("text", "text without the 'WEBVTT' header browsers need")  # browsers ignore such captions
        if sniffed is None:
            continue
        family, label = sniffed
        if family not in _FITS[reference.what]:
            diagnostics.append(
                error(
                    "E310",
                    f"{reference.what} file '{normal}' holds {label}, whatever its name says",
                    reference.span,
                    _type_hint(reference.what),
                )
            )
    return diagnostics


def _kind_name(what: str) -> str:
    return {"image": "an image", "logo": "an image", "audio": "an audio", "video": "a video"}.get(what, "a captions")


def _type_hint(what: str) -> str:
    kind = "a captions" if what == "captions" else f"an {what}" if what[0] in "aeiou" else f"a {what}"
    return f"use {kind} file: " + ", ".join(MEDIA_EXTENSIONS[what])


def fold_name(path: str) -> str:
    """The name as file systems that ignore letter case and Unicode normalisation see it (macOS, Windows).

    'café.svg' written with one 'é' (NFC) and with 'e' plus a combining accent (NFD) are two names on
    Linux but one file on macOS and on some LMS servers, like 'Logo.svg' and 'logo.svg'.
    """
    return unicodedata.normalize("NFC", path).lower()


def _how_names_differ(written: str, actual: str) -> str:
    if written.lower() == actual.lower():
        return "letter case"
    if unicodedata.normalize("NFC", written) == unicodedata.normalize("NFC", actual):
        return "Unicode normalisation (an accented letter written as one character or as a letter plus an accent)"
    return "letter case and Unicode normalisation"


def _written(path: str) -> str:
    """A name, and how its accents are written when that is what tells it from a look-alike."""
    marks = sorted({f"U+{ord(c):04X}" for c in path if unicodedata.combining(c)})
    if marks:
        return f"'{path}' (accents as separate characters: {', '.join(marks)})"
    if unicodedata.normalize("NFD", path) != path:
        return f"'{path}' (accented letters as one character each)"
    return f"'{path}'"


def _collisions(resolved: set[str], references: list[tuple[str, SourceSpan]]) -> list[Diagnostic]:
    """E312 at the first reference to each packaged file whose name collides with another one's."""
    by_fold: dict[str, list[str]] = {}
    for path in sorted(resolved):
        by_fold.setdefault(fold_name(path), []).append(path)
    diagnostics = []
    reported: set[str] = set()
    for normal, span in references:
        group = by_fold.get(fold_name(normal), [])
        if len(group) < 2 or normal in reported:
            continue
        reported.add(normal)
        other = next(path for path in group if path != normal)
        diagnostics.append(
            error(
                "E312",
                f"{_written(normal)} and {_written(other)} differ only in {_how_names_differ(normal, other)}, "
                "so they are one file on macOS, Windows and many LMS servers",
                span,
                "keep one of the two files and refer to it everywhere; rename or delete the other",
            )
        )
    return diagnostics


def check_references(
    parts: ValidatedParts, inventory: frozenset[str], escaping_links: frozenset[str]
) -> tuple[set[str], set[str], list[Diagnostic]]:
    """Resolve every referenced file exactly as an LMS web server would (case-sensitive, inside the package).

    Returns the files to package, the files the diagnostics point authors to (not 'unused'), and the diagnostics.
    """
    diagnostics: list[Diagnostic] = []
    resolved: set[str] = set()
    mentioned: set[str] = set()
    by_fold: dict[str, str] = {fold_name(path): path for path in sorted(inventory, reverse=True)}
    packaged: list[tuple[str, SourceSpan]] = []
    for reference in _references(parts):
        target = reference.target.split("#", 1)[0].split("?", 1)[0]
        if _LOCAL_DISK.match(reference.target):
            diagnostics.append(
                error(
                    "E306",
                    f"{reference.what} '{reference.target}' is a path on your own computer",
                    reference.span,
                    "copy the file into the course folder (e.g. media/) and write its path from there, with '/'",
                )
            )
            continue
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
            packaged.append((normal, reference.span))
            allowed = MEDIA_EXTENSIONS.get(reference.what)
            if allowed is not None and not normal.lower().endswith(allowed):
                suffix = posixpath.splitext(normal)[1] or "no extension"
                diagnostics.append(
                    error(
                        "E310",
                        f"{reference.what} '{reference.target}' is not {_kind_name(reference.what)} file ({suffix})",
                        reference.span,
                        _type_hint(reference.what),
                    )
                )
        elif fold_name(normal) in by_fold:
            actual = by_fold[fold_name(normal)]
            mentioned.add(actual)
            how = _how_names_differ(normal, actual)
            fix = (
                f"write '{actual}': LMS web servers treat names case-sensitively"
                if how == "letter case"
                else f"write '{actual}' (copy the name from the file): LMS web servers see two different names"
            )
            diagnostics.append(
                error(
                    "E305",
                    f"{reference.what} {_written(reference.target)} differs in {how} from the file {_written(actual)}",
                    reference.span,
                    fix,
                )
            )
        else:
            hint, guess = _missing_hint(normal, inventory)
            if guess is not None:
                mentioned.add(guess)
            diagnostics.append(error("E304", f"{reference.what} '{reference.target}' not found", reference.span, hint))
    diagnostics += _collisions(resolved, packaged)
    return resolved, mentioned, diagnostics


_SCHEME_HINTS = {
    "javascript": "links in a course run no code: link a web page (https://...), a lesson or a file",
    "vbscript": "links in a course run no code: link a web page (https://...), a lesson or a file",
}


def _refused(reference_target: str, what: str, span: SourceSpan) -> Diagnostic:
    found = scheme(reference_target) or ""
    if what == "image" and found == "data":
        hint = "save the image as a file in media/ and write ![alt text](media/name.png)"
    elif what == "image":
        hint = "put the image in the course folder (e.g. media/) and write its path"
    elif found == "data":
        hint = "put the file in the course folder (e.g. media/) and link it by its path"
    else:
        hint = _SCHEME_HINTS.get(
            found,
            "use https://, mailto: or tel:, a lesson (lesson:ID or its file name), or a file in the course folder",
        )
    shown = reference_target if len(reference_target) <= 60 else reference_target[:57] + "..."
    return error("E315", f"{what} '{shown}' uses the '{found}:' scheme, which a course cannot use", span, hint)


def _check_links(parts: ValidatedParts) -> list[Diagnostic]:
    """E315 for refused schemes; E316-E318 for in-course links that lead nowhere or to a source file."""
    links = CourseLinks.build(parts.lessons, parts.quiz_present)
    lesson_at = {lesson.source_path: lesson.id for lesson in parts.lessons}
    lessons_known = not (parts.unreadable_lessons or parts.broken_lesson_ids)
    diagnostics: list[Diagnostic] = []
    in_text = [(reference, True) for reference in parts.index.references]
    in_fields = [(reference, False) for reference in _field_references(parts)]
    for reference, lesson_text in [*in_text, *in_fields]:
        what = "image" if reference.is_image else "link"
        kind = link_kind(reference.target)
        if kind == "refused" or (reference.is_image and kind == "contact"):
            diagnostics.append(_refused(reference.target, what, reference.span))
            continue
        if kind != "course" or reference.is_image:
            continue
        # A YAML value renders without its lesson: '#heading' and relative paths work in lesson text only.
        current = lesson_at.get(reference.span.path) if lesson_text else None
        resolved = links.resolve(reference.target, current, reference.span.path if lesson_text else None)
        if resolved.kind == "unknown-anchor" and resolved.page is None:
            if lesson_text:
                continue  # the lesson itself did not validate (reported already): its headings are unknown
            lesson_id = lesson_at.get(reference.span.path, "ID")
            diagnostics.append(
                error(
                    "E317",
                    f"link '{reference.target}': a '#heading' link works in a lesson's text, not in a YAML value",
                    reference.span,
                    f"name the lesson: lesson:{lesson_id}{reference.target}",
                )
            )
            continue
        if resolved.kind == "unknown-page" and lessons_known:
            written = resolved.written
            if written.startswith("#"):
                hint = f"did you mean '{resolved.guess}'?" if resolved.guess else None
                pages = ", ".join(f"#{PAGE_PREFIX}{page}" for page in ("start", "quiz", "end") if page in links.pages)
                hint = hint or f"the pages are {pages} and #{PAGE_PREFIX}<lesson id>"
                message = f"link '{reference.target}' names no page of this course"
            else:
                hint = f"did you mean '{resolved.guess}'?" if resolved.guess else None
                ids = [page for page in links.pages if page in links.anchors]
                hint = hint or (did_you_mean(written, ids) if reference.target.startswith("lesson:") else None)
                hint = hint or (
                    "a Markdown file is never packaged: link a lesson by its file name (02-privacy.md) or its id "
                    "(lesson:privacy), or save what you want to share as a PDF in media/"
                )
                message = f"link '{reference.target}': there is no lesson '{written}'"
            diagnostics.append(error("E316", message, reference.span, hint))
        elif resolved.kind == "unknown-anchor" and (resolved.page is not None or current is not None):
            where = "this lesson" if resolved.page == current else f"lesson '{resolved.page}'"
            known = sorted(links.anchors.get(resolved.page or "", frozenset()))
            if resolved.guess:
                hint = f"did you mean '#{resolved.guess}'?"
            elif known:
                shown = ", ".join(f"#{a}" for a in known[:6]) + (", ..." if len(known) > 6 else "")
                hint = f"its headings are {shown}"
            else:
                hint = "it has no headings: link the lesson itself, or add a '## heading' there"
            diagnostics.append(
                error(
                    "E317",
                    f"link '{reference.target}': {where} has no heading '#{resolved.written}'",
                    reference.span,
                    hint + " (an anchor is the heading in lower case, with '-' for spaces)" if known else hint,
                )
            )
        elif resolved.kind == "source":
            name = posixpath.basename(resolved.written)
            if name in ("quiz.yaml", "quiz.yml"):
                hint = f"link the quiz page instead: [de toets](#{PAGE_PREFIX}quiz)"
            elif name in ("course.yaml", "course.yml"):
                hint = f"link the start page instead: [het begin](#{PAGE_PREFIX}start)"
            else:
                hint = "link a lesson (lesson:ID or its file name), or save what you want to share as a PDF in media/"
            diagnostics.append(
                error(
                    "E318",
                    f"link '{reference.target}' points to a course source file, which is never packaged",
                    reference.span,
                    hint,
                )
            )
    return diagnostics


_TITLE_MARKUP = re.compile(
    r"\*\*\S.*?\*\*|__\S.*?__|(?<![\w*])\*(?![\s*])[^*]+(?<!\s)\*(?![\w*])|(?<![\w_])_(?![\s_])[^_]+(?<!\s)_(?![\w_])"
    r"|`[^`]+`|\[[^\]]+\]\([^)]*\)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>|<!--"
)
"""Markdown emphasis, code, links and HTML tags: in a plain-text title they show as written."""


def _titles(parts: ValidatedParts) -> Iterator[tuple[str, str, SourceSpan]]:
    span = parts.index.span
    if parts.config is not None:
        yield "course title", parts.config.title, span("course.yaml", ("title",))
    if parts.quiz is not None:
        yield "quiz title", parts.quiz.title, span("quiz.yaml", ("title",))
    for lesson in parts.lessons:
        yield "lesson title", lesson.title, span(lesson.source_path, ("title",))
        for number, objective in enumerate(lesson.objectives):
            yield "objective", objective, span(lesson.source_path, ("objectives", number))
        for block in lesson.blocks:
            if isinstance(block, Callout) and block.title:
                yield "callout title", block.title, SourceSpan(lesson.source_path, block.line, 1)


def _check_titles(parts: ValidatedParts) -> list[Diagnostic]:
    """W312: titles and objectives are plain text (they also go to the LMS), so markup shows as written."""
    diagnostics: list[Diagnostic] = []
    for what, text, span in _titles(parts):
        match = _TITLE_MARKUP.search(text)
        if match is None:
            continue
        diagnostics.append(
            warning(
                "W312",
                f"the {what} is plain text: learners and the LMS see '{match.group(0)}' as written",
                span,
                "write the title without Markdown or HTML; emphasis and links belong in the text below it",
            )
        )
    return diagnostics


def _check_unused_media(inventory: frozenset[str], resolved: set[str]) -> list[Diagnostic]:
    localized = localized_media(inventory)
    # A file of media/<language>/ is used through its counterpart: only the file it replaces counts.
    for_edition = {item.path for item in localized if item.path not in resolved}
    unused = [
        warning("W301", f"media file '{path}' is never referenced and will not be packaged", SourceSpan(path, 0, 0))
        for path in sorted(inventory)
        if path.startswith("media/") and path not in resolved and path not in for_edition
    ]
    originals = sorted(path for path in inventory if path.startswith("media/") and path not in for_edition)
    for item in localized:
        if item.path not in for_edition or item.counterpart in inventory:
            continue
        taken = {other.counterpart for other in localized if other.language == item.language}
        guess = nearest(item.counterpart, [path for path in originals if path not in taken])
        rename = f"did you mean 'media/{item.language}/{guess.removeprefix('media/')}'? " if guess else ""
        unused.append(
            warning(
                "W704",
                f"'{item.path}' replaces '{item.counterpart}' in the '{item.language}' edition, but there is no "
                f"'{item.counterpart}': no edition uses it",
                SourceSpan(item.path, 0, 0),
                f"{rename}name it after the file of media/ it stands in for (media/{item.language}/<name> "
                "replaces media/<name>), or delete it",
            )
        )
    # A file among the lessons that is no lesson (a draft in Word, an export) would vanish without a word.
    unused += [
        warning(
            "W107",
            f"'{path}' in lessons/ is not a lesson (lessons end in '.md') and is never referenced: it is not read or "
            "packaged",
            SourceSpan(path, 0, 0),
            "write the lesson as Markdown in a '.md' file; move files that lessons show to media/, or delete it",
        )
        for path in sorted(inventory)
        if path.startswith("lessons/") and not is_lesson_path(path) and path not in resolved
    ]
    return unused


def _check_feedback(parts: ValidatedParts) -> list[Diagnostic]:
    """Every question should explain its answer (format doc); a question without any feedback is flagged."""
    questions: list[tuple[str, AnyQuestion, SourceSpan]] = [
        ("knowledge check", block.question, _block_span(parts, lesson, block.line, ("id",)))
        for lesson in parts.lessons
        for block in lesson.blocks
        if isinstance(block, QuestionBlock)
    ]
    questions += [
        ("quiz question" if path == "quiz.yaml" else "bank question", question, parts.index.span(path, (*loc, "id")))
        for question, path, loc in _graded_questions(parts)
    ]
    diagnostics: list[Diagnostic] = []
    for what, question, span in questions:
        options = getattr(question, "options", [])
        if question.feedback.correct or question.feedback.incorrect or any(o.feedback for o in options):
            continue
        diagnostics.append(
            warning(
                "W302",
                f"{what} '{question.id}' has no feedback",
                span,
                "add 'feedback:' with 'correct:' and 'incorrect:' texts that explain the right answer",
            )
        )
    return diagnostics


def _questions(parts: ValidatedParts) -> Iterator[tuple[AnyQuestion, Callable[[tuple[str | int, ...]], SourceSpan]]]:
    """Every question of the course with a function that locates a key path inside it."""
    for lesson in parts.lessons:
        for block in lesson.blocks:
            if isinstance(block, QuestionBlock):
                yield block.question, partial(_block_span, parts, lesson, block.line)
    for question, path, at in _graded_questions(parts):
        yield question, partial(_document_span, parts, path, at)


def _document_span(parts: ValidatedParts, path: str, at: Loc, loc: tuple[str | int, ...]) -> SourceSpan:
    return parts.index.span(path, (*at, *loc))


def _shown(text: str) -> str:
    """An answer as a message shows it: invisible and odd characters as U+XXXX."""
    return "".join(c if c.isprintable() and c not in INVISIBLE else f"<U+{ord(c):04X}>" for c in text)


def _check_fill_in(question: FillIn, locate: Callable[[tuple[str | int, ...]], SourceSpan]) -> list[Diagnostic]:
    """The answer-folding rule (docs/course-format.md, 'Fill-in answers') applied to the accepted answers."""
    diagnostics: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for number, answer in enumerate(question.accepted):
        span = locate(("accepted", number))
        folded = normalise_answer(answer, case_sensitive=question.case_sensitive)
        typing = shortest_typing(answer)
        if folded == "":
            diagnostics.append(
                error(
                    "E206",
                    f"accepted answer '{_shown(answer)}' of '{question.id}' is empty once invisible characters are "
                    "dropped: no learner can type it",
                    span,
                    "write the answer in plain text, or delete it from 'accepted:'",
                )
            )
            continue
        if typing > question.max_length:
            diagnostics.append(
                error(
                    "E206",
                    f"accepted answer '{_shown(answer)}' of '{question.id}' takes {typing} characters to type, "
                    f"but the field takes at most {question.max_length} (max_length)",
                    span,
                    f"set 'max_length: {typing}' (or more) on the question, or shorten the answer",
                )
            )
        odd = untypable(answer)
        if odd:
            diagnostics.append(
                warning(
                    "W202",
                    f"accepted answer '{_shown(answer)}' of '{question.id}' holds "
                    + ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed')})" for c in odd)
                    + ", which no learner can type",
                    span,
                    "retype the answer in the YAML: pasted text can carry characters that do not show",
                )
            )
        if folded in seen:
            first = locate(("accepted", seen[folded]))
            diagnostics.append(
                warning(
                    "W201",
                    f"accepted answers '{_shown(question.accepted[seen[folded]])}' (line {first.line}) and "
                    f"'{_shown(answer)}' of '{question.id}' are the same answer once folded",
                    span,
                    "delete this one: answers are compared with spaces, quotes, dashes and invisible characters "
                    + ("folded" if question.case_sensitive else "folded and in lower case")
                    + " (docs/course-format.md, 'Fill-in answers')",
                )
            )
            continue
        seen[folded] = number
    return diagnostics


def _check_answers(parts: ValidatedParts) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for question, locate in _questions(parts):
        if isinstance(question, FillIn):
            diagnostics += _check_fill_in(question, locate)
    return diagnostics


def _check_blocks(parts: ValidatedParts) -> list[Diagnostic]:
    """The registered blocks' own rules (compiler/blocks/<kind>/block.py `findings`, and `placement_findings`
    with the kind of the block after it), at their spans."""
    diagnostics = []
    for lesson in parts.lessons:
        for index, block in enumerate(lesson.blocks):
            if not isinstance(block, RegisteredBlock):
                continue
            following = lesson.blocks[index + 1].kind if index + 1 < len(lesson.blocks) else None
            for finding in [*block.block.findings(), *block.block.placement_findings(following)]:
                report = error if finding.severity == "error" else warning
                span = _block_span(parts, lesson, block.line, finding.loc)
                diagnostics.append(report(finding.code, finding.message, span, finding.hint))
    return diagnostics


def _pool_name(draw: Draw) -> str:
    """A draw's pool as a message names it: "bank 'privacy'", "tag 'groepen'", "tag 'groepen' in bank 'basis'"."""
    if draw.bank is not None and draw.tag is not None:
        return f"tag '{draw.tag}' in bank '{draw.bank}'"
    return f"bank '{draw.bank}'" if draw.bank is not None else f"tag '{draw.tag}'"


def _pool_grows(draw: Draw, count: int) -> str:
    """How a hint says to give a draw's pool `count` more questions."""
    questions = f"{count} question{'s' if count != 1 else ''}"
    if draw.tag is None:
        return f"add {questions} to {BANKS_FOLDER}/{draw.bank}.yaml"
    where = f"{BANKS_FOLDER}/{draw.bank}.yaml" if draw.bank is not None else "a bank"
    return f"add {questions} with the tag '{draw.tag}' to {where}"


def _check_draws(parts: ValidatedParts) -> list[Diagnostic]:
    """E119 unknown bank, E208 unknown tag, E209 a pool too small for its draw, W109 a draw that takes its whole pool.

    Draws are made in order, each from what earlier draws left: a draw is given the questions of its
    pool that earlier draws sharing questions with it cannot have taken (docs/course-format.md).
    """
    quiz = parts.quiz
    if quiz is None or not quiz.draw:
        return []
    diagnostics: list[Diagnostic] = []
    pools: list[list[str]] = []

    def at(number: int, key: str) -> SourceSpan:
        return parts.index.span("quiz.yaml", ("draw", number, key))

    for number, draw in enumerate(quiz.draw):
        pool = [question.id for question in draw_pool(draw, parts.banks)]
        pools.append(pool)
        if draw.bank is not None and draw.bank not in parts.banks:
            if draw.bank not in parts.broken_banks:
                known = sorted(parts.banks)
                diagnostics.append(
                    error(
                        "E119",
                        f"draw {number + 1} names the bank '{draw.bank}', but there is no "
                        f"{BANKS_FOLDER}/{draw.bank}.yaml",
                        at(number, "bank"),
                        did_you_mean(draw.bank, known)
                        or f"create {BANKS_FOLDER}/{draw.bank}.yaml with the bank's questions"
                        + (f", or name one of: {', '.join(known)}" if known else ""),
                    )
                )
            continue
        if draw.bank is None and parts.broken_banks:
            continue  # a tag may be in the bank that did not validate (already reported)
        if draw.tag is not None and not pool:
            names = [draw.bank] if draw.bank is not None else sorted(parts.banks)
            tags = sorted({tag for name in names for q in parts.banks[name].questions for tag in q.tags})
            where = f"bank '{draw.bank}'" if draw.bank is not None else "any bank"
            diagnostics.append(
                error(
                    "E208",
                    f"draw {number + 1} asks for the tag '{draw.tag}', but no question in {where} has it",
                    at(number, "tag"),
                    did_you_mean(draw.tag, tags)
                    or (
                        f"use one of the tags {', '.join(tags)}, or add 'tags: [{draw.tag}]' to its questions"
                        if tags
                        else f"add 'tags: [{draw.tag}]' to the questions it should draw"
                    ),
                )
            )
            continue
        members = set(pool)
        taken = sum(
            min(quiz.draw[earlier].count, len(members.intersection(pools[earlier]))) for earlier in range(number)
        )
        available = len(pool) - taken
        if draw.count > available:
            shared = f" once earlier draws that share its questions have taken theirs ({taken})" if taken else ""
            diagnostics.append(
                error(
                    "E209",
                    f"draw {number + 1} asks for {draw.count} questions, but {_pool_name(draw)} gives only "
                    f"{max(available, 0)}{shared}",
                    at(number, "count"),
                    f"lower 'count' to {available}, or {_pool_grows(draw, draw.count - available)}"
                    if available > 0
                    else _pool_grows(draw, draw.count - available),
                )
            )
        elif draw.count == len(pool) and not taken and quiz.attempts > 1:
            diagnostics.append(
                warning(
                    "W109",
                    f"draw {number + 1} takes all {available} questions that {_pool_name(draw)} gives, so every "
                    "attempt asks the same ones",
                    at(number, "count"),
                    f"{_pool_grows(draw, draw.count)} (with twice 'count', a retry asks none of the last attempt's "
                    "questions), or list these questions under 'questions:'",
                )
            )
    return diagnostics


def check_course(
    parts: ValidatedParts, inventory: frozenset[str], escaping_links: frozenset[str]
) -> tuple[set[str], list[Diagnostic]]:
    """Run every whole-course rule; return the course files the package needs and the diagnostics."""
    resolved, mentioned, diagnostics = check_references(parts, inventory, escaping_links)
    diagnostics += _check_links(parts)
    diagnostics += _check_titles(parts)
    diagnostics += _check_field_markdown(parts)
    diagnostics += _check_ids(parts)
    diagnostics += _check_lesson_order(parts)
    diagnostics += _check_quiz_rule(parts)
    diagnostics += _check_branding(parts)
    diagnostics += _check_feedback(parts)
    diagnostics += _check_answers(parts)
    diagnostics += _check_blocks(parts)
    diagnostics += _check_draws(parts)
    if not parts.incomplete:
        diagnostics += _check_unused_media(inventory, resolved | mentioned)
    return resolved, diagnostics


def assemble_course(parts: ValidatedParts) -> Course:
    """Put the validated parts together in the authored lesson order (call only when error-free)."""
    assert parts.config is not None
    by_id = {lesson.id: lesson for lesson in parts.lessons}
    # Every part was validated on its own; construct() does not validate them again.
    return Course.model_construct(
        config=parts.config, lessons=[by_id[i] for i in parts.config.lessons], quiz=parts.quiz, banks=parts.banks
    )
