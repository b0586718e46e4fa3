"""The bundled default theme, assembled: clean, complete catalogues, readable colour, within budget."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from compiler.colour import contrast_ratio
from compiler.model.theme import FALLBACK_PRIMARY_COLOR
from compiler.render.minify import minify_assets
from compiler.render.theme import load_theme

from ..theme_helpers import DEFAULT_THEMES, REPO, loaded

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def test_the_bundled_default_theme_loads_cleanly() -> None:
    theme, diagnostics = load_theme("default", [DEFAULT_THEMES], REPO / "course_src" / "missing")
    assert diagnostics == []
    assert theme is not None
    assert [folder.name for folder in theme.chain] == ["default"]
    for path in [*(theme.config.scripts or []), *(theme.config.styles or [])]:
        assert path in theme.assets
    assert "static/theme.css" in theme.assets
    assert not any(path.endswith(".md") for path in theme.assets), "documentation is not shipped"


SHIPPED_LANGUAGES = {"nl", "en", "de", "fr"}
"""Screen-text catalogues the default theme ships (docs/translation.md lists the same)."""


def test_every_catalogue_has_exactly_the_english_keys() -> None:
    """A translation that misses or invents a key would fail at render time (or never be shown)."""
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    assert set(theme.messages) >= SHIPPED_LANGUAGES
    english = set(theme.messages["en"])
    for language, texts in theme.messages.items():
        assert sorted(set(texts) ^ english) == [], language


def test_every_catalogue_text_fills_the_english_placeholders() -> None:
    """A translated text that drops or renames {count} shows the learner a wrong or broken sentence."""
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    english = theme.messages["en"]
    for language, texts in theme.messages.items():
        for key, text in texts.items():
            assert text.strip(), (language, key)
            expected = sorted(set(_PLACEHOLDER.findall(english[key])))
            assert sorted(set(_PLACEHOLDER.findall(text))) == expected, (language, key)


def test_the_default_colour_reads_on_white(tmp_path: Path) -> None:
    theme, _ = load_theme("default", [DEFAULT_THEMES], tmp_path)
    assert theme is not None
    assert theme.config.primary_color is not None
    assert contrast_ratio(theme.primary_color, "#ffffff") >= 4.5


def test_without_any_colour_the_fallback_applies(tmp_path: Path) -> None:
    theme = loaded(tmp_path, "solo", {"solo/theme.yaml": "description: No colour\n"})
    assert theme.config.primary_color is None
    assert theme.primary_color == FALLBACK_PRIMARY_COLOR


def test_runtime_and_css_stay_within_the_size_budget() -> None:
    """Issue 5: theme JS + CSS under 30 KB gzipped; the theme CSS itself under 6 KB, as packages ship it (minified)."""
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    shipped = minify_assets({path: data for path, data in theme.assets.items() if path.endswith((".js", ".css"))})
    total = sum(len(gzip.compress(data, mtime=0)) for data in shipped.values())
    assert total < 30 * 1024
    assert len(gzip.compress(shipped["static/theme.css"], mtime=0)) < 6 * 1024


def test_stylesheets_load_nothing_from_outside_the_package() -> None:
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    for path in theme.config.styles or []:
        css = theme.assets[path].decode("utf-8")
        assert "@import" not in css, path
        assert "url(" not in css, path
