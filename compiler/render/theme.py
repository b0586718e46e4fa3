"""Theme name + theme folders -> Theme (validated theme.yaml, jinja Environment, assets, messages); I/O edge.

A theme is a folder `<theme dir>/<name>/` holding `theme.yaml`, `templates/`, `static/`,
`runtime/` and `messages/<language>/*.yaml`. This module reads all of it once, so rendering
(`compiler.render.pages`) never touches the disk.

Template lookup is a search path of *levels*, first match wins:

1. `course`: the course's own `templates/` folder (course-local overrides);
2. the chosen theme, then each theme it `extends`, in order;
3. `default`, when it is not already in the chain.

Template names may carry a prefix, `"<level>:<template>"`:

- `"<theme name>:index.html"` (or `"course:index.html"`) loads exactly that level's file;
- `"parent:index.html"` loads the nearest version *below the template that names it*, so an
  override extends the file it replaces instead of copying it: a course override of
  `index.html` that says `{% extends "parent:index.html" %}` gets the theme's `index.html`,
  and a theme that extends `default` and says the same gets default's.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Annotated

import jinja2
from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error, nearest
from compiler.model.checks import contrast_ratio
from compiler.model.validate import translate_errors
from compiler.render.markdown import render_inline, render_markdown
from compiler.source.yaml_positions import PositionMap, parse_yaml

DEFAULT_THEME = "default"
"""The base theme every theme falls back to (rule 14)."""
COURSE_LEVEL = "course"
"""Template prefix of the course's own `templates/` folder."""
PARENT_PREFIX = "parent"
"""Template prefix meaning "the next level below the template that names it"."""
FALLBACK_LANGUAGE = "en"
FALLBACK_PRIMARY_COLOR = "#1d5fa8"
"""Brand colour when neither the course nor any theme of the chain sets one (7:1 on white)."""
"""Catalogue used when the theme has none for the course language."""
_RESERVED_NAMES = frozenset({COURSE_LEVEL, PARENT_PREFIX})
_ASSET_FOLDERS = ("runtime", "static")
_DOC_SUFFIXES = (".md",)  # e.g. runtime/DOM.md documents the theme; it is not shipped to learners
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

HexColour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="A colour as #rrggbb."),
]
ThemeName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
    Field(description="A theme's folder name: lower-case letters, digits and '-'."),
]
ScriptPath = Annotated[
    str,
    StringConstraints(pattern=r"^runtime/[A-Za-z0-9_][A-Za-z0-9_./-]*\.js$"),
    Field(description="A JavaScript file of the theme's runtime/ folder, e.g. 'runtime/app.js'."),
]
StylePath = Annotated[
    str,
    StringConstraints(pattern=r"^static/[A-Za-z0-9_][A-Za-z0-9_./-]*\.css$"),
    Field(description="A stylesheet of the theme's static/ folder, e.g. 'static/theme.css'."),
]


class ThemeConfig(BaseModel):
    """theme.yaml: what a theme adds to or changes in the theme it extends.

    Keys left out are inherited from the parent theme (and, at the end of the chain, from
    `default`); `Theme.config` holds the merged result.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first use, not at import

    description: str | None = Field(None, description="What the theme is for (documentation only).")
    extends: ThemeName | None = Field(
        None, description="Parent theme whose templates, files and messages this theme inherits."
    )
    scripts: list[ScriptPath] | None = Field(
        None,
        description="The theme's own UI scripts (DOM only), loaded as classic scripts in this order after the "
        "compiler's runtime core and tracker adapter.",
    )
    styles: list[StylePath] | None = Field(None, description="Stylesheets index.html links, in this order.")
    primary_color: HexColour | None = Field(
        None,
        description="Brand colour when course.yaml sets none; needs 4.5:1 contrast with white "
        "(it is used for links and as the background of white button text).",
    )


@dataclass(frozen=True)
class ThemeFolder:
    """One theme of the extends chain, as found on disk."""

    name: str
    path: Path
    label: str
    """How diagnostics name the folder: relative to the theme folder's parent, e.g. 'themes/default'."""


@dataclass(frozen=True)
class _TemplateLevel:
    name: str
    label: str
    sources: Mapping[str, str]


