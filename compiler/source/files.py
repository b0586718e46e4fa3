"""Read a course folder: sorted walk, UTF-8 decode -> CourseFiles; the only reader of course_src/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler.diagnostics import Diagnostic, SourceSpan, error, warning

LESSON_SUFFIX = ".md"
MISNAMED_LESSON_SUFFIXES = (".markdown", ".mdown", ".mkd", ".txt")
"""Read as lessons anyway (so one naming slip is one error), but reported; in any letter case (`.MD` too)."""
DOCUMENTS = ("course.yaml", "quiz.yaml")
OUTPUT_FOLDER = "build"
"""Where `coursec compile` writes the zips without -o: this folder inside the course folder. It is the
compiler's output, so the course's own files never include it (a compile does not read or package
its earlier zips)."""
MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024
"""Largest course.yaml, quiz.yaml or lesson file read (4 MiB: the bundled course's largest file is 8 KB)."""


@dataclass(frozen=True)
class SourceFile:
    """A decoded text file of the course, path relative to the course root with '/' separators."""

    path: str
    text: str


@dataclass(frozen=True)
class CourseFiles:
    """Everything the later stages need to know about the course folder, read once."""

    root: Path
    texts: dict[str, SourceFile] = field(default_factory=dict)
    inventory: frozenset[str] = frozenset()
    """Every regular, non-hidden file below the root (relative paths, exact case)."""
    misnamed: frozenset[str] = frozenset()
    """course.yaml or quiz.yaml present under another name ('course.yml', 'Quiz.yaml'; reported as E107)."""
    escaping_links: frozenset[str] = frozenset()
    """Symbolic links whose target lies outside the course folder."""
    unreadable: frozenset[str] = frozenset()
    """Files that exist but cannot be read (reported as E108)."""
    undecodable: dict[str, str] = field(default_factory=dict)
    """Text of files that are not valid UTF-8, with U+FFFD for the bad bytes: only to quote under E101."""

    def lesson_paths(self) -> list[str]:
        """Lesson files in sorted order."""
        return sorted(p for p in self.texts if is_lesson_path(p))

    def bank_paths(self) -> list[str]:
        """Question bank files (banks/<name>.yaml) in sorted order."""
        return sorted(p for p in self.texts if is_bank_path(p))


def is_lesson_path(relative: str) -> bool:
    """Whether a course-relative path is (meant to be) a lesson file: `.md`, or a misnamed one in any letter case."""
    return relative.startswith("lessons/") and relative.lower().endswith((LESSON_SUFFIX, *MISNAMED_LESSON_SUFFIXES))


def misnamed_document(relative: str) -> str | None:
    """The name a root file was meant to have ('Course.yml' -> 'course.yaml'), or None."""
    lowered = relative.lower()
    stem, dot, suffix = lowered.rpartition(".")
    wanted = f"{stem}.yaml" if dot and suffix in ("yaml", "yml") else None
    return wanted if wanted in DOCUMENTS and relative != wanted else None


TRANSLATIONS_FOLDER = "translations"
"""Folder of a course's translation files, `translations/<language>.xlf`."""


def translation_path(language: str) -> str:
    """Where the translation into a language lives, course-relative."""
    return f"{TRANSLATIONS_FOLDER}/{language}.xlf"


MEDIA_FOLDER = "media"
"""Folder of a course's media files; `media/<language>/<path>` replaces `media/<path>` in that edition."""


@dataclass(frozen=True)
class LocalizedMedia:
    """A media file for one edition: `media/<language>/<path>` stands in for `media/<path>`."""

    path: str
    language: str
    counterpart: str


def localized_media(inventory: Iterable[str]) -> list[LocalizedMedia]:
    """The course's media files for one language: under media/<language>/, where translations/<language>.xlf exists.

    A folder of media/ named like a language the course is not translated into is ordinary media.
    """
    files = sorted(inventory)
    languages = {
        relative.removeprefix(f"{TRANSLATIONS_FOLDER}/")[:-4] for relative in files if is_translation_path(relative)
    }
    found: list[LocalizedMedia] = []
    for relative in files:
        parts = relative.split("/", 2)
        if len(parts) == 3 and parts[0] == MEDIA_FOLDER and parts[1] in languages:
            found.append(LocalizedMedia(relative, parts[1], f"{MEDIA_FOLDER}/{parts[2]}"))
    return found


def is_translation_path(relative: str) -> bool:
    """Whether a course-relative path is a translation file (translations/<language>.xlf)."""
    return relative.startswith(f"{TRANSLATIONS_FOLDER}/") and relative.count("/") == 1 and relative.endswith(".xlf")


BANKS_FOLDER = "banks"
"""Folder of a course's question banks, `banks/<name>.yaml` (docs/course-format.md, "Question banks")."""


def is_bank_path(relative: str) -> bool:
    """Whether a course-relative path is a question bank file (banks/<name>.yaml)."""
    return relative.startswith(f"{BANKS_FOLDER}/") and relative.count("/") == 1 and relative.endswith(".yaml")


def bank_name(relative: str) -> str:
    """The name a quiz draws a bank file by: 'banks/privacy.yaml' -> 'privacy'."""
    return relative.removeprefix(f"{BANKS_FOLDER}/").removesuffix(".yaml")


def _is_read(relative: str) -> bool:
    """Whether the compiler reads this file as text (the others are packaged as they are)."""
    return (
        relative in ("course.yaml", "quiz.yaml")
        or is_lesson_path(relative)
        or is_translation_path(relative)
        or is_bank_path(relative)
    )


def _naming_errors(files: list[str]) -> list[Diagnostic]:
    diagnostics = []
    for relative in files:
        wanted = misnamed_document(relative)
        if wanted is not None:
            if wanted in files:
                diagnostics.append(
                    warning(
                        "W107",
                        f"'{relative}' is not read: the course reads '{wanted}'",
                        SourceSpan(relative, 0, 0),
                        f"move what you still need from '{relative}' into '{wanted}', then delete '{relative}'",
                    )
                )
            else:
                diagnostics.append(
                    error(
                        "E107",
                        f"'{relative}' is not read: the file must be named '{wanted}'",
                        SourceSpan(relative, 0, 0),
                        f"rename '{relative}' to '{wanted}'",
                    )
                )
        elif relative.startswith(f"{BANKS_FOLDER}/") and relative.lower().endswith((".yml", ".yaml")):
            stem = relative.rsplit(".", 1)[0]
            if not is_bank_path(relative):
                diagnostics.append(
                    error(
                        "E107",
                        f"question banks are files 'banks/<name>.yaml', found '{relative}'",
                        SourceSpan(relative, 0, 0),
                        f"rename it to '{stem.lower()}.yaml'" if relative.count("/") == 1 else "move it into banks/",
                    )
                )
        elif is_lesson_path(relative) and not relative.endswith(LESSON_SUFFIX):
            stem = relative.rsplit(".", 1)[0]
            diagnostics.append(
                error(
                    "E107",
                    f"lesson files end in '.md', found '{relative}'",
                    SourceSpan(relative, 0, 0),
                    f"rename it to '{stem}.md'",
                )
            )
    return diagnostics


_LESSON_LIKE = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n(?:.*\r?\n)*?id:", re.MULTILINE)


def _stray_lessons(root: Path, files: list[str]) -> list[Diagnostic]:
    """W104 for a Markdown file with lesson front matter outside lessons/: it would never be read."""
    found = []
    for relative in files:
        if is_lesson_path(relative) or relative.startswith("templates/") or not relative.lower().endswith(".md"):
            continue
        try:
            with (root / relative).open("rb") as handle:
                head = handle.read(2048)
        except OSError:
            continue  # not read anyway; only a guess at what the author meant is lost
        if _LESSON_LIKE.match(head) is None:
            continue
        wanted = "lessons/" + relative.split("/", 1)[1] if relative.lower().startswith("lessons/") else None
        hint = f"move it to '{wanted or 'lessons/' + relative.rsplit('/', 1)[-1]}': lessons are read from lessons/ only"
        found.append(
            warning(
                "W104",
                f"'{relative}' looks like a lesson but is not in lessons/, so it is not read",
                SourceSpan(relative, 0, 0),
                hint,
            )
        )
    return found


@dataclass
class _Walk:
    files: list[str] = field(default_factory=list)
    escaping: list[str] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)
    """Symbolic links that lead nowhere: (path, why)."""


