"""The accordion block's model and registration."""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import (
    MAX_PANELS,
    TRANSLATABLE_TEXT,
    BlockText,
    Finding,
    InteractiveBlock,
    Panel,
    duplicate_titles,
)
from compiler.blocks.registry import BlockType


class Accordion(InteractiveBlock):
    """Stacked headings, each opening its own panel. Required: every panel opened once."""

    title: BlockText | None = Field(
        None,
        description="What the panels are about, for screen readers; not shown.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    panels: list[Panel] = Field(
        min_length=1, max_length=MAX_PANELS, description=f"1 to {MAX_PANELS} panels, in the order they show."
    )

    def state_size(self) -> int:
        return len(self.panels)

    def findings(self) -> list[Finding]:
        found = duplicate_titles(self.panels, "panel")
        if len(self.panels) == 1:
            found.append(
                Finding(
                    "W321",
                    "this accordion has one panel, so its only content starts hidden",
                    ("panels",),
                    "add the panels that belong with it, or show the text as prose or a 'note' callout",
                    "warning",
                )
            )
        return found


BLOCK = BlockType(
    "accordion",
    Accordion,
    scripts=("accordion.js",),
    styles=("accordion.css",),
    markdown_fields=(("panels", "*", "body"),),
)