@dataclass(frozen=True)
class Theme:
    """A loaded theme: merged config, search path, Environment, assets and message catalogues."""

    name: str
    config: ThemeConfig
    """theme.yaml merged down the chain (child keys over parent keys)."""
    chain: tuple[ThemeFolder, ...]
    """The chosen theme, the themes it extends, then `default`; highest precedence first."""
    environment: Environment
    """Built once here; loads templates from memory (no disk access while rendering)."""
    assets: Mapping[str, bytes]
    """Files of static/ and runtime/ by archive path, sorted; child files override parent files."""
    messages: Mapping[str, Mapping[str, str]]
    """Message catalogues: {language tag: {key: text}}, child keys over parent keys."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """Text of theme.yaml, template and message files by diagnostic path (for showing source lines)."""

    @property
    def primary_color(self) -> str:
        """The theme's default brand colour."""
        return self.config.primary_color or FALLBACK_PRIMARY_COLOR

    def select_language(self, language: str) -> str | None:
        """Pick the catalogue for a BCP 47 tag: exact tag, then primary subtag, then English."""
        tags = {tag.lower(): tag for tag in self.messages}
        wanted = language.lower()
        for candidate in (wanted, wanted.split("-")[0], FALLBACK_LANGUAGE):
            if candidate in tags:
                return tags[candidate]
        return None


# ---------------------------------------------------------------------------- templates


class MessageKeyError(jinja2.TemplateRuntimeError):
    """A template asked t() for a key the catalogue lacks, or left a {placeholder} of its text unfilled."""

    def __init__(self, key: str, language: str, placeholder: str | None = None) -> None:
        self.key = key
        self.language = language
        self.placeholder = placeholder
        if placeholder is None:
            super().__init__(f"message key '{key}' is not in the '{language}' catalogue")
        else:
            super().__init__(f"message '{key}' ({language}) needs a value for {{{placeholder}}}")


class _SearchPathLoader(BaseLoader):
    """Loads templates from memory along the search path, with '<level>:' prefixes."""

    def __init__(self, levels: Sequence[_TemplateLevel]) -> None:
        self.levels = tuple(levels)
        self._by_name = {level.name: index for index, level in enumerate(self.levels)}

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        prefix, separator, rest = template.partition(":")
        if separator and prefix in self._by_name:
            candidates: Sequence[_TemplateLevel] = (self.levels[self._by_name[prefix]],)
            name = rest
        else:
            candidates, name = self.levels, template
        for level in candidates:
            source = level.sources.get(name)
            if source is not None:
                return source, f"{level.label}/{name}", lambda: True
        searched = ", ".join(f"{level.label}/" for level in candidates) or "no template folders"
        raise TemplateNotFound(template, f"template '{template}' not found (searched {searched})")

    def list_templates(self) -> list[str]:
        return sorted({f"{level.name}:{name}" for level in self.levels for name in level.sources})

    def level_of(self, template: str) -> int | None:
        """Index of the level that provides a loaded template name."""
        prefix, separator, _ = template.partition(":")
        if separator and prefix in self._by_name:
            return self._by_name[prefix]
        return next((i for i, level in enumerate(self.levels) if template in level.sources), None)

    def below(self, template: str, parent: str) -> str:
        """Resolve 'parent:<template>' named in `parent` to the next level that has it."""
        start = self.level_of(parent)
        for level in self.levels[(start if start is not None else -1) + 1 :]:
            if template in level.sources:
                return f"{level.name}:{template}"
        raise TemplateNotFound(
            f"{PARENT_PREFIX}:{template}",
            f"no level below '{parent}' provides '{template}' (levels: "
            + ", ".join(level.name for level in self.levels)
            + ")",
        )


