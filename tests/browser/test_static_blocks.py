"""The blocks that only show (statement banner, ...) in the LMS: what the learner sees, reads and prints."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

import pytest
from playwright.sync_api import FloatRect, Frame, Locator, expect

from compiler.colour import MIN_CONTRAST, luminance_ratio, relative_luminance

from .a11y_helpers import DESKTOP, NARROW, PHONE, fit, horizontal_overflow, show
from .conftest import COURSES, LmsSession, Package, run_axe
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]

BLOCKS = COURSES / "blocks"
LESSON = "static-lesson"
BANNER = '[data-block="banner"]'
LIVE_TARGETS = ("scorm2004", "web")


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width, height, channels = 8, b"", 0, 0, 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0)
            assert colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        row_filter, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if row_filter == 1:
                line[i] = (line[i] + left) & 255
            elif row_filter == 2:
                line[i] = (line[i] + up) & 255
            elif row_filter == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif row_filter == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    return [(line[i], line[i + 1], line[i + 2]) for line in rows for i in range(0, stride, channels)]


def _lowest_contrast_behind_the_text(frame: Frame, banner: Locator) -> float:
    """Screenshot what lies behind the text (its box, text made invisible); the text colour's lowest contrast there."""
    text = banner.locator(".statement-text")
    colour = text.evaluate("e => getComputedStyle(e).color")
    channels = tuple(float(part) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
    text.evaluate("e => { e.style.color = 'transparent'; }")
    try:
        shot = text.screenshot(animations="disabled")
    finally:
        text.evaluate("e => { e.style.color = ''; }")
    own = relative_luminance((channels[0], channels[1], channels[2]))
    return min(luminance_ratio(own, relative_luminance(pixel)) for pixel in set(_pixels(shot)))


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_the_statement_banner_keeps_its_text_readable_over_every_part_of_the_image(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, target), **VIEWS[target].first_launch())
    frame = fit(session, DESKTOP)
    Learner(frame).go(LESSON)
    banner = frame.locator(BANNER)
    expect(banner).to_be_visible()
    image, text = banner.locator("img"), banner.locator(".statement-text")
    expect(text).to_have_text("Client information never goes into a chat app.")
    assert image.get_attribute("alt") == ""  # decoration: the text is the content
    frame.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    image_box, text_box = image.bounding_box(), text.bounding_box()
    assert image_box is not None
    assert text_box is not None
    assert image_box["x"] <= text_box["x"]
    assert text_box["x"] + text_box["width"] <= image_box["x"] + image_box["width"]
    assert image_box["y"] <= text_box["y"]
    assert text_box["y"] + text_box["height"] <= image_box["y"] + image_box["height"]
    # What the compile promised, measured on screen: every pixel behind the text, overlay and all.
    assert _lowest_contrast_behind_the_text(frame, banner) >= MIN_CONTRAST
    # The measurement can fail: without the overlay the image's white half is behind white text.
    banner.locator(".statement-body").evaluate("e => { e.style.background = 'none'; }")
    assert _lowest_contrast_behind_the_text(frame, banner) < 1.5
    banner.locator(".statement-body").evaluate("e => { e.style.background = ''; }")
    assert run_axe(frame) == []
    # A static block: the runtime keeps no state for it.
    blocks = frame.evaluate("Object.keys(JSON.parse(document.getElementById('coursec-data').textContent).blocks)")
    assert "banner" not in blocks
    session.assert_clean()


@pytest.mark.parametrize("size", [NARROW, PHONE, DESKTOP], ids=["320", "390", "1280"])
def test_static_blocks_pass_axe_and_fit_at_every_width(
    size: tuple[int, int], compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, "web"))
    frame = fit(session, size)
    show(frame, LESSON)
    assert horizontal_overflow(frame) == []
    assert run_axe(frame) == []
    if size == NARROW:
        frame.evaluate("document.documentElement.style.fontSize = '200%'")
        assert horizontal_overflow(frame) == []
        banner, text = frame.locator(BANNER).bounding_box(), frame.locator(f"{BANNER} .statement-text").bounding_box()
        assert banner is not None
        assert text is not None
        assert text["y"] + text["height"] <= banner["y"] + banner["height"]  # the banner grows with its text
    session.assert_clean()


def test_a_printed_statement_stands_under_its_image_in_the_page_colours(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(BLOCKS, "web"))
    frame = session.frame
    show(frame, LESSON)
    frame.page.emulate_media(media="print")
    text = frame.locator(f"{BANNER} .statement-text")
    expect(text).to_be_visible()
    image, box = frame.locator(f"{BANNER} img").bounding_box(), text.bounding_box()
    assert image is not None
    assert box is not None
    assert box["y"] >= image["y"] + image["height"] - 1  # below the picture, not on it
    # Printers drop background colours: white text would vanish, so it takes the page's dark text.
    colour = text.evaluate("e => getComputedStyle(e).color")
    assert colour != "rgb(255, 255, 255)"
    assert frame.locator(f"{BANNER} .statement-body").evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    # The other static blocks print as they show: every image and text of them on paper.
    for block in ('[data-block="side"]', '[data-block="voice"]', '[data-block="history"]'):
        for part in frame.locator(f"{block} img, {block} p, {block} h3, {block} h4, {block} li").all():
            expect(part).to_be_visible()
    session.assert_clean()


