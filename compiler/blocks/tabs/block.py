"""The tabs block's model and registration."""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import (
    MAX_PANELS,
    TAB_TITLE_MAX,
    TRANSLATABLE_TEXT,
    BlockText,
    Finding,
    InteractiveBlock,
    Panel,
    duplicate_titles,
)
from compiler.blocks.registry import BlockType


class Tabs(InteractiveBlock):
    """Panels behind a row of tabs; one panel shows at a time. Required: every tab opened."""

    title: BlockText | None = Field(
        None,
        description="What the tabs are about, for screen readers (the tab list's name); not shown.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    panels: list[Panel] = Field(
        min_length=2, max_length=MAX_PANELS, description=f"2 to {MAX_PANELS} tabs, in the order they show."
    )

    def state_size(self) -> int:
        return len(self.panels)

    def findings(self) -> list[Finding]:
        found = duplicate_titles(self.panels, "tab")
        found += [
            Finding(
                "W320",
                f"the title of tab {index + 1} has {len(panel.title)} characters; on a phone a tab title over "
                f"{TAB_TITLE_MAX} takes several lines",
                ("panels", index, "title"),
                "shorten the title and start the panel with the longer text, or use an accordion for long titles",
                "warning",
            )
            for index, panel in enumerate(self.panels)
            if len(panel.title) > TAB_TITLE_MAX
        ]
        return found


BLOCK = BlockType(
    "tabs",
    Tabs,
    scripts=("tabs.js",),
    styles=("tabs.css",),
    markdown_fields=(("panels", "*", "body"),),
)
