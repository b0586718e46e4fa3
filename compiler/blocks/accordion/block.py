"""The accordion block's model and registration."""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import MAX_PANELS, BlockText, InteractiveBlock, Panel
from compiler.blocks.registry import BlockType


class Accordion(InteractiveBlock):
    """Stacked headings, each opening its own panel. Required: every panel opened once."""

    title: BlockText | None = Field(None, description="What the panels are about, for screen readers; not shown.")
    panels: list[Panel] = Field(
        min_length=1, max_length=MAX_PANELS, description=f"1 to {MAX_PANELS} panels, in the order they show."
    )

    def state_size(self) -> int:
        return len(self.panels)


BLOCK = BlockType(
    "accordion",
    Accordion,
    scripts=("accordion.js",),
    styles=("accordion.css",),
    markdown_fields=(("panels", "*", "body"),),
)