def _link_target(link: Path) -> Path | None:
    """Where a symbolic link leads, or None for a loop or a dangling link."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return None
    return target


def _walk(root: Path) -> _Walk:
    walk = _Walk()
    resolved_root = root.resolve()
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        top = Path(directory) == root
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (top and d == OUTPUT_FOLDER))
        base = Path(directory)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = base / name
            relative = full.relative_to(root).as_posix()
            if full.is_symlink():
                target = _link_target(full)
                if target is None:
                    walk.broken.append((relative, "it is a symbolic link that leads nowhere (missing or looping)"))
                    continue
                if not target.is_relative_to(resolved_root):
                    walk.escaping.append(relative)
                    continue
            if full.is_file():
                walk.files.append(relative)
        # Symlinked directories are not followed by os.walk; record those that leave the root.
        for name in list(dirnames):
            full = base / name
            if full.is_symlink():
                target = _link_target(full)
                if target is None or not target.is_relative_to(resolved_root):
                    walk.escaping.append(full.relative_to(root).as_posix())
    walk.files.sort()
    walk.escaping.sort()
    return walk


def load_course_files(root: Path) -> tuple[CourseFiles, list[Diagnostic]]:
    """Read the course's text files (course.yaml, quiz.yaml, lessons/*.md) and list all others."""
    walk = _walk(root)
    files = walk.files
    diagnostics: list[Diagnostic] = _naming_errors(files) + _stray_lessons(root, files)
    # A broken link among the files the compiler reads is an error; elsewhere it is as good as absent
    # (a reference to it is reported as a missing file).
    unreadable = {relative for relative, _ in walk.broken if _is_read(relative)}
    diagnostics += [
        error(
            "E108", f"file cannot be read: {why}", SourceSpan(relative, 0, 0), "point the link at a file, or remove it"
        )
        for relative, why in walk.broken
        if relative in unreadable
    ]
    texts: dict[str, SourceFile] = {}
    undecodable: dict[str, str] = {}
    for relative in files:
        if not _is_read(relative):
            continue
        try:
            # Checked before reading: a file over the limit is never read into memory.
            too_large = (root / relative).stat().st_size > MAX_TEXT_FILE_BYTES
            raw = b"" if too_large else (root / relative).read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            unreadable.add(relative)
            diagnostics.append(
                error("E108", f"file cannot be read: {reason}", SourceSpan(relative, 0, 0), "check its permissions")
            )
            continue
        if too_large:
            unreadable.add(relative)
            diagnostics.append(
                error(
                    "E116",
                    f"file is larger than {MAX_TEXT_FILE_BYTES // (1024 * 1024)} MiB, the most coursec reads",
                    SourceSpan(relative, 0, 0),
                    "split it: a lesson this long is hard to follow; move large data into media files",
                )
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            line_start = raw.rfind(b"\n", 0, exc.start) + 1
            # In characters, not bytes: everything before the bad byte decoded fine.
            column = len(raw[line_start : exc.start].decode("utf-8")) + 1
            guess = raw[exc.start : exc.start + 1].decode("cp1252", errors="replace")
            hint = "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"
            if guess != "\ufffd":
                hint = f"byte 0x{raw[exc.start]:02x} is '{guess}' in Windows-1252 (ANSI/Latin-1): " + hint
            diagnostics.append(
                error(
                    "E101",
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}, column {column})",
                    SourceSpan(relative, line, column),
                    hint,
                )
            )
            undecodable[relative] = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
            continue
        # Normalise line ends so positions and output do not depend on the author's editor.
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        texts[relative] = SourceFile(relative, text)
    return (
        CourseFiles(
            root=root,
            texts=texts,
            inventory=frozenset(files),
            misnamed=frozenset(wanted for wanted in map(misnamed_document, files) if wanted is not None),
            escaping_links=frozenset(walk.escaping),
            unreadable=frozenset(unreadable),
            undecodable=undecodable,
        ),
        diagnostics,
    )


def read_files(root: Path, relatives: Iterable[str]) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Read the given course files (already checked to exist inside the root) as bytes; E108 for unreadable ones."""
    contents: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = []
    for relative in sorted(set(relatives)):
        try:
            contents[relative] = (root / relative).read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            diagnostics.append(
                error("E108", f"file cannot be read: {reason}", SourceSpan(relative, 0, 0), "check its permissions")
            )
    return contents, diagnostics
