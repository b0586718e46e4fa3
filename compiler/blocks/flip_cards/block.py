"""The flip cards block's model, its rules (E211, W322) and registration (codec `panels`: turned ever, turned now)."""

from __future__ import annotations

from pydantic import Field

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

MAX_CARDS = MAX_PANELS
"""Cards a flip cards block may have: the `panels` codec's two mask digits."""


class Card(BlockModel):
    """One card: the short text on its front and what its back explains."""

    front: BlockText = Field(
        description="The front of the card (plain text): a term, a symbol's name, a question.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    back: BlockText = Field(
        description="The back of the card (Markdown): what the front means or answers.",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )


class FlipCards(InteractiveBlock):
    """Cards the learner turns over one by one, front to back. Required: every card turned once."""

    title: BlockText | None = Field(
        None,
        description="What the cards are about, for screen readers (the group's name); not shown.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    cards: list[Card] = Field(
        min_length=1, max_length=MAX_CARDS, description=f"1 to {MAX_CARDS} cards, in the order they show."
    )

    def state_size(self) -> int:
        return len(self.cards)

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        seen: dict[str, int] = {}
        for index, card in enumerate(self.cards):
            key = " ".join(card.front.split()).casefold()
            if key in seen:
                found.append(
                    Finding(
                        "E211",
                        f"card {index + 1} has the same front as card {seen[key] + 1}, '{card.front}'",
                        ("cards", index, "front"),
                        "give every card its own front: learners (and screen readers) tell the cards apart by it",
                    )
                )
            else:
                seen[key] = index
        if len(self.cards) == 1:
            found.append(
                Finding(
                    "W322",
                    "this flip cards block has one card, so there is nothing to compare it with",
                    ("cards",),
                    "add the cards that belong with it, or show the text as prose or a 'tip' callout",
                    "warning",
                )
            )
        return found


BLOCK = BlockType(
    "flip_cards",
    FlipCards,
    scripts=("flip_cards.js",),
    styles=("flip_cards.css",),
    markdown_fields=(("cards", "*", "back"),),
)
