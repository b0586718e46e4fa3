"""Recognise the authoring tool that made a package: archive paths in, the tool's name and the evidence out.

Only file and folder names are used, as the tools lay out their SCORM exports (see docs/inspect.md);
nothing is read from the files, so a package no rule matches is simply of an unknown tool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AuthoringTool:
    """The tool that most likely made a package, and the names it was recognised by."""

    name: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Layout:
    """Root files, root folders (with a trailing '/') and the base names of every file."""

    root: frozenset[str]
    basenames: frozenset[str]


def _layout(names: Iterable[str]) -> _Layout:
    root: set[str] = set()
    basenames: set[str] = set()
    for name in names:
        first, separator, _ = name.partition("/")
        root.add(first + separator)
        basename = name.rstrip("/").rsplit("/", 1)[-1]
        if not name.endswith("/"):
            basenames.add(basename.lower())
    return _Layout(frozenset(root), frozenset(basenames))


def _root(*wanted: str) -> Callable[[_Layout], tuple[str, ...]]:
    """Match when any of the wanted root files or folders is there; evidence is those found."""

    def match(layout: _Layout) -> tuple[str, ...]:
        return tuple(name for name in wanted if name in layout.root)

    return match


def _h5p(layout: _Layout) -> tuple[str, ...]:
    # An H5P content package describes itself in h5p.json; Lumi's exports carry it too.
    found = [name for name in ("h5p.json",) if name in layout.basenames]
    found += sorted(name for name in layout.root if name.startswith("H5P.") and name.endswith("/"))
    return tuple(found)


# First match wins: Storyline exports may carry a SCORM driver folder like Rise's, so they come first.
_RULES: tuple[tuple[str, Callable[[_Layout], tuple[str, ...]]], ...] = (
    ("Articulate Storyline", _root("story.html", "story_content/")),
    ("Articulate Rise 360", _root("scormdriver/", "scormcontent/")),
    ("iSpring Suite", _root("res/")),
    ("Adapt", _root("adapt/")),
    ("Lumi / H5P", _h5p),
)


def recognise_tool(names: Iterable[str]) -> AuthoringTool | None:
    """Name the authoring tool whose export layout the archive paths follow, if one does."""
    layout = _layout(names)
    for name, match in _RULES:
        evidence = match(layout)
        if evidence:
            return AuthoringTool(name, evidence)
    return None
