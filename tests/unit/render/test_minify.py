"""Scripts and stylesheets ship minified: smaller, and doing exactly what the source does."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.render.minify import minify_assets
from compiler.render.runtime_files import CORE_SCRIPTS, STANDALONE_SCRIPTS, build_runtime

# Comment markers inside strings and regular expressions must survive; comments must not.
TRICKY_SCRIPT = r"""
// a line comment that must go
/* a block comment
   that must go */
var url = "http://example.test/a//b"; // not a comment start inside the string
var re = /\/\*keep\*\//g;
var quoted = 'it\'s /* not a comment */';
function add(a, b) {
  return a + b; /* trailing */
}
console.log(JSON.stringify([url, "x/*y*/z".replace(re, "!"), quoted, add(2, 3), `tick ${add(1, 1)} // kept`]));
"""


def _run_node(source: str, tmp_path: Path, name: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required to run the minified scripts")
    script = tmp_path / name
    script.write_text(source, encoding="utf-8")
    return subprocess.run([node, str(script)], capture_output=True, text=True, check=True).stdout


def test_minified_script_prints_what_the_source_prints(tmp_path: Path) -> None:
    minified = minify_assets({"runtime/x.js": TRICKY_SCRIPT.encode()})["runtime/x.js"].decode()
    assert "must go" not in minified
    assert _run_node(minified, tmp_path, "min.js") == _run_node(TRICKY_SCRIPT, tmp_path, "src.js")


def test_stylesheets_lose_comments_and_keep_rules() -> None:
    css = b"/* brand */\n.card {\n  color: #123456;\n  margin: 0 auto;\n}\n"
    assert minify_assets({"static/theme.css": css})["static/theme.css"] == b".card{color:#123456;margin:0 auto}"


def test_other_files_and_undecodable_scripts_are_shipped_unchanged() -> None:
    files = {"index.html": b"<!-- kept -->\n<p>  x  </p>", "media/a.svg": b"<svg/>", "runtime/odd.js": b"\xff\xfe//x"}
    assert minify_assets(files) == files


def test_the_shipped_runtime_is_smaller_and_every_script_still_parses(tmp_path: Path) -> None:
    # The core and the standalone tracker as written (they ship minified inside runtime/target.js).
    folder = Path(__file__).resolve().parents[3] / "compiler" / "runtime"
    sources = {relative: (folder / relative).read_bytes() for relative in (*CORE_SCRIPTS, *STANDALONE_SCRIPTS)}
    shipped = minify_assets(sources)
    before = sum(len(gzip.compress(content, 9)) for content in sources.values())
    after = sum(len(gzip.compress(content, 9)) for content in shipped.values())
    assert build_runtime().files == {}
    assert after < before * 0.75, (before, after)
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required to check the minified scripts")
    for path, content in shipped.items():
        target = tmp_path / path.replace("/", "_")
        target.write_bytes(content)
        subprocess.run([node, "--check", str(target)], check=True, capture_output=True)
