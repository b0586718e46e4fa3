"""Translatable texts found through the models' markers, stable unit ids, merging and applying a translation."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel

from compiler.api import read_sources
from compiler.blocks.base import Panel
from compiler.blocks.registry import block_types
from compiler.blocks.tabs.block import Tabs
from compiler.model import course as course_models
from compiler.model.checks import assemble_course
from compiler.model.course import Course
from compiler.model.translation import TextUnit, marker, merge_units, text_units, translate_course, walk_course
from compiler.model.validate import ValidatedParts
from compiler.source.files import load_course_files
from compiler.source.markdown_segments import protect_inline
from compiler.source.xliff import REVIEW_STATE, UnitToWrite, parse_xliff, tags_of, write_xliff

COURSE_YAML = """id: c
title: Veilig mailen
language: nl
version: 1.0.0
description: Leer phishing herkennen.
credits:
  - role: Auteur
    name: Ans
lessons: [phishing]
"""
LESSON = """---
id: phishing
title: Phishing
objectives:
  - Je herkent een nepmail.
---

Een **nepmail** lijkt [echt](https://example.org).

- Klik niet.

```tip Let op
Kijk naar de *afzender*.
```

```tabs
panels:
  - title: Afzender
    body: |
      Het adres.

      De naam.
  - title: Link
    body: Wijs aan.
```

```media
type: image
src: media/a.svg
alt: Een telefoon
```
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def _write(folder: Path, lesson: str = LESSON) -> Path:
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (folder / "lessons/01-phishing.md").write_text(lesson, encoding="utf-8")
    (folder / "media/a.svg").write_text(SVG, encoding="utf-8")
    return folder


def _read(folder: Path) -> tuple[Course, ValidatedParts, dict[str, str]]:
    files, _ = load_course_files(folder)
    parts, diagnostics = read_sources(files)
    assert diagnostics == []
    return assemble_course(parts), parts, {path: source.text for path, source in files.texts.items()}


def _units(folder: Path) -> list[TextUnit]:
    course, parts, texts = _read(folder)
    return text_units(course, parts.index, texts)


def test_every_text_a_learner_reads_is_a_unit_with_an_id_from_the_structure(tmp_path: Path) -> None:
    units = {unit.id: unit.text for unit in _units(_write(tmp_path))}
    assert units == {
        "course/title": "Veilig mailen",
        "course/description": "Leer phishing herkennen.",
        "course/credits/1/role": "Auteur",
        "lessons/phishing/title": "Phishing",
        "lessons/phishing/objectives/1": "Je herkent een nepmail.",
        "lessons/phishing/text/1": "Een **nepmail** lijkt [echt](https://example.org).",
        "lessons/phishing/text/2": "Klik niet.",
        "lessons/phishing/callout/1/title": "Let op",
        "lessons/phishing/callout/1/1": "Kijk naar de *afzender*.",
        "lessons/phishing/tabs/phishing-tabs-1/panels/1/title": "Afzender",
        "lessons/phishing/tabs/phishing-tabs-1/panels/1/body/1": "Het adres.",
        "lessons/phishing/tabs/phishing-tabs-1/panels/1/body/2": "De naam.",
        "lessons/phishing/tabs/phishing-tabs-1/panels/2/title": "Link",
        "lessons/phishing/tabs/phishing-tabs-1/panels/2/body/1": "Wijs aan.",
        "lessons/phishing/media/1/alt": "Een telefoon",
    }


def test_each_unit_points_at_the_line_and_column_of_its_text(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    for unit in _units(folder):
        line = (folder / unit.span.path).read_text(encoding="utf-8").split("\n")[unit.span.line - 1]
        assert line[unit.span.column - 1 :].startswith(unit.text.split("\n")[0]), unit.id


def test_ids_survive_edits_and_blocks_added_between_the_texts(tmp_path: Path) -> None:
    before = [unit.id for unit in _units(_write(tmp_path / "a"))]
    edited = LESSON.replace("Klik niet.", "Klik nooit.").replace(
        "- Klik", "```question\nid: q\ntype: true-false\nprompt: Echt?\nanswer: false\n```\n\n- Klik"
    )
    after = [unit.id for unit in _units(_write(tmp_path / "b", edited))]
    assert [i for i in after if "question" not in i] == before


def test_a_block_type_that_marks_its_fields_is_extracted_without_a_change_to_the_extractor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tabs = block_types()["tabs"].model
    assert marker(tabs, "title") == "text"
    assert marker(Panel, "body") == "markdown"
    units = [unit.id for unit in _units(_write(tmp_path))]
    assert all(any(i.startswith(f"lessons/phishing/{name}/") for i in units) for name in ("tabs",))


UNMARKED = {
    "CourseConfig": {"id", "language", "version", "cover", "publisher_iri", "lessons", "theme", "targets"},
    "Credit": {"name", "url"},
    "Branding": {"organisation", "logo", "primary_color"},
    "Lesson": {"id", "source_path"},
    "Prose": {"kind"},
    "Callout": {"kind", "variant"},
    "Media": {"type", "src", "captions", "poster", "size"},
    "MediaBlock": {"kind"},
    "Assignment": {"id"},
    "AssignmentBlock": {"kind"},
    "QuestionBlock": {"kind"},
    "RegisteredBlock": {"kind", "id"},
    "Quiz": {"id", "feedback"},
    "Draw": {"bank", "tag"},
    "Course": {"banks"},
    "LessonFrontMatter": {"id", "title", "objectives"},
    "_QuestionBase": {"id", "tags"},
    "SingleChoice": {"id", "type", "tags"},
    "MultipleResponse": {"id", "type", "tags"},
    "TrueFalse": {"id", "type", "tags"},
    "FillIn": {"id", "type", "tags"},
    "Matching": {"id", "type", "tags"},
    "Sequencing": {"id", "type", "tags"},
    "Tabs": {"id"},
    "Accordion": {"id"},
    "Scenario": {"id", "start"},
    "FlipCards": {"id"},
    "Process": {"id"},
    "LabeledGraphic": {"id"},
    "ContinueDivider": {"id"},
    "Statement": {"id", "image", "overlay", "text_color"},
    "ImageText": {"id", "image", "side"},
    "Quote": {"id", "portrait"},
    "Timeline": {"id"},
    "Event": {"date", "image"},
}
"""Text fields no translation touches, each a decision: ids, paths, names, kinds (LessonFrontMatter is read
into Lesson, whose fields are marked)."""


def _text_fields(model: type[BaseModel]) -> set[str]:
    found = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = get_args(annotation)
        if annotation is str or str in args or any(str in get_args(arg) for arg in args):
            found.add(name)
    return found


def test_every_text_field_of_every_model_is_marked_or_deliberately_left_out() -> None:
    models = [
        value
        for value in vars(course_models).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == course_models.__name__
    ]
    models += [block.model for block in block_types().values()]
    undecided = {
        model.__name__: sorted(
            name
            for name in _text_fields(model)
            if marker(model, name) is None and name not in UNMARKED.get(model.__name__, set())
        )
        for model in models
    }
    assert {name: fields for name, fields in undecided.items() if fields} == {}


def _xliff(units: list[TextUnit], targets: dict[str, str], state: str = "translated") -> str:
    written = [
        UnitToWrite(
            unit.id,
            unit.document,
            protect_inline(unit.text),
            unit.source_hash,
            tags_of(protect_inline(targets[unit.id])) if unit.id in targets else None,
            state if unit.id in targets else None,
        )
        for unit in units
    ]
    return write_xliff("nl", "en", written).decode("utf-8")


def test_merging_keeps_every_translation_and_marks_exactly_the_edited_units(tmp_path: Path) -> None:
    units = _units(_write(tmp_path / "a"))
    old, _ = parse_xliff(_xliff(units, {unit.id: f"EN {unit.text}" for unit in units}), "t.xlf")
    edited = LESSON.replace("Klik niet.", "Klik nooit.").replace("Wijs aan.", "Wijs de link aan.")
    merge = merge_units(_units(_write(tmp_path / "b", edited)), old)
    marked = sorted(unit.id for unit in merge.units if unit.state == REVIEW_STATE)
    assert marked == ["lessons/phishing/tabs/phishing-tabs-1/panels/2/body/1", "lessons/phishing/text/2"]
    assert all(unit.target is not None for unit in merge.units)
    assert (merge.new, merge.changed, merge.kept, merge.removed) == (0, 2, len(units) - 2, ())
    [review] = [unit for unit in merge.units if unit.id == "lessons/phishing/text/2"]
    assert review.previous is not None
    assert review.previous[0] == ["Klik niet."]


def test_a_paragraph_that_moved_keeps_its_translation(tmp_path: Path) -> None:
    units = _units(_write(tmp_path / "a"))
    old, _ = parse_xliff(_xliff(units, {"lessons/phishing/text/2": "Do not click."}), "t.xlf")
    moved = LESSON.replace("- Klik niet.", "Nieuw.\n\n- Klik niet.")
    merge = merge_units(_units(_write(tmp_path / "b", moved)), old)
    by_id = {unit.id: unit for unit in merge.units}
    assert by_id["lessons/phishing/text/3"].target == ["Do not click."]
    assert by_id["lessons/phishing/text/2"].target is None


def test_a_translation_replaces_the_texts_and_keeps_the_markdown_codes(tmp_path: Path) -> None:
    course, parts, texts = _read(_write(tmp_path))
    units = text_units(course, parts.index, texts)
    targets = {unit.id: unit.text for unit in units}
    targets["lessons/phishing/text/1"] = "A **fake e-mail** looks [real](https://example.org)."
    targets["lessons/phishing/tabs/phishing-tabs-1/panels/1/body/2"] = "The name."
    document, _ = parse_xliff(_xliff(units, targets), "translations/en.xlf")
    assert document is not None
    translated, diagnostics = translate_course(course, parts.index, texts, document, "en")
    assert diagnostics == []
    assert translated.config.language == "en"
    prose = translated.lessons[0].blocks[0]
    assert (
        getattr(prose, "markdown", "")
        .lstrip("\n")
        .startswith("A **fake e-mail** looks [real](https://example.org).\n\n- Klik")
    )
    tabs = translated.lessons[0].registered_blocks()[0].block
    assert isinstance(tabs, Tabs)
    assert tabs.panels[0].body == "Het adres.\n\nThe name."


def test_a_translation_filled_with_its_sources_changes_nothing_but_the_language(tmp_path: Path) -> None:
    course, parts, texts = _read(_write(tmp_path))
    units = text_units(course, parts.index, texts)
    document, _ = parse_xliff(_xliff(units, {unit.id: unit.text for unit in units}), "translations/en.xlf")
    assert document is not None
    translated, diagnostics = translate_course(course, parts.index, texts, document, "en")
    assert diagnostics == []
    same_language = translated.model_copy(update={"config": translated.config.model_copy(update={"language": "nl"})})
    assert same_language == course
    assert walk_course(course, parts.index, texts, lambda unit: None) == course


def test_untranslated_and_stale_units_warn_at_the_source_and_show_what_is_there(tmp_path: Path) -> None:
    course, parts, texts = _read(_write(tmp_path))
    units = text_units(course, parts.index, texts)
    targets = {unit.id: f"EN {unit.text}" for unit in units if unit.id != "course/title"}
    text = _xliff(units, targets).replace(units[-1].source_hash, "0000000000000000")  # the alt text changed
    document, _ = parse_xliff(text, "translations/en.xlf")
    assert document is not None
    translated, diagnostics = translate_course(course, parts.index, texts, document, "en")
    assert [(d.code, d.span.path if d.span else "", d.span.line if d.span else 0) for d in diagnostics] == [
        ("W701", "course.yaml", 2),
        ("W702", "lessons/01-phishing.md", 30),
    ]
    assert translated.config.title == "Veilig mailen"
    assert "(translations/en.xlf:" in diagnostics[1].message
