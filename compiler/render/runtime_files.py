"""Tracker adapter scripts -> the learner runtime a package ships (the compiler's package data); pure.

The runtime core (`compiler/runtime/core/*.js`: state encoding, answer matching, the completion
rule, the tracker interface) and the tracker adapters (`compiler/runtime/trackers/*.js`) belong
to the compiler, not to a theme: they define what is stored and reported, and the compile-time
suspend_data proof (`suspend_budget.py`) is made for exactly this encoder. A target names its
tracker and the adapter scripts it needs; the theme's own scripts (DOM and UI) load after them.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.blocks.registry import CODECS_FOLDER, asset_path, block_types, codec_script, read_block_file

ARCHIVE_FOLDER = "runtime"
"""Folder of the runtime scripts in a package: `runtime/core/state.js`, `runtime/trackers/...`."""

CORE_SCRIPTS = ("core/state.js", "core/answers.js", "core/tracker.js", "core/progress.js")
"""The core, in load order; each file attaches to `window.Coursec`."""

STANDALONE_SCRIPTS = ("trackers/standalone.js",)
"""The tracker every package carries: progress in localStorage when no LMS is there."""


@dataclass(frozen=True)
class Runtime:
    """The runtime scripts of one package."""

    tracker: str
    """The adapter the runtime connects through (`C.trackers[tracker]`)."""
    scripts: tuple[str, ...]
    """Archive paths in load order; the theme's scripts come after these."""
    files: Mapping[str, bytes]
    """The scripts by archive path."""


@functools.cache
def _read(relative: str) -> bytes:
    return importlib.resources.files("compiler").joinpath("runtime", *relative.split("/")).read_bytes()


@dataclass(frozen=True)
class BlockAssets:
    """The scripts and stylesheets of the registered blocks a course uses (and of no other block)."""

    scripts: tuple[str, ...]
    """Archive paths in load order: after the core and tracker, before the theme's scripts."""
    styles: tuple[str, ...]
    """Archive paths, linked after the theme's stylesheets."""
    files: Mapping[str, bytes]


def build_block_assets(kinds: Sequence[str]) -> BlockAssets:
    """Return the assets of the named block types, in registry (name) order."""
    types = block_types()
    chosen = [types[kind] for kind in sorted(set(kinds))]
    # The shared state codecs first: the block scripts and the core's decoder use them.
    shared = {script for block in chosen if (script := codec_script(block.codec)) is not None}
    codecs = [(CODECS_FOLDER, file) for file in sorted(shared)]
    owned = [(block.name, file) for block in chosen for file in block.scripts]
    scripts = tuple(asset_path(folder, file) for folder, file in (*codecs, *owned))
    styles = tuple(asset_path(block.name, file) for block in chosen for file in block.styles)
    files = {
        asset_path(folder, file): read_block_file(folder, file)
        for folder, file in (*codecs, *owned, *((block.name, file) for block in chosen for file in block.styles))
    }
    return BlockAssets(scripts, styles, files)


def build_runtime(tracker: str, tracker_scripts: Sequence[str]) -> Runtime:
    """Return the core, the standalone tracker and the target's adapter scripts, in load order."""
    relatives = list(dict.fromkeys([*CORE_SCRIPTS, *STANDALONE_SCRIPTS, *tracker_scripts]))
    scripts = tuple(f"{ARCHIVE_FOLDER}/{relative}" for relative in relatives)
    return Runtime(tracker, scripts, {path: _read(relative) for path, relative in zip(scripts, relatives, strict=True)})
