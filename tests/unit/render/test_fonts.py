"""The theme's typeface: subset to the characters a package shows, deterministic, within 40 KB, or none at all."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from compiler.model.course import Course
from compiler.render.fonts import (
    ALWAYS,
    FontError,
    PageFont,
    build_font_files,
    page_font,
    subset_font,
    text_codepoints,
)
from compiler.render.pages import render_course
from compiler.render.theme import Theme, load_theme

from ..theme_helpers import DEFAULT_THEMES, write_files

FONT_BUDGET = 40 * 1024
"""Font bytes a package may carry (issue 22), counted apart from the 30 KB runtime budget."""


def _course(text: str) -> Course:
    config = {
        "id": "demo",
        "title": "Lettertest",
        "language": "nl",
        "version": "1.0.0",
        "description": "Een korte cursus.",
        "lessons": ["een"],
        "completion": {"lessons": True},
    }
    lesson = {
        "id": "een",
        "title": "Les een",
        "objectives": ["Je leest de letters."],
        "source_path": "lessons/01.md",
        "blocks": [{"kind": "prose", "markdown": text, "line": 5}],
    }
    return Course.model_validate({"config": config, "lessons": [lesson]})


def _theme(tmp_path: Path, files: dict[str, str | bytes] | None = None, name: str = "default") -> Theme:
    write_files(tmp_path / "themes", files or {})
    theme, diagnostics = load_theme(name, [tmp_path / "themes", DEFAULT_THEMES], tmp_path)
    assert diagnostics == []
    assert theme is not None
    return theme


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    return _theme(tmp_path_factory.mktemp("fonts"))


def _font(default: Theme) -> PageFont:
    font = page_font(default.config.font)
    assert font is not None
    return font


def _cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_the_default_theme_ships_regular_and_bold_under_the_ofl(default: Theme) -> None:
    font = _font(default)
    assert font.family == "Atkinson Hyperlegible"
    assert [(face.weight, face.href) for face in font.faces] == [
        (400, "static/fonts/atkinson-hyperlegible-regular.woff2"),
        (700, "static/fonts/atkinson-hyperlegible-bold.woff2"),
    ]
    assert font.license == "static/fonts/OFL.txt"
    assert b"SIL Open Font License" in default.fonts[font.license_source]


def test_the_page_preloads_and_declares_the_faces_with_swap(default: Theme) -> None:
    files, diagnostics = render_course(_course("Hallo."), default)
    assert diagnostics == []
    html = files["index.html"].decode("utf-8")
    hrefs = ["static/fonts/atkinson-hyperlegible-regular.woff2", "static/fonts/atkinson-hyperlegible-bold.woff2"]
    for href in hrefs:
        assert f'src:url({href}) format("woff2")' in html
        assert href in files
    assert html.count("font-display:swap") == 2
    assert '--font-text:"Atkinson Hyperlegible",var(--font-system)' in html
    # Preloaded (over http; not from file://, where Chromium refuses it) before the stylesheet loads.
    preload = re.search(r"<script>(if\(location\.protocol!==\"file:\"\).*?)</script>", html)
    assert preload is not None
    assert json.dumps(hrefs) in preload.group(1)
    assert 'link.rel="preload";link.as="font";link.type="font/woff2";link.crossOrigin="anonymous"' in preload.group(1)
    assert preload.start() < html.index('rel="stylesheet"')
    assert files["static/fonts/OFL.txt"] == default.fonts["fonts/OFL.txt"]


def test_the_subset_holds_what_the_course_shows_and_nothing_else(default: Theme) -> None:
    files, _ = render_course(_course("Één café, ĳverig: Łódź. ≠ ✓"), default)
    kept = _cmap(files["static/fonts/atkinson-hyperlegible-regular.woff2"])
    assert {ord(c) for c in "ÉéŁóź"} <= kept
    assert kept >= ALWAYS  # what a learner may type into an answer field
    # German and French letters the course never shows stay out of its package.
    assert not {ord(c) for c in "ßœÆ"} & kept
    # Characters the typeface has no glyph for fall back to the system font.
    assert not {ord("✓"), ord("ĳ")} & kept
    source = _cmap(default.fonts["fonts/atkinson-hyperlegible-regular.ttf"])
    assert len(kept) < len(source) / 2


def test_texts_of_the_catalogue_json_and_css_count(default: Theme) -> None:
    # The runtime's strings reach the page as ASCII-only JSON: their letters count all the same.
    found = text_codepoints(['{"a":"\\u00df\\u00e6 \\ud83d\\ude00"}', 'content: "\\2713"', "caf&eacute; &#x141;"])
    assert {0xDF, 0xE6, 0x1F600, 0x2713, 0xE9, 0x141} <= found
    assert not any(0xD800 <= code <= 0xDFFF for code in found)
    # A screen text of the catalogue, shown only by the runtime, is in the subset of every package.
    files, _ = render_course(_course("Hallo."), default)
    html = files["index.html"].decode("utf-8")
    assert "\\u2026" in html or "\u2026" in html  # the catalogue has an ellipsis ("Opslaan…")
    assert 0x2026 in _cmap(files["static/fonts/atkinson-hyperlegible-bold.woff2"])


def test_the_same_course_gives_the_same_bytes(default: Theme) -> None:
    first, _ = render_course(_course("Één café."), default)
    subset_font.cache_clear()
    second, _ = render_course(_course("Één café."), default)
    fonts = [path for path in first if path.startswith("static/fonts/")]
    assert len(fonts) == 3
    assert all(first[path] == second[path] for path in fonts)


def test_every_glyph_of_the_typeface_still_fits_the_40_kb_budget(default: Theme) -> None:
    font = _font(default)
    everything = frozenset().union(*(_cmap(default.fonts[face.source]) for face in font.faces))
    files = build_font_files(font, default.fonts, everything)
    total = sum(len(data) for data in files.values())
    assert total < FONT_BUDGET, f"{total} bytes"
    for face in font.faces:
        assert files[face.href][:4] == b"wOF2"


def test_font_system_ships_no_font_and_declares_none(tmp_path: Path) -> None:
    theme = _theme(tmp_path, {"plain/theme.yaml": "extends: default\nfont: system\n"}, name="plain")
    files, diagnostics = render_course(_course("Hallo."), theme)
    assert diagnostics == []
    assert not [path for path in files if path.startswith("static/fonts/")]
    html = files["index.html"].decode("utf-8")
    assert "@font-face" not in html
    assert "preload" not in html
    assert "--font-text" not in html  # theme.css's own value, the system stack, applies


def test_a_file_that_is_no_font_is_an_error_naming_it(tmp_path: Path) -> None:
    theme = _theme(
        tmp_path,
        {
            "broken/theme.yaml": (
                "extends: default\nfont:\n  family: Broken\n  regular: fonts/broken.ttf\n  license: fonts/OFL.txt\n"
            ),
            "broken/fonts/broken.ttf": b"this is not a font",
            "broken/fonts/OFL.txt": "licence",
        },
        name="broken",
    )
    files, diagnostics = render_course(_course("Hallo."), theme)
    assert files == {}
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span is not None
    assert diagnostic.span.path.endswith("broken/fonts/broken.ttf")
    assert "font: system" in (diagnostic.hint or "")
    with pytest.raises(FontError):
        subset_font(b"\x00\x01\x00\x00 not a font", frozenset(ALWAYS))


def test_a_font_the_chain_lacks_is_reported_where_theme_yaml_names_it(tmp_path: Path) -> None:
    write_files(
        tmp_path / "themes",
        {
            "mine/theme.yaml": (
                "extends: default\nfont:\n  family: Mine\n  regular: fonts/mine.ttf\n  license: fonts/OFL.txt\n"
            )
        },
    )
    theme, diagnostics = load_theme("mine", [tmp_path / "themes", DEFAULT_THEMES], tmp_path)
    assert theme is None
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert "'font.regular' names 'fonts/mine.ttf'" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (4, 12)
    assert re.search(r"fonts/atkinson-hyperlegible-(regular|bold)\.ttf", diagnostic.hint or "")
