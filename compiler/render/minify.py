"""{archive path: bytes} of scripts and stylesheets -> the same, without comments and spare white space; pure.

The runtime and the theme are written to be read: long comments, indentation. Learners download
them on a phone, and issue budgets are in gzipped bytes per package (30 KB of JS + CSS), so the
package carries them minified. rjsmin and rcssmin only drop comments and white space (no renaming,
no rewriting), which keeps the shipped code the code that was tested and reviewed, and their
output is deterministic for a given version (pinned in pyproject.toml for reproducible zips).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import rcssmin
import rjsmin


@functools.lru_cache(maxsize=256)
def _minify(suffix: str, content: bytes) -> bytes:
    """Minify one file's bytes; cached, since the same runtime and theme files recur in every build."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return content  # not text we can vouch for: ship it as the theme has it
    minified: str = rjsmin.jsmin(text) if suffix == ".js" else rcssmin.cssmin(text)
    return minified.encode("utf-8")


def minify_assets(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return `files` with every .js and .css file minified; other files unchanged."""
    result: dict[str, bytes] = {}
    for path, content in files.items():
        suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
        result[path] = _minify(suffix, content) if suffix in (".js", ".css") else content
    return result
