"""WCAG 2.1 colour arithmetic: #rrggbb colours -> relative luminance, contrast ratios, overlays composited on any image.

Shared by the brand-colour checks (compiler/model/) and the blocks that put text over pictures
(compiler/blocks/statement/); below every stage, like compiler/diagnostics.py.
"""

from __future__ import annotations

import re

MIN_CONTRAST = 4.5
"""WCAG 2.1 AA (1.4.3) for normal text."""

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
"""A colour as the course format writes it: #rrggbb."""

Rgb = tuple[int, int, int]


def rgb(colour: str) -> Rgb:
    """The channels (0-255) of a #rrggbb colour."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(channels: tuple[float, float, float]) -> float:
    """WCAG 2.1 relative luminance of sRGB channels given as 0-255 (fractions allowed: a composited colour)."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def luminance_ratio(first: float, second: float) -> float:
    """The contrast ratio of two relative luminances, lighter over darker."""
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    return luminance_ratio(relative_luminance(rgb(first)), relative_luminance(rgb(second)))


def composite(overlay: str, opacity: float, below: Rgb) -> tuple[float, float, float]:
    """The colour an overlay of this opacity shows over one pixel (source-over, in sRGB as browsers blend)."""
    top = rgb(overlay)
    return (
        opacity * top[0] + (1 - opacity) * below[0],
        opacity * top[1] + (1 - opacity) * below[1],
        opacity * top[2] + (1 - opacity) * below[2],
    )


def worst_contrast_over_any_image(text: str, overlay: str, opacity: float) -> tuple[float, str]:
    """The lowest contrast text over an overlay can have, whatever the image under it; and where it is lowest.

    Luminance rises with every channel, so the overlay's composite over any pixel lies between its
    composite over black and over white. Text darker than both is worst on the darker end, text
    lighter than both on the lighter end; text whose luminance lies in between meets a pixel that
    matches it (ratio 1). Returns the ratio and 'black' or 'white' (the part of an image that gives it).
    """
    own = relative_luminance(rgb(text))
    over_black = relative_luminance(composite(overlay, opacity, (0, 0, 0)))
    over_white = relative_luminance(composite(overlay, opacity, (255, 255, 255)))
    if own >= over_white:
        return luminance_ratio(own, over_white), "white"
    if own <= over_black:
        return luminance_ratio(own, over_black), "black"
    return 1.0, "white" if over_white - own < own - over_black else "black"


def least_opacity(text: str, overlay: str, needed: float = MIN_CONTRAST) -> float | None:
    """The smallest overlay opacity (in steps of 0.05) that gives `needed` over any image, or None if none does."""
    for step in range(0, 21):
        opacity = step / 20
        if worst_contrast_over_any_image(text, overlay, opacity)[0] >= needed:
            return opacity
    return None
