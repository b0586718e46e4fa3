"""The runtime a package ships: the compiler's core, the standalone tracker, the target's adapter."""

from __future__ import annotations

import re

from compiler.render.runtime_files import CORE_SCRIPTS, build_runtime


def test_core_and_standalone_come_first_then_the_targets_adapter_once() -> None:
    runtime = build_runtime("scorm12", ("trackers/scorm.js", "trackers/scorm12.js", "trackers/standalone.js"))
    assert runtime.tracker == "scorm12"
    assert runtime.scripts == (
        *(f"runtime/{name}" for name in CORE_SCRIPTS),
        "runtime/trackers/standalone.js",
        "runtime/trackers/scorm.js",
        "runtime/trackers/scorm12.js",
    )
    assert list(runtime.files) == list(runtime.scripts)


def test_every_adapter_registers_under_its_file_name() -> None:
    for name in ("standalone", "scorm12"):
        source = build_runtime(name, (f"trackers/{name}.js",)).files[f"runtime/trackers/{name}.js"].decode()
        assert re.search(rf"C\.trackers\.{name} = \{{", source), name


def test_the_state_encoder_ships_with_the_compiler() -> None:
    state = build_runtime("standalone", ()).files["runtime/core/state.js"].decode()
    assert "suspend_data" in state
    assert "C.state = {" in state


def test_block_assets_are_those_of_the_named_blocks_only_in_name_order() -> None:
    from compiler.render.runtime_files import build_block_assets

    assert build_block_assets([]) == build_block_assets(())
    assert build_block_assets([]).files == {}
    tabs = build_block_assets(["tabs"])
    assert tabs.scripts == ("blocks/codecs/panels.js", "blocks/tabs/tabs.js")
    assert tabs.styles == ("blocks/tabs/tabs.css",)
    assert sorted(tabs.files) == ["blocks/codecs/panels.js", "blocks/tabs/tabs.css", "blocks/tabs/tabs.js"]
    both = build_block_assets(["tabs", "accordion", "tabs"])
    # The codec both use ships once, before the block scripts.
    assert both.scripts == ("blocks/codecs/panels.js", "blocks/accordion/accordion.js", "blocks/tabs/tabs.js")
