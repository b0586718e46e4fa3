from __future__ import annotations

import pytest

from compiler.targets.scorm2004.checks import check_package, schema_files
from compiler.targets.scorm2004.manifest import build_manifest

from ..helpers import golden_course

FILES = {"index.html": b"<!DOCTYPE html>", "runtime/app.js": b"", "media/logo.svg": b"<svg/>"}


@pytest.fixture
def package() -> dict[str, bytes]:
    course = golden_course("graded")
    return {**FILES, "imsmanifest.xml": build_manifest(course, sorted(FILES)), **schema_files()}


def _codes(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in check_package(files)]


def test_the_official_schemas_ship_verbatim_with_their_folders() -> None:
    files = schema_files()
    assert {"imscp_v1p1.xsd", "adlcp_v1p3.xsd", "imsss_v1p0.xsd", "xml.xsd", "common/anyElement.xsd"} <= set(files)
    assert "lomCustom.xsd" in files  # the whole set, not only what our manifest needs
    assert all(name.endswith((".xsd", ".dtd")) for name in files)


def test_a_generated_package_passes(package: dict[str, bytes]) -> None:
    assert check_package(package) == []


def test_schema_errors_are_found_offline(package: dict[str, bytes]) -> None:
    package["imsmanifest.xml"] = package["imsmanifest.xml"].replace(b'flow="true"', b'flow="yes"')
    [(code, message)] = _codes(package)
    assert code == "E505"
    assert "imsss:controlMode" in message
    assert "'yes' is not a valid value" in message


def test_metadata_must_name_the_4th_edition(package: dict[str, bytes]) -> None:
    package["imsmanifest.xml"] = package["imsmanifest.xml"].replace(b"2004 4th Edition", b"2004 3rd Edition")
    assert _codes(package) == [
        ("E507", "<schemaversion> is '2004 3rd Edition', SCORM 2004 4th Edition needs '2004 4th Edition'")
    ]


def test_scormtype_in_1_2_spelling_is_explained(package: dict[str, bytes]) -> None:
    package["imsmanifest.xml"] = package["imsmanifest.xml"].replace(b"adlcp:scormType", b"adlcp:scormtype")
    [diagnostic] = check_package(package)
    assert diagnostic.code == "E507"
    assert diagnostic.hint is not None
    assert "capital T" in diagnostic.hint


def test_references_and_files_are_checked(package: dict[str, bytes]) -> None:
    manifest = package["imsmanifest.xml"]
    package["imsmanifest.xml"] = manifest.replace(b'identifierref="RES_graded"', b'identifierref="RES_grade"').replace(
        b'<file href="media/logo.svg"/>', b'<file href="media/Logo.svg"/><file href="gone.js"/>'
    )
    package["extra.html"] = b""
    assert sorted(code for code, _ in _codes(package)) == ["E506", "E508", "E509", "E510"]


def test_a_missing_manifest_is_one_error() -> None:
    assert _codes(dict(FILES)) == [("E503", "imsmanifest.xml missing at the package root")]
