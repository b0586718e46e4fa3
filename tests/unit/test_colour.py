from __future__ import annotations

import itertools

from compiler.colour import (
    MIN_CONTRAST,
    composite,
    contrast_ratio,
    least_opacity,
    relative_luminance,
    rgb,
    worst_contrast_over_any_image,
)


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert contrast_ratio("#1d5fa8", "#ffffff") == contrast_ratio("#ffffff", "#1d5fa8")


def test_an_opaque_overlay_is_the_plain_contrast_with_its_colour() -> None:
    ratio, _ = worst_contrast_over_any_image("#ffffff", "#1d5fa8", 1.0)
    assert ratio == contrast_ratio("#ffffff", "#1d5fa8")


def test_no_pixel_of_any_image_gives_less_than_the_worst_case() -> None:
    # Every pixel on a coarse grid of the colour cube, composited under the overlay, against the bound.
    for text, overlay, opacity in [
        ("#ffffff", "#000000", 0.6),
        ("#1b1f24", "#ffffff", 0.75),
        ("#ffffff", "#0b3d6e", 0.8),
    ]:
        worst, _ = worst_contrast_over_any_image(text, overlay, opacity)
        own = relative_luminance(rgb(text))
        for red, green, blue in itertools.product((0, 64, 128, 192, 255), repeat=3):
            pixel = (red, green, blue)
            below = relative_luminance(composite(overlay, opacity, pixel))
            ratio = (max(own, below) + 0.05) / (min(own, below) + 0.05)
            assert ratio >= worst - 1e-9, (text, overlay, opacity, pixel)


def test_text_between_the_overlays_extremes_can_meet_its_own_luminance() -> None:
    # Mid grey text over a thin overlay: some pixel blends to the text's own luminance.
    assert worst_contrast_over_any_image("#808080", "#000000", 0.2) == (1.0, "black")


def test_the_least_opacity_is_the_first_step_that_passes() -> None:
    opacity = least_opacity("#ffffff", "#000000")
    assert opacity == 0.55
    assert worst_contrast_over_any_image("#ffffff", "#000000", opacity)[0] >= MIN_CONTRAST
    assert worst_contrast_over_any_image("#ffffff", "#000000", opacity - 0.05)[0] < MIN_CONTRAST
    assert least_opacity("#ffffff", "#767676") == 1.0  # passes only opaque (4.54:1)
    assert least_opacity("#ffffff", "#808080") is None  # not even opaque
