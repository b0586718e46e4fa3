"""The compiled-template cache: the user cache folder (or COURSEC_CACHE_DIR), read-only for validate."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import jinja2
import pytest

from compiler.api import compile_course
from compiler.render.template_cache import template_cache, user_cache_dir
from compiler.render.templates import TemplateLevel, build_environment

ROOT = Path(__file__).resolve().parents[3]
GRADED = ROOT / "tests" / "golden" / "graded" / "course_src"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def test_the_environment_variable_chooses_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(tmp_path / "cache"))
    assert user_cache_dir() == tmp_path / "cache"
    monkeypatch.setenv("COURSEC_CACHE_DIR", "")
    assert user_cache_dir() is None
    assert template_cache(write=True) is None


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies to Linux and other Unixes")
def test_by_default_the_cache_lives_under_the_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSEC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "coursec" / f"jinja-{jinja2.__version__}"


def test_compile_fills_the_cache_and_validate_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(cache))
    course = Path(shutil.copytree(GRADED, tmp_path / "course"))
    before = _files(course)
    monkeypatch.chdir(tmp_path)

    assert compile_course(course, None).ok
    assert _files(cache) == [], "validate creates no cache folder"
    assert _files(tmp_path) == sorted(["course", *(f"course/{p}" for p in before)]), "nor anything else"

    assert compile_course(course, tmp_path / "build").ok
    compiled = _files(cache)
    assert compiled, "compile stores the compiled templates"
    # Compiled templates, and the typeface's subsets in fonts/ (compiler/render/font_cache.py).
    assert all(name.endswith(".cache") or name == "fonts" or name.endswith(".woff2") for name in compiled)
    assert any(name.endswith(".cache") for name in compiled)

    # validate reads what compile stored, and still adds nothing.
    stamps = {p: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert compile_course(course, None).ok
    assert {p: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps
    assert _files(course) == before


def test_an_unwritable_cache_folder_switches_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(tmp_path / "file" / "cache"))
    assert template_cache(write=True) is None
    assert compile_course(GRADED, tmp_path / "build").ok


def test_two_sources_under_the_same_label_keep_their_own_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every course's override is labelled 'templates/...': one must not evict another's compiled template."""
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(tmp_path / "cache"))

    def load(source: str) -> str:
        environment = build_environment(
            [TemplateLevel("course", "templates", {"page.html": source})], template_cache(write=True)
        )
        return environment.get_template("page.html").render()

    assert load("one {{ 1 }}") == "one 1"
    assert load("two {{ 2 }}") == "two 2"
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()}
    assert len(stamps) == 2
    assert load("one {{ 1 }}") == "one 1"
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()} == stamps, "served from the cache"
