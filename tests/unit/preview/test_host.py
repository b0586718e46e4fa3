from __future__ import annotations

import json
import re

import pytest

from compiler.preview.host import ASSETS, HostPage, asset, host_page


def _config(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="lms-config">(.*?)</script>', html, re.S)
    assert match
    config: dict[str, object] = json.loads(match.group(1))
    return config


def test_every_page_file_ships_as_package_data() -> None:
    for name in ASSETS:
        assert len(asset(name)) > 100, name
    with pytest.raises(KeyError):
        asset("../host.py")


def test_preview_page_has_panel_frame_and_scripts_in_order() -> None:
    html = host_page(HostPage(lms="scorm12", scripts=["a.js", "b.js"], title="Mijn cursus", stylesheet="s.css"))
    assert html.index('<script src="a.js">') < html.index('<script src="b.js">')
    assert '<link rel="stylesheet" href="s.css">' in html
    assert '<iframe id="sco" title="Course" src="course/index.html"></iframe>' in html
    assert 'aria-label="LMS debug panel"' in html
    assert "<title>Mijn cursus \u00b7 coursec preview</title>" in html
    assert _config(html) == {"lms": "scorm12", "frameSrc": "course/index.html", "panel": True}


def test_test_page_is_only_the_api_and_a_sized_frame() -> None:
    html = host_page(
        HostPage(
            lms="scorm-again",
            scripts=["x.js"],
            frame_src="/pkg/index.html",
            title="Test LMS",
            panel=False,
            frame_style="width: 1200px",
            settings={"seed": {"cmi": {"core": {"entry": "resume"}}}},
        )
    )
    assert "lms-panel" not in html
    assert '<iframe id="sco" title="Course" src="/pkg/index.html" style="width: 1200px"></iframe>' in html
    assert "<title>Test LMS</title>" in html
    assert _config(html)["seed"] == {"cmi": {"core": {"entry": "resume"}}}


def test_no_frame_and_no_launch() -> None:
    assert "<iframe" not in host_page(HostPage(lms="scorm12", scripts=[], frame_src=None, panel=False))
    waiting = host_page(HostPage(lms="scorm12", scripts=[], launch_now=False))
    assert '<iframe id="sco" title="Course"></iframe>' in waiting


def test_settings_cannot_close_the_script_element() -> None:
    html = host_page(HostPage(lms="scorm12", scripts=[], settings={"build": {"text": "</script><b>x</b>"}}))
    assert "</script><b>" not in html
    assert _config(html)["build"] == {"text": "</script><b>x</b>"}
