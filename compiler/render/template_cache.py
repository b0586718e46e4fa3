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


def user_cache_root() -> Path | None:
    """coursec's folder in the user cache folder (or COURSEC_CACHE_DIR); None when caching is switched off."""
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
    return base / "coursec"


def user_cache_dir() -> Path | None:
    """The folder for coursec's compiled templates; None when caching is switched off."""
    root = user_cache_root()
    if root is None:
        return None
    if os.environ.get(CACHE_ENVIRONMENT_VARIABLE) is not None:
        return root  # the folder the author chose holds the templates itself, as before
    return root / f"jinja-{jinja2.__version__}"


class _ContentKeyedCache(jinja2.FileSystemBytecodeCache):
    """Keys compiled templates by their source too, not only by name and label.

    Labels such as 'templates/index.html' (a course's override) or 'themes/default/...' are the same
    for every course and every installed coursec version, so jinja's default key (name + file name)
    made different sources overwrite each other's entry and every run recompiled.
    """

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        """The cache entry for this exact source."""
        checksum = self.get_source_checksum(source)
        bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, f"{filename}|{checksum}"), checksum)
        self.load_bytecode(bucket)
        return bucket


class _ReadOnlyBytecodeCache(_ContentKeyedCache):
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
    return _ContentKeyedCache(str(folder))
