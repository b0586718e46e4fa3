"""Course template overrides that override nothing are reported (W401)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from compiler.api import compile_course
from compiler.render.overrides import check_overrides, theme_templates
from compiler.render.theme import load_theme

THEMES = Path(__file__).resolve().parents[3] / "themes"


def _warnings(course: Path) -> list[tuple[str, str, str]]:
    theme, errors = load_theme("default", [THEMES], course)
    assert theme is not None
    assert errors == []
    return [(d.code, d.span.path if d.span else "", d.hint or "") for d in check_overrides(theme)]


def _write(course: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (course / relative).parent.mkdir(parents=True, exist_ok=True)
        (course / relative).write_text(text, encoding="utf-8")


def test_a_real_override_is_quiet(tmp_path: Path) -> None:
    _write(tmp_path, {"templates/partials/footer.html": "<footer></footer>\n"})
    assert _warnings(tmp_path) == []


def test_a_guessed_name_is_reported_with_the_template_it_probably_meant(tmp_path: Path) -> None:
    _write(tmp_path, {"templates/footer.html": "<footer></footer>\n"})
    [(code, path, hint)] = _warnings(tmp_path)
    assert (code, path) == ("W401", "templates/footer.html")
    assert hint.startswith("did you mean 'templates/partials/footer.html'?")
    assert "index.html" in hint


def test_a_new_partial_included_by_an_override_is_quiet(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "templates/partials/footer.html": '{% include "partials/helpdesk.html" %}\n',
            "templates/partials/helpdesk.html": "<p>help</p>\n",
        },
    )
    assert _warnings(tmp_path) == []


def test_theme_templates_lists_the_bundled_templates() -> None:
    theme, _ = load_theme("default", [THEMES], THEMES / "no-course")
    assert theme is not None
    names = theme_templates(theme)
    assert "index.html" in names
    assert "partials/footer.html" in names


def test_the_worked_example_in_the_docs_compiles_and_shows_up(tmp_path: Path) -> None:
    docs = (THEMES.parent / "docs" / "course-format.md").read_text(encoding="utf-8")
    section = docs.split("## Template overrides", 1)[1]
    footer, index = re.findall(r"```html\n(.*?)```", section, re.DOTALL)
    course = Path(shutil.copytree(THEMES.parent / "tests" / "golden" / "minimal" / "course_src", tmp_path / "c"))
    _write(course, {"templates/partials/footer.html": footer, "templates/index.html": index})
    result = compile_course(course, None, theme_dirs=(THEMES,))
    assert result.diagnostics == []
    page = result.files["index.html"].decode("utf-8")
    assert "Questions? Call the service desk: 555 0100." in page
    assert "border-bottom: 4px solid #0b5d4b" in page


def test_overriding_a_blocks_template_is_an_override() -> None:
    theme, _ = load_theme("default", [THEMES], None, cache=False)
    assert theme is not None
    assert {"blocks/tabs/tabs.html", "blocks/accordion/accordion.html"} <= set(theme_templates(theme))
