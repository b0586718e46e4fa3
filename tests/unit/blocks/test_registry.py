from __future__ import annotations

from compiler.blocks.base import InteractiveBlock
from compiler.blocks.registry import (
    asset_path,
    block_names,
    block_templates,
    block_types,
    read_block_file,
    template_name,
)


def test_the_registry_finds_every_block_folder_in_name_order() -> None:
    assert block_names() == ("accordion", "tabs")
    for name, block in block_types().items():
        assert block.name == name
        assert issubclass(block.model, InteractiveBlock)


def test_every_file_a_block_names_is_in_its_folder() -> None:
    for name, block in block_types().items():
        for file in (f"{name}.html", *block.scripts, *block.styles):
            assert read_block_file(name, file), f"{name}/{file} is empty"


def test_block_templates_are_named_by_folder_and_carry_the_runtime_hooks() -> None:
    templates = block_templates()
    assert sorted(templates) == ["blocks/accordion/accordion.html", "blocks/tabs/tabs.html"]
    assert template_name("tabs") == "blocks/tabs/tabs.html"
    for name, text in templates.items():
        kind = name.split("/")[1]
        assert f'data-block-kind="{kind}"' in text
        assert 'data-block="{{ block.id }}"' in text


def test_assets_land_under_blocks_in_the_package() -> None:
    assert asset_path("tabs", "tabs.js") == "blocks/tabs/tabs.js"
