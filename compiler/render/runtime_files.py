"""Tracker adapter scripts -> the learner runtime a package ships (the compiler's package data); pure.

The runtime core (`compiler/runtime/core/*.js`: state encoding, answer matching, the completion
rule, the tracker interface) and the tracker adapters (`compiler/runtime/trackers/*.js`) belong
to the compiler, not to a theme: they define what is stored and reported, and the compile-time
suspend_data proof (`suspend_budget.py`) is made for exactly this encoder.

The rendered course is the same for every target: index.html loads the core, the standalone
tracker and `runtime/target.js`, and only that file differs per package. It holds the target's
adapter scripts (minified, in load order) and names the tracker the core connects through
(`C.target`). So `--target all` renders the course once, and a package's index.html does not
depend on the standard it is for. The theme's own scripts (DOM and UI) load after the runtime.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compiler.blocks.registry import CODECS_FOLDER, asset_path, block_types, codec_script, read_block_file
from compiler.render.minify import minify_assets
from compiler.render.runtime_data import script_safe_json

ARCHIVE_FOLDER = "runtime"
"""Folder of the runtime scripts in a package: `runtime/core/state.js`, `runtime/trackers/...`."""

CORE_SCRIPTS = ("core/state.js", "core/answers.js", "core/tracker.js", "core/progress.js")
"""The core, in load order; each file attaches to `window.Coursec`."""

STANDALONE_SCRIPTS = ("trackers/standalone.js",)
"""The tracker every package carries: progress in localStorage when no LMS is there."""

TARGET_SCRIPT = f"{ARCHIVE_FOLDER}/target.js"
"""The one runtime file that differs per target: the adapter scripts and the tracker's name."""


@dataclass(frozen=True)
class Runtime:
    """The runtime scripts every package of a course shares (the same for every target)."""

    scripts: tuple[str, ...]
    """Archive paths in load order, `runtime/target.js` last; the theme's scripts come after these."""
    files: Mapping[str, bytes]
    """The shared scripts by archive path (`runtime/target.js` is the target's: `build_tracker_part`)."""


@functools.cache
def _read(relative: str) -> bytes:
    return importlib.resources.files("compiler").joinpath("runtime", *relative.split("/")).read_bytes()


def runtime_file(path: str) -> bytes:
    """One file of the runtime by its archive path ('runtime/pages.js'): what a package ships on demand."""
    return _read(path.removeprefix("runtime/"))


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


def build_runtime() -> Runtime:
    """Return the core and the standalone tracker, in load order, then the slot of `runtime/target.js`."""
    relatives = (*CORE_SCRIPTS, *STANDALONE_SCRIPTS)
    paths = tuple(f"{ARCHIVE_FOLDER}/{relative}" for relative in relatives)
    return Runtime(
        (*paths, TARGET_SCRIPT), {path: _read(relative) for path, relative in zip(paths, relatives, strict=True)}
    )


def build_tracker_part(
    tracker: str, tracker_scripts: Sequence[str], settings: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """Return `runtime/target.js` of one target: its adapter scripts, minified, then `C.target = tracker`.

    Each adapter is a classic `"use strict"` IIFE, so joining them keeps each one's scope; the
    shared core and standalone tracker are already in the page and are not repeated. `settings`
    (the target's `tracker_settings`, e.g. the TinCan activity id) become `C.targetSettings`.
    """
    if not tracker.replace("_", "").isalnum():
        raise ValueError(f"tracker names are letters, digits and '_': {tracker!r}")
    shared = {*CORE_SCRIPTS, *STANDALONE_SCRIPTS}
    relatives = [relative for relative in dict.fromkeys(tracker_scripts) if relative not in shared]
    minified = minify_assets({relative: _read(relative) for relative in relatives})
    parts = [minified[relative].decode("utf-8").rstrip().rstrip(";") + ";" for relative in relatives]
    if settings:
        parts.append(f"(window.Coursec=window.Coursec||{{}}).targetSettings={script_safe_json(dict(settings))};")
    parts.append(f'(window.Coursec=window.Coursec||{{}}).target="{tracker}";')
    return {TARGET_SCRIPT: ("\n".join(parts) + "\n").encode("utf-8")}
