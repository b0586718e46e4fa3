"""ThemeSource layers -> validated theme.yaml of each theme and their merge (ThemeConfig); pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag, ValidationError

from compiler.colour import contrast_ratio
from compiler.diagnostics import Diagnostic, error, nearest
from compiler.model.validate import translate_errors
from compiler.source.themes import THEME_NAME_PATTERN, ThemeLayer
from compiler.source.yaml_positions import PositionMap

FALLBACK_PRIMARY_COLOR = "#1d5fa8"
"""Brand colour when neither the course nor any theme of the chain sets one (7:1 on white)."""

HexColour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="A colour as #rrggbb."),
]
ThemeName = Annotated[
    str,
    StringConstraints(pattern=THEME_NAME_PATTERN, max_length=64),
    Field(description="A theme's folder name: lower-case letters, digits and '-'."),
]
ScriptPath = Annotated[
    str,
    StringConstraints(pattern=r"^runtime/[A-Za-z0-9_][A-Za-z0-9_./-]*\.js$"),
    Field(description="A JavaScript file of the theme's runtime/ folder, e.g. 'runtime/app.js'."),
]
StylePath = Annotated[
    str,
    StringConstraints(pattern=r"^static/[A-Za-z0-9_][A-Za-z0-9_./-]*\.css$"),
    Field(description="A stylesheet of the theme's static/ folder, e.g. 'static/theme.css'."),
]

FontPath = Annotated[
    str,
    StringConstraints(pattern=r"^fonts/[A-Za-z0-9_][A-Za-z0-9_./-]*\.(ttf|otf|woff2?)$"),
    Field(description="A font file of the theme's fonts/ folder (TrueType, OpenType or WOFF), e.g. 'fonts/text.ttf'."),
]
LicensePath = Annotated[
    str,
    StringConstraints(pattern=r"^fonts/[A-Za-z0-9_][A-Za-z0-9_./-]*$"),
    Field(description="The font's licence in the theme's fonts/ folder, e.g. 'fonts/OFL.txt'."),
]


class ThemeFont(BaseModel):
    """theme.yaml `font`: the typeface packages carry, subset per course to the characters it shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    family: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]{0,62}$")] = Field(
        description="The family name the stylesheets use (letters, digits, spaces and '-'), "
        "e.g. 'Atkinson Hyperlegible'."
    )
    regular: FontPath = Field(description="The regular (400) weight.")
    bold: FontPath | None = Field(
        None, description="The bold (700) weight; without it the browser thickens the regular weight."
    )
    license: LicensePath = Field(
        description="The font's licence, shipped next to the subset files "
        "(the SIL OFL requires it to travel with the font)."
    )

    def files(self) -> tuple[str, ...]:
        """The font files, regular first."""
        return (self.regular,) if self.bold is None else (self.regular, self.bold)


def _font_kind(value: object) -> str:
    """Which form of `font` was written: the word 'system' or a mapping naming the files."""
    return "system" if isinstance(value, str) else "files"


FontSetting = Annotated[
    Annotated[ThemeFont, Tag("files")] | Annotated[Literal["system"], Tag("system")],
    Discriminator(_font_kind),
]


