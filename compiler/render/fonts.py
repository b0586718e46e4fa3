"""Theme font + the page's texts -> the typeface files a package carries, subset to what it shows; pure.

A theme names its typeface in theme.yaml (`font`: a family, a regular and an optional bold file of its
`fonts/` folder, and the licence). Each compile keeps only the glyphs of the characters the package
can show: every character of index.html (lesson bodies, the runtime's strings of the message
catalogue, the runtime data), of the stylesheets and of the scripts (texts they write into the
page), and always printable ASCII, so what a learner types in an answer field stays in the
typeface. Characters the font lacks fall back to the system font, one glyph at a time.

The output is WOFF2 (Brotli through fontTools), without hinting: modern browsers render outlines
without it, and it would double the bytes. fontTools and brotli are pinned to a minor version
(pyproject.toml) because their output is in every zip; with the same versions the same course gives
the same bytes, since the subsetter keeps the source's timestamps.
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from compiler.model.theme import ThemeFont
from compiler.render.font_cache import FontCache, cache_key

ARCHIVE_FOLDER = "static/fonts"
"""Where a package keeps its font files and the font's licence."""

ALWAYS = frozenset(range(0x20, 0x7F))
"""Printable ASCII: kept whatever the course says, for what learners type into answer fields."""

_WEIGHTS = {"regular": 400, "bold": 700}

# \uXXXX escapes of the page's JSON (ASCII only), surrogate pairs first; CSS escapes such as "\2713".
_JSON_ESCAPE = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\([0-9a-f]{1,6})", re.IGNORECASE)


class FontError(ValueError):
    """A theme font file fontTools cannot read; `path` is its theme path ('fonts/text.ttf')."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path


@dataclass(frozen=True)
class FontFace:
    """One weight of the page's typeface: where the package holds it and which theme file it comes from."""

    weight: int
    href: str
    """Archive path of the subset WOFF2 file, e.g. 'static/fonts/atkinson-hyperlegible-regular.woff2'."""
    source: str
    """Theme path of the source file, e.g. 'fonts/atkinson-hyperlegible-regular.ttf'."""


@dataclass(frozen=True)
class PageFont:
    """The typeface index.html declares (@font-face, preload) and the files that come with it."""

    family: str
    faces: tuple[FontFace, ...]
    license: str
    """Archive path of the licence the package carries next to the font files."""
    license_source: str
    """Theme path of the licence, e.g. 'fonts/OFL.txt'."""


def page_font(font: ThemeFont | Literal["system"] | None) -> PageFont | None:
    """The page's typeface from the merged theme.yaml; None for the system font."""
    if not isinstance(font, ThemeFont):
        return None
    faces = tuple(
        FontFace(_WEIGHTS[key], f"{ARCHIVE_FOLDER}/{PurePosixPath(path).stem}.woff2", path)
        for key, path in (("regular", font.regular), ("bold", font.bold))
        if path is not None
    )
    license_name = PurePosixPath(font.license).name
    return PageFont(font.family, faces, f"{ARCHIVE_FOLDER}/{license_name}", font.license)


def text_codepoints(texts: Iterable[str]) -> frozenset[int]:
    """Every character the texts can put on screen, escapes decoded, plus printable ASCII."""
    found: set[int] = set(ALWAYS)
    for text in texts:
        found.update(map(ord, html.unescape(text)))
        for high, low, single in _JSON_ESCAPE.findall(text):
            if single:
                found.add(int(single, 16))
            else:
                found.add(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        found.update(int(code, 16) for code in _CSS_ESCAPE.findall(text) if int(code, 16) <= 0x10FFFF)
    return frozenset(code for code in found if code >= 0x20 and not 0xD800 <= code <= 0xDFFF)


@functools.lru_cache(maxsize=16)
def subset_font(data: bytes, codepoints: frozenset[int]) -> bytes:
    """The font reduced to the glyphs of codepoints (and what they need: accents, ligatures), as WOFF2."""
    from fontTools import subset  # a compile with the system font never imports fontTools
    from fontTools.ttLib import TTLibError

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.name_IDs = ["*"]  # keep the copyright notice and the licence's name and address
    options.notdef_outline = True  # a missing glyph shows as a box, not as nothing
    options.recalc_timestamp = False
    try:
        font = subset.load_font(io.BytesIO(data), options, dontLoadGlyphNames=True)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        out = io.BytesIO()
        subset.save_font(font, out, options)
    except (TTLibError, AssertionError, KeyError, IndexError, ValueError, EOFError) as exc:
        raise FontError("", str(exc) or type(exc).__name__) from exc
    return out.getvalue()


def build_font_files(
    font: PageFont, sources: Mapping[str, bytes], codepoints: frozenset[int], cache: FontCache | None = None
) -> dict[str, bytes]:
    """The package's font files: each face subset to codepoints, and the licence; FontError for a bad file.

    With a cache, a subset made by an earlier compile (same font, characters and libraries) is read
    back instead of made again, and a new one is stored.
    """
    files: dict[str, bytes] = {}
    for face in font.faces:
        data = sources[face.source]
        key = cache_key(data, codepoints) if cache is not None else ""
        stored = cache.get(key) if cache is not None else None
        if stored is not None:
            files[face.href] = stored
            continue
        try:
            files[face.href] = subset_font(data, codepoints)
        except FontError as exc:
            raise FontError(face.source, str(exc)) from exc
        if cache is not None:
            cache.put(key, files[face.href])
    files[font.license] = sources[font.license_source]
    return files
