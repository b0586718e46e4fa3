"""The process block's model and registration (codec `panels`: the steps reached, and the step shown)."""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import (
    MAX_PANELS,
    TRANSLATABLE_MARKDOWN,
    TRANSLATABLE_TEXT,
    BlockModel,
    BlockText,
    InteractiveBlock,
)
from compiler.blocks.registry import BlockType

MAX_STEPS = MAX_PANELS
"""Steps a process may have: the `panels` codec's two mask digits."""


class Step(BlockModel):
    """One step of a process: a short title and what to do."""

    title: BlockText = Field(
        description="The step's heading (plain text): what the learner does in this step.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    body: BlockText = Field(
        description="The step's explanation (Markdown).",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )


class Process(InteractiveBlock):
    """Steps in a fixed order, one on screen at a time. Required: the last step reached."""

    title: BlockText | None = Field(
        None,
        description="What the steps achieve, for screen readers (the group's name); not shown.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    steps: list[Step] = Field(
        min_length=2, max_length=MAX_STEPS, description=f"2 to {MAX_STEPS} steps, in the order they are done."
    )

    def state_size(self) -> int:
        return len(self.steps)


BLOCK = BlockType(
    "process",
    Process,
    scripts=("process.js",),
    styles=("process.css",),
    markdown_fields=(("steps", "*", "body"),),
)
