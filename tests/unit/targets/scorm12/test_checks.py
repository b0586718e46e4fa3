from __future__ import annotations

from collections.abc import Mapping

import pytest

from compiler.diagnostics import Diagnostic, Severity, SourceSpan
from compiler.package.reader import FileDiagnostic
from compiler.targets.scorm12.checks import check_package
from compiler.targets.scorm12.manifest import schema_files

# A hand-written valid SCORM 1.2 manifest; tests break one thing at a time with replace().
# Line numbers matter: the tests assert diagnostics on the lines marked below.
MANIFEST = """\
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST_demo_1.0" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Demo</title>
      <item identifier="ITEM" identifierref="RES">
        <title>Demo</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="lessons/les-1.html"/>
      <file href="media/Logo.png"/>
    </resource>
  </resources>
</manifest>
"""
LINE_SCHEMAVERSION = 9
LINE_ORGANIZATIONS = 11
LINE_ITEM = 14
LINE_MASTERYSCORE = 16
LINE_RESOURCES = 20
LINE_RESOURCE = 21
LINE_LOGO = 24
CONTENT = {"index.html": b"<html></html>", "lessons/les-1.html": b"<p>1</p>", "media/Logo.png": b"png"}


def package(manifest: str = MANIFEST, extra: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    files = {**CONTENT, **schema_files(), "imsmanifest.xml": manifest.encode()}
    files.update(extra or {})
    return files


def broken(old: str, new: str) -> dict[str, bytes]:
    assert old in MANIFEST
    return package(MANIFEST.replace(old, new, 1))


def at(files: Mapping[str, bytes], line: int, text: str) -> SourceSpan:
    """The span of `text` on a manifest line: where the caret of a diagnostic should point."""
    column = files["imsmanifest.xml"].decode().splitlines()[line - 1].index(text) + 1
    return SourceSpan("imsmanifest.xml", line, column, line, column + len(text))


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def only(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    assert codes(diagnostics) == [code], diagnostics
    return diagnostics[0]


def test_a_valid_package_has_no_diagnostics() -> None:
    assert check_package(package()) == []


def test_manifest_in_a_subfolder_is_reported_with_the_folder_to_zip() -> None:
    files = {f"mijn-cursus/{name}": data for name, data in package().items()}
    diagnostic = only(check_package(files), "E503")
    assert diagnostic.hint is not None
    assert "mijn-cursus/imsmanifest.xml" in diagnostic.hint
    assert "contents of the folder 'mijn-cursus/'" in diagnostic.hint


def test_manifest_name_in_the_wrong_case_is_not_accepted() -> None:
    files = package()
    files["IMSManifest.xml"] = files.pop("imsmanifest.xml")
    diagnostic = only(check_package(files), "E503")
    assert "'IMSManifest.xml'" in (diagnostic.hint or "")


def test_malformed_xml_points_at_the_line() -> None:
    files = broken("</organization>\n", "</organisation>\n")
    diagnostic = only(check_package(files), "E504")
    assert diagnostic.span is not None
    assert diagnostic.span.path == "imsmanifest.xml"
    assert diagnostic.span.line == 18
    assert "mismatch" in diagnostic.message


def test_empty_manifest_is_not_well_formed() -> None:
    diagnostic = only(check_package(package("")), "E504")
    assert diagnostic.span == SourceSpan("imsmanifest.xml", 1, 1)


def test_schema_violation_names_the_attribute_with_its_prefix_and_line() -> None:
    files = broken('adlcp:scormtype="sco"', 'adlcp:scormtype="SCO"')
    diagnostic = only(check_package(files), "E505")
    assert diagnostic.span == at(files, LINE_RESOURCE, "SCO")
    assert "adlcp:scormtype" in diagnostic.message
    assert "{http" not in diagnostic.message
    assert diagnostic.hint == "use one of the listed values; they are case-sensitive"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('<item identifier="ITEM"', '<item identifier="ORG"'),  # duplicate xsd:ID
        ('<item identifier="ITEM"', '<item identifier="1 item"'),  # not an NCName
        (' type="webcontent"', ""),  # resource without type
        ("<schema>ADL SCORM</schema>", "<onbekend>x</onbekend>"),  # unknown element
    ],
    ids=["duplicate-id", "not-ncname", "no-type", "unknown-element"],
)
def test_schema_catches_structural_errors(old: str, new: str) -> None:
    schema_errors = [d for d in check_package(broken(old, new)) if d.code == "E505"]
    assert schema_errors
    assert all(d.hint for d in schema_errors), "each schema error says what to do"


