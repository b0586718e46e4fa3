"""The template search path: precedence, `parent:` prefixes, template diagnostics, safe defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.diagnostics import SourceSpan
from compiler.render.messages import bind_messages

from ..theme_helpers import BASE, load, loaded, render, write_files

PRECEDENCE: dict[str, str | bytes] = {
    **BASE,
    "middle/theme.yaml": "extends: default\n",
    "middle/templates/which.html": "middle",
    "middle/templates/only-middle.html": "only middle",
    "child/theme.yaml": "extends: middle\n",
    "child/templates/which.html": "child",
}


def test_search_path_course_then_theme_then_parents_then_default(tmp_path: Path) -> None:
    write_files(tmp_path / "course", {"templates/which.html": "course"})
    theme = loaded(tmp_path, "child", PRECEDENCE)
    assert [folder.name for folder in theme.chain] == ["child", "middle", "default"]
    assert render(theme, "which.html") == "course"
    assert render(theme, "only-middle.html") == "only middle"
    assert render(theme, "default:which.html") == "default"
    assert render(theme, "middle:which.html") == "middle"
    assert render(theme, "course:which.html") == "course"


def test_without_an_override_the_chosen_theme_wins(tmp_path: Path) -> None:
    theme = loaded(tmp_path, "child", PRECEDENCE)
    assert render(theme, "which.html") == "child"


def test_a_theme_without_extends_still_falls_back_to_default(tmp_path: Path) -> None:
    theme = loaded(tmp_path, "plain", {**BASE, "plain/theme.yaml": "", "plain/templates/other.html": "x"})
    assert [folder.name for folder in theme.chain] == ["plain", "default"]
    assert render(theme, "which.html") == "default"


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
    write_files(
        tmp_path / "course",
        {"templates/page.html": '{% extends "parent:page.html" %}{% block body %}course+{{ super() }}{% endblock %}'},
    )
    theme = loaded(tmp_path, "child", files)
    assert render(theme, "page.html") == "<course+middle+default>"


def test_template_syntax_error_points_at_the_template_line(tmp_path: Path) -> None:
    files = {**BASE, "child/theme.yaml": "", "child/templates/index.html": "<p>\n<p>\n{{ title + }}\n<p>\n"}
    theme, diagnostics = load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E403"
    assert diagnostic.span == SourceSpan("themes/child/templates/index.html", 3, 1)
    assert theme is not None, "a template error leaves the theme usable for reporting further errors"


def test_an_unclosed_block_points_at_its_opening_tag(tmp_path: Path) -> None:
    source = "{% set x = [1] %}\n{% block a %}{% endblock %}\n<ul>  {% for i in x %}\n<li>{{ i }}\n"
    files = {**BASE, "child/theme.yaml": "", "child/templates/index.html": source}
    _, diagnostics = load(tmp_path, "child", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E403"
    assert diagnostic.message == "template syntax error: '{% for %}' is never closed"
    assert diagnostic.span == SourceSpan("themes/child/templates/index.html", 3, 7)
    assert diagnostic.hint == "add {% endfor %} where the for block should end"


def test_syntax_errors_in_course_overrides_name_the_course_file(tmp_path: Path) -> None:
    write_files(tmp_path / "course", {"templates/partials/x.html": "line one\n{{ title | markdwn }}\n"})
    _, diagnostics = load(tmp_path, "default", BASE)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E403"
    assert diagnostic.span == SourceSpan("templates/partials/x.html", 2, 1)
    assert diagnostic.hint == "did you mean 'markdown'?"


def test_autoescape_and_strict_undefined(tmp_path: Path) -> None:
    files = {**BASE, "default/templates/x.html": "{{ text }}", "default/templates/y.html": "{{ missing }}"}
    theme = loaded(tmp_path, "default", files)
    environment = bind_messages(theme.environment, {}, "en")
    assert environment.get_template("x.html").render(text="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    with pytest.raises(Exception, match="'missing' is undefined"):
        environment.get_template("y.html").render()
