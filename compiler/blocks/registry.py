"""Block folders -> the registry of block types the parser, the model, the renderer and the packager read.

A block type is a folder `compiler/blocks/<name>/` whose `block.py` defines `BLOCK`, a `BlockType`.
The registry finds every such folder (sorted, so output stays deterministic); adding a block
touches no list here. Files of a folder are package data, read through importlib.resources.
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from compiler.blocks.base import PlacedBlock

ARCHIVE_FOLDER = "blocks"
"""Folder of block assets in a package: `blocks/blocks.js` and `blocks/blocks.css` (render/runtime_files.py)."""


@dataclass(frozen=True)
class BlockType:
    """One registered block: its fence name, model and the files of its folder."""

    name: str
    """The fence info word authors write (```tabs) and the `kind` of the placed block."""
    model: type[PlacedBlock]
    """The pydantic model of the fenced YAML."""
    codec: str = "panels"
    """The state codec (`C.state.codecs[codec]`): `codecs/<codec>.js` here, or a block script that defines it."""
    scripts: tuple[str, ...] = ()
    """Runtime scripts in the folder, loaded after the core and before the theme's scripts."""
    styles: tuple[str, ...] = ()
    """Stylesheets in the folder, linked after the theme's."""
    markdown_fields: tuple[tuple[str, ...], ...] = ()
    """Paths of Markdown text in the YAML (`"*"` for every list item), whose links and images are checked."""
    image_fields: tuple[tuple[str, ...], ...] = ()
    """Paths of image file names in the YAML (`image: media/x.svg`), checked and packaged like a Markdown image."""


@functools.cache
def block_types() -> Mapping[str, BlockType]:
    """Every registered block type by name, sorted by name."""
    package = importlib.import_module("compiler.blocks")
    found: dict[str, BlockType] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda module: module.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"compiler.blocks.{info.name}.block")
        block = module.BLOCK
        if not isinstance(block, BlockType) or block.name != info.name:
            raise TypeError(f"compiler/blocks/{info.name}/block.py must define BLOCK = BlockType({info.name!r}, ...)")
        found[block.name] = block
    return MappingProxyType(found)


def block_names() -> tuple[str, ...]:
    """The fence names of the registered blocks."""
    return tuple(block_types())


@functools.cache
def read_block_file(name: str, file: str) -> bytes:
    """A file of a block's folder."""
    return importlib.resources.files("compiler.blocks").joinpath(name, file).read_bytes()


def template_name(name: str) -> str:
    """The template a block renders with: `<name>.html` of its folder, named `blocks/<name>/<name>.html`.

    A theme (or a course's templates/) overrides it with a file at that path.
    """
    return f"blocks/{name}/{name}.html"


def block_templates() -> dict[str, str]:
    """Every block's template text by template name (the lowest level of the search path)."""
    return {template_name(name): read_block_file(name, f"{name}.html").decode("utf-8") for name in block_types()}


CODECS_FOLDER = "codecs"
"""Folder of the state codecs blocks share (`compiler/blocks/codecs/<codec>.js`); not a block."""


def codec_script(codec: str) -> str | None:
    """The shared script of a state codec (its file name in codecs/), or None when a block's own script defines it."""
    file = f"{codec}.js"
    return file if importlib.resources.files("compiler.blocks").joinpath(CODECS_FOLDER, file).is_file() else None


def asset_path(name: str, file: str) -> str:
    """Where a block's script or stylesheet lands in a package."""
    return f"{ARCHIVE_FOLDER}/{name}/{file}"
