"""Typed template contexts built from a Course."""

from __future__ import annotations

import json

import pytest

from compiler.colour import contrast_ratio
from compiler.model.course import Course
from compiler.render.context import build_brand, build_index_page, page_anchor, runtime_strings, split_summary


def _course(*, quiz: bool = True, branding: dict[str, str] | None = None) -> Course:
    config = {
        "id": "demo",
        "title": "Demo",
        "language": "nl",
        "version": "1.0.0",
        "description": "Een demo.",
        "lessons": ["een", "twee", "drie"],
        "completion": {"lessons": True, "quiz": quiz},
        "mastery_score": 80 if quiz else None,
        "branding": branding or {},
    }
    lessons = [
        {
            "id": key,
            "title": key.title(),
            "objectives": [f"Doel {key}"],
            "source_path": f"lessons/{key}.md",
            "blocks": [],
        }
        for key in ("een", "twee", "drie")
    ]
    quiz_data = {
        "id": "toets",
        "title": "Toets",
        "questions": [{"id": "q", "type": "true-false", "prompt": "Waar?", "answer": True}],
    }
    return Course.model_validate({"config": config, "lessons": lessons, "quiz": quiz_data if quiz else None})


def test_lessons_are_numbered_in_course_order_with_page_anchors() -> None:
    page = build_index_page(_course(), catalogue={}, default_colour="#1d5fa8", styles=(), scripts=())
    assert [(lesson.key, lesson.anchor, lesson.number, lesson.total) for lesson in page.lessons] == [
        ("een", "page-een", 1, 3),
        ("twee", "page-twee", 2, 3),
        ("drie", "page-drie", 3, 3),
    ]
    assert page.start.first_key == "een"
    assert page.start.anchor == page_anchor("start") == "page-start"
    assert page.end.anchor == "page-end"
    assert [summary.objectives for summary in page.start.lessons] == [("Doel een",), ("Doel twee",), ("Doel drie",)]


def test_quiz_page_only_with_a_quiz() -> None:
    with_quiz = build_index_page(_course(), catalogue={}, default_colour="#1d5fa8", styles=(), scripts=())
    assert with_quiz.quiz is not None
    assert with_quiz.quiz.mastery_score == 80
    assert with_quiz.start.has_quiz
    without = build_index_page(_course(quiz=False), catalogue={}, default_colour="#1d5fa8", styles=(), scripts=())
    assert without.quiz is None
    assert not without.start.has_quiz


def test_strings_json_is_sorted_and_script_safe() -> None:
    page = build_index_page(
        _course(), catalogue={"z": "</script>", "a": "A & B"}, default_colour="#1d5fa8", styles=(), scripts=()
    )
    text = str(page.strings)
    assert "<" not in text
    assert "&" not in text
    assert list(json.loads(text)) == ["a", "z"]
    assert json.loads(text)["z"] == "</script>"


def test_a_blocks_own_strings_ship_only_with_courses_that_use_the_block() -> None:
    from ..blocks.helpers import TABS, course_from

    catalogue = {
        "blocks.scenario_restart": "Opnieuw",
        "blocks.tabs_done": "Klaar",
        "blocks.panels_done": "Open",  # shared by no block of that name: always kept
        "quiz.submit": "Inleveren",
    }
    assert list(runtime_strings(_course(), catalogue)) == ["blocks.panels_done", "quiz.submit"]
    assert list(runtime_strings(course_from(TABS), catalogue)) == [
        "blocks.panels_done",
        "blocks.tabs_done",
        "quiz.submit",
    ]


def test_brand_uses_course_colour_else_theme_default() -> None:
    assert build_brand(_course(branding={"primary_color": "#8A1538"}), "#1d5fa8").primary == "#8a1538"
    assert build_brand(_course(), "#1d5fa8").primary == "#1d5fa8"


@pytest.mark.parametrize("colour", ["#767676", "#1d5fa8", "#8a1538", "#000000"])
def test_brand_shades_keep_their_contrast_roles(colour: str) -> None:
    """#767676 is the palest grey the model accepts (4.54:1 on white)."""
    brand = build_brand(_course(branding={"primary_color": colour, "organisation": "Zorg"}), "#1d5fa8")
    assert brand.organisation == "Zorg"
    # The hover shade carries white text at least as well as the brand colour.
    assert contrast_ratio(brand.primary_dark, "#ffffff") >= contrast_ratio(brand.primary, "#ffffff")
    # The tint carries body text (#1b1f24) and, inside boxes, links in the dark shade.
    assert contrast_ratio(brand.primary_tint, "#1b1f24") >= 12
    assert contrast_ratio(brand.primary_dark, brand.primary_tint) >= 4.5


@pytest.mark.parametrize(
    ("description", "summary", "about"),
    [
        ("Een demo.", "Een demo.", ""),
        (
            "Leer veilig appen. Deze cursus is een bewerking.\n  Van 2019.",
            "Leer veilig appen.",
            "Deze cursus is een bewerking. Van 2019.",
        ),
        # No split inside an abbreviation or a number: the next sentence must start with a capital.
        (
            "Werk o.a. in de zorg met 8.3 miljoen anderen. Daarna meer.",
            "Werk o.a. in de zorg met 8.3 miljoen anderen.",
            "Daarna meer.",
        ),
        ("Wat is dit? 's Morgens lees je het.", "Wat is dit?", "'s Morgens lees je het."),
    ],
)
def test_start_page_shows_the_first_sentence_as_its_one_line(description: str, summary: str, about: str) -> None:
    assert split_summary(description) == (summary, about)


def test_start_page_lists_lessons_with_keys_numbers_and_the_cover() -> None:
    course = _course()
    course = course.model_copy(update={"config": course.config.model_copy(update={"cover": "media/cover.jpg"})})
    page = build_index_page(course, catalogue={}, default_colour="#1d5fa8", styles=(), scripts=())
    assert [(item.key, item.number, item.title) for item in page.start.lessons] == [
        ("een", 1, "Een"),
        ("twee", 2, "Twee"),
        ("drie", 3, "Drie"),
    ]
    assert page.start.cover == "media/cover.jpg"
