"""What every registered block shares: the pydantic base of its model and the panel state codec (format 2).

A block folder (`compiler/blocks/<name>/`) defines its model on `InteractiveBlock` (or, for a block
that only shows, `StaticBlock`: no state); an interactive model
says how many characters its learner state can take at most (`worst_state`), which the
suspend_data proof (`compiler/render/suspend_budget.py`) adds up, and what the runtime needs to
know of it (`runtime_spec`). The runtime side of the state lives in the block's script, or in
`compiler/blocks/codecs/<codec>.js` for a codec blocks share (`panels`: this module's worst case).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.config import JsonDict

BlockText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Non-empty text; Markdown where the field says so."""

TRANSLATABLE_TEXT: JsonDict = {"translatable": "text"}
"""Field marker (`json_schema_extra`): the field's text is one translation unit (a title, an option, alt text)."""
TRANSLATABLE_MARKDOWN: JsonDict = {"translatable": "markdown"}
"""Field marker: the field is block Markdown, one translation unit per paragraph, heading, list item or cell."""

BlockId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
    Field(description="Lower-case identifier: letters a-z, digits and '-', at most 64 characters."),
]

MASK_DIGITS = 6
"""Panels per base-64 digit of a panel mask."""

MAX_PANELS = 12
"""Panels a tabs or accordion block may have: two mask digits."""


@dataclass(frozen=True)
class Finding:
    """A block's own rule broken, found after validation; the model stage adds the span of `loc`."""

    code: str
    """E210-E219 or W320-W329 (catalogue: compiler/diagnostics.py)."""
    message: str
    loc: tuple[str | int, ...]
    """Where in the block's YAML, e.g. ("panels", 2, "title")."""
    hint: str
    severity: Literal["error", "warning"] = "error"


TAB_TITLE_MAX = 40
"""Characters of a tab title that still fit a phone's tab row; longer ones take lines of their own."""


class BlockModel(BaseModel):
    """Base of a block's source models: unknown keys are errors, values never change after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Panel(BlockModel):
    """One panel of a tabs or accordion block: a title and its Markdown content."""

    title: BlockText = Field(description="The tab or panel heading (plain text).", json_schema_extra=TRANSLATABLE_TEXT)
    body: BlockText = Field(description="What the panel shows (Markdown).", json_schema_extra=TRANSLATABLE_MARKDOWN)


class PlacedBlock(BlockModel):
    """Base of every registered block's model: an optional id, and the rules beyond its schema."""

    id: BlockId | None = Field(
        None,
        description=(
            "Id of the block, unique in the course; keeps the learner's state when blocks are added before it. "
            "Default: '<lesson id>-<block type>-<n>' (the n-th block of this type in the lesson)."
        ),
    )

    def findings(self) -> list[Finding]:
        """Rules of the block type beyond its schema (duplicate titles, ...); none by default."""
        return []

    def placement_findings(self, next_kind: str | None) -> list[Finding]:
        """Rules about where the block stands in its lesson: `next_kind` is the kind of the block right
        after it ('prose', 'tabs', ...), None at the end of the lesson. None by default."""
        return []


class StaticBlock(PlacedBlock):
    """A block that only shows (statement, quote, ...): no learner state, no `required`, no script needed.

    The runtime data and the suspend_data proof leave it out; what it shows is in the page.
    """


class InteractiveBlock(PlacedBlock):
    """Base of a block the learner works with: `required`, and its state's worst case."""

    required: bool = Field(
        False,
        description="The lesson counts as done only once the learner has done this block (e.g. opened every panel).",
    )

    def state_size(self) -> int:
        """The number of units the codec tracks (panels, cards, steps)."""
        raise NotImplementedError

    def worst_state(self) -> str:
        """The longest state the runtime can store for this block (without its key), in its `BlockType.codec`."""
        return worst_panel_state(self.state_size())


def mask_width(count: int) -> int:
    """Base-64 digits of a mask of `count` panels."""
    return max(1, -(-count // MASK_DIGITS))


MASK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""Base-64url digits, as state.js writes numbers."""


def encode_mask(mask: int, width: int) -> str:
    """A mask as `width` base-64 digits, most significant first (state.js `encodeNumber`)."""
    return "".join(MASK_ALPHABET[(mask >> (MASK_DIGITS * place)) & 63] for place in reversed(range(width)))


def worst_panel_state(count: int) -> str:
    """The `panels` codec's longest state: every panel seen and open, each mask `mask_width` digits."""
    every = (1 << count) - 1
    return 2 * encode_mask(every, mask_width(count))


def duplicate_titles(panels: list[Panel], what: str) -> list[Finding]:
    """E210 for a panel whose title an earlier panel of the block already has."""
    seen: dict[str, int] = {}
    found = []
    for index, panel in enumerate(panels):
        key = " ".join(panel.title.split()).casefold()
        if key in seen:
            found.append(
                Finding(
                    "E210",
                    f"{what} {index + 1} has the same title as {what} {seen[key] + 1}, '{panel.title}'",
                    ("panels", index, "title"),
                    f"give every {what} its own title: learners (and screen readers) pick a {what} by its title",
                )
            )
        else:
            seen[key] = index
    return found
