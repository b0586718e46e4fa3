"""Long courses carry their lesson bodies in pages/<key>.js: split only above the limit, nothing lost."""

from __future__ import annotations

import json
import re

from compiler.render.page_bodies import LOADER, SPLIT_ABOVE, page_script, split_page_bodies

LOADER_BYTES = b"/* the loader */"


def _page(bodies: dict[str, str]) -> str:
    sections = "".join(
        f'<section class="page" id="page-{key}" data-page="lesson" data-lesson-id="{key}" hidden>\n'
        f"<h1 data-page-heading>{key}</h1>\n<template data-page-body>{body}</template>\n"
        "<div data-lesson-end></div>\n</section>\n"
        for key, body in bodies.items()
    )
    return f'<!DOCTYPE html>\n<main>\n{sections}</main>\n<script src="runtime/app.js"></script>\n'


def _body_of(script: bytes) -> tuple[str, str]:
    match = re.fullmatch(r"Coursec\.pageBody\((\"[^\"]*\"), (.*)\);\n", script.decode(), re.S)
    assert match is not None, script[:80]
    return json.loads(match.group(1)), json.loads(match.group(2))


def test_a_course_below_the_limit_keeps_its_bodies_inline() -> None:
    html = _page({"een": "<p>Een</p>", "twee": "<p>Twee</p>"})
    assert split_page_bodies(html, LOADER_BYTES) == (html, {})


def test_above_the_limit_every_body_moves_to_its_own_file_and_comes_back_whole() -> None:
    bodies = {
        "een": "<p>Één &amp; twee</p>" + "x" * (SPLIT_ABOVE // 2),
        # A block's own <template> inside a body must not end the body early.
        "twee": '<div><template data-row><p>rij</p></template></div><p>"quotes" \u2028 </script></p>'
        + "y" * (SPLIT_ABOVE // 2),
        "drie": "",
    }
    html = _page(bodies)
    split, files = split_page_bodies(html, LOADER_BYTES)
    assert sorted(files) == ["pages/drie.js", "pages/een.js", "pages/twee.js", LOADER]
    assert files[LOADER] == LOADER_BYTES
    for key, body in bodies.items():
        assert _body_of(files[f"pages/{key}.js"]) == (key, body)
        assert f'<template data-page-body data-src="pages/{key}.js"></template>' in split
    assert "x" * 100 not in split
    assert "rij" not in split
    # The loader comes before the app's script; everything around the bodies is unchanged.
    assert f'<script src="{LOADER}"></script>\n<script src="runtime/app.js">' in split
    unchanged = re.sub(r' data-src="[^"]*"', "", split).replace(f'<script src="{LOADER}"></script>\n', "")
    assert unchanged == _page(dict.fromkeys(bodies, ""))


def test_the_script_is_plain_javascript_for_any_text() -> None:
    script = page_script("les-1", "a\u2028b\u2029c 'd' \"e\" \\ </script>")
    assert "\u2028" not in script.decode()
    assert "\u2029" not in script.decode()
    assert _body_of(script) == ("les-1", "a\u2028b\u2029c 'd' \"e\" \\ </script>")
