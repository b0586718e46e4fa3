"""The image-and-text block's model and its alt text rule (W327)."""

from __future__ import annotations

import posixpath
from typing import Literal

from pydantic import Field

from compiler.blocks.base import TRANSLATABLE_MARKDOWN, TRANSLATABLE_TEXT, BlockText, Finding, StaticBlock
from compiler.blocks.registry import BlockType

EMPTY_ALT_WORDS = frozenset(
    {"image", "picture", "photo", "illustration", "afbeelding", "foto", "plaatje", "illustratie"}
)
"""Alt texts that name the medium and not what it shows (W327), in the languages of the bundled catalogues."""


def says_nothing(alt: str, image: str) -> bool:
    """True for alt text that is only a word for 'image' or the image's file name."""
    words = " ".join(alt.casefold().strip(" .").split())
    stem = posixpath.splitext(posixpath.basename(image))[0].casefold()
    return words in EMPTY_ALT_WORDS or words in (stem, posixpath.basename(image).casefold(), stem.replace("-", " "))


class ImageText(StaticBlock):
    """An image and its text side by side; on a phone the image stands above the text."""

    image: BlockText = Field(description="The image: a course file, e.g. media/scherm.svg.")
    alt: BlockText = Field(
        description="What the image shows, for learners who cannot see it (plain text, required).",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    caption: BlockText | None = Field(
        None, description="Optional caption under the image (inline Markdown).", json_schema_extra=TRANSLATABLE_TEXT
    )
    side: Literal["left", "right"] = Field(
        "left", description="Where the image stands on a wide screen: 'left' (default) or 'right' of the text."
    )
    title: BlockText | None = Field(
        None, description="Optional heading above the text (plain text).", json_schema_extra=TRANSLATABLE_TEXT
    )
    body: BlockText = Field(
        description="The text beside the image (Markdown).", json_schema_extra=TRANSLATABLE_MARKDOWN
    )

    def findings(self) -> list[Finding]:
        if not says_nothing(self.alt, self.image):
            return []
        return [
            Finding(
                "W327",
                f"the alt text '{self.alt}' says what the file is, not what it shows",
                ("alt",),
                "describe what a learner would see in it, e.g. 'a chat with two blue ticks under the last message'",
                "warning",
            )
        ]


BLOCK = BlockType(
    "image_text",
    ImageText,
    styles=("image_text.css",),
    markdown_fields=(("body",), ("caption",)),
    image_fields=(("image",),),
)
