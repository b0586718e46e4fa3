"""The limits docs/course-format.md promises are the limits the compiler enforces."""

from __future__ import annotations

import re
from pathlib import Path

from compiler.preview import server
from compiler.source.files import MAX_TEXT_FILE_BYTES
from compiler.source.yaml_positions import MAX_YAML_DEPTH, MAX_YAML_NODES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _limits_table() -> dict[str, tuple[str, str]]:
    text = (DOCS / "course-format.md").read_text(encoding="utf-8")
    section = text.split("### Limits", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    return {code.strip(): (what.strip(), value.strip()) for what, value, code in rows[1:]}


def test_the_documented_limits_are_the_enforced_ones() -> None:
    table = _limits_table()
    assert set(table) == {"E113", "E114", "E115", "E116"}
    assert table["E116"][1].startswith(f"{MAX_TEXT_FILE_BYTES // 2**20} MiB ({MAX_TEXT_FILE_BYTES:,} bytes")
    assert re.match(rf"{MAX_YAML_DEPTH} levels$", table["E114"][1])
    assert table["E115"][1] == f"{MAX_YAML_NODES:,}"
    assert table["E113"][1] == "none"


def test_the_documented_preview_limits_are_the_enforced_ones() -> None:
    text = (DOCS / "preview.md").read_text(encoding="utf-8")
    section = text.split("## Who can reach it", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    table = {what.strip(): value.strip() for what, value in rows[1:]}
    assert table == {
        "threads answering requests": f"{server.WORKERS}",
        "time from connecting to the end of the request's headers": f"{server.HEADER_TIMEOUT:g} s, then the "
        "connection is closed",
        "time one write to a client may block": f"{server.WRITE_TIMEOUT:g} s, then the client is dropped",
        "connections waiting for their request at once": f"{server.MAX_WAITING}; beyond that the longest-waiting "
        "one is closed",
        "request line and headers": f"{server.MAX_REQUEST_HEAD // 1024} KiB",
        "open live-reload streams (browser tabs)": f"{server.MAX_EVENT_STREAMS}; more get 503",
    }
