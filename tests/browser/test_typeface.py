"""The bundled typeface as a learner's browser gets it: preloaded in an LMS, loaded from disk too, swapped in."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame

from compiler.api import compile_course

from .conftest import COURSES, LmsSession, Package

pytestmark = pytest.mark.browser

Launch = Callable[..., LmsSession]
Compile = Callable[..., Package]

_FACES = """async () => {
    await document.fonts.ready;
    return Array.from(document.fonts).map(face => `${face.family} ${face.weight} ${face.style} ${face.status}`).sort();
}"""
_LOADED = [
    "Atkinson Hyperlegible 400 normal loaded",
    "Atkinson Hyperlegible 700 normal loaded",
]


def _rendered_family(frame: Frame, selector: str) -> str:
    """The first family of the element's stack that the browser has (not merely what CSS asks for)."""
    family: str = frame.evaluate(
        """selector => {
            const style = getComputedStyle(document.querySelector(selector));
            const first = style.fontFamily.split(",")[0].trim();
            return document.fonts.check(`${style.fontWeight} 16px ${first}`) ? first : "fallback";
        }""",
        selector,
    )
    return family


def test_in_an_lms_both_weights_are_preloaded_and_used(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSES / "no-quiz", "scorm2004"))
    frame = session.frame
    assert frame.evaluate(_FACES) == _LOADED
    # Preloaded: each file is fetched once, by the preload that the @font-face then uses (a preload
    # whose mode did not match would be fetched a second time).
    fetched = frame.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.endsWith('.woff2')).map(e => e.name)"
    )
    assert sorted(name.rsplit("/", 1)[1] for name in fetched) == [
        "atkinson-hyperlegible-bold.woff2",
        "atkinson-hyperlegible-regular.woff2",
    ]
    assert _rendered_family(frame, "body") == '"Atkinson Hyperlegible"'
    assert _rendered_family(frame, "h1") == '"Atkinson Hyperlegible"'
    assert (session.console_errors, session.missing, session.blocked) == ([], [], [])


def test_from_the_file_system_the_font_loads_without_errors(compiled: Compile, browser: Browser) -> None:
    package = compiled(COURSES / "no-quiz", "web")
    context = browser.new_context()
    try:
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda exc: messages.append(str(exc)))
        page.goto((package.root / "index.html").as_uri())
        page.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
        assert page.main_frame.evaluate(_FACES) == _LOADED
        assert [m for m in messages if m.startswith(("error", "warning"))] == []
    finally:
        context.close()


def test_a_theme_with_font_system_uses_the_devices_font(
    compiled: Compile, launch: Launch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("system-font")
    themes = root / "themes" / "plain"
    themes.mkdir(parents=True)
    (themes / "theme.yaml").write_text("extends: default\nfont: system\n", encoding="utf-8")
    course = _copy_with_theme(COURSES / "no-quiz", root / "course", "plain")
    result = compile_course(course, root / "out", targets=["scorm12"], theme_dirs=(root / "themes",))
    assert result.ok, [str(d) for d in result.diagnostics]
    assert not [path for path in result.files if path.startswith("static/fonts/")]
    package = _unzipped(result.package_path, root / "package", compiled(COURSES / "no-quiz"))
    session = launch(package)
    assert session.frame.evaluate(_FACES) == []
    assert session.frame.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert (session.console_errors, session.missing, session.blocked) == ([], [], [])


def _copy_with_theme(source: Path, target: Path, theme: str) -> Path:
    shutil.copytree(source, target)
    yaml = (target / "course.yaml").read_text(encoding="utf-8")
    lines = [line for line in yaml.splitlines() if not line.startswith("theme:")]
    (target / "course.yaml").write_text("\n".join([*lines, f"theme: {theme}", ""]), encoding="utf-8")
    return target


def _unzipped(zip_path: Path | None, root: Path, like: Package) -> Package:
    assert zip_path is not None
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root)
    return dataclasses.replace(like, root=root)