def test_missing_organizations_fails_the_schema() -> None:
    start = MANIFEST.index("  <organizations")
    end = MANIFEST.index("  <resources>")
    diagnostics = check_package(package(MANIFEST[:start] + MANIFEST[end:]))
    assert set(codes(diagnostics)) == {"E505"}


def test_scorm_2004_manifest_is_explained_not_flooded() -> None:
    manifest = MANIFEST.replace(
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "http://www.imsglobal.org/xsd/imscp_v1p1"
    )
    # inspect gives such a manifest to the SCORM 2004 reader (tests/unit/test_inspect.py); here: one finding
    diagnostic = only(check_package(package(manifest)), "E505")
    assert "imscp_v1p1" in diagnostic.message


def test_dangling_identifierref_suggests_the_nearest_resource() -> None:
    files = broken('identifierref="RES"', 'identifierref="RES1"')
    diagnostic = only(check_package(files), "E506")
    assert diagnostic.span == at(files, LINE_ITEM, "RES1")
    assert "'RES1'" in diagnostic.message
    assert diagnostic.hint == "did you mean 'RES'?"


def test_dangling_default_organization() -> None:
    files = broken('default="ORG"', 'default="ORG_OLD"')
    diagnostic = only(check_package(files), "E506")
    assert diagnostic.span == at(files, LINE_ORGANIZATIONS, "ORG_OLD")
    assert "'ORG_OLD'" in diagnostic.message


def test_dangling_dependency() -> None:
    files = broken('<file href="media/Logo.png"/>', '<file href="media/Logo.png"/><dependency identifierref="SHARED"/>')
    assert codes(check_package(files)) == ["E506"]


def test_item_without_identifierref_leaves_nothing_to_launch() -> None:
    diagnostic = only(check_package(broken(' identifierref="RES"', "")), "E506")
    assert "nothing for the LMS to launch" in diagnostic.message


def test_launched_resource_without_href() -> None:
    diagnostic = only(check_package(broken(' href="index.html">', ">")), "E506")
    assert "has no href" in diagnostic.message


@pytest.mark.parametrize("value", ["2004 3rd Edition", "CAM 1.3", "1.2.1", ""])
def test_wrong_schemaversion(value: str) -> None:
    files = broken("<schemaversion>1.2</schemaversion>", f"<schemaversion>{value}</schemaversion>")
    diagnostic = only(check_package(files), "E507")
    assert diagnostic.span == at(files, LINE_SCHEMAVERSION, value or "<schemaversion")
    assert f"'{value}'" in diagnostic.message


def test_wrong_schema_name() -> None:
    diagnostic = only(check_package(broken("<schema>ADL SCORM</schema>", "<schema>IMS Content</schema>")), "E507")
    assert "'ADL SCORM'" in diagnostic.message


def test_missing_metadata() -> None:
    start = MANIFEST.index("  <metadata>")
    end = MANIFEST.index("  <organizations")
    diagnostic = only(check_package(package(MANIFEST[:start] + MANIFEST[end:])), "E507")
    assert "no <metadata>" in diagnostic.message


def test_missing_scormtype() -> None:
    files = broken(' adlcp:scormtype="sco"', "")
    diagnostic = only(check_package(files), "E507")
    assert diagnostic.span == at(files, LINE_RESOURCE, "<resource")
    assert "adlcp:scormtype" in diagnostic.message


def test_scorm_2004_spelling_of_scormtype_gets_a_hint() -> None:
    diagnostics = check_package(broken('adlcp:scormtype="sco"', 'adlcp:scormType="sco"'))
    # One error in plain words; libxml2's "no matching global attribute declaration" for the same spot is dropped.
    assert codes(diagnostics) == ["E507"]
    assert "all lower case" in (diagnostics[0].hint or "")


