"""Rendering index.html: DOM hooks, escaping, language, E403/E404 with template positions, determinism."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler.blocks.registry import block_names
from compiler.diagnostics import SourceSpan
from compiler.model.course import Course
from compiler.render.pages import render_course
from compiler.render.runtime_files import COURSE_SCRIPT, COURSE_STYLE, TARGET_SCRIPT, build_runtime
from compiler.render.theme import Theme, load_theme

from ..blocks.helpers import ACCORDION, TABS, course_from

REPO = Path(__file__).resolve().parents[3]
THEMES = REPO / "themes"


def _course(*, with_quiz: bool = True, **overrides: object) -> Course:
    config: dict[str, object] = {
        "id": "demo",
        "title": "Veilig appen",
        "language": "nl",
        "version": "1.0.0",
        "description": "Een korte cursus.",
        "lessons": ["een", "twee"],
        "completion": {"lessons": True, "quiz": True},
        "mastery_score": 70,
        "credits": [{"role": "Auteur", "name": "Jan", "url": "https://example.org/jan"}],
        "branding": {"organisation": "Zorggroep", "primary_color": "#8a1538"},
    }
    config.update(overrides)
    quiz = {
        "id": "eindtoets",
        "title": "Eindtoets",
        "questions": [{"id": "q1", "type": "true-false", "prompt": "Klopt dit?", "answer": True}],
    }
    lessons = [
        {
            "id": "een",
            "title": "Les een",
            "objectives": ["Je weet wat appen is."],
            "source_path": "lessons/01.md",
            "blocks": [
                {"kind": "prose", "markdown": "Hallo **wereld**.\n\n## Kopje\n", "line": 6},
                {"kind": "callout", "variant": "tip", "title": "Handig", "markdown": "Zet *meldingen* uit.", "line": 9},
                {
                    "kind": "media",
                    "line": 12,
                    "media": {"type": "image", "src": "media/chat.svg", "alt": "Een chat", "caption": "Een *chat*"},
                },
                {
                    "kind": "media",
                    "line": 16,
                    "media": {
                        "type": "video",
                        "src": "media/film.mp4",
                        "captions": "media/film.vtt",
                        "transcript": "Iemand praat.",
                    },
                },
                {
                    "kind": "assignment",
                    "line": 20,
                    "assignment": {"id": "denk", "prompt": "Wat vind jij?", "max_length": 200},
                },
                {
                    "kind": "question",
                    "line": 24,
                    "question": {
                        "id": "kc1",
                        "type": "single",
                        "prompt": "Welke?",
                        "options": [{"text": "A", "correct": True}, {"text": "B"}],
                    },
                },
            ],
        },
        {
            "id": "twee",
            "title": "Les twee",
            "objectives": ["Je kunt bellen."],
            "source_path": "lessons/02.md",
            "blocks": [{"kind": "prose", "markdown": "Tekst.", "line": 5}],
        },
    ]
    return Course.model_validate({"config": config, "lessons": lessons, "quiz": quiz if with_quiz else None})


def _default_theme(course_root: Path) -> Theme:
    theme, diagnostics = load_theme("default", [THEMES], course_root)
    assert diagnostics == []
    assert theme is not None
    return theme


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    return _default_theme(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def html(theme: Theme) -> str:
    files, diagnostics = render_course(_course(), theme)
    assert diagnostics == []
    return files["index.html"].decode("utf-8")


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def _script_json(html: str, element_id: str) -> object:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


# ---------------------------------------------------------------------------- the page


def test_output_is_index_html_plus_runtime_and_theme_assets_without_media(theme: Theme) -> None:
    runtime = build_runtime()
    files, _ = render_course(_course(), theme, runtime)
    assert list(files) == sorted(files)
    # The theme's typeface is no asset of its own: each compile writes its subset and the licence.
    fonts = {
        "static/fonts/atkinson-hyperlegible-regular.woff2",
        "static/fonts/atkinson-hyperlegible-bold.woff2",
        "static/fonts/OFL.txt",
    }
    # The theme's scripts and styles travel joined: its other assets as they are.
    joined = {*(theme.config.scripts or ()), *(theme.config.styles or ())}
    assets = {path for path in theme.assets if path not in joined}
    assert set(files) == {"index.html", *assets, *runtime.files, *fonts, COURSE_SCRIPT, COURSE_STYLE}
    assert not any(path.startswith("media/") for path in files)
    scripts = re.findall(r'<script src="([^"]+)"></script>', files["index.html"].decode())
    # One script: the target's part (core and tracker), to which each package appends COURSE_SCRIPT.
    assert scripts == [TARGET_SCRIPT]
    # The page names no target: the target's part (runtime/target.js) is added per package.
    assert TARGET_SCRIPT not in files
    # The theme's UI scripts, minified, in the theme's order (questions.js, then app.js).
    course_script = files[COURSE_SCRIPT].decode()
    assert 0 < course_script.index("C.questions={Widget:Widget}") < course_script.index("C.app=new App(")
    data = _script_json(files["index.html"].decode(), "coursec-data")
    assert isinstance(data, dict)
    assert "tracker" not in data


def test_a_theme_file_cannot_stand_in_for_the_compilers_runtime(theme: Theme) -> None:
    theme = dataclasses.replace(theme, assets={**theme.assets, "runtime/core/state.js": b"window.broken = 1;"})
    files, _ = render_course(_course(), theme)
    # The core is inside runtime/target.js (each target's part); the page loads no file at the core's old path.
    assert '<script src="runtime/core/state.js">' not in files["index.html"].decode()


def test_pages_follow_the_runtime_dom_contract(html: str) -> None:
    sections = [(a.get("id"), a.get("data-page"), "hidden" in a) for tag, a in _elements(html) if tag == "section"]
    assert sections == [
        ("page-start", "start", False),
        ("page-een", "lesson", True),
        ("page-twee", "lesson", True),
        ("page-quiz", "quiz", True),
        ("page-end", "end", True),
    ]
    headings = [a for tag, a in _elements(html) if tag == "h1"]
    assert len(headings) == 5
    assert all(a.get("tabindex") == "-1" and "data-page-heading" in a for a in headings)
    assert html.count("<div data-lesson-end></div>") == 2
    links = [a for tag, a in _elements(html) if tag == "a" and "data-nav-to" in a]
    assert [a["data-nav-to"] for a in links if "data-lesson-link" not in a] == ["start", "een", "twee", "quiz", "end"]
    # The start page lists the lessons again, each with its status hook.
    assert [a["data-lesson-link"] for a in links if "data-lesson-link" in a] == ["een", "twee"]
    for hook in ('data-action="prev"', 'data-action="next"', 'data-action="exit"', "data-progress-label",
                 "data-live", "data-standalone-notice", "data-summary", 'role="progressbar"'):  # fmt: skip
        assert hook in html, hook


def test_lesson_bodies_are_inert_templates_until_shown(html: str) -> None:
    # A 1,000-lesson course must not load every lesson's images and widgets at start (issue 12).
    assert html.count("<template data-page-body>") == 2
    for body in html.split("<template data-page-body>")[1:]:
        inside = body.split("</template>")[0]
        assert 'class="lesson-body"' in inside
    outside = re.sub(r"<template data-page-body>.*?</template>", "", html, flags=re.S)
    assert "data-question=" not in outside.split('id="page-quiz"')[0]


def test_landmarks_skip_link_language_and_viewport(html: str) -> None:
    tags = [tag for tag, _ in _elements(html)]
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl" class="no-js">')
    assert '<a class="skip-link" href="#main">Naar de inhoud</a>' in html
    assert '<main id="main"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_ui_strings_follow_the_course_language(theme: Theme) -> None:
    files, _ = render_course(_course(language="en"), theme)
    english = files["index.html"].decode("utf-8")
    assert '<html lang="en"' in english
    assert "Skip to content" in english
    assert "Lesson 1 of 2" in english
    files, _ = render_course(_course(language="nl-BE"), theme)
    flemish = files["index.html"].decode("utf-8")
    assert '<html lang="nl-BE"' in flemish
    assert "Les 1 van 2" in flemish, "nl-BE falls back to the nl catalogue"


def test_images_get_their_pixel_size_so_lazy_loading_keeps_their_space(theme: Theme) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"></svg>'
    files, _ = render_course(_course(), theme, media={"media/chat.svg": svg})
    html = files["index.html"].decode("utf-8")
    assert '<img src="media/chat.svg" alt="Een chat" width="400" height="300" loading="lazy" decoding="async">' in html
    assert "media/chat.svg" not in files, "render_course returns pages and theme assets, not the media"


def test_blocks_render_accessibly(html: str) -> None:
    assert "<strong>wereld</strong>" in html
    assert '<div class="callout callout-tip" role="note" aria-labelledby=' in html
    assert '<span class="callout-kind">Tip</span>' in html
    assert '<img src="media/chat.svg" alt="Een chat" loading="lazy" decoding="async">' in html
    assert "<figcaption>Een <em>chat</em></figcaption>" in html
    assert '<track kind="captions" src="media/film.vtt" srclang="nl" label="Ondertiteling" default>' in html
    assert "<summary>Uitgeschreven tekst</summary>" in html
    assert 'data-assignment="denk"' in html
    assert 'data-question="kc1"' in html
    assert 'data-quiz="eindtoets"' in html


def test_start_page_lists_objectives_quiz_rule_and_credits(html: str) -> None:
    start = html[html.index('id="page-start"') : html.index('id="page-een"')]
    assert "Je weet wat appen is." in start
    assert "Je kunt bellen." in start
    assert "Deze cursus heeft 2 lessen." in start
    assert "70%" in start
    assert 'href="https://example.org/jan" target="_blank" rel="noopener noreferrer"' in start
    assert 'data-nav-to="een"' in start, "the start button opens the first lesson"


def test_brand_colour_becomes_css_custom_properties(html: str) -> None:
    assert "--brand:#8a1538;" in html


def test_theme_colour_applies_when_the_course_sets_none(theme: Theme) -> None:
    files, _ = render_course(_course(branding={}), theme)
    assert f"--brand:{theme.primary_color};" in files["index.html"].decode("utf-8")


def test_runtime_data_and_strings_are_embedded_as_json(html: str, theme: Theme) -> None:
    data = _script_json(html, "coursec-data")
    assert isinstance(data, dict)
    assert data["course"] == "demo"
    strings = _script_json(html, "coursec-strings")
    # The catalogue, without the texts of block types this course does not use (it uses none).
    unused = tuple(f"blocks.{name}_" for name in block_names())
    assert strings == {key: text for key, text in theme.messages["nl"].items() if not key.startswith(unused)}
    assert "blocks.panels_done" in strings


def test_scripts_and_styles_load_from_the_package_in_theme_order(html: str, theme: Theme) -> None:
    scripts = [a["src"] for tag, a in _elements(html) if tag == "script" and "src" in a]
    styles = [a["href"] for tag, a in _elements(html) if tag == "link" and a.get("rel") == "stylesheet"]
    # One of each: the theme's (and the blocks') scripts are inside runtime/target.js, its styles in one sheet.
    assert scripts == [TARGET_SCRIPT]
    assert styles == [COURSE_STYLE]
    assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://example.org/jan"', ""))


def test_course_text_is_escaped(theme: Theme) -> None:
    files, _ = render_course(_course(title="<script>alert(1)</script> & co", description="a <b>b</b>"), theme)
    page = files["index.html"].decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "a &lt;b&gt;b&lt;/b&gt;" in page


def test_json_in_script_cannot_close_the_element(theme: Theme) -> None:
    files, _ = render_course(_course(title="</script><script>alert(1)</script>"), theme)
    page = files["index.html"].decode("utf-8")
    assert page.count("</script>") == page.count("<script")


def test_output_is_deterministic_utf8_with_lf(theme: Theme) -> None:
    first, _ = render_course(_course(), theme)
    second, _ = render_course(_course(), theme)
    assert first == second
    raw = first["index.html"]
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    raw.decode("utf-8")


def test_no_quiz_means_no_quiz_page(theme: Theme) -> None:
    course = _course(with_quiz=False, completion={"lessons": True, "quiz": False}, mastery_score=None)
    assert course.quiz is None
    files, diagnostics = render_course(course, theme)
    assert diagnostics == []
    page = files["index.html"].decode("utf-8")
    assert 'data-page="quiz"' not in page
    assert 'data-nav-to="quiz"' not in page
    assert "toets" not in page.split('id="page-een"')[0].split("</header>")[1]


# ---------------------------------------------------------------------------- errors


def _override(tmp_path: Path, files: dict[str, str]) -> Theme:
    for relative, text in files.items():
        path = tmp_path / "templates" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return _default_theme(tmp_path)


def test_missing_message_key_is_e404_at_the_template_line(tmp_path: Path) -> None:
    theme = _override(
        tmp_path, {"partials/end.html": '<section data-page="end">\n<h1>{{ t("layout.end_titel") }}</h1>\n'}
    )
    files, diagnostics = render_course(_course(), theme)
    assert files == {}
    [diagnostic] = diagnostics
    assert diagnostic.code == "E404"
    assert "'layout.end_titel'" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("templates/partials/end.html", 2)
    assert diagnostic.hint is not None
    assert "messages/nl/" in diagnostic.hint


def test_undefined_variable_is_e404_at_the_template_line(tmp_path: Path) -> None:
    theme = _override(tmp_path, {"partials/end.html": "<p>\n<p>\n<p>{{ page.end.titel }}</p>\n"})
    _, diagnostics = render_course(_course(), theme)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E404"
    assert "titel" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("templates/partials/end.html", 3)


def test_python_errors_in_template_expressions_are_e404(tmp_path: Path) -> None:
    theme = _override(tmp_path, {"partials/end.html": "{{ 1 // 0 }}\n"})
    _, diagnostics = render_course(_course(), theme)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E404"
    assert "ZeroDivisionError" in diagnostic.message
    assert diagnostic.span is not None
    assert diagnostic.span.path == "templates/partials/end.html"


def test_missing_template_is_e404_naming_the_searched_folders(tmp_path: Path) -> None:
    theme = _override(tmp_path, {"partials/end.html": '{% include "partials/nope.html" %}\n'})
    _, diagnostics = render_course(_course(), theme)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E404"
    assert "partials/nope.html" in diagnostic.message
    assert "themes/default/templates/" in diagnostic.message
    assert diagnostic.span is not None
    assert diagnostic.span.path == "templates/partials/end.html"


def test_an_override_can_extend_the_theme_layout(tmp_path: Path) -> None:
    theme = _override(
        tmp_path,
        {"index.html": '{% extends "parent:index.html" %}{% block head %}<meta name="x" content="y">{% endblock %}'},
    )
    files, diagnostics = render_course(_course(), theme)
    assert diagnostics == []
    page = files["index.html"].decode("utf-8")
    assert '<meta name="x" content="y">' in page
    assert 'data-page="start"' in page


def test_a_template_extending_itself_is_e404_with_a_hint(tmp_path: Path) -> None:
    theme = _override(tmp_path, {"index.html": '{% extends "index.html" %}\n'})
    files, diagnostics = render_course(_course(), theme)
    assert files == {}
    [diagnostic] = diagnostics
    assert diagnostic.code == "E404"
    assert diagnostic.span is not None
    assert diagnostic.span.path == "templates/index.html"
    assert diagnostic.hint is not None
    assert "parent:" in diagnostic.hint


@pytest.mark.parametrize(
    ("branding", "expected"),
    [
        (
            {"organisation": "Zorggroep", "logo": "media/logo.svg"},
            '<img class="brand-logo" src="media/logo.svg" alt="">',
        ),
        ({"logo": "media/logo.svg"}, '<img class="brand-logo" src="media/logo.svg" alt="Logo van de organisatie">'),
    ],
)
def test_the_logo_is_decorative_next_to_the_organisation_name(
    theme: Theme, branding: dict[str, str], expected: str
) -> None:
    files, _ = render_course(_course(branding=branding), theme)
    assert expected in files["index.html"].decode("utf-8")


def test_an_unfilled_placeholder_is_e404_naming_it(tmp_path: Path) -> None:
    theme = _override(tmp_path, {"partials/end.html": '<p>{{ t("layout.lesson_number", number=1) }}</p>\n'})
    _, diagnostics = render_course(_course(), theme)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E404"
    assert "{total}" in diagnostic.message
    assert diagnostic.hint == 'write t("layout.lesson_number", total=…) in the template'
    assert diagnostic.span == SourceSpan("templates/partials/end.html", 1, 1)


def test_a_package_carries_the_assets_of_only_the_blocks_its_course_uses() -> None:
    theme, _ = load_theme("default", [THEMES], None, cache=False)
    assert theme is not None
    none, _ = render_course(course_from("Alleen tekst.\n"), theme)
    assert not [path for path in none if path.startswith("blocks/")]
    assert b"C.blockTypes.tabs" not in none[COURSE_SCRIPT]

    tabs_only, errors = render_course(course_from(TABS), theme)
    assert errors == []
    assert not [path for path in tabs_only if path.startswith("blocks/")]  # joined, not files of their own
    script = tabs_only[COURSE_SCRIPT]
    assert b"C.blockTypes.tabs" in script
    assert b"C.blockTypes.accordion" not in script
    # Before the theme's scripts, which mount the blocks.
    assert script.index(b"C.blockTypes.tabs") < script.index(b"C.app=new App(")
    style = tabs_only[COURSE_STYLE].decode()
    assert ".block-tabs" in style
    assert ".block-accordion" not in style

    both, _ = render_course(course_from(TABS, ACCORDION), theme)
    joined = both[COURSE_SCRIPT].decode("utf-8")
    assert joined.count("C.state.codecs.panels") <= 1  # the shared codec once
    assert "C.blockTypes.accordion" in joined
    assert "C.blockTypes.tabs" in joined


def test_a_block_renders_its_own_template_unless_the_course_overrides_it(tmp_path: Path) -> None:
    theme, _ = load_theme("default", [THEMES], None, cache=False)
    assert theme is not None
    html = render_course(course_from(TABS), theme)[0]["index.html"].decode("utf-8")
    assert 'role="tablist" aria-label' not in html  # no title: the list has no name of its own
    assert html.count('role="tab"') == 3
    assert 'data-block="apps" data-block-kind="tabs" data-required' in html
    override = tmp_path / "templates" / "blocks" / "tabs"
    override.mkdir(parents=True)
    (override / "tabs.html").write_text('<p class="eigen" data-block="{{ block.id }}">{{ uid }}</p>', encoding="utf-8")
    overridden, _ = load_theme("default", [THEMES], tmp_path, cache=False)
    assert overridden is not None
    html = render_course(course_from(TABS), overridden)[0]["index.html"].decode("utf-8")
    assert '<p class="eigen" data-block="apps">page-les-1-b1</p>' in html
    assert 'role="tablist"' not in html
