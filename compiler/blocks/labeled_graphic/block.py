"""The labeled graphic block's model, its rules (E212-E214) and registration (codec `panels`: opened ever, open now).

A marker sits at x/y percentages of the image (0 0 is the top left corner). Markers are drawn as
circles about MARKER_GAP percent of a phone-wide image across, so two markers closer than that in
both directions cover each other (E213); a marker outside 0-100 is off the image (E212).
"""

from __future__ import annotations

import re

from pydantic import Field
from pydantic.config import JsonDict

from compiler.blocks.base import (
    MAX_PANELS,
    TRANSLATABLE_MARKDOWN,
    TRANSLATABLE_TEXT,
    BlockModel,
    BlockText,
    Finding,
    InteractiveBlock,
)
from compiler.blocks.registry import BlockType

MAX_MARKERS = MAX_PANELS
"""Markers a labeled graphic may have: the `panels` codec's two mask digits."""

MARKER_GAP = 12.0
"""Percent of the image's width and height two marker centres must be apart in at least one direction."""

IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*(\S+?)\s*\)")
"""A Markdown image, `![alt](path)`."""

_PERCENT: JsonDict = {"minimum": 0, "maximum": 100}
"""The schema says 0-100 to editors; the model takes any number so that E212 can say where and why."""


class Marker(BlockModel):
    """One numbered marker on the image: where it sits, its label and its text."""

    label: BlockText = Field(
        description="The marker's name (plain text): what the learner hears on the marker button and sees in the list.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    x: float = Field(
        description="Across the image, in percent of its width: 0 is the left edge, 100 the right edge.",
        json_schema_extra=_PERCENT,
    )
    y: float = Field(
        description="Down the image, in percent of its height: 0 is the top edge, 100 the bottom edge.",
        json_schema_extra=_PERCENT,
    )
    text: BlockText = Field(
        description="What the marker explains (Markdown): shown, once opened, in the list under the image.",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )


class LabeledGraphic(InteractiveBlock):
    """An image with numbered markers; each marker opens its text. Required: every marker opened once."""

    title: BlockText | None = Field(
        None,
        description="What the image shows, for screen readers (the group's name); not shown.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    image: BlockText = Field(
        description=(
            "The image, as one Markdown image with alt text: ![A chat screen](media/chat.svg). "
            "Write it on the line after 'image: |' (a value starting with '!' is a YAML tag)."
        ),
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )
    markers: list[Marker] = Field(
        min_length=1, max_length=MAX_MARKERS, description=f"1 to {MAX_MARKERS} markers, numbered in this order."
    )

    def state_size(self) -> int:
        return len(self.markers)

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        image = IMAGE.fullmatch(self.image.strip())
        if image is None:
            found.append(
                Finding(
                    "E214",
                    "'image' must be one Markdown image with alt text, and nothing else",
                    ("image",),
                    "write 'image: |' and on the next line ![What the image shows](media/file.svg); "
                    "put other text in the markers or around the block",
                )
            )
        elif not image.group(1).strip():
            found.append(
                Finding(
                    "E214",
                    "the image of a labeled graphic needs alt text",
                    ("image",),
                    f"say between the brackets what the image shows: ![A chat screen]({image.group(2)}); "
                    "screen readers read it before the markers",
                )
            )
        for index, marker in enumerate(self.markers):
            for axis, value in (("x", marker.x), ("y", marker.y)):
                if not 0 <= value <= 100:
                    edge = ("left", "right") if axis == "x" else ("top", "bottom")
                    found.append(
                        Finding(
                            "E212",
                            f"marker {index + 1} ('{marker.label}') has {axis}: {value:g}, which is off the image",
                            ("markers", index, axis),
                            f"{axis} is a percentage of the image: 0 is its {edge[0]} edge, 100 its {edge[1]} edge; "
                            f"write a number from 0 to 100",
                        )
                    )
        for index, marker in enumerate(self.markers):
            for earlier in range(index):
                other = self.markers[earlier]
                if abs(marker.x - other.x) < MARKER_GAP and abs(marker.y - other.y) < MARKER_GAP:
                    found.append(
                        Finding(
                            "E213",
                            f"marker {index + 1} ('{marker.label}') at {marker.x:g} {marker.y:g} covers marker "
                            f"{earlier + 1} ('{other.label}') at {other.x:g} {other.y:g}",
                            ("markers", index, "x"),
                            f"move one of them at least {MARKER_GAP:g} apart in x or y (percent of the image), "
                            "or explain both in one marker",
                        )
                    )
                    break
        return found


BLOCK = BlockType(
    "labeled_graphic",
    LabeledGraphic,
    scripts=("labeled_graphic.js",),
    styles=("labeled_graphic.css",),
    markdown_fields=(("image",), ("markers", "*", "text")),
)
