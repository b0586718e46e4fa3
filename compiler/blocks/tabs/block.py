"""The tabs block's model and registration."""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import MAX_PANELS, BlockText, InteractiveBlock, Panel
from compiler.blocks.registry import BlockType


class Tabs(InteractiveBlock):
    """Panels behind a row of tabs; one panel shows at a time. Required: every tab opened."""

    title: BlockText | None = Field(
        None, description="What the tabs are about, for screen readers (the tab list's name); not shown."
    )
    panels: list[Panel] = Field(
        min_length=2, max_length=MAX_PANELS, description=f"2 to {MAX_PANELS} tabs, in the order they show."
    )

    def state_size(self) -> int:
        return len(self.panels)


BLOCK = BlockType(
    "tabs",
    Tabs,
    scripts=("tabs.js",),
    styles=("tabs.css",),
    markdown_fields=(("panels", "*", "body"),),
)
