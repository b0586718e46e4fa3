"""Compiled-template cache in the user's cache folder (never in the course or working folder); I/O edge.

Compiling the theme's templates is most of a small course's compile time, so compiled templates are
kept between runs (jinja checks each against its source's checksum). `COURSEC_CACHE_DIR` chooses the
folder (empty: no cache); otherwise the platform's user cache folder, as platformdirs would choose it:
`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2

CACHE_ENVIRONMENT_VARIABLE = "COURSEC_CACHE_DIR"


def user_cache_dir() -> Path | None:
    """The folder for coursec's compiled templates; None when caching is switched off."""
    configured = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    if configured == "":
        return None
    if configured is not None:
        return Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "coursec" / f"jinja-{jinja2.__version__}"


class _ReadOnlyBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Uses templates compiled by earlier runs but stores nothing (for `validate`, which writes nothing)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store nothing."""


def template_cache(*, write: bool) -> jinja2.BytecodeCache | None:
    """The bytecode cache; with write=False it only reads. None when there is no usable folder."""
    folder = user_cache_dir()
    if folder is None:
        return None
    if not write:
        return _ReadOnlyBytecodeCache(str(folder)) if folder.is_dir() else None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