class ThemeConfig(BaseModel):
    """theme.yaml: what a theme adds to or changes in the theme it extends.

    Keys left out are inherited from the parent theme (and, at the end of the chain, from
    `default`); `merge_theme_configs` gives the merged result.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first use, not at import

    description: str | None = Field(None, description="What the theme is for (documentation only).")
    extends: ThemeName | None = Field(
        None, description="Parent theme whose templates, files and messages this theme inherits."
    )
    scripts: list[ScriptPath] | None = Field(
        None,
        description="The theme's own UI scripts (DOM only), loaded as classic scripts in this order after the "
        "compiler's runtime core and tracker adapter.",
    )
    styles: list[StylePath] | None = Field(None, description="Stylesheets index.html links, in this order.")
    primary_color: HexColour | None = Field(
        None,
        description="Brand colour when course.yaml sets none; needs 4.5:1 contrast with white "
        "(it is used for links and as the background of white button text).",
    )
    font: FontSetting | None = Field(
        None,
        description="The text typeface: a font of the theme's fonts/ folder, subset at compile time to the characters "
        "the course shows, or 'system' for each device's own font (no font file in the package).",
    )


def validate_theme_configs(layers: Sequence[ThemeLayer]) -> tuple[list[ThemeConfig] | None, list[Diagnostic]]:
    """Validate each theme.yaml of the chain; None when any of them is invalid."""
    configs: list[ThemeConfig] = []
    diagnostics: list[Diagnostic] = []
    for layer in layers:
        data = {} if layer.config is None else layer.config
        if not isinstance(data, dict):
            diagnostics.append(
                error("E402", "theme.yaml must be a mapping of keys to values", layer.positions.span(()))
            )
            continue
        try:
            configs.append(ThemeConfig.model_validate(data))
        except ValidationError as exc:
            found = translate_errors(exc, data, layer.positions, ThemeConfig)
            diagnostics.extend(replace(d, code="E402") for d in found)
    return (None if diagnostics else configs), diagnostics


def merge_theme_configs(configs: Sequence[ThemeConfig]) -> ThemeConfig:
    """Merge a chain's configs: child keys over parent keys; scripts and styles default to empty."""
    values: dict[str, object] = {}
    for config in reversed(configs):
        for name in sorted(config.model_fields_set):
            values[name] = getattr(config, name)
    top = configs[0]
    values["extends"] = top.extends
    values["description"] = top.description
    values.setdefault("scripts", [])
    values.setdefault("styles", [])
    return ThemeConfig.model_validate(values)


def check_theme_config(
    config: ThemeConfig,
    configs: Sequence[ThemeConfig],
    positions: Sequence[PositionMap],
    assets: Mapping[str, bytes],
    fonts: Mapping[str, bytes] | None = None,
) -> list[Diagnostic]:
    """Check what the schema cannot: listed files exist, the default colour is readable."""
    diagnostics: list[Diagnostic] = []

    def origin(key: str) -> PositionMap:
        index = next((i for i, c in enumerate(configs) if key in c.model_fields_set), 0)
        return positions[index]

    for key, files in (("scripts", config.scripts or []), ("styles", config.styles or [])):
        for index, path in enumerate(files):
            if path not in assets:
                diagnostics.append(
                    error(
                        "E402",
                        f"'{key}' lists '{path}', which no theme in the chain provides",
                        origin(key).span((key, index)),
                        _missing_file_hint(path, files, assets),
                    )
                )
    if isinstance(config.font, ThemeFont):
        font = config.font
        found = fonts or {}
        named: tuple[tuple[str, str | None], ...] = (
            ("regular", font.regular),
            ("bold", font.bold),
            ("license", font.license),
        )
        for key, named_path in named:
            if named_path is not None and named_path not in found:
                diagnostics.append(
                    error(
                        "E402",
                        f"'font.{key}' names '{named_path}', which no theme in the chain provides",
                        origin("font").span(("font", key)),
                        _missing_file_hint(named_path, [], found),
                    )
                )
    colour = config.primary_color
    if colour is not None:
        ratio = contrast_ratio(colour, "#ffffff")
        if ratio < 4.5:
            diagnostics.append(
                error(
                    "E405",
                    f"primary_color {colour} has contrast {ratio:.2f}:1 with white; 4.5:1 is needed",
                    origin("primary_color").span(("primary_color",)),
                    "choose a darker colour",
                )
            )
    return diagnostics


def _missing_file_hint(path: str, listed: Sequence[str], assets: Mapping[str, bytes]) -> str:
    """Point at a close file name, else at the files of that folder nobody lists yet."""
    folder, _, file_name = path.rpartition("/")
    suffix = PurePosixPath(file_name).suffix
    siblings = {PurePosixPath(a).stem: a for a in assets if a.rpartition("/")[0] == folder and a.endswith(suffix)}
    guess = nearest(PurePosixPath(file_name).stem, siblings)
    if guess is not None:
        return f"did you mean '{siblings[guess]}'?"
    unlisted = sorted(a for a in siblings.values() if a not in listed)
    if unlisted:
        return "files the chain has but does not list: " + ", ".join(f"'{a}'" for a in unlisted)
    return f"add {file_name} to the theme's {folder}/ folder, or remove it from the list"
