"""Image bytes -> their pixel size (PNG, GIF, JPEG, WebP, SVG), for explicit <img> width and height; pure.

Explicit dimensions let the browser reserve an image's space before it loads (lazily), so the text
does not jump while a learner reads.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping

_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_LENGTH = r"\s*=\s*[\"']\s*([0-9]*\.?[0-9]+)\s*(?:px)?\s*[\"']"
_SVG_WIDTH = re.compile(rb"\swidth" + _LENGTH.encode())
_SVG_HEIGHT = re.compile(rb"\sheight" + _LENGTH.encode())
_SVG_VIEWBOX = re.compile(rb"\sviewBox\s*=\s*[\"']\s*([-0-9.eE]+)[\s,]+([-0-9.eE]+)[\s,]+([0-9.eE]+)[\s,]+([0-9.eE]+)")
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
IMAGE_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg", ".webp", ".svg")


def _positive(width: float, height: float) -> tuple[int, int] | None:
    w, h = round(width), round(height)
    return (w, h) if w > 0 and h > 0 else None


def _svg(data: bytes) -> tuple[int, int] | None:
    tag = _SVG_TAG.search(data[:4096])
    if tag is None:
        return None
    text = tag.group(0)
    width, height = _SVG_WIDTH.search(text), _SVG_HEIGHT.search(text)
    if width and height:
        return _positive(float(width.group(1)), float(height.group(1)))
    box = _SVG_VIEWBOX.search(text)
    if box is None:
        return None
    try:
        return _positive(float(box.group(3)), float(box.group(4)))
    except ValueError:
        return None


def _jpeg(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return _positive(width, height)
        at += 2 + length
    return None


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _positive(width, height)
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG, GIF, JPEG, WebP or SVG image; None when unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return _positive(*struct.unpack(">II", data[16:24]))
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return _positive(*struct.unpack("<HH", data[6:10]))
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp(data)
    return _svg(data)


def image_sizes(files: Mapping[str, bytes]) -> dict[str, tuple[int, int]]:
    """The pixel size of every image among the files (by path), where it can be read."""
    sizes: dict[str, tuple[int, int]] = {}
    for path, data in sorted(files.items()):
        if path.lower().endswith(IMAGE_SUFFIXES):
            size = image_size(data)
            if size is not None:
                sizes[path] = size
    return sizes
