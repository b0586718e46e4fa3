from __future__ import annotations

import hashlib
import re

import pytest
from lxml import etree

from compiler.model.course import (
    Completion,
    Course,
    CourseConfig,
    Lesson,
    Prose,
    Quiz,
    TrueFalse,
)
from compiler.targets.scorm12.checks import check_package
from compiler.targets.scorm12.manifest import (
    NS_ADLCP,
    NS_IMSCP,
    NS_IMSMD,
    NS_XSI,
    build_manifest,
    schema_files,
)

NS = {"cp": NS_IMSCP, "adlcp": NS_ADLCP, "imsmd": NS_IMSMD}
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")
FILES = ["lessons/welkom.html", "index.html", "media/foto van de zorg.jpg", "runtime/scorm.js"]


def make_course(
    *,
    quiz: bool = False,
    quiz_counts: bool = False,
    mastery_score: int | None = None,
    course_id: str = "veilig-werken",
    version: str = "1.0.0",
    title: str = "Veilig werken in de zorg",
) -> Course:
    config = CourseConfig(
        id=course_id,
        title=title,
        language="nl",
        version=version,
        description="Korte lessen over veilig werken.",
        lessons=["welkom"],
        completion=Completion(lessons=True, quiz=quiz_counts),
        mastery_score=mastery_score,
    )
    lesson = Lesson(
        id="welkom",
        title="Welkom",
        objectives=["Je weet waar de cursus over gaat."],
        blocks=[Prose(markdown="Hallo!", line=5)],
        source_path="lessons/welkom.md",
    )
    final_quiz = None
    if quiz:
        question = TrueFalse(id="vraag-1", type="true-false", prompt="Is dit waar?", answer=True)
        final_quiz = Quiz(id="eindtoets", title="Eindtoets", questions=[question])
    return Course(config=config, lessons=[lesson], quiz=final_quiz)


def package_for(course: Course, files: list[str] = FILES) -> dict[str, bytes]:
    package = dict.fromkeys(files, b"content")
    package["imsmanifest.xml"] = build_manifest(course, files)
    package.update(schema_files())
    return package


def parse(manifest: bytes) -> etree._Element:
    return etree.fromstring(manifest)


@pytest.mark.parametrize(
    "course",
    [
        make_course(),
        make_course(quiz=True, quiz_counts=True, mastery_score=80),
        make_course(quiz=True, quiz_counts=False, mastery_score=None),
    ],
    ids=["lessons-only", "graded-quiz", "ungraded-quiz"],
)
def test_manifest_passes_schema_and_package_checks(course: Course) -> None:
    assert check_package(package_for(course)) == []


@pytest.mark.parametrize(
    ("quiz", "quiz_counts", "mastery_score", "expected"),
    [
        (True, True, 80, ["80"]),
        (True, True, 0, ["0"]),
        (True, False, 80, []),
        (False, False, None, []),
    ],
    ids=["graded", "graded-zero", "quiz-not-counted", "no-quiz"],
)
def test_masteryscore_only_when_the_quiz_is_graded(
    quiz: bool, quiz_counts: bool, mastery_score: int | None, expected: list[str]
) -> None:
    course = make_course(quiz=quiz, quiz_counts=quiz_counts, mastery_score=mastery_score)
    root = parse(build_manifest(course, FILES))
    assert [e.text for e in root.iterfind(".//adlcp:masteryscore", NS)] == expected


def test_same_course_gives_byte_identical_manifests_in_any_file_order() -> None:
    course = make_course(quiz=True, quiz_counts=True, mastery_score=75)
    first = build_manifest(course, FILES)
    second = build_manifest(make_course(quiz=True, quiz_counts=True, mastery_score=75), list(reversed(FILES)))
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


@pytest.mark.parametrize(
    ("course_id", "version"),
    [("veilig-werken", "1.0.0"), ("2fa-basis", "2024.03-rc.1"), ("a", "0"), ("cursus", "1.0.0-beta.2")],
)
def test_identifiers_are_ncnames_for_any_id_and_version(course_id: str, version: str) -> None:
    course = make_course(course_id=course_id, version=version)
    package = package_for(course)
    root = parse(package["imsmanifest.xml"])
    identifiers = [e.get("identifier") or "" for e in root.iter() if e.get("identifier") is not None]
    assert len(identifiers) == 4
    assert all(NCNAME.fullmatch(identifier) for identifier in identifiers), identifiers
    assert len(set(identifiers)) == 4
    assert check_package(package) == []


