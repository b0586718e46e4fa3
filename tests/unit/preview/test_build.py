from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import pytest

from compiler.preview import build as build_module
from compiler.preview.build import NoPreview, build_preview, default_target, emulation, previewable_targets
from compiler.targets.base import target_names

ROOT = Path(__file__).resolve().parents[3]
THEMES = (ROOT / "themes",)
GRADED = ROOT / "tests" / "golden" / "graded"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GRADED / "course_src", tmp_path / "course"))


def test_a_good_build_holds_the_package_the_zip_would_hold(course: Path) -> None:
    built = build_preview(course, THEMES, 7)
    assert built.ok
    assert built.version == 7
    expected = {line.strip() for line in (GRADED / "expected" / "entries.txt").read_text(encoding="utf-8").splitlines()}
    assert set(built.files) == {entry.split()[0] for entry in expected if entry}
    assert built.files["index.html"] == (GRADED / "expected" / "files" / "index.html").read_bytes()
    assert built.launch == {"masteryScore": "75", "dataFromLms": ""}
    assert built.to_json()["launch"] == {"masteryScore": "75", "dataFromLms": ""}
    assert built.to_json()["target"] == "scorm12"
    assert not list(course.parent.glob("**/*.zip"))  # nothing written


def test_errors_come_as_the_cli_prints_them(course: Path) -> None:
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    built = build_preview(course, THEMES, 2)
    assert not built.ok
    assert built.files == {}
    assert built.errors >= 1
    first = built.text.splitlines()[0]
    assert first.startswith(f"{course.as_posix()}/course.yaml:")
    assert "error[E201]: unknown key 'titel'" in first
    assert built.summary == built.text.splitlines()[-1]
    assert built.summary.startswith(f"{built.errors} error")


def test_a_compiler_bug_becomes_an_error_build_not_a_dead_server(course: Path) -> None:
    with mock.patch.object(build_module, "compile_course", autospec=True, side_effect=RuntimeError("boom")):
        built = build_preview(course, THEMES, 3)
    assert not built.ok
    assert built.text.startswith("coursec: internal error, please report: RuntimeError: boom")
    assert built.summary == "1 error, 0 warnings"


def test_compiled_templates_go_to_the_cache_so_the_next_rebuild_reuses_them(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("COURSEC_CACHE_DIR", str(cache))
    before = sorted(p.relative_to(course) for p in course.rglob("*"))
    assert build_preview(course, THEMES, 1).ok
    stored = sorted(cache.iterdir())
    assert stored  # the theme's compiled templates
    assert build_preview(course, THEMES, 2).ok
    assert sorted(cache.iterdir()) == stored  # read back, not compiled and stored again
    assert sorted(p.relative_to(course) for p in course.rglob("*")) == before  # nothing in the course


def test_the_target_asked_for_is_built_whatever_course_yaml_asks_compile_for(course: Path) -> None:
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "targets: [web, scorm2004]\n")
    built = build_preview(course, THEMES, 1, "scorm12")
    assert built.ok
    assert b"http://www.imsproject.org/xsd/imscp_rootv1p1p2" in built.files["imsmanifest.xml"]  # SCORM 1.2
    assert b'.target="scorm12";\n' in built.files["runtime/target.js"]


def test_the_default_target_is_the_first_one_course_yaml_names(course: Path) -> None:
    assert default_target(course) == "scorm12"  # the course names none
    yaml = course / "course.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text + "targets: [cmi5, web]\n", encoding="utf-8")
    assert default_target(course) == "cmi5"
    yaml.write_text(text + "targets: [nonsense, web]\n", encoding="utf-8")
    assert default_target(course) == "scorm12"  # the build reports E311; the preview plays the default
    yaml.write_text("title: [unclosed\n", encoding="utf-8")
    assert default_target(course) == "scorm12"


def test_every_standard_can_be_previewed() -> None:
    assert {"cmi5", "scorm12", "scorm2004", "web"} <= set(previewable_targets())
    assert set(previewable_targets()) <= set(target_names())
    with pytest.raises(NoPreview, match="unknown target 'moodle'; choose from cmi5, scorm12, scorm2004, web"):
        emulation("moodle")
    assert [emulation(name).adapter for name in ("cmi5", "scorm12", "scorm2004", "web")] == [
        "cmi5",
        "scorm12",
        "scorm2004",
        "web",
    ]


def test_the_cmi5_build_launches_the_au_of_cmi5_xml(course: Path) -> None:
    built = build_preview(course, THEMES, 8, "cmi5")
    assert built.ok
    assert built.launch["url"] == "index.html"
    assert built.launch["moveOn"] == "CompletedAndPassed"  # a graded course
    assert built.launch["masteryScore"] == 0.75
    assert built.launch["publisherId"] == "urn:coursec:graded/au"  # the AU id of cmi5.xml


def test_the_web_build_launches_with_its_storage_key(course: Path) -> None:
    built = build_preview(course, THEMES, 6, "web")
    assert built.ok
    assert "imsmanifest.xml" not in built.files
    assert built.launch["storageKey"] == "coursec:graded:2.1.0-beta"
    assert built.to_json()["target"] == "web"


def test_an_unknown_target_becomes_an_error_build(course: Path) -> None:
    built = build_preview(course, THEMES, 4, "moodle")
    assert not built.ok
    assert "unknown target 'moodle'" in built.text


def test_every_emulation_names_scripts_the_page_can_serve() -> None:
    from compiler.preview.host import ASSETS, target_asset

    for name in previewable_targets():
        played = emulation(name)
        assert set(played.host_scripts) <= set(ASSETS), name
        for script in played.scripts:
            assert target_asset(name, script)  # package data next to preview.py
        assert f"LMS.adapters.{played.adapter} = " in target_asset(name, played.scripts[-1]).decode()
