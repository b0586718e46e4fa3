"""Message catalogue texts of a theme chain -> {language: {key: text}}, and the templates' `t()`; pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import jinja2
from jinja2 import Environment

from compiler.diagnostics import Diagnostic, SourceSpan, error
from compiler.source.themes import ThemeLayer
from compiler.source.yaml_positions import parse_yaml

FALLBACK_LANGUAGE = "en"
"""The catalogue every other must match key for key (a missing key is an error, E705)."""
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


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


def merge_catalogues(
    layers: Sequence[ThemeLayer], course: Mapping[str, Mapping[str, str]] | None = None
) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """Merge messages/<lang>/*.yaml: files of one theme must not repeat a key; children override parents.

    The course's own messages/ (course) come last, over every theme: a course can supply or adjust
    the screen texts of any language.
    """
    diagnostics: list[Diagnostic] = []
    merged: dict[str, dict[str, str]] = {}
    for catalogues in [*(layer.messages for layer in reversed(layers)), course or {}]:
        for language, files in catalogues.items():
            own: dict[str, str] = {}
            owner: dict[str, str] = {}
            for label, text in files.items():
                for key, value, span_loc in _entries(label, text, diagnostics):
                    if key in own:
                        diagnostics.append(
                            error(
                                "E402",
                                f"message '{key}' is also defined in {owner[key]}",
                                span_loc,
                                "each key may appear in one file per language",
                            )
                        )
                    else:
                        own[key] = value
                        owner[key] = label
            merged.setdefault(language, {}).update(own)
    return {lang: dict(sorted(texts.items())) for lang, texts in sorted(merged.items())}, diagnostics


def _entries(label: str, text: str, diagnostics: list[Diagnostic]) -> list[tuple[str, str, SourceSpan]]:
    """(key, text, span of the key) of one catalogue file; problems become diagnostics."""
    data, positions, yaml_errors = parse_yaml(text, label)
    if yaml_errors:
        diagnostics.extend(replace(d, code="E402") for d in yaml_errors)
        return []
    if data is None:
        return []
    if not isinstance(data, dict):
        diagnostics.append(
            error("E402", "a message file must map keys to texts", positions.span(()), "write 'key: text' lines")
        )
        return []
    flat: dict[str, tuple[object, tuple[str, ...]]] = {}
    _flatten(data, "", flat, ())
    entries: list[tuple[str, str, SourceSpan]] = []
    for key, (value, loc) in flat.items():
        if isinstance(value, str):
            entries.append((key, value, positions.span(loc, key=True)))
        else:
            diagnostics.append(
                error(
                    "E402",
                    f"message '{key}' must be text, found {value!r}",
                    positions.span(loc),
                    'put the text in quotes, e.g. key: "Nee"',
                )
            )
    return entries


def _flatten(data: object, prefix: str, out: dict[str, tuple[object, tuple[str, ...]]], loc: tuple[str, ...]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(value, f"{prefix}{key}." if isinstance(value, dict) else f"{prefix}{key}", out, (*loc, key))
    else:
        out[prefix] = (data, loc)


def select_language(messages: Mapping[str, object], language: str) -> str | None:
    """Pick the catalogue for a BCP 47 tag: exact tag, then primary subtag (never another language)."""
    tags = {tag.lower(): tag for tag in messages}
    wanted = language.lower()
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in tags:
            return tags[candidate]
    return None


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
