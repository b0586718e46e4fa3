from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.blocks.base import MAX_PANELS, TAB_TITLE_MAX, InteractiveBlock, PlacedBlock, StaticBlock
from compiler.blocks.registry import (
    asset_path,
    block_names,
    block_templates,
    block_types,
    codec_script,
    read_block_file,
    template_name,
)

from .helpers import lesson_from

FOLDER = Path(__file__).resolve().parents[3] / "compiler" / "blocks"


def test_the_registry_finds_every_block_folder_in_name_order() -> None:
    folders = tuple(sorted(path.parent.name for path in FOLDER.glob("*/block.py")))
    assert block_names() == folders
    assert {"accordion", "scenario", "statement", "tabs"} <= set(folders)
    for name, block in block_types().items():
        assert block.name == name
        assert issubclass(block.model, PlacedBlock)


def test_a_static_block_has_no_state_no_required_and_needs_no_script() -> None:
    for block in block_types().values():
        if issubclass(block.model, StaticBlock):
            assert not issubclass(block.model, InteractiveBlock)
            assert "required" not in block.model.model_fields
            assert block.scripts == (), f"{block.name} only shows: it needs no script"
        else:
            assert issubclass(block.model, InteractiveBlock)


def test_every_file_a_block_names_is_in_its_folder() -> None:
    for name, block in block_types().items():
        for file in (f"{name}.html", *block.scripts, *block.styles):
            assert read_block_file(name, file), f"{name}/{file} is empty"


def test_block_templates_are_named_by_folder_and_carry_the_runtime_hooks() -> None:
    templates = block_templates()
    assert sorted(templates) == [f"blocks/{name}/{name}.html" for name in block_names()]
    assert template_name("tabs") == "blocks/tabs/tabs.html"
    for name, text in templates.items():
        kind = name.split("/")[1]
        assert f'data-block-kind="{kind}"' in text
        assert 'data-block="{{ block.id }}"' in text


def test_assets_land_under_blocks_in_the_package() -> None:
    assert asset_path("tabs", "tabs.js") == "blocks/tabs/tabs.js"


REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", block_names())
def test_each_blocks_docs_are_in_the_course_format_and_its_example_is_valid(name: str) -> None:
    fragment = read_block_file(name, "README.md").decode("utf-8")
    assert fragment in (REPO / "docs" / "course-format.md").read_text(encoding="utf-8")
    example = re.search(r"````markdown\n(.*?)````", fragment, re.S)
    assert example is not None, f"{name}/README.md has no ````markdown example"
    lesson, diagnostics = lesson_from(example.group(1))
    assert lesson is not None
    assert diagnostics == []
    assert [block.kind for block in lesson.registered_blocks()] == [name]


def test_the_documented_limits_are_the_models_limits() -> None:
    tabs = read_block_file("tabs", "README.md").decode("utf-8")
    accordion = read_block_file("accordion", "README.md").decode("utf-8")
    assert f"# 2 to {MAX_PANELS}\n" in tabs
    assert f"at most {TAB_TITLE_MAX} characters" in tabs
    assert f"# 1 to {MAX_PANELS} (" in accordion
    schema = block_types()["tabs"].model.model_json_schema()
    assert (schema["properties"]["panels"]["minItems"], schema["properties"]["panels"]["maxItems"]) == (2, MAX_PANELS)


def test_every_blocks_codec_has_a_shared_script_or_is_defined_by_its_own() -> None:
    for name, block in block_types().items():
        script = codec_script(block.codec)
        own = any(f"codecs.{block.codec} =" in read_block_file(name, file).decode("utf-8") for file in block.scripts)
        assert script is not None or own, f"{name}: no script defines the codec '{block.codec}'"
    assert codec_script("panels") == "panels.js"
    assert codec_script("no-such-codec") is None
