from __future__ import annotations

import pytest

from compiler.package.authoring import AuthoringTool, recognise_tool

from . import package_shapes


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("rise", AuthoringTool("Articulate Rise 360", ("scormdriver/", "scormcontent/"))),
        ("storyline", AuthoringTool("Articulate Storyline", ("story.html", "story_content/"))),
        ("ispring", AuthoringTool("iSpring Suite", ("res/",))),
        ("adapt", AuthoringTool("Adapt", ("adapt/",))),
        ("h5p", AuthoringTool("Lumi / H5P", ("h5p.json", "H5P.MultiChoice-1.16/"))),
    ],
)
def test_each_tool_is_recognised_by_its_export_layout(shape: str, expected: AuthoringTool) -> None:
    assert recognise_tool(package_shapes.SHAPES[shape]()) == expected


def test_storyline_wins_over_a_scorm_driver_folder_like_rises() -> None:
    tool = recognise_tool(["story.html", "scormdriver/scormdriver.js", "imsmanifest.xml"])
    assert tool is not None
    assert tool.name == "Articulate Storyline"


def test_folders_count_only_at_the_root_and_a_plain_package_is_not_recognised() -> None:
    assert recognise_tool(["imsmanifest.xml", "index.html", "media/res/logo.png", "js/adapt/x.js"]) is None
    assert recognise_tool([]) is None


def test_directory_entries_alone_name_a_folder() -> None:
    tool = recognise_tool(["imsmanifest.xml", "adapt/", "adapt/js/"])
    assert tool == AuthoringTool("Adapt", ("adapt/",))
