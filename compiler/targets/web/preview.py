"""The web preview: no LMS; the course keeps its progress in this browser's localStorage (preview-api.js shows it).

The page and the course frame are served from the same origin, so the emulation reads the very
entry the runtime's standalone tracker writes (compiler/runtime/trackers/standalone.js), watches it
change, and clears it when the author restarts as a new learner.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from compiler.targets.base import PreviewEmulation
from compiler.targets.web.target import STATE_LIMIT

_DATA = re.compile(rb'<script type="application/json" id="coursec-data">(.*?)</script>', re.S)


def storage_key(index_html: bytes) -> str:
    """The localStorage key the course uses (`storage` in its #coursec-data), or "" if the page has none."""
    found = _DATA.search(index_html)
    if found is None:
        return ""
    try:
        data = json.loads(found.group(1))
    except ValueError:
        return ""
    key = data.get("storage") if isinstance(data, dict) else None
    return key if isinstance(key, str) else ""


def launch(files: Mapping[str, bytes]) -> dict[str, object]:
    """A web server hands the course nothing; the page needs the storage key to show and reset the entry."""
    return {"storageKey": storage_key(files.get("index.html", b"")), "stateLimit": STATE_LIMIT}


PREVIEW = PreviewEmulation("web", "Web (localStorage, no LMS)", launch)
