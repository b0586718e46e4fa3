"""Rendered index.html -> index.html without the lesson bodies + one script per lesson body; pure.

A lesson's body is an inert `<template data-page-body>` in its page section; the runtime
instantiates it when the lesson is first shown (themes/default/runtime/app.js, `materialise`).
A course whose bodies add up to more than SPLIT_ABOVE bytes carries them outside index.html, as
`pages/<lesson key>.js`, so the first lesson of a 1,000-lesson course does not wait for the parse
of every other lesson. Each file is a classic script (it loads from file:// and from any LMS, where
fetch of a local file may not work) that hands its markup to `Coursec.pageBody(key, html)`; the
template stays, empty, with `data-src` naming the file. The loader, runtime/pages.js, ships only in
such a package: its script tag goes in before the theme's first script.
"""

from __future__ import annotations

import json
import re

SPLIT_ABOVE = 256 * 1024
"""Bytes of lesson-body markup in index.html above which every lesson body goes to its own file."""

PAGES_FOLDER = "pages"
LOADER = "runtime/pages.js"
"""The runtime's loader of page bodies (compiler/runtime/pages.js)."""

_SECTION = re.compile(r'<section\b[^>]*\bdata-lesson-id="([^"]+)"[^>]*>')
_OPEN = "<template data-page-body>"
_TAG = re.compile(r"<(/?)template\b[^>]*>")


def _body_end(html: str, start: int) -> int:
    """The index of the `</template>` closing the template whose content starts at `start`."""
    depth = 1
    for match in _TAG.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    raise ValueError("a <template data-page-body> is not closed")


def _bodies(html: str) -> list[tuple[str, int, int]]:
    """(lesson key, content start, content end) of each lesson's body, in document order."""
    found = []
    for section in _SECTION.finditer(html):
        opening = html.find(_OPEN, section.end())
        following = _SECTION.search(html, section.end())
        if opening < 0 or (following is not None and opening > following.start()):
            continue  # a lesson page without a body template (a theme may render it inline)
        start = opening + len(_OPEN)
        found.append((section.group(1), start, _body_end(html, start)))
    return found


def page_script(key: str, body: str) -> bytes:
    """The script that hands one lesson body to the runtime."""
    # JSON is a JavaScript string literal; U+2028/2029 are escaped for older parsers.
    literal = json.dumps(body, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"Coursec.pageBody({json.dumps(key)}, {literal});\n".encode()


def split_page_bodies(html: str, loader: bytes, split_above: int = SPLIT_ABOVE) -> tuple[str, dict[str, bytes]]:
    """index.html with each lesson body moved to pages/<key>.js; those files and the `loader`. Unchanged when small."""
    bodies = _bodies(html)
    if sum(len(html[start:end].encode()) for _, start, end in bodies) <= split_above:
        return html, {}
    files: dict[str, bytes] = {}
    parts: list[str] = []
    position = 0
    for key, start, end in bodies:
        path = f"{PAGES_FOLDER}/{key}.js"
        files[path] = page_script(key, html[start:end])
        parts.append(html[position : start - len(_OPEN)])
        parts.append(f'<template data-page-body data-src="{path}">')
        position = end
    parts.append(html[position:])
    split = "".join(parts)
    # Before the first external script: the app finds C.pages when it starts.
    first = split.find("<script src=")
    tag = f'<script src="{LOADER}"></script>\n'
    split = split[:first] + tag + split[first:] if first >= 0 else split.replace("</body>", tag + "</body>")
    return split, {**files, LOADER: loader}
