"""The quote block's model and its quotation-mark rule (W328)."""

from __future__ import annotations

from pydantic import Field

from compiler.blocks.base import TRANSLATABLE_MARKDOWN, TRANSLATABLE_TEXT, BlockText, Finding, StaticBlock
from compiler.blocks.registry import BlockType

QUOTATION_MARKS = "\"'\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb\u2039\u203a"
"""Marks an author may type around a quotation; the theme draws its own."""


class Quote(StaticBlock):
    """A quotation set apart, with who said it and, optionally, their portrait."""

    text: BlockText = Field(
        description="The quotation (Markdown), without quotation marks: the theme draws them.",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )
    attribution: BlockText = Field(
        description="Who said or wrote it (plain text), e.g. a name.", json_schema_extra=TRANSLATABLE_TEXT
    )
    role: BlockText | None = Field(
        None,
        description="Optional: what the person does or where the words come from, e.g. 'wijkverpleegkundige'.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    portrait: BlockText | None = Field(
        None,
        description=(
            "Optional portrait beside the attribution: a course file (square, e.g. media/anna.svg). "
            "Decoration: the name says who it is."
        ),
    )

    def findings(self) -> list[Finding]:
        text = self.text.strip()
        if len(text) < 2 or text[0] not in QUOTATION_MARKS or text[-1] not in QUOTATION_MARKS:
            return []
        return [
            Finding(
                "W328",
                f"the quotation is written between quotation marks ({text[0]} ... {text[-1]}); the theme draws its own",
                ("text",),
                "leave out the marks around the quotation: with them the learner sees the quote marked twice",
                "warning",
            )
        ]


BLOCK = BlockType(
    "quote",
    Quote,
    styles=("quote.css",),
    markdown_fields=(("text",),),
    image_fields=(("portrait",),),
)
