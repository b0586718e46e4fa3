from __future__ import annotations

import pytest

from compiler.package.entries import (
    collision_key,
    display_name,
    reference_path,
    reference_problem,
    unsafe_name,
    unwritable_name,
)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "has an empty name"),
        ("a\x00b", "contains a NUL character"),
        ("a\x07b", "contains the control character U+0007"),
        ("a\\b.html", "uses backslashes instead of '/'"),
        ("/etc/passwd", "is an absolute path"),
        ("C:/x.html", "is an absolute path"),
        ("../evil.html", "climbs out of the package folder with '..' (zip slip)"),
        ("a/../../b", "climbs out of the package folder with '..' (zip slip)"),
    ],
)
def test_unsafe_names_say_why(name: str, reason: str) -> None:
    assert unsafe_name(name) == reason
    assert unwritable_name(name) == reason


@pytest.mark.parametrize("name", ["index.html", "media/", "a/b/c.png", "café.svg", "..hidden"])
def test_safe_names_pass(name: str) -> None:
    assert unsafe_name(name) is None


def test_names_coursec_writes_must_also_be_normal() -> None:
    assert unsafe_name("a//b") is None  # an unzip writes it inside its folder
    assert unwritable_name("a//b") == "is not a normalised path"
    assert unwritable_name("./a") == "is not a normalised path"


@pytest.mark.parametrize(
    ("reference", "problem"),
    [
        ("index.html", None),
        ("lessons/a%20b.html?x=1#top", None),
        ("https://cdn.example.org/x.js", "is absolute; it must be relative to the package root"),
        ("//cdn.example.org/x.js", "is absolute; it must be relative to the package root"),
        ("/index.html", "is absolute; it must be relative to the package root"),
        ("a\\b.html", "uses backslashes; use '/' between folders"),
        ("../index.html", "uses '..'; it must stay inside the package"),
        ("a/%2e%2e/%2e%2e/b", "uses '..'; it must stay inside the package"),
    ],
)
def test_references_must_name_a_file_inside_the_package(reference: str, problem: str | None) -> None:
    assert reference_problem(reference) == problem


def test_a_reference_names_its_path_without_query_or_fragment() -> None:
    assert reference_path("lessons/a%20b.html?x=1#top") == "lessons/a b.html"


def test_collision_key_folds_case_and_normalisation() -> None:
    assert collision_key("Media/Cafe\u0301.SVG") == collision_key("media/caf\u00e9.svg")
    assert collision_key("a.png") != collision_key("b.png")


def test_display_name_shows_control_characters() -> None:
    assert display_name("a\x00b\x1b") == "a\\x00b\\x1b"