@pytest.mark.parametrize("value", ["150", "abc", "-1", "100.01", "", "8O"])
def test_masteryscore_must_be_a_number_from_0_to_100(value: str) -> None:
    files = broken("<adlcp:masteryscore>80<", f"<adlcp:masteryscore>{value}<")
    diagnostic = only(check_package(files), "E507")
    assert diagnostic.span == at(files, LINE_MASTERYSCORE, value or "<adlcp:masteryscore")
    assert "masteryscore" in diagnostic.message


@pytest.mark.parametrize("value", ["0", "100", "62.5", " 75 "])
def test_masteryscore_accepts_decimals_in_range(value: str) -> None:
    assert check_package(broken("<adlcp:masteryscore>80<", f"<adlcp:masteryscore>{value}<")) == []


def test_listed_file_missing_from_the_package() -> None:
    files = package()
    del files["lessons/les-1.html"]
    diagnostic = only(check_package(files), "E508")
    assert diagnostic.span == at(files, LINE_LOGO - 1, "lessons/les-1.html")
    assert "'lessons/les-1.html'" in diagnostic.message


def test_launch_file_missing_from_the_package() -> None:
    files = package()
    del files["index.html"]
    diagnostic = only(check_package(files), "E508")  # once, though the resource's <file> lists it too
    assert diagnostic.message == "launch file 'index.html' of resource 'RES' is not in the package"
    assert diagnostic.span == at(files, LINE_RESOURCE, "index.html")


def test_listed_file_that_differs_in_case_only() -> None:
    files = package()
    files["media/logo.png"] = files.pop("media/Logo.png")
    diagnostic = only(check_package(files), "E510")  # and no E509 for media/logo.png
    assert diagnostic.span == at(files, LINE_LOGO, "media/Logo.png")
    assert "'media/logo.png'" in diagnostic.message


def test_unlisted_file_is_reported_but_manifest_and_schemas_are_not() -> None:
    files = package(extra={"media/extra.mp4": b"video", "dtd/old.dtd": b""})
    diagnostics = check_package(files)
    assert codes(diagnostics) == ["E509", "E509"]
    assert ["dtd/old.dtd" in diagnostics[0].message, "media/extra.mp4" in diagnostics[1].message] == [True, True]
    assert {d.span for d in diagnostics} == {at(files, LINE_RESOURCES, "<resources")}


def test_directory_entries_are_not_files() -> None:
    assert check_package(package(extra={"media/": b""})) == []


def test_hidden_and_system_files_are_not_reported_as_unlisted() -> None:
    hidden = [".DS_Store", "__MACOSX/._index.html", "__MACOSX/media/._Logo.png", "Thumbs.db"]
    files = package(extra=dict.fromkeys(hidden, b""))
    # W501 is zip hygiene, the same for every kind (compiler/package/hygiene.py, tests/unit/package/test_hygiene.py)
    assert check_package(files) == []


@pytest.mark.parametrize(
    ("href", "problem"),
    [
        ("media\\Logo.png", "backslashes"),
        ("/media/Logo.png", "absolute"),
        ("https://example.org/media/Logo.png", "absolute"),
        ("C:/cursus/media/Logo.png", "absolute"),
        ("../media/Logo.png", "'..'"),
        ("media/../../Logo.png", "'..'"),
        ("media/%2E%2E/Logo.png", "'..'"),
    ],
)
def test_unsafe_hrefs(href: str, problem: str) -> None:
    files = broken('<file href="media/Logo.png"/>', f'<file href="{href}"/>')
    diagnostics = check_package(files)
    assert codes(diagnostics) == ["E509", "E511"]  # the real file is now unlisted too
    assert diagnostics[1].span == at(files, LINE_LOGO, href)
    assert problem in diagnostics[1].message


def test_percent_encoded_hrefs_match_file_names() -> None:
    files = broken('<file href="lessons/les-1.html"/>', '<file href="lessons/les%201.html"/>')
    files["lessons/les 1.html"] = files.pop("lessons/les-1.html")
    assert check_package(files) == []


