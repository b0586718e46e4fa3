"""The LMS host page: a course frame around an LMS API, with an optional debug panel (preview and browser tests).

The page's behaviour lives in package data (`assets/lms-host.js`, `assets/lms-host.css`), and each
target's emulation in its own folder (`compiler/targets/<name>/preview-api.js`, named by its
`preview.py`); this module only writes the HTML that loads them and their settings. The panel's
cards are filled by the emulation (what its LMS or LRS records), so the page knows no standard.
`coursec preview` serves it with the target's emulation; the browser tests serve it with
scorm-again through an adapter of their own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources

ASSETS = ("lms-host.css", "lms-host.js", "preview.js", "cmi.js")
"""The page's files, served by name (package data under compiler/preview/assets/)."""


def asset(name: str) -> bytes:
    """The bytes of one of the page's files; KeyError for any other name."""
    if name not in ASSETS:
        raise KeyError(name)
    return (resources.files("compiler.preview") / "assets" / name).read_bytes()


def target_asset(target: str, name: str) -> bytes:
    """The bytes of a script a target's preview emulation names (package data next to its preview.py)."""
    from compiler.targets.base import load_preview

    played = load_preview(target)
    if played is None or name not in played.scripts:
        raise KeyError(name)
    return (resources.files(f"compiler.targets.{target}") / name).read_bytes()


@dataclass(frozen=True)
class HostPage:
    """What one host page shows: which LMS API, which course, with or without the debug panel."""

    lms: str
    """The adapter name a script registers in CoursecLms.adapters (e.g. 'scorm12')."""
    scripts: Sequence[str]
    """Script URLs, in order: the API adapter(s), then lms-host.js, then any page script."""
    frame_src: str | None = "course/index.html"
    """The launch URL of the SCO; None for a page with the API but no course frame."""
    title: str = "Course"
    """The course title (the page title adds 'coursec preview' when it has the panel)."""
    stylesheet: str | None = None
    panel: bool = True
    """The toolbar and debug panel; without it the page is only the API and the frame."""
    frame_style: str = ""
    """Inline style of the frame (the tests size it like an LMS would)."""
    launch_now: bool = True
    """Load the course right away (preview waits while the course has errors)."""
    settings: Mapping[str, object] = field(default_factory=dict)
    """More settings for the page scripts (seed data, launch data from the manifest, build state)."""


def _json_script(element_id: str, value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _frame(page: HostPage) -> str:
    if page.frame_src is None:
        return ""
    src = f' src="{escape(page.frame_src)}"' if page.launch_now else ""
    style = f' style="{escape(page.frame_style)}"' if page.frame_style else ""
    return f'<iframe id="sco" title="Course"{src}{style}></iframe>'


_PANEL = """<header class="lms-bar">
  <h1 class="lms-brand">coursec preview <span class="lms-sub">__LABEL__</span></h1>
  <div class="lms-group" role="group" aria-label="Frame width">
    <button type="button" data-lms-width="phone" aria-pressed="false">Phone <span class="lms-sub">390 px</span></button>
    <button type="button" data-lms-width="desktop" aria-pressed="true">Desktop
      <span class="lms-sub">1280 px</span></button>
  </div>
  <div class="lms-group" role="group" aria-label="Launch">
    <button type="button" data-lms-relaunch="restart">Restart as new learner</button>
    <button type="button" data-lms-relaunch="resume">Relaunch as returning learner</button>
  </div>
  <p class="lms-build" id="lms-build" role="status"></p>
  <p class="visually-hidden" id="lms-announce" role="status"></p>
</header>
<main class="lms-main">
  <div class="lms-stage" id="lms-stage" data-width="desktop" role="region" aria-label="Course frame" tabindex="0">
    __FRAME__
    <section class="lms-overlay" id="lms-overlay" hidden aria-labelledby="lms-overlay-title">
      <h2 id="lms-overlay-title">The course does not compile</h2>
      <p id="lms-overlay-summary"></p>
      <pre id="lms-overlay-text" tabindex="0"></pre>
      <p class="lms-sub">Fix the source and save: the course comes back by itself.</p>
    </section>
  </div>
  <aside class="lms-panel" id="lms-panel" aria-label="LMS debug panel">
    <section class="lms-card lms-warnings" id="lms-warnings" hidden>
      <h2>Compiler warnings</h2>
      <pre id="lms-warnings-text" tabindex="0"></pre>
    </section>
    <section class="lms-card lms-problems">
      <h2>Problems <span class="lms-count" id="lms-problem-count">0</span></h2>
      <ul id="lms-problems"></ul>
    </section>
    <section class="lms-card">
      <h2 id="lms-record-title">Learner record</h2>
      <dl class="lms-values" id="lms-values"></dl>
      <p class="lms-suspend"><span id="lms-suspend-label">suspend_data</span>:
        <span data-cmi="suspend_length"></span>
        <meter id="lms-suspend-meter" min="0" max="4096" low="3072" high="3890" optimum="0" value="0"
          aria-labelledby="lms-suspend-label"></meter></p>
      <details><summary id="lms-raw-label">suspend_data</summary>
        <pre class="lms-raw" data-cmi="suspend_data" tabindex="0"></pre></details>
    </section>
    <section class="lms-card">
      <h2><span id="lms-table-title">Interactions</span>
        <span class="lms-count" data-cmi="interaction_count">0</span></h2>
      <div class="lms-scroll" tabindex="0" role="region" aria-labelledby="lms-table-title">
        <table id="lms-interactions">
          <thead><tr id="lms-table-head"></tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
    <section class="lms-card lms-card--calls">
      <h2><span id="lms-calls-title">API calls</span> <span class="lms-count" id="lms-call-count">0</span></h2>
      <div class="lms-tools">
        <label><input type="checkbox" id="lms-only-errors"> Only failed calls</label>
        <button type="button" id="lms-clear">Clear</button>
      </div>
      <ol class="lms-calls" id="lms-calls" aria-labelledby="lms-calls-title" tabindex="0"></ol>
    </section>
  </aside>
</main>"""


def host_page(page: HostPage) -> str:
    """The HTML of the host page."""
    settings = {
        **page.settings,
        "lms": page.lms,
        "frameSrc": page.frame_src,
        "panel": page.panel,
    }
    scripts = "\n".join(f'<script src="{escape(src)}"></script>' for src in page.scripts)
    stylesheet = f'<link rel="stylesheet" href="{escape(page.stylesheet)}">' if page.stylesheet else ""
    body = _PANEL.replace("__FRAME__", _frame(page)).replace("__LABEL__", escape(page.title)) if page.panel else ""
    body_class = "lms lms--panel" if page.panel else "lms"
    title = f"{page.title} \u00b7 coursec preview" if page.panel else page.title
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{stylesheet}
{_json_script("lms-config", settings)}
{scripts}
</head>
<body class="{body_class}">
{body if page.panel else _frame(page)}
</body>
</html>
"""
