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

from compiler.blocks.base import InteractiveBlock
from compiler.blocks.registry import ARCHIVE_FOLDER as BLOCKS_FOLDER
from compiler.blocks.registry import CODECS_FOLDER, block_types, codec_script, read_block_file
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


COURSE_SCRIPT = f"{ARCHIVE_FOLDER}/course.js"
"""The blocks' and the theme's scripts of a course, joined: not a file of the package, the orchestrator
appends it to each target's `runtime/target.js` (`with_course_script`)."""
COURSE_STYLE = "static/course.css"
"""The theme's stylesheets and the blocks', joined: the package's one stylesheet (in the theme's static/,
so the theme's relative url()s still resolve)."""

BLOCK_SCRIPT = f"{BLOCKS_FOLDER}/blocks.js"
"""The one script of the blocks a package's course uses: their shared codecs, then each block's script."""
BLOCK_STYLE = f"{BLOCKS_FOLDER}/blocks.css"
"""The one stylesheet of the blocks a package's course uses, each block's style in name order."""


def runtime_file(path: str) -> bytes:
    """One file of the runtime by its archive path ('runtime/pages.js'): what a package ships on demand."""
    return _read(path.removeprefix("runtime/"))


@dataclass(frozen=True)
class BlockAssets:
    """The scripts and stylesheets of the registered blocks a course uses (and of no other block).

    They ship joined, one script and one stylesheet per package: each file gzipped on its own
    costs a header and a fresh dictionary, which for eleven small block files is about a tenth of
    what they weigh (bench/weight.py), and each is one more request in an LMS frame.
    """

    scripts: tuple[str, ...]
    """Archive paths in load order: after the core and tracker, before the theme's scripts."""
    styles: tuple[str, ...]
    """Archive paths, linked after the theme's stylesheets."""
    files: Mapping[str, bytes]
    parts: tuple[str, ...] = ()
    """The block files joined into them (`<folder>/<file>` of compiler/blocks/), in order."""


def _joined(parts: Sequence[tuple[str, str]]) -> bytes:
    """Block files one after another, each opened with a comment naming it; scripts are IIFEs ended by ';'."""
    texts = []
    for folder, file in parts:
        text = read_block_file(folder, file).decode("utf-8").rstrip()
        if file.endswith(".js") and not text.endswith(";"):
            text += ";"
        texts.append(f"/* compiler/blocks/{folder}/{file} */\n{text}\n")
    return "".join(texts).encode("utf-8")


def build_block_assets(kinds: Sequence[str]) -> BlockAssets:
    """Return the assets of the named block types, in registry (name) order, joined into one script and one style."""
    types = block_types()
    chosen = [types[kind] for kind in sorted(set(kinds))]
    # The shared state codecs first: the block scripts and the core's decoder use them. A block
    # that only shows has no state, so it brings no codec.
    stateful = [block for block in chosen if issubclass(block.model, InteractiveBlock)]
    shared = {script for block in stateful if (script := codec_script(block.codec)) is not None}
    codecs = [(CODECS_FOLDER, file) for file in sorted(shared)]
    scripts = [*codecs, *((block.name, file) for block in chosen for file in block.scripts)]
    styles = [(block.name, file) for block in chosen for file in block.styles]
    files: dict[str, bytes] = {}
    if scripts:
        files[BLOCK_SCRIPT] = _joined(scripts)
    if styles:
        files[BLOCK_STYLE] = _joined(styles)
    return BlockAssets(
        (BLOCK_SCRIPT,) if scripts else (),
        (BLOCK_STYLE,) if styles else (),
        files,
        tuple(f"{folder}/{file}" for folder, file in (*scripts, *styles)),
    )


def build_runtime() -> Runtime:
    """Return the page's runtime script list: the slot of `runtime/target.js`, which holds the core too.

    The core and the standalone tracker ship inside each target's `runtime/target.js`
    (`build_tracker_part`), not as files of their own: one file gzipped on its own weighs about
    1.6 KB less than six (bench/weight.py), and it is one request instead of six.
    """
    return Runtime((TARGET_SCRIPT,), {})


def build_tracker_part(
    tracker: str, tracker_scripts: Sequence[str], settings: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """Return `runtime/target.js` of one target: the core, the standalone tracker and its adapter scripts,
    minified, in that order, then `C.target = tracker`.

    Each script is a classic `"use strict"` IIFE, so joining them keeps each one's scope; the core
    and the standalone tracker come once, whatever the adapters name. `settings` (the target's
    `tracker_settings`, e.g. the TinCan activity id) become `C.targetSettings`.
    """
    if not tracker.replace("_", "").isalnum():
        raise ValueError(f"tracker names are letters, digits and '_': {tracker!r}")
    relatives = list(dict.fromkeys((*CORE_SCRIPTS, *STANDALONE_SCRIPTS, *tracker_scripts)))
    minified = minify_assets({relative: _read(relative) for relative in relatives})
    parts = [minified[relative].decode("utf-8").rstrip().rstrip(";") + ";" for relative in relatives]
    if settings:
        parts.append(f"(window.Coursec=window.Coursec||{{}}).targetSettings={script_safe_json(dict(settings))};")
    parts.append(f'(window.Coursec=window.Coursec||{{}}).target="{tracker}";')
    return {TARGET_SCRIPT: ("\n".join(parts) + "\n").encode("utf-8")}


def join_assets(files: Mapping[str, bytes], paths: Sequence[str], joined: str) -> dict[str, bytes]:
    """`files` with the (minified) files at `paths` replaced by one file `joined`, their contents in that
    order; scripts are IIFEs, each ended by ';'. Unchanged when `paths` is empty."""
    if not paths:
        return dict(files)
    parts = []
    for path in paths:
        text = files[path].decode("utf-8").rstrip()
        if path.endswith(".js") and not text.endswith(";"):
            text += ";"
        parts.append(text + "\n")
    rest = {path: data for path, data in files.items() if path not in set(paths)}
    return {**rest, joined: "".join(parts).encode("utf-8")}


def with_course_script(pages: Mapping[str, bytes], tracker_part: Mapping[str, bytes]) -> dict[str, bytes]:
    """One target's files: the rendered pages, with the course's joined script after the target's own
    `runtime/target.js` (core and tracker), in that one file."""
    files = {path: data for path, data in pages.items() if path != COURSE_SCRIPT}
    target = tracker_part[TARGET_SCRIPT] + pages.get(COURSE_SCRIPT, b"")
    return {**files, **tracker_part, TARGET_SCRIPT: target}