def test_hrefs_resolve_against_xml_base() -> None:
    files = broken("<resource identifier", '<resource xml:base="lessons/" identifier')
    manifest = files["imsmanifest.xml"].replace(b'"lessons/les-1.html"', b'"les-1.html"')
    files = {"lessons/" + name if name in CONTENT else name: data for name, data in files.items()}
    files["lessons/les-1.html"] = files.pop("lessons/lessons/les-1.html")
    files["imsmanifest.xml"] = manifest
    assert check_package(files) == []


def test_diagnostics_are_sorted_by_line() -> None:
    manifest = MANIFEST.replace("<schemaversion>1.2<", "<schemaversion>1.3<").replace(">80<", ">180<")
    diagnostics = check_package(package(manifest, extra={"extra.txt": b""}))
    lines = [d.span.line for d in diagnostics if d.span]
    assert lines == sorted(lines)
    assert codes(diagnostics) == ["E507", "E507", "E509"]


def test_attribute_of_a_start_tag_written_over_several_lines_is_found() -> None:
    # libxml2 reports such an element on the line where its start tag ends.
    files = broken(
        '<resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">',
        '<resource identifier="RES"\n        adlcp:scormtype="SCO"\n        type="webcontent" href="index.html">',
    )
    diagnostic = only(check_package(files), "E505")
    assert diagnostic.span == at(files, LINE_RESOURCE + 1, "SCO")


def test_windows_line_ends_keep_lines_and_columns_right() -> None:
    manifest = MANIFEST.replace("<adlcp:masteryscore>80<", "<adlcp:masteryscore>800<").replace("\n", "\r\n")
    diagnostic = only(check_package(package(manifest)), "E507")
    assert diagnostic.span == at(package(manifest.replace("\r\n", "\n")), LINE_MASTERYSCORE, "800")


def test_a_bare_ampersand_gets_a_hint_and_no_repeated_position() -> None:
    files = broken("<title>Demo</title>", "<title>Demo & meer</title>")
    diagnostic = only(check_package(files), "E504")
    assert diagnostic.message == "imsmanifest.xml is not well-formed: xmlParseEntityRef: no name"
    assert diagnostic.hint == "write a literal '&' as '&amp;'"
    assert diagnostic.span == SourceSpan("imsmanifest.xml", 13, 20)


def test_an_item_without_a_title_is_a_warning_not_an_error() -> None:
    files = broken("        <title>Demo</title>\n", "")
    diagnostic = only(check_package(files), "W502")
    assert diagnostic.severity == "warning"
    assert diagnostic.message == "item 'ITEM' has no <title>"


# Foreign packages (`coursec inspect`): only what stops an LMS import or launch is an error.


def foreign(files: Mapping[str, bytes]) -> list[Diagnostic]:
    return check_package(files, foreign=True)


def test_a_foreign_package_that_is_valid_has_no_diagnostics_either() -> None:
    assert foreign(package()) == []


def test_unlisted_files_are_warnings_about_one_file_each_in_a_foreign_package() -> None:
    files = package(extra={"media/extra.png": b"png", "oud.html": b"x"})
    diagnostics = foreign(files)
    assert codes(diagnostics) == ["W503", "W503"]
    assert all(isinstance(d, FileDiagnostic) and d.severity is Severity.WARNING for d in diagnostics)
    assert [d.file for d in diagnostics if isinstance(d, FileDiagnostic)] == ["media/extra.png", "oud.html"]
    assert codes(check_package(files)) == ["E509", "E509"]  # a compile still lists every file it writes


LOCATED = MANIFEST.replace(
    "<schemaversion>1.2</schemaversion>",
    "<schemaversion>1.2</schemaversion>\n<adlcp:location>meta/lom.xml</adlcp:location>",
).replace('imscp_rootv1p1p2.xsd">', 'xsd/imscp_rootv1p1p2.xsd">')


@pytest.mark.parametrize("is_foreign", [True, False])
def test_files_named_by_adlcp_location_and_schema_location_count_as_referenced(is_foreign: bool) -> None:
    files = package(LOCATED, {"meta/lom.xml": b"<lom/>", "xsd/imscp_rootv1p1p2.xsd": b"<xs:schema/>"})
    assert check_package(files, foreign=is_foreign) == []


