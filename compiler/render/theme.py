"""ThemeSource -> Theme (merged config, jinja Environment, assets, message catalogues); pure but for the cache.

Reading theme folders is `compiler.source.themes`; validating theme.yaml is `compiler.model.theme`;
the template search path is `compiler.render.templates`; catalogues and `t()` are
`compiler.render.messages`. This module puts them together once per compile, so rendering
(`compiler.render.pages`) never touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import jinja2
from jinja2 import Environment

from compiler.blocks.registry import block_templates
from compiler.diagnostics import Diagnostic
from compiler.model.theme import (
    FALLBACK_PRIMARY_COLOR,
    ThemeConfig,
    check_theme_config,
    merge_theme_configs,
    validate_theme_configs,
)
from compiler.render.messages import merge_catalogues, select_language
from compiler.render.template_cache import template_cache
from compiler.render.templates import TemplateLevel, build_environment, compile_templates
from compiler.source.themes import COURSE_LEVEL, ThemeFolder, ThemeSource, read_theme

BLOCKS_LEVEL = "blocks"
"""Prefix of the lowest template level: the registered blocks' templates ("blocks:blocks/tabs/tabs.html")."""


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
    fonts: Mapping[str, bytes] = field(default_factory=dict)
    """Files of fonts/ by theme path, child files over parent files: what `config.font` names."""
    font_labels: Mapping[str, str] = field(default_factory=dict)
    """Diagnostic path of each font file ('themes/default/fonts/x.ttf'), for reporting one that cannot be read."""

    @property
    def primary_color(self) -> str:
        """The theme's default brand colour."""
        return self.config.primary_color or FALLBACK_PRIMARY_COLOR

    def select_language(self, language: str) -> str | None:
        """Pick the catalogue for a BCP 47 tag: exact tag, then primary subtag."""
        return select_language(self.messages, language)


def build_theme(
    source: ThemeSource, bytecode_cache: jinja2.BytecodeCache | None = None
) -> tuple[Theme | None, list[Diagnostic]]:
    """Validate and assemble a theme that was read; None when it cannot be used."""
    if not source.layers:
        return None, []
    diagnostics: list[Diagnostic] = []
    levels: list[TemplateLevel] = []
    if source.course_templates:
        levels.append(TemplateLevel(COURSE_LEVEL, "templates", source.course_templates))
    for layer in source.layers:
        if layer.templates:
            levels.append(TemplateLevel(layer.folder.name, f"{layer.folder.label}/templates", layer.templates))
    # Last: each registered block's own template (compiler/blocks/<name>/<name>.html); themes may override it.
    levels.append(TemplateLevel(BLOCKS_LEVEL, "compiler", block_templates()))
    environment = build_environment(levels, bytecode_cache)
    diagnostics.extend(compile_templates(environment, levels))

    assets: dict[str, bytes] = {}
    for layer in reversed(source.layers):  # parents first, so children overwrite
        assets.update(layer.assets)
    assets = dict(sorted(assets.items()))
    fonts: dict[str, bytes] = {}
    font_labels: dict[str, str] = {}
    for layer in reversed(source.layers):
        fonts.update(layer.fonts)
        font_labels.update({path: f"{layer.folder.label}/{path}" for path in layer.fonts})
    messages, message_errors = merge_catalogues(source.layers, source.course_messages)
    diagnostics.extend(message_errors)
    configs, config_errors = validate_theme_configs(source.layers)
    diagnostics.extend(config_errors)
    if configs is None:
        return None, diagnostics
    config = merge_theme_configs(configs)
    positions = [layer.positions for layer in source.layers]
    diagnostics.extend(check_theme_config(config, configs, positions, assets, fonts))
    if any(d.code in ("E401", "E402") for d in diagnostics):
        return None, diagnostics
    theme = Theme(
        name=source.name,
        config=config,
        chain=tuple(layer.folder for layer in source.layers),
        environment=environment,
        assets=MappingProxyType(assets),
        messages=MappingProxyType({lang: MappingProxyType(texts) for lang, texts in messages.items()}),
        sources=source.texts,
        fonts=MappingProxyType(dict(sorted(fonts.items()))),
        font_labels=MappingProxyType(font_labels),
    )
    return theme, diagnostics


def load_theme(
    name: str,
    theme_dirs: Sequence[Path],
    course_root: Path | None,
    *,
    bundled: bool = True,
    cache: bool = True,
) -> tuple[Theme | None, list[Diagnostic]]:
    """Read and build a theme in one step (theme_dirs are searched before the bundled themes)."""
    source, diagnostics = read_theme(name, theme_dirs, course_root, bundled=bundled)
    theme, more = build_theme(source, template_cache(write=True) if cache else None)
    return theme, diagnostics + more