def test_manifest_identifier_names_the_version_but_tracking_ids_stay_stable() -> None:
    # LMSs (Moodle) carry learner tracking over to an updated package by item identifier.
    old = parse(build_manifest(make_course(version="1.0.0"), FILES))
    new = parse(build_manifest(make_course(version="1.1.0"), FILES))
    assert old.get("identifier") == "MANIFEST_veilig-werken_1.0.0"
    assert new.get("identifier") == "MANIFEST_veilig-werken_1.1.0"
    for path in ("cp:organizations/cp:organization", ".//cp:item", "cp:resources/cp:resource"):
        old_element, new_element = old.find(path, NS), new.find(path, NS)
        assert old_element is not None
        assert new_element is not None
        assert old_element.get("identifier") == new_element.get("identifier")


def test_structure_is_one_organization_one_item_one_sco() -> None:
    root = parse(build_manifest(make_course(title="Veilig werken & privacy"), FILES))
    organizations = root.find("cp:organizations", NS)
    assert organizations is not None
    [organization] = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    assert organization.findtext("cp:title", namespaces=NS) == "Veilig werken & privacy"
    [item] = organization.findall("cp:item", NS)
    assert item.findtext("cp:title", namespaces=NS) == "Veilig werken & privacy"
    [resource] = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get("type") == "webcontent"
    assert resource.get(f"{{{NS_ADLCP}}}scormtype") == "sco"
    assert resource.get("href") == "index.html"


def test_files_are_listed_launch_file_first_then_sorted_and_uri_encoded() -> None:
    files = [*FILES, "imsmanifest.xml", "imscp_rootv1p1p2.xsd"]
    root = parse(build_manifest(make_course(), files))
    hrefs = [e.get("href") for e in root.iterfind("cp:resources/cp:resource/cp:file", NS)]
    assert hrefs == ["index.html", "lessons/welkom.html", "media/foto%20van%20de%20zorg.jpg", "runtime/scorm.js"]


def test_metadata_declares_scorm_12_and_describes_the_course() -> None:
    root = parse(build_manifest(make_course(), FILES))
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    general = root.find("cp:metadata/imsmd:lom/imsmd:general", NS)
    assert general is not None
    assert general.findtext("imsmd:title/imsmd:langstring", namespaces=NS) == "Veilig werken in de zorg"
    assert general.findtext("imsmd:language", namespaces=NS) == "nl"
    description = general.findtext("imsmd:description/imsmd:langstring", namespaces=NS)
    assert description == "Korte lessen over veilig werken."


def test_schema_location_names_the_bundled_schema_files() -> None:
    root = parse(build_manifest(make_course(), FILES))
    pairs = (root.get(f"{{{NS_XSI}}}schemaLocation") or "").split()
    locations = dict(zip(pairs[::2], pairs[1::2], strict=True))
    assert set(locations) == {NS_IMSCP, NS_ADLCP, NS_IMSMD}
    assert set(locations.values()) <= set(schema_files())


def test_schema_files_are_the_unchanged_official_files() -> None:
    # SHA-256 sums from compiler/schemas/README.md: packages carry the verbatim files.
    expected = {
        "adlcp_rootv1p2.xsd": "173decaf9cd31ea847e6ff6853c702137974aca6b56567151aa4a885e0aa4883",
        "ims_xml.xsd": "9fdd37742066d2c1324427eebb716f14aabe73d0168dd7632fc494bd7e1b388c",
        "imscp_rootv1p1p2.xsd": "d9ee699094e0db4518cf0143c81873d196b2683cf1c5ed770f108239ee079dda",
        "imsmd_rootv1p2p1.xsd": "51310a1097f373e619e54ef2ba9c050117de4822e6119a1cc2a3d07cfe450db9",
    }
    assert {name: hashlib.sha256(data).hexdigest() for name, data in schema_files().items()} == expected


def test_serialisation_is_utf8_with_declaration_lf_and_readable_text() -> None:
    manifest = build_manifest(make_course(title="Zorg één: privacy — de basis"), FILES)
    assert manifest.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest ')
    assert manifest.endswith(b"</manifest>\n")
    assert b"\r" not in manifest
    assert "<title>Zorg één: privacy — de basis</title>".encode() in manifest
    assert b"\n    <organization identifier=" in manifest  # pretty-printed


def test_versions_too_long_for_the_version_attribute_still_validate() -> None:
    # imscp caps manifest/@version at 20 characters; the course model allows 32.
    course = make_course(version="2024.11.29-release-candidate")
    package = package_for(course)
    root = parse(package["imsmanifest.xml"])
    assert root.get("version") is None
    assert root.get("identifier") == "MANIFEST_veilig-werken_2024.11.29-release-candidate"
    assert check_package(package) == []