def test_a_missing_adlcp_location_file_is_a_warning() -> None:
    diagnostic = only(foreign(package(LOCATED)), "W506")
    assert diagnostic.message == "metadata file 'meta/lom.xml' named by adlcp:location is not in the package"
    assert diagnostic.span == at(package(LOCATED), 10, "meta/lom.xml")


def test_schema_errors_lms_tolerate_are_warnings_in_a_foreign_package() -> None:
    files = broken(' type="webcontent"', "")
    diagnostic = only(foreign(files), "W504")
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.message.startswith("imsmanifest.xml departs from the SCORM 1.2 schema: Element 'resource'")
    assert (diagnostic.hint or "").endswith("LMSs import it all the same")
    assert codes(check_package(files)) == ["E505"]


def test_a_foreign_package_without_organizations_has_nothing_to_launch() -> None:
    start, end = MANIFEST.index("  <organizations"), MANIFEST.index("  <resources>")
    diagnostic = only(foreign(package(MANIFEST[:start] + MANIFEST[end:])), "E506")
    assert diagnostic.message == "manifest has no <organizations>: nothing for the LMS to launch"


@pytest.mark.parametrize("value", ["CAM 1.3", "2004 4th Edition", "1.3"])
def test_a_schemaversion_naming_scorm_2004_stops_a_foreign_package(value: str) -> None:
    diagnostic = only(foreign(broken(">1.2<", f">{value}<")), "E507")
    assert "SCORM 2004" in (diagnostic.hint or "")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (">1.2<", ">1.2.0<"),
        ("<schema>ADL SCORM</schema>", "<schema>SCORM</schema>"),
        ("<schemaversion>1.2</schemaversion>", ""),
        (">80<", ">150<"),
        (">80<", ">80%<"),
        ("adlcp:scormtype=", "adlcp:scormType="),
    ],
    ids=["other-version", "schema-name", "no-schemaversion", "mastery-range", "mastery-number", "scormtype-case"],
)
def test_metadata_lms_tolerate_is_a_warning_in_a_foreign_package(old: str, new: str) -> None:
    files = broken(old, new)
    diagnostic = only(foreign(files), "W505")
    assert diagnostic.severity is Severity.WARNING
    assert codes(check_package(files)) == ["E507"]


@pytest.mark.parametrize(("old", "new"), [('scormtype="sco"', 'scormtype="asset"'), (' adlcp:scormtype="sco"', "")])
def test_no_launched_sco_stops_a_foreign_package(old: str, new: str) -> None:
    diagnostic = only(foreign(broken(old, new)), "E512")
    assert diagnostic.message.startswith("no item launches a SCO: resource 'RES'")


def test_a_resource_no_item_launches_needs_no_scormtype_in_a_foreign_package() -> None:
    extra = '<resource identifier="SHARED" type="webcontent"><file href="media/Logo.png"/></resource>\n  </resources>'
    files = package(MANIFEST.replace("</resources>", extra))
    assert foreign(files) == []
    assert codes(check_package(files)) == ["E507"]


def test_a_dangling_dependency_is_a_warning_in_a_foreign_package() -> None:
    files = broken('<file href="media/Logo.png"/>', '<file href="media/Logo.png"/><dependency identifierref="GONE"/>')
    diagnostic = only(foreign(files), "W506")
    assert "LMSs launch resources by their href" in (diagnostic.hint or "")
    assert codes(check_package(files)) == ["E506"]


@pytest.mark.parametrize("is_foreign", [True, False])
def test_files_of_a_resource_reached_by_a_dependency_count_as_referenced(is_foreign: bool) -> None:
    shared = (
        '<resource identifier="SHARED" type="webcontent" adlcp:scormtype="asset">'
        '<file href="js/gedeeld.js"/></resource>\n  </resources>'
    )
    manifest = MANIFEST.replace(
        '<file href="media/Logo.png"/>', '<file href="media/Logo.png"/><dependency identifierref="SHARED"/>'
    ).replace("</resources>", shared)
    assert check_package(package(manifest, {"js/gedeeld.js": b"x"}), foreign=is_foreign) == []
