"""Shared by the theme unit tests: write theme folders and load them (without the bundled themes)."""

from __future__ import annotations

from pathlib import Path

from compiler.diagnostics import Diagnostic
from compiler.render.messages import bind_messages
from compiler.render.theme import Theme, load_theme

REPO = Path(__file__).resolve().parents[2]
DEFAULT_THEMES = REPO / "themes"


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} below root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def load(
    tmp_path: Path, name: str = "child", files: dict[str, str | bytes] | None = None
) -> tuple[Theme | None, list[Diagnostic]]:
    """Load a theme from tmp_path/themes only; tmp_path/course is the course root."""
    write_files(tmp_path / "themes", files or {})
    (tmp_path / "course").mkdir(exist_ok=True)
    return load_theme(name, [tmp_path / "themes"], tmp_path / "course", bundled=False)


def loaded(tmp_path: Path, name: str = "child", files: dict[str, str | bytes] | None = None) -> Theme:
    """Load a theme that must load without any diagnostic."""
    theme, diagnostics = load(tmp_path, name, files)
    assert diagnostics == []
    assert theme is not None
    return theme


def render(theme: Theme, template: str, language: str = "en") -> str:
    """Render one template of a loaded theme with a language's catalogue."""
    environment = bind_messages(theme.environment, theme.messages.get(language, {}), language)
    return environment.get_template(template).render()


BASE: dict[str, str | bytes] = {
    "default/theme.yaml": "scripts: [runtime/app.js]\nstyles: [static/theme.css]\nprimary_color: '#1d5fa8'\n",
    "default/runtime/app.js": "// default app\n",
    "default/static/theme.css": "/* default */\n",
    "default/templates/which.html": "default",
    "default/messages/en/layout.yaml": "greeting: Hello\nfarewell: Bye\n",
}
