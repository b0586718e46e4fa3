"""Read a course folder: sorted walk, UTF-8 decode -> CourseFiles; the only reader of course_src/."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler.diagnostics import Diagnostic, SourceSpan, error

TEXT_SUFFIXES = (".yaml", ".yml", ".md")


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
    escaping_links: frozenset[str] = frozenset()
    """Symbolic links whose target lies outside the course folder."""

    def lesson_paths(self) -> list[str]:
        """Lesson files in sorted order."""
        return sorted(p for p in self.texts if p.startswith("lessons/") and p.endswith(".md"))


def _is_hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/"))


def _walk(root: Path) -> tuple[list[str], list[str]]:
    files: list[str] = []
    escaping: list[str] = []
    resolved_root = root.resolve()
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(directory)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = base / name
            relative = full.relative_to(root).as_posix()
            if full.is_symlink():
                target = full.resolve()
                if not target.is_relative_to(resolved_root):
                    escaping.append(relative)
                    continue
            if full.is_file():
                files.append(relative)
        # Symlinked directories are not followed by os.walk; record those that leave the root.
        for name in list(dirnames):
            full = base / name
            if full.is_symlink() and not full.resolve().is_relative_to(resolved_root):
                escaping.append(full.relative_to(root).as_posix())
    return sorted(files), sorted(escaping)


def load_course_files(root: Path) -> tuple[CourseFiles, list[Diagnostic]]:
    """Read the course's text files (course.yaml, quiz.yaml, lessons/*.md) and list all others."""
    files, escaping = _walk(root)
    diagnostics: list[Diagnostic] = []
    texts: dict[str, SourceFile] = {}
    for relative in files:
        wanted = relative in ("course.yaml", "quiz.yaml") or (
            relative.startswith("lessons/") and relative.endswith(".md") and not _is_hidden(relative)
        )
        if not wanted:
            continue
        raw = (root / relative).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            diagnostics.append(
                error(
                    "E101",
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                    SourceSpan(relative, line, column),
                    "save the file with UTF-8 encoding",
                )
            )
            continue
        # Normalise line ends so positions and output do not depend on the author's editor.
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        texts[relative] = SourceFile(relative, text)
    return (
        CourseFiles(root=root, texts=texts, inventory=frozenset(files), escaping_links=frozenset(escaping)),
        diagnostics,
    )


def read_files(root: Path, relatives: Iterable[str]) -> dict[str, bytes]:
    """Read the given course files (already checked to exist inside the root) as bytes."""
    return {relative: (root / relative).read_bytes() for relative in sorted(set(relatives))}
