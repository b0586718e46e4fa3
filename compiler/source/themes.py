"""Theme name + theme folders -> ThemeSource (every file of the theme and its extends chain, read once); I/O edge.

A theme is a folder `<theme dir>/<name>/` holding `theme.yaml`, `templates/`, `static/`, `runtime/`,
`fonts/` (typeface sources the render stage subsets; never shipped as they are) and
`messages/<language>/*.yaml`. This is the one module that reads theme folders: the compiler,
the CLI (quoting source lines) and the preview server all use what it returns.

Folders are searched in order: the ones the author names (`--theme-dir`), then the themes shipped
inside the coursec package (`compiler.themes`, found through importlib.resources, so coursec works
from a wheel in any folder). The chain follows `extends` from the chosen theme and ends with
`default`, unless a theme stands alone without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from compiler.diagnostics import Diagnostic, SourceSpan, error, nearest
from compiler.source.yaml_positions import PositionMap, parse_yaml

DEFAULT_THEME = "default"
"""The base theme every theme falls back to (rule 14)."""
COURSE_LEVEL = "course"
"""Template prefix of the course's own `templates/` folder."""
PARENT_PREFIX = "parent"
"""Template prefix meaning "the next level below the template that names it"."""
RESERVED_NAMES = frozenset({COURSE_LEVEL, PARENT_PREFIX})
THEME_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""A theme's folder name: lower-case letters, digits and '-'."""
_ASSET_FOLDERS = ("runtime", "static")
_FONT_FOLDER = "fonts"
_DOC_SUFFIXES = (".md",)  # e.g. runtime/DOM.md documents the theme; it is not shipped to learners
_THEME_NAME = re.compile(THEME_NAME_PATTERN)


def bundled_theme_dir() -> Path:
    """The folder of the themes shipped with coursec (package data; the repository's themes/ when editable)."""
    return Path(str(resources.files("compiler.themes")))


def theme_search_path(theme_dirs: Sequence[Path] = (), *, bundled: bool = True) -> tuple[Path, ...]:
    """The folders searched for themes: the given ones first, then (unless bundled=False) the bundled themes."""
    extra = tuple(theme_dirs)
    if not bundled:
        return extra
    bundled_dir = bundled_theme_dir()
    if any(_same_folder(folder, bundled_dir) for folder in extra):
        return extra
    return (*extra, bundled_dir)


@dataclass(frozen=True)
class ThemeFolder:
    """One theme of the extends chain, as found on disk."""

    name: str
    path: Path
    label: str
    """How diagnostics name the folder: relative to the theme folder's parent, e.g. 'themes/default'."""


@dataclass(frozen=True)
class ThemeLayer:
    """One theme of the chain, read: theme.yaml parsed with positions, and its files."""

    folder: ThemeFolder
    config: object
    """theme.yaml as plain data (validated by compiler.model.theme); None for an empty file."""
    positions: PositionMap
    templates: Mapping[str, str]
    """templates/ texts by path relative to that folder (LF line endings)."""
    assets: Mapping[str, bytes]
    """Files of static/ and runtime/ by archive path (e.g. 'static/theme.css')."""
    messages: Mapping[str, Mapping[str, str]]
    """Message catalogue texts: {language folder: {diagnostic path: text}}."""
    fonts: Mapping[str, bytes] = field(default_factory=dict)
    """Files of fonts/ by theme path (e.g. 'fonts/OFL.txt'): typeface sources, subset per course, not shipped as is."""


