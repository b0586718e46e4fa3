"""Subset fonts kept in the user's cache folder between compiles (never in the course or working folder); I/O edge.

Subsetting the theme's typeface (`compiler.render.fonts`) costs more than the rest of a small
course's render, and an author compiles the same course again and again with the same characters.
Each subset WOFF2 file is stored under a key made of the source font's bytes, the characters kept
and the fontTools and brotli versions that made it, so a hit gives exactly the bytes a fresh subset
would (output stays deterministic), and a changed font, text or library never reuses an old entry.
The folder is `fonts/` beside the compiled templates (`template_cache.user_cache_root`);
`COURSEC_CACHE_DIR=""` switches both off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from compiler.render.template_cache import user_cache_root

FOLDER = "fonts"


def _library_versions() -> str:
    found = []
    for name in ("fonttools", "brotli"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ";".join(found)


def cache_key(data: bytes, codepoints: frozenset[int]) -> str:
    """The entry name of one subset: what went in, and which libraries made it."""
    digest = hashlib.sha256()
    digest.update(_library_versions().encode("ascii"))
    digest.update(hashlib.sha256(data).digest())
    digest.update(",".join(f"{code:x}" for code in sorted(codepoints)).encode("ascii"))
    return digest.hexdigest()


@dataclass(frozen=True)
class FontCache:
    """A folder of subset fonts by cache_key; with write=False it only reads (validate writes nothing)."""

    folder: Path
    write: bool

    def get(self, key: str) -> bytes | None:
        """The stored subset, or None (no entry, or a folder that cannot be read)."""
        try:
            return (self.folder / f"{key}.woff2").read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store a subset (atomically: a concurrent compile reads a whole file or none); errors are ignored."""
        if not self.write:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                Path(temporary).replace(self.folder / f"{key}.woff2")
            except OSError:
                Path(temporary).unlink(missing_ok=True)
        except OSError:
            return


def font_cache(*, write: bool) -> FontCache | None:
    """The cache in the user cache folder; None when caching is switched off."""
    root = user_cache_root()
    return None if root is None else FontCache(root / FOLDER, write)
