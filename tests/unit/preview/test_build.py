from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import pytest

from compiler.preview import build as build_module
from compiler.preview.build import LaunchData, build_preview, launch_data

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
    assert built.launch == LaunchData(mastery_score="75")
    assert built.to_json()["launch"] == {"masteryScore": "75", "dataFromLms": ""}
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


def test_launch_data_from_the_manifest() -> None:
    manifest = b"""<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
        xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><organizations><organization><item
        identifierref="R"><adlcp:datafromlms>mode=a</adlcp:datafromlms><adlcp:masteryscore> 80 </adlcp:masteryscore>
        </item></organization></organizations><resources><resource identifier="R" href="index.html"
        adlcp:scormtype="sco"/></resources></manifest>"""
    assert launch_data({"imsmanifest.xml": manifest, "index.html": b""}) == LaunchData("80", "mode=a")
    assert launch_data({"imsmanifest.xml": b"<manifest/>"}) == LaunchData()
    assert launch_data({}) == LaunchData()


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


def test_the_preview_builds_scorm_12_whatever_course_yaml_asks_compile_for(course: Path) -> None:
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "targets: [web, scorm2004]\n")
    built = build_preview(course, THEMES, 1)
    assert built.ok
    assert b"http://www.imsproject.org/xsd/imscp_rootv1p1p2" in built.files["imsmanifest.xml"]  # SCORM 1.2
    assert built.files["runtime/target.js"].endswith(b'.target="scorm12";\n')