def test_without_the_runtime_the_static_blocks_are_all_in_the_page(compiled: Compile) -> None:
    package = compiled(BLOCKS, "web")
    html = (package.root / "index.html").read_text(encoding="utf-8")
    assert "Client information never goes into a chat app." in html
    assert 'src="media/banner.svg"' in html
    # The blocks' style and script travel in the package's one stylesheet and one script.
    assert b".block-statement" in (package.root / "static" / "course.css").read_bytes()
    assert b"C.blockTypes.tabs" in (package.root / "runtime" / "target.js").read_bytes()


SIDE = '[data-block="side"]'


def _boxes(frame: Frame) -> tuple[FloatRect, FloatRect]:
    image = frame.locator(f"{SIDE} img").bounding_box()
    body = frame.locator(f"{SIDE} .image-text-body").bounding_box()
    assert image is not None
    assert body is not None
    return image, body


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_image_and_text_stand_side_by_side_on_a_desktop_and_stack_on_a_phone(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, target), **VIEWS[target].first_launch())
    frame = fit(session, DESKTOP)
    Learner(frame).go(LESSON)
    image = frame.locator(f"{SIDE} img")
    assert image.get_attribute("alt") == "A phone showing a chat with two ticks"
    expect(frame.locator(f"{SIDE} figure figcaption")).to_have_text("Two ticks under the last message.")
    expect(frame.locator(f"{SIDE} h3")).to_have_text("What the ticks mean")
    picture, text = _boxes(frame)
    assert picture["x"] >= text["x"] + text["width"] - 1  # side: right
    assert abs(picture["y"] - text["y"]) < 40  # beside, not below
    assert picture["width"] < text["width"]  # two fifths for the image
    # The image comes first in reading order, whichever side it stands on.
    order = frame.evaluate(
        "s => Array.from(document.querySelectorAll(s + ' img, ' + s + ' .image-text-body')).map(e => e.tagName)", SIDE
    )
    assert order == ["IMG", "DIV"]
    frame = fit(session, PHONE)
    picture, text = _boxes(frame)
    assert text["y"] >= picture["y"] + picture["height"] - 1  # the image above the text
    assert abs(picture["width"] - text["width"]) < 2
    assert run_axe(frame) == []
    session.assert_clean()


VOICE = '[data-block="voice"]'


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_a_quote_is_a_figure_with_its_blockquote_and_who_said_it(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, target), **VIEWS[target].first_launch())
    frame = fit(session, PHONE)
    show(frame, LESSON)
    quote = frame.locator(f"figure{VOICE}")
    expect(quote.locator("> blockquote")).to_contain_text("Now I call, or I write it in the record.")
    caption = quote.locator("> figcaption")
    expect(caption).to_have_text("Anna, district nurse")  # the comma is for screen readers only
    assert caption.locator("img").get_attribute("alt") == ""  # the name says who it is
    # The opening mark is drawn, not read: CSS alt text "" keeps it out of the accessible name.
    mark = quote.locator("blockquote").evaluate("e => getComputedStyle(e, '::before').content")
    assert mark.endswith('/ ""')
    visible_role = caption.locator(".quote-role").bounding_box()
    name = caption.locator(".quote-name").bounding_box()
    assert visible_role is not None
    assert name is not None
    assert visible_role["y"] >= name["y"] + name["height"] - 1  # the role on its own line under the name
    assert run_axe(frame) == []
    session.assert_clean()


HISTORY = '[data-block="history"]'


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_a_timeline_is_an_ordered_list_of_its_events_with_their_dates(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(BLOCKS, target), **VIEWS[target].first_launch())
    frame = fit(session, PHONE)
    show(frame, LESSON)
    timeline = frame.locator(HISTORY)
    items = timeline.locator("ol > li")
    assert items.count() == 3
    assert timeline.locator("ol").get_attribute("aria-labelledby") == timeline.locator("h3").get_attribute("id")
    assert [item.locator("h4").inner_text() for item in items.all()] == [
        "The app starts",
        "A large company buys it",
        "The terms can change again",
    ]
    times = timeline.locator("time")
    assert [(t.get_attribute("datetime"), t.inner_text()) for t in times.all()] == [
        ("2009", "2009"),
        ("2014-02", "February 2014"),
    ]
    expect(items.nth(2).locator(".timeline-when")).to_have_text("Today")
    assert items.nth(1).locator("img").get_attribute("alt") == "A phone in the company's colour"
    # Read from top to bottom as time goes on.
    tops = [box["y"] for box in (item.bounding_box() for item in items.all()) if box is not None]
    assert tops == sorted(tops)
    assert len(tops) == 3
    assert run_axe(frame) == []
    session.assert_clean()