@dataclass(frozen=True)
class ThemeSource:
    """Everything read for one theme: the chain (chosen theme first) and the course's template overrides."""

    name: str
    layers: tuple[ThemeLayer, ...]
    """Empty when the chain is broken (the diagnostics say why)."""
    course_templates: Mapping[str, str] = field(default_factory=dict)
    """The course's own templates/ folder, by path relative to it."""
    course_messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The course's own messages/<language>/*.yaml texts (over the theme's; any language)."""
    texts: Mapping[str, str] = field(default_factory=dict)
    """Every text file read, by diagnostic path, to quote source lines under diagnostics."""


def read_theme(
    name: str,
    theme_dirs: Sequence[Path],
    course_root: Path | None = None,
    *,
    bundled: bool = True,
    asked_by: SourceSpan | None = None,
) -> tuple[ThemeSource, list[Diagnostic]]:
    """Find a theme along theme_dirs (then the bundled themes) and read its whole extends chain.

    `asked_by` is where the name was written (course.yaml's `theme:` value): a theme that is not
    found is reported there (else at the start of course.yaml).
    """
    diagnostics: list[Diagnostic] = []
    texts: dict[str, str] = {}
    layers = _read_chain(name, theme_dirs, bundled, texts, diagnostics, asked_by)
    course_templates: dict[str, str] = {}
    course_messages: dict[str, Mapping[str, str]] = {}
    if course_root is not None and (course_root / "templates").is_dir():
        course_templates = _read_texts(course_root / "templates", "templates", "E403", texts, diagnostics)
    if course_root is not None:
        course_messages = _read_messages(course_root / "messages", "messages", texts, diagnostics)
    source = ThemeSource(
        name=name,
        layers=tuple(layers),
        course_templates=MappingProxyType(course_templates),
        course_messages=MappingProxyType(course_messages),
        texts=MappingProxyType(texts),
    )
    return source, diagnostics


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _label(directory: Path, name: str) -> str:
    return f"{directory.resolve().name or directory.as_posix()}/{name}"


def _available_themes(theme_dirs: Sequence[Path]) -> list[str]:
    names: set[str] = set()
    for directory in theme_dirs:
        if directory.is_dir():
            names.update(p.name for p in directory.iterdir() if (p / "theme.yaml").is_file())
    return sorted(names)


def _find_theme(name: str, theme_dirs: Sequence[Path]) -> ThemeFolder | None:
    for directory in theme_dirs:
        path = directory / name
        if (path / "theme.yaml").is_file():
            return ThemeFolder(name, path, _label(directory, name))
    return None


def _read_chain(
    name: str,
    named: Sequence[Path],
    bundled: bool,
    texts: dict[str, str],
    diagnostics: list[Diagnostic],
    asked_by: SourceSpan | None,
) -> list[ThemeLayer]:
    """Follow `extends` from the chosen theme, then `default`; stop at the first broken link."""
    search_path = theme_search_path(named, bundled=bundled)
    chain: list[ThemeLayer] = []
    current: str | None = name
    # asked_by: where `current` was named (course.yaml's `theme:`, then each `extends` value)
    implicit = False
    while True:
        if current is None:
            if implicit or any(layer.folder.name == DEFAULT_THEME for layer in chain):
                break
            current, asked_by, implicit = DEFAULT_THEME, None, True
        if current in RESERVED_NAMES:
            diagnostics.append(
                error(
                    "E401",
                    f"'{current}' is reserved for template prefixes and cannot name a theme",
                    asked_by or SourceSpan("course.yaml", 0, 0),
                    "rename the theme folder",
                )
            )
            return []
        if any(layer.folder.name == current for layer in chain):
            diagnostics.append(
                error(
                    "E402",
                    f"theme '{current}' extends itself through {' -> '.join(layer.folder.name for layer in chain)}",
                    asked_by,
                    "remove 'extends' from one of these themes",
                )
            )
            return []
        folder = _find_theme(current, search_path)
        if folder is None:
            if implicit:
                break  # a self-contained theme does not need `default` next to it
            searched = (
                ", ".join(
                    f"{d.as_posix()}/" if index < len(named) else "the themes bundled with coursec"
                    for index, d in enumerate(search_path)
                )
                or "no theme folders"
            )
            hint = f"searched {searched}"
            guess = nearest(current, _available_themes(search_path))
            if guess is not None:
                hint = f"did you mean '{guess}'? ({hint})"
            diagnostics.append(
                error("E401", f"theme '{current}' not found", asked_by or SourceSpan("course.yaml", 0, 0), hint)
            )
            return []
        layer = _read_layer(folder, texts, diagnostics)
        if layer is None:
            return []
        chain.append(layer)
        extends = layer.config.get("extends") if isinstance(layer.config, dict) else None
        if extends is not None and not (isinstance(extends, str) and _THEME_NAME.match(extends)):
            break  # not a theme name: compiler.model.theme reports it where it is written
        asked_by = layer.positions.span(("extends",))
        current = extends
    return chain


def _read_layer(folder: ThemeFolder, texts: dict[str, str], diagnostics: list[Diagnostic]) -> ThemeLayer | None:
    label = f"{folder.label}/theme.yaml"
    text = _read_text(folder.path / "theme.yaml", label, "E402", diagnostics)
    if text is None:
        return None
    texts[label] = text
    data, positions, yaml_errors = parse_yaml(text, label)
    if yaml_errors:
        diagnostics.extend(replace(d, code="E402") for d in yaml_errors)
        return None
    templates = _read_texts(folder.path / "templates", f"{folder.label}/templates", "E403", texts, diagnostics)
    return ThemeLayer(
        folder=folder,
        config=data,
        positions=positions,
        templates=MappingProxyType(templates),
        assets=MappingProxyType(_read_assets(folder, _ASSET_FOLDERS, diagnostics)),
        fonts=MappingProxyType(_read_assets(folder, (_FONT_FOLDER,), diagnostics)),
        messages=MappingProxyType(
            _read_messages(folder.path / "messages", f"{folder.label}/messages", texts, diagnostics)
        ),
    )


def _walk_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Regular, non-hidden files below root as (relative '/' path, path), sorted."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
            yield relative, path


def _read_text(path: Path, label: str, code: str, diagnostics: list[Diagnostic]) -> str | None:
    """A theme file as text with LF line endings; None (and a diagnostic naming it) when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.append(
            error(code, f"cannot read this theme file: {exc.strerror or exc}", SourceSpan(label, 0, 0), _FIX_ACCESS)
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diagnostics.append(
            error(
                code,
                f"this theme file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line})",
                SourceSpan(label, 0, 0),
                "save the file as UTF-8 in your editor",
            )
        )
        return None
    # A byte order mark (Windows editors write one) is no part of the text: it would reach the page.
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


_FIX_ACCESS = "check that the file exists and that you may read it"


def _read_texts(
    root: Path, label: str, code: str, texts: dict[str, str], diagnostics: list[Diagnostic]
) -> dict[str, str]:
    found: dict[str, str] = {}
    for relative, path in _walk_files(root):
        text = _read_text(path, f"{label}/{relative}", code, diagnostics)
        if text is not None:
            found[relative] = text
            texts[f"{label}/{relative}"] = text
    return found


def _read_assets(folder: ThemeFolder, subfolders: Sequence[str], diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    assets: dict[str, bytes] = {}
    for sub in subfolders:
        for relative, path in _walk_files(folder.path / sub):
            if relative.endswith(_DOC_SUFFIXES):
                continue
            try:
                assets[f"{sub}/{relative}"] = path.read_bytes()
            except OSError as exc:
                diagnostics.append(
                    error(
                        "E402",
                        f"cannot read this theme file: {exc.strerror or exc}",
                        SourceSpan(f"{folder.label}/{sub}/{relative}", 0, 0),
                        _FIX_ACCESS,
                    )
                )
    return assets


def _read_messages(
    root: Path, label_prefix: str, texts: dict[str, str], diagnostics: list[Diagnostic]
) -> dict[str, Mapping[str, str]]:
    """messages/<language>/*.yaml texts (one level deep; other files are ignored)."""
    if not root.is_dir():
        return {}
    catalogues: dict[str, Mapping[str, str]] = {}
    for language_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files: dict[str, str] = {}
        for relative, path in _walk_files(language_dir):
            if "/" in relative or not relative.endswith((".yaml", ".yml")):
                continue
            label = f"{label_prefix}/{language_dir.name}/{relative}"
            text = _read_text(path, label, "E402", diagnostics)
            if text is not None:
                files[label] = text
                texts[label] = text
        catalogues[language_dir.name] = MappingProxyType(files)
    return catalogues
