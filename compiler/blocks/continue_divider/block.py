"""The continue divider's model, its rules (E215, W323, W324) and registration (codec `panels`, one unit: pressed).

A divider is always required: what follows it stays hidden until the learner presses it, so a
lesson whose divider was never pressed has not been read to its end, whatever the end marker saw.
"""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import TRANSLATABLE_TEXT, BlockText, Finding, InteractiveBlock
from compiler.blocks.registry import BlockType

LABEL_MAX = 40
"""Characters of a button label that still fit one line on a phone."""


class ContinueDivider(InteractiveBlock):
    """A button that shows the rest of the lesson. Required by nature: the lesson is done only once it is pressed."""

    required: bool = Field(
        True,
        description=(
            "Always true (false is E215): the rest of the lesson is hidden until the learner presses the "
            "button, so the lesson counts as done only once it has been pressed."
        ),
    )
    label: BlockText | None = Field(
        None,
        max_length=LABEL_MAX,
        description=f"The button's text (plain text, at most {LABEL_MAX} characters); default: the theme's 'Continue'.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )

    def state_size(self) -> int:
        return 1

    def findings(self) -> list[Finding]:
        if self.required:
            return []
        return [
            Finding(
                "E215",
                "a continue divider is always required: what follows it shows only once the learner presses it",
                ("required",),
                "remove the 'required' line; to let learners skip ahead, leave the divider out",
            )
        ]

    def placement_findings(self, next_kind: str | None) -> list[Finding]:
        if next_kind is None:
            return [
                Finding(
                    "W323",
                    "this continue divider is the last block of its lesson, so pressing it shows nothing",
                    ("label",) if self.label else (),
                    "remove it, or move it above the part of the lesson the learner should reach only after a pause",
                    "warning",
                )
            ]
        if next_kind == "continue_divider":
            return [
                Finding(
                    "W324",
                    "this continue divider is followed straight away by another one, so it shows only a button",
                    ("label",) if self.label else (),
                    "remove one of the two dividers, or put the part of the lesson they separate between them",
                    "warning",
                )
            ]
        return []


BLOCK = BlockType(
    "continue_divider", ContinueDivider, scripts=("continue_divider.js",), styles=("continue_divider.css",)
)
