"""The statement banner's model, its contrast rule (E216) and its length rule (W326).

The text sits on an overlay of the author's colour and opacity that covers the whole image. The
compile does not look at the picture: it checks the text against the overlay composited over
the darkest and the lightest pixel any image can have (compiler/colour.py), so the banner stays
readable whatever the image shows and however a screen crops it.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import Field, StringConstraints

from compiler.blocks.base import TRANSLATABLE_TEXT, BlockText, Finding, StaticBlock
from compiler.blocks.registry import BlockType
from compiler.colour import MIN_CONTRAST, composite, least_opacity, worst_contrast_over_any_image

STATEMENT_MAX = 140
"""Characters of a statement that still read at a glance; a longer one is W326."""

Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="A colour as #rrggbb."),
]


class Statement(StaticBlock):
    """A short statement in large type over a wide image, on an overlay that keeps it readable."""

    text: BlockText = Field(
        description=f"The statement (plain text); at most {STATEMENT_MAX} characters read at a glance (W326).",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    image: BlockText = Field(description="The wide image behind the text: a course file, e.g. media/banner.svg.")
    alt: BlockText | None = Field(
        None,
        description=(
            "What the image shows, when it adds something the text does not say (plain text). "
            "Default: none; the image is decoration and screen readers skip it."
        ),
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    overlay: Colour = Field("#000000", description="Colour of the layer between the image and the text.")
    opacity: float = Field(
        0.6, ge=0, le=1, description="How much of the overlay covers the image: 0 (none) to 1 (the plain colour)."
    )
    text_color: Colour = Field("#ffffff", description="Colour of the text.")

    def overlay_css(self) -> str:
        """The overlay as a CSS colour with its opacity (the template's custom property)."""
        red, green, blue = (int(self.overlay[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({red}, {green}, {blue}, {self.opacity:g})"

    def contrast(self) -> tuple[float, str]:
        """The lowest contrast of the text over the overlay on any image, and the image part that gives it."""
        return worst_contrast_over_any_image(self.text_color, self.overlay, self.opacity)

    def findings(self) -> list[Finding]:
        found = []
        ratio, where = self.contrast()
        if ratio < MIN_CONTRAST:
            shown = f"{math.floor(ratio * 100) / 100:.2f}"  # never rounded up to a passing 4.50
            found.append(
                Finding(
                    "E216",
                    f"text {self.text_color} over a {self.overlay} overlay at opacity {self.opacity:g} has a contrast "
                    f"of {shown}:1 over the {where} parts of an image; WCAG 2.1 AA needs {MIN_CONTRAST}:1",
                    self._contrast_loc(),
                    self._contrast_hint(),
                )
            )
        if len(self.text) > STATEMENT_MAX:
            found.append(
                Finding(
                    "W326",
                    f"the statement has {len(self.text)} characters; a banner is read at a glance, "
                    f"in at most {STATEMENT_MAX}",
                    ("text",),
                    "keep the one sentence that matters in the banner and put the rest in the text below it",
                    "warning",
                )
            )
        return found

    def _contrast_loc(self) -> tuple[str | int, ...]:
        """The written key the fix changes: the opacity, else the overlay, else the text colour."""
        for key in ("opacity", "overlay", "text_color"):
            if key in self.model_fields_set:
                return (key,)
        return ("text",)

    def _contrast_hint(self) -> str:
        """The smallest change that passes: a higher opacity, else the other text colour."""
        needed = least_opacity(self.text_color, self.overlay)
        if needed is not None and needed > self.opacity:
            return f"set 'opacity: {needed:g}' or more: then the text has {MIN_CONTRAST}:1 over any image"
        for other in ("#ffffff", "#000000"):
            if worst_contrast_over_any_image(other, self.overlay, self.opacity)[0] >= MIN_CONTRAST:
                return f"set 'text_color: \"{other}\"', or choose an overlay colour further from the text's"
        lighter = sum(composite(self.overlay, 1, (0, 0, 0))) > 3 * 127
        return (
            f"choose a {'lighter' if lighter else 'darker'} overlay and raise 'opacity': "
            f"{self.overlay} lies too close to the text colour {self.text_color}"
        )


BLOCK = BlockType("statement", Statement, styles=("statement.css",), image_fields=(("image",),))
