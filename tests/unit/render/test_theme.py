"""Loading themes: theme.yaml validation, the extends chain, template search path, assets, messages."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from compiler.diagnostics import Diagnostic, SourceSpan
from compiler.model.checks import contrast_ratio
from compiler.render.theme import (
    FALLBACK_PRIMARY_COLOR,
    MessageKeyError,
    Theme,
    bind_messages,
    load_theme,
    theme_sources,
)

REPO = Path(__file__).resolve().parents[3]
DEFAULT_THEMES = REPO / "themes"


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _load(
    tmp_path: Path, name: str = "child", files: dict[str, str | bytes] | None = None
) -> tuple[Theme | None, list[Diagnostic]]:
    """Load a theme from tmp_path/themes; tmp_path/course is the course root."""
    _write(tmp_path / "themes", files or {})
    (tmp_path / "course").mkdir(exist_ok=True)
    return load_theme(name, [tmp_path / "themes"], tmp_path / "course")


def _loaded(tmp_path: Path, name: str = "child", files: dict[str, str | bytes] | None = None) -> Theme:
    theme, diagnostics = _load(tmp_path, name, files)
    assert diagnostics == []
    assert theme is not None
    return theme


def _render(theme: Theme, template: str, language: str = "en") -> str:
    environment = bind_messages(theme.environment, theme.messages.get(language, {}), language)
    return environment.get_template(template).render()


BASE: dict[str, str | bytes] = {
    "default/theme.yaml": "scripts: [runtime/app.js]\nstyles: [static/theme.css]\nprimary_color: '#1d5fa8'\n",
    "default/runtime/app.js": "// default app\n",
    "default/static/theme.css": "/* default */\n",
    "default/templates/which.html": "default",
    "default/messages/en/layout.yaml": "greeting: Hello\nfarewell: Bye\n",
}


# ---------------------------------------------------------------------------- the bundled theme


def test_the_bundled_default_theme_loads_cleanly() -> None:
    theme, diagnostics = load_theme("default", [DEFAULT_THEMES], REPO / "course_src" / "missing")
    assert diagnostics == []
    assert theme is not None
    assert [folder.name for folder in theme.chain] == ["default"]
    for path in [*(theme.config.scripts or []), *(theme.config.styles or [])]:
        assert path in theme.assets
    assert "static/theme.css" in theme.assets
    assert not any(path.endswith(".md") for path in theme.assets), "documentation is not shipped"


def test_every_catalogue_has_exactly_the_english_keys() -> None:
    """A translation that misses or invents a key would fail at render time (or never be shown)."""
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    assert {"nl", "en"} <= set(theme.messages)
    english = set(theme.messages["en"])
    for language, texts in theme.messages.items():
        assert sorted(set(texts) ^ english) == [], language


def test_the_default_colour_reads_on_white(tmp_path: Path) -> None:
    theme, _ = load_theme("default", [DEFAULT_THEMES], tmp_path)
    assert theme is not None
    assert theme.config.primary_color is not None
    assert contrast_ratio(theme.primary_color, "#ffffff") >= 4.5


def test_without_any_colour_the_fallback_applies(tmp_path: Path) -> None:
    theme = _loaded(tmp_path, "solo", {"solo/theme.yaml": "description: No colour\n"})
    assert theme.config.primary_color is None
    assert theme.primary_color == FALLBACK_PRIMARY_COLOR


# ---------------------------------------------------------------------------- finding themes


def test_unknown_theme_names_the_searched_folders_and_the_nearest_theme(tmp_path: Path) -> None:
    theme, diagnostics = _load(tmp_path, "defualt", BASE)
    assert theme is None
    [diagnostic] = diagnostics
    assert diagnostic.code == "E401"
    assert "'defualt'" in diagnostic.message
    assert diagnostic.hint is not None
    assert "did you mean 'default'?" in diagnostic.hint
    assert str((tmp_path / "themes").as_posix()) in diagnostic.hint


def test_a_missing_parent_theme_points_at_extends(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "description: Mine\nextends: corporate\n"}
    theme, diagnostics = _load(tmp_path, "child", files)
    assert theme is None
    [diagnostic] = diagnostics
    assert diagnostic.code == "E401"
    assert diagnostic.span == SourceSpan("themes/child/theme.yaml", 2, 10, 2, 19)


def test_an_extends_cycle_is_an_error(tmp_path: Path) -> None:
    files = {**BASE, "a/theme.yaml": "extends: b\n", "b/theme.yaml": "extends: a\n"}
    theme, diagnostics = _load(tmp_path, "a", files)
    assert theme is None
    assert [d.code for d in diagnostics] == ["E402"]
    assert "a -> b" in diagnostics[0].message
    assert diagnostics[0].span is not None
    assert diagnostics[0].span.path == "themes/b/theme.yaml"


@pytest.mark.parametrize("name", ["parent", "course"])
def test_template_prefix_names_cannot_name_a_theme(tmp_path: Path, name: str) -> None:
    theme, diagnostics = _load(tmp_path, name, {**BASE, f"{name}/theme.yaml": ""})
    assert theme is None
    assert [d.code for d in diagnostics] == ["E401"]
    assert "reserved" in diagnostics[0].message


def test_theme_yaml_must_be_a_mapping(tmp_path: Path) -> None:
    _, diagnostics = _load(tmp_path, "child", {**BASE, "child/theme.yaml": "- scripts\n"})
    assert [(d.code, d.span) for d in diagnostics] == [("E402", SourceSpan("themes/child/theme.yaml", 1, 1, 2, 1))]


def test_a_theme_may_stand_alone_without_default(tmp_path: Path) -> None:
    theme = _loaded(tmp_path, "solo", {"solo/theme.yaml": "", "solo/templates/which.html": "solo"})
    assert [folder.name for folder in theme.chain] == ["solo"]
    assert _render(theme, "which.html") == "solo"


# ---------------------------------------------------------------------------- theme.yaml


def test_unknown_key_in_theme_yaml_has_position_and_suggestion(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nprimary_colour: '#000000'\n"}
    theme, diagnostics = _load(tmp_path, "child", files)
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
    _, diagnostics = _load(tmp_path, "child", files)
    places = sorted((d.code, d.span.line, d.span.column) for d in diagnostics if d.span)
    assert places == [("E402", 4, 5), ("E402", 5, 16)]


def test_yaml_syntax_error_in_theme_yaml(tmp_path: Path) -> None:
    _, diagnostics = _load(tmp_path, "child", {**BASE, "child/theme.yaml": "scripts: [runtime/a.js\n"})
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span is not None
    assert diagnostic.span.path == "themes/child/theme.yaml"
    assert diagnostic.span.line == 2


def test_listed_scripts_must_exist_in_the_chain(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nscripts: [runtime/app.js, runtime/ap.js]\n"}
    _, diagnostics = _load(tmp_path, "child", files)
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
    _, diagnostics = _load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.hint == "files the chain has but does not list: 'static/de-linde.css'"


def test_a_missing_stylesheet_with_nothing_to_suggest_says_what_to_do(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nstyles: [static/theme.css, static/huisstijl.css]\n"}
    _, diagnostics = _load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.hint == "add huisstijl.css to the theme's static/ folder, or remove it from the list"


def test_a_pale_default_colour_fails_contrast(tmp_path: Path) -> None:
    _, diagnostics = _load(tmp_path, "child", {**BASE, "child/theme.yaml": "primary_color: '#ffcc00'\n"})
    [diagnostic] = diagnostics
    assert diagnostic.code == "E405"
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("themes/child/theme.yaml", 1)


def test_child_keys_override_parent_keys_and_the_rest_is_inherited(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "extends: default\nprimary_color: '#8a1538'\n"}
    theme = _loaded(tmp_path, "child", files)
    assert theme.config.primary_color == "#8a1538"
    assert theme.config.scripts == ["runtime/app.js"]
    assert theme.config.extends == "default"


# ---------------------------------------------------------------------------- templates


PRECEDENCE: dict[str, str | bytes] = {
    **BASE,
    "middle/theme.yaml": "extends: default\n",
    "middle/templates/which.html": "middle",
    "middle/templates/only-middle.html": "only middle",
    "child/theme.yaml": "extends: middle\n",
    "child/templates/which.html": "child",
}


def test_search_path_course_then_theme_then_parents_then_default(tmp_path: Path) -> None:
    _write(tmp_path / "course", {"templates/which.html": "course"})
    theme = _loaded(tmp_path, "child", PRECEDENCE)
    assert [folder.name for folder in theme.chain] == ["child", "middle", "default"]
    assert _render(theme, "which.html") == "course"
    assert _render(theme, "only-middle.html") == "only middle"
    assert _render(theme, "default:which.html") == "default"
    assert _render(theme, "middle:which.html") == "middle"
    assert _render(theme, "course:which.html") == "course"


def test_without_an_override_the_chosen_theme_wins(tmp_path: Path) -> None:
    theme = _loaded(tmp_path, "child", PRECEDENCE)
    assert _render(theme, "which.html") == "child"


def test_a_theme_without_extends_still_falls_back_to_default(tmp_path: Path) -> None:
    theme = _loaded(tmp_path, "plain", {**BASE, "plain/theme.yaml": "", "plain/templates/other.html": "x"})
    assert [folder.name for folder in theme.chain] == ["plain", "default"]
    assert _render(theme, "which.html") == "default"


def test_parent_prefix_extends_the_next_level_down_at_every_level(tmp_path: Path) -> None:
    layout = "<{% block body %}default{% endblock %}>"
    files = {
        **BASE,
        "default/templates/page.html": layout,
        "middle/theme.yaml": "extends: default\n",
        "middle/templates/page.html": (
            '{% extends "parent:page.html" %}{% block body %}middle+{{ super() }}{% endblock %}'
        ),
        "child/theme.yaml": "extends: middle\n",
    }
    _write(
        tmp_path / "course",
        {"templates/page.html": '{% extends "parent:page.html" %}{% block body %}course+{{ super() }}{% endblock %}'},
    )
    theme = _loaded(tmp_path, "child", files)
    assert _render(theme, "page.html") == "<course+middle+default>"


def test_template_syntax_error_points_at_the_template_line(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "", "child/templates/index.html": "<p>\n<p>\n{{ title + }}\n<p>\n"}
    theme, diagnostics = _load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E403"
    assert diagnostic.span == SourceSpan("themes/child/templates/index.html", 3, 1)
    assert theme is not None, "a template error leaves the theme usable for reporting further errors"


def test_an_unclosed_block_points_at_its_opening_tag(tmp_path: Path) -> None:
    source = "{% set x = [1] %}\n{% block a %}{% endblock %}\n<ul>  {% for i in x %}\n<li>{{ i }}\n"
    files = {**BASE, "child/theme.yaml": "", "child/templates/index.html": source}
    _, diagnostics = _load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E403"
    assert diagnostic.message == "template syntax error: '{% for %}' is never closed"
    assert diagnostic.span == SourceSpan("themes/child/templates/index.html", 3, 7)
    assert diagnostic.hint == "add {% endfor %} where the for block should end"


def test_syntax_errors_in_course_overrides_name_the_course_file(tmp_path: Path) -> None:
    _write(tmp_path / "course", {"templates/partials/x.html": "line one\n{{ title | markdwn }}\n"})
    _, diagnostics = _load(tmp_path, "default", BASE)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E403"
    assert diagnostic.span == SourceSpan("templates/partials/x.html", 2, 1)
    assert diagnostic.hint == "did you mean 'markdown'?"


def test_autoescape_and_strict_undefined(tmp_path: Path) -> None:
    files = {**BASE, "default/templates/x.html": "{{ text }}", "default/templates/y.html": "{{ missing }}"}
    theme = _loaded(tmp_path, "default", files)
    environment = bind_messages(theme.environment, {}, "en")
    assert environment.get_template("x.html").render(text="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    with pytest.raises(Exception, match="'missing' is undefined"):
        environment.get_template("y.html").render()


# ---------------------------------------------------------------------------- messages


def test_t_reads_the_catalogue_and_fills_placeholders(tmp_path: Path) -> None:
    files = {**BASE, "default/templates/t.html": '{{ t("greeting") }} {{ t("count", n=3) }}'}
    files["default/messages/en/extra.yaml"] = "count: '{n} lessons'\n"
    theme = _loaded(tmp_path, "default", files)
    assert _render(theme, "t.html") == "Hello 3 lessons"


def test_a_missing_message_key_is_an_error_naming_the_key(tmp_path: Path) -> None:
    theme = _loaded(tmp_path, "default", {**BASE, "default/templates/t.html": '{{ t("greting") }}'})
    with pytest.raises(MessageKeyError, match="'greting'") as caught:
        _render(theme, "t.html")
    assert caught.value.key == "greting"


def test_child_messages_override_parent_messages(tmp_path: Path) -> None:
    files = {
        **BASE,
        "child/theme.yaml": "extends: default\n",
        "child/messages/en/layout.yaml": "greeting: Hi there\n",
        "child/messages/nl/layout.yaml": "greeting: Hallo\n",
    }
    theme = _loaded(tmp_path, "child", files)
    assert theme.messages["en"] == {"farewell": "Bye", "greeting": "Hi there"}
    assert theme.messages["nl"] == {"greeting": "Hallo"}


def test_nested_message_keys_are_joined_with_dots(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/en/layout.yaml": "callout:\n  tip: Tip\n  note: Note\n"}
    theme = _loaded(tmp_path, "default", files)
    assert theme.messages["en"] == {"callout.note": "Note", "callout.tip": "Tip"}


def test_a_yes_or_no_that_yaml_reads_as_a_boolean_is_reported(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/en/layout.yaml": "greeting: Hello\nanswer_no: No\n"}
    _, diagnostics = _load(tmp_path, "default", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("themes/default/messages/en/layout.yaml", 2)
    assert diagnostic.hint is not None
    assert "quotes" in diagnostic.hint


def test_one_key_in_two_files_of_a_language_is_reported(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/en/runtime.yaml": "other: x\ngreeting: Hey\n"}
    _, diagnostics = _load(tmp_path, "default", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert "'greeting'" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("themes/default/messages/en/runtime.yaml", 2)


@pytest.mark.parametrize(
    ("language", "chosen"),
    [("nl", "nl"), ("nl-BE", "nl-BE"), ("NL-be", "nl-BE"), ("nl-NL", "nl"), ("de", "en"), ("fy-NL", "en")],
)
def test_language_choice_exact_then_primary_subtag_then_english(tmp_path: Path, language: str, chosen: str) -> None:
    files = {
        **BASE,
        "default/messages/nl/a.yaml": "greeting: Hallo\n",
        "default/messages/nl-BE/a.yaml": "greeting: Dag\n",
    }
    theme = _loaded(tmp_path, "default", files)
    assert theme.select_language(language) == chosen


def test_no_catalogue_at_all_selects_nothing(tmp_path: Path) -> None:
    theme = _loaded(tmp_path, "solo", {"solo/theme.yaml": ""})
    assert theme.select_language("nl") is None


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
    theme = _loaded(tmp_path, "child", files)
    assert list(theme.assets) == ["runtime/app.js", "static/img/logo.svg", "static/theme.css"]
    assert theme.assets["static/theme.css"] == b"/* child */\n"


def test_theme_sources_reads_files_named_by_diagnostics(tmp_path: Path) -> None:
    _write(tmp_path / "themes", BASE)
    texts = theme_sources([tmp_path / "themes"], ["themes/default/theme.yaml", "themes/none/theme.yaml"])
    assert list(texts) == ["themes/default/theme.yaml"]
    assert texts["themes/default/theme.yaml"].startswith("scripts:")


def test_runtime_and_css_stay_within_the_size_budget() -> None:
    """Issue 5: runtime JS + theme CSS under 30 KB gzipped; the theme CSS itself under 6 KB."""
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    shipped = [path for path in theme.assets if path.endswith((".js", ".css"))]
    total = sum(len(gzip.compress(theme.assets[path], mtime=0)) for path in shipped)
    assert total < 30 * 1024
    assert len(gzip.compress(theme.assets["static/theme.css"], mtime=0)) < 6 * 1024


def test_stylesheets_load_nothing_from_outside_the_package() -> None:
    theme, _ = load_theme("default", [DEFAULT_THEMES], REPO)
    assert theme is not None
    for path in theme.config.styles or []:
        css = theme.assets[path].decode("utf-8")
        assert "@import" not in css, path
        assert "url(" not in css, path