class ThemeEnvironment(Environment):
    """A jinja Environment whose `parent:` template prefix is relative to the naming template."""

    search_path: _SearchPathLoader

    def join_path(self, template: str, parent: str) -> str:
        """Resolve 'parent:<name>' against the level of the template that names it."""
        prefix, separator, rest = template.partition(":")
        if separator and prefix == PARENT_PREFIX:
            return self.search_path.below(rest, parent)
        return template


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (jinja checks each against its source's checksum).

    Compiling the templates is most of a small course's compile time. COURSEC_CACHE_DIR chooses the
    folder (empty: no cache); the default follows XDG. No cache when the folder cannot be made.
    """
    configured = os.environ.get("COURSEC_CACHE_DIR")
    if configured == "":
        return None
    if configured is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        configured = str(Path(base) / "coursec" / f"jinja-{jinja2.__version__}")
    try:
        Path(configured).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(configured, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(configured)


def _build_environment(levels: Sequence[_TemplateLevel]) -> ThemeEnvironment:
    search_path = _SearchPathLoader(levels)
    environment = ThemeEnvironment(
        loader=search_path,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    environment.search_path = search_path
    environment.filters["markdown"] = render_markdown
    environment.filters["inline"] = render_inline
    return environment


def bind_messages(environment: Environment, catalogue: Mapping[str, str], language: str) -> Environment:
    """Return an overlay of the environment whose global `t(key, **values)` reads one catalogue.

    `t` raises MessageKeyError for a missing key, so a template never shows a silent blank.
    With values, `{name}` placeholders in the text are filled and must all be given.
    """

    def t(key: str, **values: object) -> str:
        text = catalogue.get(key)
        if text is None:
            raise MessageKeyError(key, language)
        if not values:
            return text

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise MessageKeyError(key, language, placeholder=name)
            return str(values[name])

        return _PLACEHOLDER.sub(fill, text)

    # A fresh cache: templates compiled here see this overlay's globals, not the base ones.
    overlay = environment.overlay(cache_size=400)
    overlay.globals = {**environment.globals, "t": t}
    return overlay


def template_location(exc: BaseException, known_paths: Sequence[str] | frozenset[str]) -> SourceSpan | None:
    """Find the innermost template frame of an exception's traceback (paths as the loader named them)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename is not None and exc.filename in known_paths:
        return SourceSpan(exc.filename, exc.lineno or 1, 1)
    found: SourceSpan | None = None
    for tb in _tracebacks(exc.__traceback__):
        filename = tb.tb_frame.f_code.co_filename
        if filename in known_paths:
            found = SourceSpan(filename, tb.tb_lineno, 1)
    return found


def _tracebacks(tb: TracebackType | None) -> Iterator[TracebackType]:
    while tb is not None:
        yield tb
        tb = tb.tb_next


# ---------------------------------------------------------------------------- loading


def load_theme(name: str, theme_dirs: Sequence[Path], course_root: Path) -> tuple[Theme | None, list[Diagnostic]]:
    """Find, validate and read a theme with its extends chain; None when it cannot be used."""
    diagnostics: list[Diagnostic] = []
    chain, configs, positions = _resolve_chain(name, theme_dirs, diagnostics)
    if not chain:
        return None, diagnostics

    sources: dict[str, str] = {}
    for folder in chain:
        sources[f"{folder.label}/theme.yaml"] = (folder.path / "theme.yaml").read_text(encoding="utf-8")
    levels: list[_TemplateLevel] = []
    course_templates = course_root / "templates"
    if course_templates.is_dir():
        levels.append(_read_templates(COURSE_LEVEL, "templates", course_templates, sources, diagnostics))
    for folder in chain:
        if (folder.path / "templates").is_dir():
            levels.append(
                _read_templates(
                    folder.name, f"{folder.label}/templates", folder.path / "templates", sources, diagnostics
                )
            )
    environment = _build_environment(levels)
    diagnostics.extend(_compile_all(environment, levels))

    assets = _read_assets(chain)
    messages = _read_messages(chain, sources, diagnostics)
    config = _merge_configs(configs)
    diagnostics.extend(_check_config(config, configs, positions, assets))

    if any(d.code in ("E401", "E402") for d in diagnostics):
        return None, diagnostics
    theme = Theme(
        name=name,
        config=config,
        chain=tuple(chain),
        environment=environment,
        assets=MappingProxyType(assets),
        messages=MappingProxyType({lang: MappingProxyType(texts) for lang, texts in messages.items()}),
        sources=MappingProxyType(sources),
    )
    return theme, diagnostics


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
            parent = directory.resolve().name or directory.as_posix()
            return ThemeFolder(name, path, f"{parent}/{name}")
    return None


def _resolve_chain(
    name: str, theme_dirs: Sequence[Path], diagnostics: list[Diagnostic]
) -> tuple[list[ThemeFolder], list[ThemeConfig], list[PositionMap]]:
    """Follow `extends` from the chosen theme, then `default`; stop at the first broken link."""
    chain: list[ThemeFolder] = []
    configs: list[ThemeConfig] = []
    positions: list[PositionMap] = []
    current: str | None = name
    asked_by: SourceSpan | None = None  # the `extends` value that named `current`
    implicit = False
    while True:
        if current is None:
            if implicit or any(folder.name == DEFAULT_THEME for folder in chain):
                break
            current, asked_by, implicit = DEFAULT_THEME, None, True
        if current in _RESERVED_NAMES:
            diagnostics.append(
                error(
                    "E401",
                    f"'{current}' is reserved for template prefixes and cannot name a theme",
                    asked_by or SourceSpan("course.yaml", 0, 0),
                    "rename the theme folder",
                )
            )
            return [], [], []
        if any(folder.name == current for folder in chain):
            diagnostics.append(
                error(
                    "E402",
                    f"theme '{current}' extends itself through {' -> '.join(f.name for f in chain)}",
                    asked_by,
                    "remove 'extends' from one of these themes",
                )
            )
            return [], [], []
        folder = _find_theme(current, theme_dirs)
        if folder is None:
            if implicit:
                break  # a self-contained theme does not need `default` next to it
            searched = ", ".join(f"{d.as_posix()}/" for d in theme_dirs) or "no theme folders"
            hint = f"searched {searched}"
            guess = nearest(current, _available_themes(theme_dirs))
            if guess is not None:
                hint = f"did you mean '{guess}'? ({hint})"
            diagnostics.append(
                error("E401", f"theme '{current}' not found", asked_by or SourceSpan("course.yaml", 0, 0), hint)
            )
            return [], [], []
        config, position_map = _read_config(folder, diagnostics)
        if config is None:
            return [], [], []
        chain.append(folder)
        configs.append(config)
        positions.append(position_map)
        asked_by = position_map.span(("extends",))
        current = config.extends
    return chain, configs, positions


def _read_config(folder: ThemeFolder, diagnostics: list[Diagnostic]) -> tuple[ThemeConfig | None, PositionMap]:
    path = f"{folder.label}/theme.yaml"
    try:
        text = (folder.path / "theme.yaml").read_text(encoding="utf-8")
    except UnicodeDecodeError:
        diagnostics.append(error("E402", "theme.yaml is not valid UTF-8", SourceSpan(path, 1, 1)))
        return None, PositionMap(path)
    data, positions, yaml_errors = parse_yaml(text, path)
    if yaml_errors:
        diagnostics.extend(replace(d, code="E402") for d in yaml_errors)
        return None, positions
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diagnostics.append(error("E402", "theme.yaml must be a mapping of keys to values", positions.span(())))
        return None, positions
    try:
        return ThemeConfig.model_validate(data), positions
    except ValidationError as exc:
        diagnostics.extend(replace(d, code="E402") for d in translate_errors(exc, data, positions, ThemeConfig))
        return None, positions


def _walk_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Regular, non-hidden files below root as (relative '/' path, path), sorted."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
            yield relative, path


def _read_templates(
    level: str, label: str, root: Path, sources: dict[str, str], diagnostics: list[Diagnostic]
) -> _TemplateLevel:
    texts: dict[str, str] = {}
    for relative, path in _walk_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            diagnostics.append(error("E403", "template is not valid UTF-8", SourceSpan(f"{label}/{relative}", 1, 1)))
            continue
        text = text.replace("\r\n", "\n")
        texts[relative] = text
        sources[f"{label}/{relative}"] = text
    return _TemplateLevel(level, label, MappingProxyType(texts))


def _compile_all(environment: Environment, levels: Sequence[_TemplateLevel]) -> list[Diagnostic]:
    """Compile every template once, so syntax errors surface even in templates no page uses."""
    diagnostics: list[Diagnostic] = []
    known = frozenset(f"{level.label}/{name}" for level in levels for name in level.sources)
    owners = {name: level.name for level in reversed(levels) for name in level.sources}
    for level in levels:
        for name in sorted(level.sources):
            # Load the template under the name pages will ask for, so jinja's cache serves the render too.
            qualified = name if owners[name] == level.name else f"{level.name}:{name}"
            try:
                environment.get_template(qualified)
            except jinja2.TemplateSyntaxError as exc:
                path = f"{level.label}/{name}"
                span = template_location(exc, known) or SourceSpan(path, exc.lineno or 1, 1)
                message, hint = f"template syntax error: {exc.message}", _syntax_hint(exc)
                unclosed = _unclosed_block(environment, level.sources[name])
                if "Unexpected end of template" in (exc.message or "") and unclosed is not None:
                    tag, line, column = unclosed
                    span = SourceSpan(path, line, column)
                    message = f"template syntax error: '{{% {tag} %}}' is never closed"
                    hint = f"add {{% end{tag} %}} where the {tag} block should end"
                diagnostics.append(error("E403", message, span, hint))
    return diagnostics


_BLOCK_TAGS = frozenset({"if", "for", "block", "macro", "call", "filter", "with", "autoescape", "trans", "set"})


def _unclosed_block(environment: Environment, source: str) -> tuple[str, int, int] | None:
    """The innermost block tag still open at the end of a template: (tag, line, column)."""
    stack: list[tuple[str, int]] = []
    try:
        tokens = [(line, kind, value) for line, kind, value in environment.lex(source) if kind != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return None
    for index, (line, kind, _) in enumerate(tokens[:-1]):
        _, next_kind, name = tokens[index + 1]
        if kind != "block_begin" or next_kind != "name":
            continue
        if name == "set" and _sets_inline(tokens[index + 2 :]):
            continue
        if name in _BLOCK_TAGS:
            stack.append((name, line))
        elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
            stack.pop()
    if not stack:
        return None
    tag, line = stack[-1]
    text = source.splitlines()[line - 1] if line <= len(source.splitlines()) else ""
    match = re.search(r"\{%[-+]?\s*" + tag + r"\b", text)
    return tag, line, (match.start() + 1) if match else 1


def _sets_inline(tokens: Sequence[tuple[int, str, str]]) -> bool:
    """Whether a `{% set %}` assigns within its tag (`{% set x = 1 %}`) instead of opening a block."""
    for _, kind, value in tokens:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False


def _syntax_hint(exc: jinja2.TemplateSyntaxError) -> str | None:
    message = exc.message or ""
    match = re.search(r"No filter named '([^']+)'", message)
    if match:
        return did_you_mean(match.group(1), ["markdown", "inline", *sorted(jinja2.filters.FILTERS)])
    if "Unexpected end of template" in message or "unknown tag" in message:
        return "check that every {% if %}, {% for %}, {% block %} and {% macro %} has its end tag"
    return None


def _read_assets(chain: Sequence[ThemeFolder]) -> dict[str, bytes]:
    assets: dict[str, bytes] = {}
    for folder in reversed(chain):  # parents first, so children overwrite
        for sub in _ASSET_FOLDERS:
            for relative, path in _walk_files(folder.path / sub):
                if not relative.endswith(_DOC_SUFFIXES):
                    assets[f"{sub}/{relative}"] = path.read_bytes()
    return dict(sorted(assets.items()))


def _flatten(data: object, prefix: str, out: dict[str, tuple[object, tuple[str, ...]]], loc: tuple[str, ...]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(value, f"{prefix}{key}." if isinstance(value, dict) else f"{prefix}{key}", out, (*loc, key))
    else:
        out[prefix] = (data, loc)


def _read_messages(
    chain: Sequence[ThemeFolder], sources: dict[str, str], diagnostics: list[Diagnostic]
) -> dict[str, dict[str, str]]:
    """Merge messages/<lang>/*.yaml: files of one theme must not repeat a key; children override parents."""
    merged: dict[str, dict[str, str]] = {}
    for folder in reversed(chain):
        root = folder.path / "messages"
        if not root.is_dir():
            continue
        for language_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            own: dict[str, str] = {}
            owner: dict[str, str] = {}
            for relative, path in _walk_files(language_dir):
                if "/" in relative or not relative.endswith((".yaml", ".yml")):
                    continue
                label = f"{folder.label}/messages/{language_dir.name}/{relative}"
                text = path.read_text(encoding="utf-8")
                sources[label] = text
                data, positions, yaml_errors = parse_yaml(text, label)
                if yaml_errors:
                    diagnostics.extend(replace(d, code="E402") for d in yaml_errors)
                    continue
                if data is None:
                    continue
                if not isinstance(data, dict):
                    diagnostics.append(
                        error(
                            "E402",
                            "a message file must map keys to texts",
                            positions.span(()),
                            "write 'key: text' lines",
                        )
                    )
                    continue
                flat: dict[str, tuple[object, tuple[str, ...]]] = {}
                _flatten(data, "", flat, ())
                for key, (value, loc) in flat.items():
                    if not isinstance(value, str):
                        diagnostics.append(
                            error(
                                "E402",
                                f"message '{key}' must be text, found {value!r}",
                                positions.span(loc),
                                'put the text in quotes, e.g. key: "Nee"',
                            )
                        )
                    elif key in own:
                        diagnostics.append(
                            error(
                                "E402",
                                f"message '{key}' is also defined in {owner[key]}",
                                positions.span(loc, key=True),
                                "each key may appear in one file per language",
                            )
                        )
                    else:
                        own[key] = value
                        owner[key] = label
            merged.setdefault(language_dir.name, {}).update(own)
    return {lang: dict(sorted(texts.items())) for lang, texts in sorted(merged.items())}


def _merge_configs(configs: Sequence[ThemeConfig]) -> ThemeConfig:
    values: dict[str, object] = {}
    for config in reversed(configs):
        for name in sorted(config.model_fields_set):
            values[name] = getattr(config, name)
    top = configs[0]
    values["extends"] = top.extends
    values["description"] = top.description
    values.setdefault("scripts", [])
    values.setdefault("styles", [])
    return ThemeConfig.model_validate(values)


def _check_config(
    config: ThemeConfig,
    configs: Sequence[ThemeConfig],
    positions: Sequence[PositionMap],
    assets: Mapping[str, bytes],
) -> list[Diagnostic]:
    """Check what the schema cannot: listed files exist, the default colour is readable."""
    diagnostics: list[Diagnostic] = []

    def origin(key: str) -> PositionMap:
        index = next((i for i, c in enumerate(configs) if key in c.model_fields_set), 0)
        return positions[index]

    for key, files in (("scripts", config.scripts or []), ("styles", config.styles or [])):
        for index, path in enumerate(files):
            if path not in assets:
                diagnostics.append(
                    error(
                        "E402",
                        f"'{key}' lists '{path}', which no theme in the chain provides",
                        origin(key).span((key, index)),
                        _missing_file_hint(path, files, assets),
                    )
                )
    colour = config.primary_color
    if colour is not None:
        ratio = contrast_ratio(colour, "#ffffff")
        if ratio < 4.5:
            diagnostics.append(
                error(
                    "E405",
                    f"primary_color {colour} has contrast {ratio:.2f}:1 with white; 4.5:1 is needed",
                    origin("primary_color").span(("primary_color",)),
                    "choose a darker colour",
                )
            )
    return diagnostics


def _missing_file_hint(path: str, listed: Sequence[str], assets: Mapping[str, bytes]) -> str:
    """Point at a close file name, else at the files of that folder nobody lists yet."""
    folder, _, file_name = path.rpartition("/")
    suffix = Path(file_name).suffix
    siblings = {Path(a).stem: a for a in assets if a.rpartition("/")[0] == folder and a.endswith(suffix)}
    guess = nearest(Path(file_name).stem, siblings)
    if guess is not None:
        return f"did you mean '{siblings[guess]}'?"
    unlisted = sorted(a for a in siblings.values() if a not in listed)
    if unlisted:
        return "files the chain has but does not list: " + ", ".join(f"'{a}'" for a in unlisted)
    return f"add {file_name} to the theme's {folder}/ folder, or remove it from the list"


def theme_sources(theme_dirs: Sequence[Path], paths: Sequence[str]) -> dict[str, str]:
    """Read theme files named by diagnostic paths (e.g. 'themes/x/theme.yaml'), to show their lines."""
    texts: dict[str, str] = {}
    for label in sorted(set(paths)):
        head, _, rest = label.partition("/")
        for directory in theme_dirs:
            if (directory.resolve().name or directory.as_posix()) == head and (directory / rest).is_file():
                with contextlib.suppress(UnicodeDecodeError):
                    texts[label] = (directory / rest).read_text(encoding="utf-8")
                break
    return texts
