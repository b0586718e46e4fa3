"""Loaded theme -> W401 warnings for files in the course's templates/ folder that override nothing."""

from __future__ import annotations

import posixpath

from compiler.blocks.registry import block_templates
from compiler.diagnostics import Diagnostic, SourceSpan, nearest, warning
from compiler.render.theme import Theme

COURSE_TEMPLATES = "templates/"
"""Where course-local overrides live, relative to the course root (the theme loader's label)."""


def theme_templates(theme: Theme) -> list[str]:
    """Template names the theme, the themes it extends and the registered blocks provide, sorted."""
    names: set[str] = set(block_templates())
    for folder in theme.chain:
        prefix = f"{folder.label}/templates/"
        names.update(path.removeprefix(prefix) for path in theme.sources if path.startswith(prefix))
    return sorted(names)


def check_overrides(theme: Theme) -> list[Diagnostic]:
    """W401 for each course template the theme does not have and no other course template includes.

    Such a file is never rendered, so a guessed name (templates/footer.html for partials/footer.html)
    would otherwise change nothing without a word.
    """
    provided = theme_templates(theme)
    course = {
        path.removeprefix(COURSE_TEMPLATES): text
        for path, text in theme.sources.items()
        if path.startswith(COURSE_TEMPLATES)
    }
    diagnostics: list[Diagnostic] = []
    for name in sorted(course):
        if name in provided:
            continue
        if any(f'"{name}"' in text or f"'{name}'" in text for other, text in course.items() if other != name):
            continue  # a new partial that a course override includes
        by_file_name = [p for p in provided if posixpath.basename(p) == posixpath.basename(name)]
        guess = by_file_name[0] if by_file_name else nearest(name, provided)
        listing = ", ".join(provided)
        hint = f"did you mean '{COURSE_TEMPLATES}{guess}'? " if guess else ""
        diagnostics.append(
            warning(
                "W401",
                f"'{COURSE_TEMPLATES}{name}' overrides no template of the theme '{theme.name}', so it is never used",
                SourceSpan(f"{COURSE_TEMPLATES}{name}", 0, 0),
                f"{hint}an override must have the path of a theme template: {listing}",
            )
        )
    return diagnostics
