"""theme.yaml: validation with positions, merging down the chain, checks the schema cannot make."""

from __future__ import annotations

from pathlib import Path

from ..theme_helpers import BASE, load, loaded


def test_unknown_key_in_theme_yaml_has_position_and_suggestion(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nprimary_colour: '#000000'\n"}
    theme, diagnostics = load(tmp_path, "child", files)
    assert theme is None
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line, diagnostic.span.column) == ("themes/child/theme.yaml", 2, 1)
    assert "primary_colour" in diagnostic.message
    assert diagnostic.hint == "did you mean 'primary_color'?"


def test_invalid_values_in_theme_yaml_point_at_the_value(tmp_path: Path) -> None:
    files = {
        **BASE,
        "child/theme.yaml": "extends: default\nstyles:\n  - static/ok.css\n  - style.css\nprimary_color: blue\n",
    }
    _, diagnostics = load(tmp_path, "child", files)
    places = sorted((d.code, d.span.line, d.span.column) for d in diagnostics if d.span)
    assert places == [("E402", 4, 5), ("E402", 5, 16)]


def test_yaml_syntax_error_in_theme_yaml(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, "child", {**BASE, "child/theme.yaml": "scripts: [runtime/a.js\n"})
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span is not None
    assert diagnostic.span.path == "themes/child/theme.yaml"
    assert diagnostic.span.line == 2


def test_listed_scripts_must_exist_in_the_chain(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nscripts: [runtime/app.js, runtime/ap.js]\n"}
    _, diagnostics = load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert "runtime/ap.js" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 27)
    assert diagnostic.hint == "did you mean 'runtime/app.js'?"


def test_a_missing_stylesheet_points_at_the_files_nobody_lists(tmp_path: Path) -> None:
    files = {
        **BASE,
        "child/theme.yaml": "extends: default\nstyles: [static/theme.css, static/huisstijl.css]\n",
        "child/static/de-linde.css": "",
    }
    _, diagnostics = load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.hint == "files the chain has but does not list: 'static/de-linde.css'"


def test_a_missing_stylesheet_with_nothing_to_suggest_says_what_to_do(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nstyles: [static/theme.css, static/huisstijl.css]\n"}
    _, diagnostics = load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.hint == "add huisstijl.css to the theme's static/ folder, or remove it from the list"


def test_a_pale_default_colour_fails_contrast(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, "child", {**BASE, "child/theme.yaml": "primary_color: '#ffcc00'\n"})
    [diagnostic] = diagnostics
    assert diagnostic.code == "E405"
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("themes/child/theme.yaml", 1)


def test_child_keys_override_parent_keys_and_the_rest_is_inherited(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nprimary_color: '#8a1538'\n"}
    theme = loaded(tmp_path, "child", files)
    assert theme.config.primary_color == "#8a1538"
    assert theme.config.scripts == ["runtime/app.js"]
    assert theme.config.extends == "default"


def test_docs_themes_md_lists_every_theme_yaml_key() -> None:
    """docs/themes.md is where theme authors read the settings: one row per key, no more, no fewer."""
    from compiler.model.theme import ThemeConfig

    docs = (Path(__file__).resolve().parents[3] / "docs" / "themes.md").read_text(encoding="utf-8")
    table = docs.split("## theme.yaml", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    assert rows == set(ThemeConfig.model_fields)


def test_font_system_and_a_font_without_bold_are_valid_and_inherited(tmp_path: Path) -> None:
    files = {
        **BASE,
        "default/theme.yaml": (
            "styles: [static/theme.css]\nfont:\n  family: Lees Sans\n  regular: fonts/lees.ttf\n"
            "  license: fonts/OFL.txt\n"
        ),
        "default/fonts/lees.ttf": b"\x00\x01\x00\x00",
        "default/fonts/OFL.txt": "licence",
        "child/theme.yaml": "extends: default\n",
        "plain/theme.yaml": "extends: default\nfont: system\n",
    }
    child = loaded(tmp_path, "child", files)
    assert child.config.font is not None
    assert child.config.font != "system"
    assert child.config.font.files() == ("fonts/lees.ttf",)
    assert child.fonts["fonts/lees.ttf"] == b"\x00\x01\x00\x00"
    plain = loaded(tmp_path, "plain", files)
    assert plain.config.font == "system"


def test_a_font_family_with_quotes_or_a_font_outside_fonts_is_e402(tmp_path: Path) -> None:
    yaml = 'font:\n  family: "x\\"; } body { color: red"\n  regular: static/a.ttf\n  license: fonts/OFL.txt\n'
    _, diagnostics = load(tmp_path, "child", {**BASE, "child/theme.yaml": yaml})
    assert sorted((d.code, d.span.line if d.span else 0) for d in diagnostics) == [("E402", 2), ("E402", 3)]
