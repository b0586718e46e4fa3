from __future__ import annotations

import struct
import zlib

import pytest

from compiler.render.images import image_size, image_sizes


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (_png(640, 480), (640, 480)),
        (b"GIF89a" + struct.pack("<HH", 32, 16) + b"\x00" * 8, (32, 16)),
        (_jpeg(1600, 900), (1600, 900)),
        (
            b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (799).to_bytes(3, "little") + (599).to_bytes(3, "little"),
            (800, 600),
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="320px" height="180">', (320, 180)),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" role="img">', (10, 5)),
        # Relative lengths say nothing about pixels: fall back to the viewBox.
        (b'<svg width="100%" height="100%" viewBox="0,0,400,300">', (400, 300)),
    ],
    ids=["png", "gif", "jpeg", "webp", "svg-size", "svg-viewbox", "svg-percent"],
)
def test_image_size_reads_the_pixel_size_from_the_header(data: bytes, size: tuple[int, int]) -> None:
    assert image_size(data) == size


@pytest.mark.parametrize(
    "data",
    [b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"<svg>", b'<svg viewBox="0 0 0 10">', b"not an image"],
    ids=["empty", "cut-png", "cut-jpeg", "svg-without-size", "svg-zero", "text"],
)
def test_unknown_or_broken_images_have_no_size(data: bytes) -> None:
    assert image_size(data) is None


def test_image_sizes_keeps_only_images_whose_size_is_known() -> None:
    files = {"media/a.png": _png(2, 1), "media/b.vtt": b"WEBVTT", "media/c.svg": b"<svg>", "media/D.JPG": _jpeg(3, 4)}
    assert image_sizes(files) == {"media/D.JPG": (3, 4), "media/a.png": (2, 1)}
