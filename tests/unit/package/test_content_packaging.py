from __future__ import annotations

import pytest
from lxml import etree

from compiler.diagnostics import SourceSpan
from compiler.package.content_packaging import (
    MANIFEST_NAME,
    Locator,
    file_entries,
    is_control_file,
    listed_hrefs,
    load_schema,
    readable,
    scormtype_like,
    untitled,
)

NS_CP = "urn:x-test:cp"
NS_A = "urn:x-test:a"
NS_B = "urn:x-test:b"

# A two-file schema set: a.xsd imports b.xsd by a relative path, as the official sets do.
A_XSD = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="{NS_B}" targetNamespace="{NS_A}"
  elementFormDefault="qualified">
  <xs:import namespace="{NS_B}" schemaLocation="{{location}}"/>
  <xs:element name="root"><xs:complexType><xs:sequence><xs:element ref="b:leaf"/></xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>"""
B_XSD = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{NS_B}">
  <xs:element name="leaf" type="xs:integer"/>
</xs:schema>""".encode()


def _a_xsd(location: str) -> bytes:
    return A_XSD.replace("{location}", location).encode()


def _instance(leaf: str) -> etree._Element:
    return etree.fromstring(f'<a:root xmlns:a="{NS_A}" xmlns:b="{NS_B}"><b:leaf>{leaf}</b:leaf></a:root>')


def test_a_schema_set_compiles_from_memory_and_validates() -> None:
    files = {"a.xsd": _a_xsd("common/b.xsd"), "common/b.xsd": B_XSD}
    schema = load_schema("test-set", files, [(NS_A, "a.xsd")])
    assert schema.validate(_instance("3"))
    assert not schema.validate(_instance("three"))
    assert "not a valid value" in str(schema.error_log)


def test_a_web_import_is_served_only_through_a_redirect() -> None:
    web = "http://example.invalid/b.xsd"
    files = {"a.xsd": _a_xsd(web), "b.xsd": B_XSD}
    schema = load_schema("test-redirect", files, [(NS_A, "a.xsd")], {web: "b.xsd"})
    assert schema.validate(_instance("3"))
    # Without the redirect the import is neither fetched nor found: b:leaf stays undeclared.
    with pytest.raises(etree.XMLSchemaParseError):
        load_schema("test-no-redirect", files, [(NS_A, "a.xsd")])


MANIFEST = b"""<manifest xmlns="urn:x-test:cp">
  <resources xml:base="course/">
    <resource identifier="R1" href="index.html"
              xml:base="lesson/">
      <file href="index.html"/>
      <file href="media/a.png"/>
    </resource>
    <resource identifier="R2"><file href="extra.js"/></resource>
  </resources>
</manifest>
"""


def test_a_span_points_at_an_attribute_of_a_start_tag_written_over_two_lines() -> None:
    resource = etree.fromstring(MANIFEST)[0][0]
    locate = Locator(MANIFEST)
    assert locate(resource) == SourceSpan(MANIFEST_NAME, 3, 5, 3, 14)  # the tag name, though libxml2 says line 4
    assert locate(resource, "base") == SourceSpan(MANIFEST_NAME, 4, 25, 4, 32)  # the value lesson/
    assert locate(None) == SourceSpan(MANIFEST_NAME, 0)


def test_windows_line_ends_count_as_one_line_and_first_tag_finds_the_tag() -> None:
    locate = Locator(MANIFEST.replace(b"\n", b"\r\n"))
    assert locate.first_tag(2) == SourceSpan(MANIFEST_NAME, 2, 3, 2, 13)
    assert locate.first_tag(99) == SourceSpan(MANIFEST_NAME, 99)


def test_readable_writes_known_namespaces_as_prefixes_only() -> None:
    message = "Element '{urn:x-test:cp}item', attribute '{urn:x-other}type': not allowed"
    assert readable(message, {NS_CP: "", "urn:x-adl": "adlcp:"}) == (
        "Element 'item', attribute '{urn:x-other}type': not allowed"
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [("imscp.xsd", True), ("XML.DTD", True), ("schemas/imscp.xsd", False), ("index.html", False)],
)
def test_control_files_are_schemas_at_the_root(path: str, expected: bool) -> None:
    assert is_control_file(path) is expected


def test_file_entries_leave_folders_out_and_group_by_letter_case() -> None:
    entries, by_lower = file_entries(["media/", "media/A.png", "media/a.png", "index.html"])
    assert entries == {"media/A.png", "media/a.png", "index.html"}
    assert by_lower["media/a.png"] == ["media/A.png", "media/a.png"]


def test_listed_hrefs_carry_the_xml_base_in_effect_in_document_order() -> None:
    root = etree.fromstring(MANIFEST)
    found = [(href, base) for _, href, base in listed_hrefs(root, NS_CP)]
    assert found == [
        ("index.html", "course/lesson/"),
        ("index.html", "course/lesson/"),
        ("media/a.png", "course/lesson/"),
        ("extra.js", "course/"),
    ]


def test_untitled_names_organizations_then_items_with_a_missing_or_blank_title() -> None:
    root = etree.fromstring(
        f'<organizations xmlns="{NS_CP}"><organization identifier="o"><title>O</title>'
        '<item identifier="a"><title>A</title><item identifier="b"><title>  </title></item></item>'
        '<item identifier="c"/></organization><organization identifier="p"/></organizations>'
    )
    assert [message for _, message in untitled(root, NS_CP)] == [
        "organization 'p' has no <title>",
        "item 'b' has no <title>",
        "item 'c' has no <title>",
    ]


def test_scormtype_like_finds_any_spelling_or_none() -> None:
    resource = etree.fromstring('<resource xmlns:x="urn:x-any" x:SCORMTYPE="sco" href="a"/>')
    assert scormtype_like(resource) == "{urn:x-any}SCORMTYPE"
    assert scormtype_like(etree.fromstring('<resource href="a"/>')) is None


# Both SCORM checkers run the same IMS CP structure checks: the same fault gives the same finding.
STRUCTURE_FAULTS = [
    pytest.param(
        (b'identifierref="RES_graded"', b'identifierref="RES_grade"'),
        ("E506", "item 'ITEM_graded' refers to resource 'RES_grade', which the manifest does not define"),
        id="item-names-no-resource",
    ),
    pytest.param(
        (b'default="ORG_graded"', b'default="ORG_grade"'),
        ("E506", "organizations default 'ORG_grade' names no organization"),
        id="default-names-no-organization",
    ),
    pytest.param(
        (b'identifierref="RES_graded"', b""),
        ("E506", "no <item> refers to a resource: nothing for the LMS to launch"),
        id="nothing-to-launch",
    ),
]


@pytest.mark.parametrize(("replace", "finding"), STRUCTURE_FAULTS)
@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_both_scorm_versions_find_the_same_structure_faults(
    target: str, replace: tuple[bytes, bytes], finding: tuple[str, str]
) -> None:
    from compiler.targets.base import load_target

    from ..targets.helpers import golden_course

    chosen = load_target(target)
    files = {"index.html": b"<!DOCTYPE html>"}
    package = {**files, **chosen.package_files(golden_course("graded"), sorted(files))}
    assert replace[0] in package[MANIFEST_NAME], target
    package[MANIFEST_NAME] = package[MANIFEST_NAME].replace(*replace)
    found = [(d.code, d.message) for d in chosen.check_package(package) if d.code in {"E506", "W502"}]
    assert found == [finding]
