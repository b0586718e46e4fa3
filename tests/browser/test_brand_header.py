"""The sticky header with a brand: long organisation names and wide logos at phone and desktop widths.

A brand is whatever the organisation has: Dutch care organisations have long names ("Stichting ...
voor Thuiszorg en Wijkverpleging") and logos several times wider than tall. The header must stay one
slim bar on a phone, never break a name inside a word, and still reflow at 200% text.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .a11y_helpers import DESKTOP, NARROW, PHONE, fit, horizontal_overflow
from .conftest import COURSES, LmsSession, Package

pytestmark = pytest.mark.browser

LONG_NAME = "Stichting Regionale Zorggroep Rivierenland voor Thuiszorg en Wijkverpleging"
WIDE_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="96" viewBox="0 0 640 96">'
    '<rect width="640" height="96" fill="#0b5d4b"/><circle cx="48" cy="48" r="32" fill="#fff"/></svg>'
)
BRANDS = {
    "long-name": f"  organisation: {LONG_NAME}\n",
    "wide-logo": "  logo: media/logo.svg\n",
    "both": f"  organisation: {LONG_NAME}\n  logo: media/logo.svg\n",
}
HEADER_LIMIT = 64
"""The most a phone's sticky header may take (issue 22): about 8% of a 390 x 844 screen."""


def _branded(root: Path, brand: str) -> Path:
    course = root / f"brand-{brand}"
    if not course.exists():
        shutil.copytree(COURSES / "no-quiz", course)
        (course / "media").mkdir()
        (course / "media" / "logo.svg").write_text(WIDE_LOGO, encoding="utf-8")
        yaml = (course / "course.yaml").read_text(encoding="utf-8")
        (course / "course.yaml").write_text(yaml + "branding:\n" + BRANDS[brand], encoding="utf-8")
    return course


@pytest.fixture(params=sorted(BRANDS))
def branded(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    compiled: Callable[[Path], Package],
    launch: Callable[..., LmsSession],
) -> LmsSession:
    course = _branded(tmp_path_factory.getbasetemp() / "brands", str(request.param))
    return launch(compiled(course))


_HEADER = """() => {
    const header = document.querySelector(".site-header");
    const name = document.querySelector(".brand-name");
    const logo = document.querySelector(".brand-logo");
    const line = name ? parseFloat(getComputedStyle(name).lineHeight) : 0;
    const shown = (el) => !!el && el.getBoundingClientRect().width > 1 && getComputedStyle(el).visibility !== "hidden";
    return {
        height: header.getBoundingClientRect().height,
        nameLines: shown(name) ? Math.round(name.getBoundingClientRect().height / line) : 0,
        nameShown: shown(name),
        nameCut: !!name && name.scrollWidth > name.clientWidth + 1,
        nameText: name ? name.textContent : null,
        nameTitle: name ? name.getAttribute("title") : null,
        logoWidth: logo ? logo.getBoundingClientRect().width : 0,
        logoHeight: logo ? logo.getBoundingClientRect().height : 0,
        headerWidth: header.getBoundingClientRect().width,
        // The logo may shrink but is never cut off by the space beside the controls.
        logoCut: !!logo && shown(logo)
            && logo.getBoundingClientRect().right
                > document.querySelector(".site-id").getBoundingClientRect().right + 1,
    };
}"""


@pytest.mark.parametrize("size", [NARROW, PHONE], ids=["320", "390"])
@pytest.mark.parametrize("text", ["100%", "200%"])
def test_a_phone_header_stays_one_slim_bar_with_any_brand(
    branded: LmsSession, size: tuple[int, int], text: str
) -> None:
    frame = fit(branded, size)
    frame.evaluate(f"document.documentElement.style.fontSize = '{text}'")
    header = frame.evaluate(_HEADER)
    limit = HEADER_LIMIT if text == "100%" else 2 * HEADER_LIMIT  # the bar grows with the text, no more
    assert header["height"] <= limit, header
    assert header["nameLines"] <= 1, header  # one line, never "Rivers / ide / Care"
    assert horizontal_overflow(frame) == []
    if header["nameText"]:
        # A shortened name is still there in full: for screen readers and as a tooltip.
        assert header["nameTitle"] == LONG_NAME
    if header["logoWidth"]:
        assert header["logoWidth"] <= header["headerWidth"] * 0.45, header  # room left for menu and exit
        assert header["logoHeight"] >= 20, header  # still a legible logo, not a sliver
        assert not header["logoCut"], header


def test_on_a_desktop_the_whole_name_and_logo_show(branded: LmsSession) -> None:
    frame = fit(branded, DESKTOP)
    header = frame.evaluate(_HEADER)
    assert header["height"] <= HEADER_LIMIT, header
    if header["nameText"]:
        assert header["nameShown"], header
        assert not header["nameCut"], header
        assert header["nameLines"] == 1, header
    assert horizontal_overflow(frame) == []
