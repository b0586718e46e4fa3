"""Reading themes: finding folders along the search path, the extends chain, files read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.diagnostics import SourceSpan
from compiler.source.themes import bundled_theme_dir, read_theme, theme_search_path

from ..theme_helpers import BASE, load, loaded, render, write_files


def test_unknown_theme_names_the_searched_folders_and_the_nearest_theme(tmp_path: Path) -> None:
    theme, diagnostics = load(tmp_path, "defualt", BASE)
    assert theme is None
    [diagnostic] = diagnostics
    assert diagnostic.code == "E401"
    assert "'defualt'" in diagnostic.message
    assert diagnostic.hint is not None
    assert "did you mean 'default'?" in diagnostic.hint
    assert str((tmp_path / "themes").as_posix()) in diagnostic.hint


def test_a_missing_parent_theme_points_at_extends(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "description: Mine\nextends: corporate\n"}
    theme, diagnostics = load(tmp_path, "child", files)
    assert theme is None
    [diagnostic] = diagnostics
    assert diagnostic.code == "E401"
    assert diagnostic.span == SourceSpan("themes/child/theme.yaml", 2, 10, 2, 19)


def test_an_extends_cycle_is_an_error(tmp_path: Path) -> None:
    files = {**BASE, "a/theme.yaml": "extends: b\n", "b/theme.yaml": "extends: a\n"}
    theme, diagnostics = load(tmp_path, "a", files)
    assert theme is None
    assert [d.code for d in diagnostics] == ["E402"]
    assert "a -> b" in diagnostics[0].message
    assert diagnostics[0].span is not None
    assert diagnostics[0].span.path == "themes/b/theme.yaml"


@pytest.mark.parametrize("name", ["parent", "course"])
def test_template_prefix_names_cannot_name_a_theme(tmp_path: Path, name: str) -> None:
    theme, diagnostics = load(tmp_path, name, {**BASE, f"{name}/theme.yaml": ""})
    assert theme is None
    assert [d.code for d in diagnostics] == ["E401"]
    assert "reserved" in diagnostics[0].message


def test_theme_yaml_must_be_a_mapping(tmp_path: Path) -> None:
    _, diagnostics = load(tmp_path, "child", {**BASE, "child/theme.yaml": "- scripts\n"})
    assert [(d.code, d.span) for d in diagnostics] == [("E402", SourceSpan("themes/child/theme.yaml", 1, 1, 2, 1))]


def test_a_theme_may_stand_alone_without_default(tmp_path: Path) -> None:
    theme = loaded(tmp_path, "solo", {"solo/theme.yaml": "", "solo/templates/which.html": "solo"})
    assert [folder.name for folder in theme.chain] == ["solo"]
    assert render(theme, "which.html") == "solo"


# ---------------------------------------------------------------------------- assets


def test_assets_are_sorted_children_override_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    files = {
        **BASE,
        "default/static/img/logo.svg": "<svg/>",
        "default/static/.DS_Store": b"\0",
        "default/runtime/DOM.md": "# docs",
        "child/theme.yaml": "extends: default\n",
        "child/static/theme.css": "/* child */\n",
        "child/static/.hidden/x.css": "",
    }
    theme = loaded(tmp_path, "child", files)
    assert list(theme.assets) == ["runtime/app.js", "static/img/logo.svg", "static/theme.css"]
    assert theme.assets["static/theme.css"] == b"/* child */\n"


# ---------------------------------------------------------------------------- search path and reading


def test_the_bundled_themes_are_found_from_any_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source, diagnostics = read_theme("default", [])
    assert diagnostics == []
    assert [layer.folder.name for layer in source.layers] == ["default"]
    assert source.layers[0].folder.path == bundled_theme_dir() / "default"
    assert "templates/index.html" not in source.layers[0].assets
    assert "index.html" in source.layers[0].templates


def test_named_folders_are_searched_before_the_bundled_themes(tmp_path: Path) -> None:
    write_files(tmp_path / "mine", {"default/theme.yaml": "description: My default\n"})
    assert theme_search_path([tmp_path / "mine"]) == (tmp_path / "mine", bundled_theme_dir())
    source, _ = read_theme("default", [tmp_path / "mine"])
    assert [layer.folder.path for layer in source.layers] == [tmp_path / "mine" / "default"]


def test_a_theme_without_default_next_to_it_extends_the_bundled_default(tmp_path: Path) -> None:
    write_files(tmp_path / "themes", {"brand/theme.yaml": "primary_color: '#8a1538'\n"})
    source, diagnostics = read_theme("brand", [tmp_path / "themes"])
    assert diagnostics == []
    assert [layer.folder.name for layer in source.layers] == ["brand", "default"]


def test_an_unknown_theme_hint_names_the_bundled_themes_in_words(tmp_path: Path) -> None:
    _, diagnostics = read_theme("nope", [tmp_path])
    [diagnostic] = diagnostics
    assert diagnostic.hint == f"searched {tmp_path.as_posix()}/, the themes bundled with coursec"


def test_theme_yaml_is_read_once_and_every_text_is_kept_for_quoting(tmp_path: Path) -> None:
    write_files(tmp_path / "themes", {**BASE, "child/theme.yaml": "extends: default\n"})
    source, diagnostics = read_theme("child", [tmp_path / "themes"], bundled=False)
    assert diagnostics == []
    assert sorted(source.texts) == [
        "themes/child/theme.yaml",
        "themes/default/messages/en/layout.yaml",
        "themes/default/templates/which.html",
        "themes/default/theme.yaml",
    ]
    assert source.layers[0].config == {"extends": "default"}


def test_a_message_catalogue_that_is_not_utf8_is_a_diagnostic_naming_it(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/nl/layout.yaml": "groet: Hallo\nnee: \xe9\xe9n\n".encode("latin-1")}
    theme, diagnostics = load(tmp_path, "default", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span == SourceSpan("themes/default/messages/nl/layout.yaml", 0, 0)
    assert diagnostic.message == "this theme file is not valid UTF-8 (byte 0xe9 on line 2)"
    assert diagnostic.hint == "save the file as UTF-8 in your editor"
    assert theme is not None
    assert "nl" in theme.messages
    assert dict(theme.messages["nl"]) == {}


@pytest.mark.parametrize(
    ("relative", "code"),
    [
        ("default/theme.yaml", "E402"),
        ("default/templates/which.html", "E403"),
        ("default/static/theme.css", "E402"),
        ("default/messages/en/layout.yaml", "E402"),
    ],
)
def test_an_unreadable_theme_file_is_a_diagnostic_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: str, code: str
) -> None:
    write_files(tmp_path / "themes", BASE)
    broken = tmp_path / "themes" / relative
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == broken:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    _, diagnostics = read_theme("default", [tmp_path / "themes"], bundled=False)
    assert [(d.code, d.span, d.message) for d in diagnostics] == [
        (code, SourceSpan(f"themes/{relative}", 0, 0), "cannot read this theme file: Permission denied")
    ]


def test_a_byte_order_mark_in_a_theme_file_is_not_part_of_its_text(tmp_path: Path) -> None:
    bom = "\ufeff".encode()
    files = {**BASE, "child/theme.yaml": bom + b"extends: default\r\n", "child/templates/which.html": bom + b"<p>x</p>"}
    write_files(tmp_path / "themes", files)
    source, diagnostics = read_theme("child", [tmp_path / "themes"], bundled=False)
    assert diagnostics == []
    assert source.layers[0].config == {"extends": "default"}
    assert source.texts["themes/child/templates/which.html"] == "<p>x</p>"
