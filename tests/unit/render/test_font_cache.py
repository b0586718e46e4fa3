"""The subset-font cache: a repeat compile reuses the subset (same bytes, no fontTools), validate only reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.api import compile_course
from compiler.render import fonts
from compiler.render.font_cache import FontCache, cache_key, font_cache

ROOT = Path(__file__).resolve().parents[3]
GRADED = ROOT / "tests" / "golden" / "graded" / "course_src"


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.woff2")) if folder.exists() else []


def test_the_key_follows_the_font_the_characters_and_nothing_else() -> None:
    key = cache_key(b"font", frozenset({0x41, 0x42}))
    assert key == cache_key(b"font", frozenset({0x42, 0x41}))
    assert key != cache_key(b"font", frozenset({0x41}))
    assert key != cache_key(b"other font", frozenset({0x41, 0x42}))


def test_entries_round_trip_and_a_read_only_cache_stores_nothing(tmp_path: Path) -> None:
    FontCache(tmp_path / "ro", write=False).put("k", b"data")
    assert _entries(tmp_path / "ro") == []
    cache = FontCache(tmp_path / "rw", write=True)
    assert cache.get("k") is None
    cache.put("k", b"data")
    assert cache.get("k") == b"data"
    assert sorted(p.name for p in (tmp_path / "rw").iterdir()) == ["k.woff2"]  # no temporary file left
    # A folder that cannot be made (a file is in its place) is no error: the compile subsets again.
    (tmp_path / "file").write_text("x")
    FontCache(tmp_path / "file" / "fonts", write=True).put("k", b"data")


def test_a_repeat_compile_reuses_the_subsets_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(tmp_path / "cache"))
    first = compile_course(GRADED, tmp_path / "one", theme_dirs=(ROOT / "themes",), epoch=0)
    assert first.ok
    assert len(_entries(tmp_path / "cache" / "fonts")) == 2  # regular and bold

    def no_subsetting(data: bytes, codepoints: frozenset[int]) -> bytes:
        raise AssertionError("subset again although the cache has it")

    monkeypatch.setattr(fonts, "subset_font", no_subsetting)
    second = compile_course(GRADED, tmp_path / "two", theme_dirs=(ROOT / "themes",), epoch=0)
    assert second.ok
    assert second.package_path is not None
    assert first.package_path is not None
    assert second.package_path.read_bytes() == first.package_path.read_bytes()


def test_validate_reads_the_cache_but_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(tmp_path / "cache"))
    assert compile_course(GRADED, None, theme_dirs=(ROOT / "themes",)).ok
    assert _entries(tmp_path / "cache" / "fonts") == []
    monkeypatch.setenv("COURSEC_CACHE_DIR", "")
    assert font_cache(write=True) is None
