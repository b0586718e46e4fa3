"""The runtime a package ships: the compiler's core, the standalone tracker, the target's part."""

from __future__ import annotations

import re
import subprocess

import pytest

from compiler.render.runtime_files import CORE_SCRIPTS, TARGET_SCRIPT, build_runtime, build_tracker_part


def test_the_page_loads_one_runtime_script_which_holds_the_core_then_the_target_part() -> None:
    runtime = build_runtime()
    assert runtime.scripts == (TARGET_SCRIPT,)
    assert runtime.files == {}  # the core ships inside each target's part, not as files of its own
    text = build_tracker_part("scorm12", ("trackers/scorm.js", "trackers/scorm12.js"))[TARGET_SCRIPT].decode()
    marks = ["C.state=", "C.answers=", "C.tracker=", "C.Progress=", "C.trackers.standalone=", "C.trackers.scorm12="]
    assert [text.count(mark) for mark in marks] == [1] * len(marks)
    assert [text.index(mark) for mark in marks] == sorted(text.index(mark) for mark in marks)
    assert len(CORE_SCRIPTS) == 4


def test_the_target_part_holds_the_adapters_once_in_order_and_names_the_tracker() -> None:
    [(path, content)] = build_tracker_part(
        "scorm12", ("trackers/scorm.js", "trackers/scorm12.js", "trackers/standalone.js", "trackers/scorm.js")
    ).items()
    assert path == TARGET_SCRIPT
    text = content.decode()
    # scorm.js (the shared SCORM helpers) before scorm12.js; the standalone tracker comes once, with the core.
    assert text.index("C.scorm=") < text.index("C.trackers.scorm12")
    assert text.count("C.trackers.standalone=") == 1
    assert text.index("C.trackers.standalone=") < text.index("C.scorm=")
    assert text.count("C.trackers.scorm12") == 1
    assert text.endswith('(window.Coursec=window.Coursec||{}).target="scorm12";\n')
    assert "/*" not in text  # minified like every shipped script


def test_the_web_target_part_is_the_core_and_the_standalone_tracker() -> None:
    text = build_tracker_part("standalone", ())[TARGET_SCRIPT].decode()
    assert text.count("C.trackers.standalone=") == 1
    assert "C.state=" in text
    assert "C.trackers.scorm" not in text
    assert text.endswith('(window.Coursec=window.Coursec||{}).target="standalone";\n')


def test_a_tracker_name_that_is_no_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="letters, digits"):
        build_tracker_part('x";alert(1);"', ())


def test_every_target_part_parses_as_one_script() -> None:
    from compiler.targets.base import available_targets

    for name, target in available_targets().items():
        source = build_tracker_part(target.tracker, target.tracker_scripts)[TARGET_SCRIPT]
        checked = subprocess.run(["node", "--check", "-"], input=source, capture_output=True)
        assert checked.returncode == 0, (name, checked.stderr.decode())


def test_every_adapter_registers_under_its_file_name() -> None:
    standalone = build_tracker_part("standalone", ())[TARGET_SCRIPT].decode()
    assert re.search(r"C\.trackers\.standalone=\{", standalone)
    scorm12 = build_tracker_part("scorm12", ("trackers/scorm12.js",))[TARGET_SCRIPT].decode()
    assert re.search(r"C\.trackers\.scorm12=\{", scorm12)


def test_the_state_encoder_ships_with_the_compiler() -> None:
    state = build_tracker_part("standalone", ())[TARGET_SCRIPT].decode()
    assert "C.state={" in state


def test_block_assets_are_those_of_the_named_blocks_only_in_name_order() -> None:
    from compiler.render.runtime_files import BLOCK_SCRIPT, BLOCK_STYLE, build_block_assets

    assert build_block_assets([]) == build_block_assets(())
    assert build_block_assets([]).files == {}
    assert build_block_assets([]).scripts == build_block_assets([]).styles == ()
    tabs = build_block_assets(["tabs"])
    assert (
        (tabs.scripts, tabs.styles)
        == ((BLOCK_SCRIPT,), (BLOCK_STYLE,))
        == (("blocks/blocks.js",), ("blocks/blocks.css",))
    )
    assert tabs.parts == ("codecs/panels.js", "tabs/tabs.js", "tabs/tabs.css")
    script = tabs.files[BLOCK_SCRIPT].decode("utf-8")
    assert "C.blockTypes.tabs" in script
    assert "C.blockTypes.accordion" not in script
    both = build_block_assets(["tabs", "accordion", "tabs"])
    # The codec both use ships once, before the block scripts; each file opens with its name.
    assert both.parts[:3] == ("codecs/panels.js", "accordion/accordion.js", "tabs/tabs.js")
    joined = both.files[BLOCK_SCRIPT].decode("utf-8")
    assert joined.count("/* compiler/blocks/codecs/panels.js */") == 1
    assert joined.index("codecs/panels.js") < joined.index("accordion/accordion.js") < joined.index("tabs/tabs.js")


def test_a_block_that_only_shows_ships_its_style_and_no_script() -> None:
    from compiler.render.runtime_files import BLOCK_STYLE, build_block_assets

    statement = build_block_assets(["statement"])
    assert statement.scripts == ()
    assert list(statement.files) == [BLOCK_STYLE]
    assert b".block-statement" in statement.files[BLOCK_STYLE]
