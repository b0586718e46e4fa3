from __future__ import annotations

import io
import json
import stat
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Mapping
from importlib.metadata import version
from pathlib import Path

import pytest

from compiler.diagnostics import Severity
from compiler.inspect import InspectReport, format_report_text, inspect_zip, report_to_json
from compiler.model.course import Completion, Course, CourseConfig, Lesson, Prose, Quiz, TrueFalse
from compiler.package.untrusted_xml import MAX_XML_BYTES
from compiler.targets.base import target_names
from compiler.targets.scorm12.manifest import build_manifest, schema_files

from .package import package_shapes
from .targets.helpers import COURSES, package_zips

CONTENT = {
    "index.html": b"<!doctype html><title>Cursus</title>" + b"<p>tekst</p>" * 200,
    "lessons/welkom.html": b"<p>Welkom</p>" * 100,
    "runtime/scorm.js": b"export const api = null;\n" * 50,
}


def make_course() -> Course:
    config = CourseConfig(
        id="veilig-werken",
        title="Veilig werken in de zorg",
        language="nl",
        version="1.0.0",
        description="Korte lessen over veilig werken.",
        lessons=["welkom"],
        completion=Completion(lessons=True, quiz=True),
        mastery_score=80,
    )
    lesson = Lesson(
        id="welkom",
        title="Welkom",
        objectives=["Je weet waar de cursus over gaat."],
        blocks=[Prose(markdown="Hallo!", line=5)],
        source_path="lessons/welkom.md",
    )
    question = TrueFalse(id="vraag-1", type="true-false", prompt="Is dit waar?", answer=True)
    quiz = Quiz(id="eindtoets", title="Eindtoets", questions=[question])
    return Course(config=config, lessons=[lesson], quiz=quiz)


def package_entries() -> dict[str, bytes]:
    entries = dict(CONTENT)
    entries["imsmanifest.xml"] = build_manifest(make_course(), sorted(CONTENT))
    entries.update(schema_files())
    return entries


def make_zip(entries: Mapping[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def codes(report: InspectReport) -> list[str]:
    return [d.code for d in report.diagnostics]


def test_a_compiled_package_is_ready_and_its_facts_are_reported() -> None:
    entries = package_entries()
    data = make_zip(entries)
    report = inspect_zip(data, "veilig-werken-1.0.0-scorm12.zip")
    assert report.diagnostics == ()
    assert report.ok
    assert report.name == "veilig-werken-1.0.0-scorm12.zip"
    assert report.facts.identifier == "MANIFEST_veilig-werken_1.0.0"
    assert report.facts.title == "Veilig werken in de zorg"
    assert report.facts.schema_version == "1.2"
    assert report.facts.launch_href == "index.html"
    assert report.facts.scorm_type == "sco"
    assert report.facts.mastery_score == "80"
    assert report.facts.unit_count == 1
    assert report.file_count == len(entries)
    assert report.uncompressed_size == sum(len(d) for d in entries.values())
    assert 0 < report.compressed_size < report.uncompressed_size


def test_facts_follow_the_default_organization_and_its_first_launchable_item() -> None:
    manifest = b"""<?xml version="1.0"?>
<manifest identifier="OTHER_TOOL" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="B">
    <organization identifier="A"><title>Oud</title>
      <item identifier="A1" identifierref="R1"><title>x</title></item></organization>
    <organization identifier="B"><title>Nieuw</title>
      <item identifier="B0"><title>Hoofdstuk</title>
        <item identifier="B1" identifierref="R2" parameters="?start=2"><title>y</title>
          <adlcp:masteryscore>70</adlcp:masteryscore></item></item></organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="a.html"><file href="a.html"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormtype="sco" href="b.html"><file href="b.html"/></resource>
    <resource identifier="R3" type="webcontent" adlcp:scormtype="asset"><file href="c.css"/></resource>
  </resources>
</manifest>
"""
    entries = {"imsmanifest.xml": manifest, "content/a.html": b"", "content/b.html": b"", "content/c.css": b""}
    report = inspect_zip(make_zip(entries), "other.zip")
    assert report.diagnostics == ()
    assert report.facts.identifier == "OTHER_TOOL"
    assert report.facts.title == "Nieuw"
    assert report.facts.launch_href == "content/b.html?start=2"
    assert report.facts.mastery_score == "70"
    assert report.facts.unit_count == 2


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"], ids=["empty", "text", "header"])
def test_unreadable_data_is_reported(data: bytes) -> None:
    report = inspect_zip(data, "kapot.zip")
    assert codes(report) == ["E501"]
    assert not report.ok
    assert format_report_text(report).splitlines()[-1].startswith("verdict: NOT READY")


def test_truncated_zip_is_reported() -> None:
    data = make_zip(package_entries())
    assert codes(inspect_zip(data[: len(data) // 2], "half.zip")) == ["E501"]


def test_corrupt_entry_is_reported_and_the_rest_still_checked() -> None:
    entries = package_entries()
    entries["lessons/welkom.html"] = b"A" * 100
    data = bytearray(make_zip(entries, compression=zipfile.ZIP_STORED))
    data[data.index(b"A" * 100) + 10] = ord("B")
    report = inspect_zip(bytes(data), "crc.zip")
    assert codes(report) == ["E501"]
    assert "lessons/welkom.html" in report.diagnostics[0].message
    assert report.facts.identifier == "MANIFEST_veilig-werken_1.0.0"


def _damage(data: bytes, name: str, how: str) -> bytes:
    """Corrupt one entry the way broken uploads and exotic zip tools do."""
    damaged = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    if how == "corrupt-deflate":
        name_length, extra_length = struct.unpack_from("<HH", damaged, info.header_offset + 26)
        damaged[info.header_offset + 30 + name_length + extra_length] = 0xFF  # block type 3 is invalid
    else:  # "encrypted": set general purpose flag bit 0 in the central directory record
        central = damaged.index(b"PK\x01\x02")
        while damaged[central + 46 : central + 46 + len(name)] != name.encode():
            central = damaged.index(b"PK\x01\x02", central + 4)
        damaged[central + 8] |= 0x01
    return bytes(damaged)


@pytest.mark.parametrize("how", ["corrupt-deflate", "encrypted"])
def test_entries_that_cannot_be_decompressed_are_reported(how: str) -> None:
    data = _damage(make_zip(package_entries()), "lessons/welkom.html", how)
    report = inspect_zip(data, f"{how}.zip")
    assert codes(report) == ["E501"]
    expected = {"corrupt-deflate": "cannot be read: Error -3", "encrypted": "is encrypted"}[how]
    assert report.diagnostics[0].message.startswith(f"entry 'lessons/welkom.html' {expected}")
    assert report.facts.title == "Veilig werken in de zorg"  # the manifest is still checked


def test_compression_methods_lms_cannot_unpack_are_reported() -> None:
    entries = package_entries()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            method = zipfile.ZIP_LZMA if name == "runtime/scorm.js" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    report = inspect_zip(buffer.getvalue(), "lzma.zip")
    assert codes(report) == ["E501"]
    assert report.diagnostics[0].message == (
        "entry 'runtime/scorm.js' uses compression method LZMA; LMSs unpack only Store and Deflate"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.js", "zip slip"),
        ("lessons/../../evil.js", "zip slip"),
        ("/etc/evil.js", "absolute"),
        ("C:/Windows/evil.js", "absolute"),
        ("runtime\\evil.js", "backslashes"),
    ],
)
def test_unsafe_entry_names_are_reported(name: str, reason: str) -> None:
    entries = package_entries()
    entries[name] = b"alert(1)"
    report = inspect_zip(make_zip(entries), "slip.zip")
    assert codes(report) == ["E502"]  # and no E509: the entry is not taken as package content
    assert reason in report.diagnostics[0].message
    assert f"'{name}'" in report.diagnostics[0].message


def test_entry_name_with_a_nul_byte_is_reported() -> None:
    entries = package_entries()
    entries["runtime/evilXjs.html"] = b"x"
    data = make_zip(entries).replace(b"runtime/evilXjs.html", b"runtime/evil\x00js.html")
    report = inspect_zip(data, "nul.zip")
    assert codes(report) == ["E502"]
    assert "'runtime/evil\\x00js.html' contains a NUL character" in report.diagnostics[0].message


def test_duplicate_entries_are_reported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in package_entries().items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("index.html", b"second copy")
    report = inspect_zip(buffer.getvalue(), "dubbel.zip")
    assert codes(report) == ["E502"]
    assert report.diagnostics[0].message == "entry 'index.html' appears 2 times"


def test_package_zipped_with_its_folder_is_reported() -> None:
    entries = {f"veilig-werken/{name}": data for name, data in package_entries().items()}
    report = inspect_zip(make_zip(entries), "map.zip")
    assert codes(report) == ["E503"]
    assert report.facts.identifier is None
    assert "veilig-werken/imsmanifest.xml" in (report.diagnostics[0].hint or "")


def test_system_files_only_warn_and_the_package_stays_ready() -> None:
    entries = package_entries()
    entries[".DS_Store"] = b"\x00\x00\x00\x01Bud1"
    entries["media/"] = b""
    report = inspect_zip(make_zip(entries), "mac.zip")
    assert codes(report) == ["W501"]
    assert report.diagnostics[0].severity is Severity.WARNING
    assert report.ok
    assert report.file_count == len(entries) - 1  # the folder entry is not a file
    assert format_report_text(report).splitlines()[-1] == (
        "verdict: OK, ready to import as SCORM 1.2 (0 errors, 1 warning)"
    )


def broken_report() -> InspectReport:
    entries = package_entries()
    del entries["index.html"]
    return inspect_zip(make_zip(entries), "kapot.zip")


def test_text_report_shows_the_summary_then_findings_with_the_manifest_line_then_a_verdict() -> None:
    report = broken_report()
    manifest_lines = package_entries()["imsmanifest.xml"].decode().splitlines()
    line = next(i for i, text in enumerate(manifest_lines, 1) if 'href="index.html">' in text)
    column = manifest_lines[line - 1].index('href="index.html"') + len('href="') + 1
    text = format_report_text(report)
    lines = text.splitlines()
    assert lines[:9] == [
        "kapot.zip",
        "  authoring tool       not recognised",
        "  SCORM version        1.2",
        "  title                Veilig werken in de zorg",
        "  launch file          index.html (sco)",
        "  mastery score        80",
        "  SCOs                 1",
        f"  size                 {report.file_count} files, {lines[7].split(' files, ')[1]}",
        "  manifest identifier  MANIFEST_veilig-werken_1.0.0",
    ]
    assert (
        f"imsmanifest.xml:{line}:{column}: error[E508]: launch file 'index.html' of resource "
        "'RES_veilig-werken' is not in the package"
    ) in lines
    assert any(entry.endswith('adlcp:scormtype="sco" href="index.html">') for entry in lines)
    assert lines[-1] == "verdict: NOT READY, fix the errors before importing (1 error, 0 warnings)"


def test_sizes_are_readable() -> None:
    report = InspectReport("x.zip", (), file_count=3, uncompressed_size=5 * 1024 * 1024 + 1, compressed_size=900)
    lines = format_report_text(report).splitlines()
    assert "  size            3 files, 5.0 MiB unpacked, 900 bytes zipped" in lines


def test_json_report_is_stable_and_complete() -> None:
    report = broken_report()
    text = report_to_json(report)
    assert text == report_to_json(broken_report())
    record = json.loads(text)
    assert list(record) == [
        "name",
        "ok",
        "authoring_tool",
        "authoring_tool_evidence",
        "kind",
        "scorm_version",
        "title",
        "launch_href",
        "scorm_type",
        "mastery_score",
        "sco_count",
        "file_count",
        "uncompressed_size",
        "compressed_size",
        "manifest_identifier",
        "schema_version",
        "errors",
        "warnings",
        "findings",
    ]
    assert record["ok"] is False
    assert (record["errors"], record["warnings"]) == (1, 0)
    assert record["mastery_score"] == "80"
    [finding] = record["findings"]
    assert (finding["code"], finding["path"], finding["severity"], finding["files"]) == (
        "E508",
        "imsmanifest.xml",
        "error",
        [],
    )


# The corpus: packages shaped like real authoring-tool exports (package_shapes.py).


def shape_report(name: str, entries: Mapping[str, bytes] | None = None, *, strict: bool = False) -> InspectReport:
    data = make_zip(entries if entries is not None else package_shapes.SHAPES[name]())
    return inspect_zip(data, f"{name}.zip", strict=strict)


def finding_codes(report: InspectReport) -> list[str]:
    return [finding.diagnostic.code for finding in report.findings]


@pytest.mark.parametrize(
    ("shape", "tool", "launch", "mastery", "codes_found"),
    [
        ("rise", "Articulate Rise 360", "scormdriver/indexAPI.html", "80", ["W503"]),
        ("storyline", "Articulate Storyline", "index_lms.html", "70", []),
        ("ispring", "iSpring Suite", "res/index.html", None, []),
        ("adapt", "Adapt", "index.html", None, ["W503"]),
        ("h5p", "Lumi / H5P", "index.html", None, ["W503"]),
    ],
)
def test_real_world_shapes_are_ready_and_summarised(
    shape: str, tool: str, launch: str, mastery: str | None, codes_found: list[str]
) -> None:
    report = shape_report(shape)
    assert report.ok, format_report_text(report)
    assert finding_codes(report) == codes_found
    assert report.tool is not None
    assert report.tool.name == tool
    assert report.facts.standard == "1.2"
    assert (report.facts.launch_href, report.facts.scorm_type) == (launch, "sco")
    assert report.facts.mastery_score == mastery
    assert format_report_text(report).splitlines()[-1].startswith("verdict: OK, ready to import as SCORM 1.2")


def test_rise_shape_with_a_metadata_file_and_unlisted_files_is_ok_with_one_grouped_warning() -> None:
    report = shape_report("rise")
    [finding] = report.findings
    assert finding.diagnostic.severity is Severity.WARNING
    assert (
        finding.diagnostic.message
        == f"{len(package_shapes.RISE_UNLISTED)} packaged files are not listed in the manifest"
    )
    assert [file.path for file in finding.files] == sorted(package_shapes.RISE_UNLISTED)
    # metadata.xml (adlcp:location) and the XSDs (xsi:schemaLocation) are referenced, not unlisted.
    assert "metadata.xml" not in str(report.diagnostics)
    text = format_report_text(report)
    assert text.count("warning[W503]") == 1
    assert "     - … and 2 more (--json lists them all)" in text.splitlines()
    assert text.splitlines()[-1] == "verdict: OK, ready to import as SCORM 1.2 (0 errors, 1 warning)"


def test_rise_shape_with_40_listed_media_files_missing_is_not_ready_with_one_grouped_error() -> None:
    report = shape_report("rise", package_shapes.rise(missing_media=40))
    assert not report.ok
    errors = [f for f in report.findings if f.diagnostic.severity is Severity.ERROR]
    [missing] = errors
    assert missing.diagnostic.code == "E508"
    assert missing.diagnostic.message == "40 files listed in the manifest are not in the package"
    assert [file.path for file in missing.files] == [f"scormcontent/assets/media-{n:02d}.mp4" for n in range(1, 41)]
    assert report.findings[0].diagnostic.code == "E508"  # errors come first
    text = format_report_text(report)
    lines = text.splitlines()
    assert text.count("error[E508]") == 1
    first_line = missing.files[0].lines[0]
    assert f"     - scormcontent/assets/media-01.mp4 (line {first_line})" in lines
    assert "     - scormcontent/assets/media-40.mp4 (line " + str(first_line + 39) + ")" in lines
    assert lines[-1] == "verdict: NOT READY, fix the errors before importing (1 error, 1 warning)"


def test_json_shows_the_same_findings_as_the_text_with_every_file() -> None:
    report = shape_report("rise", package_shapes.rise(missing_media=40))
    record = json.loads(report_to_json(report))
    text = format_report_text(report)
    assert [f["code"] for f in record["findings"]] == ["E508", "W503"]
    assert [f["message"] for f in record["findings"]] == [f.diagnostic.message for f in report.findings]
    assert all(f"{f['severity']}[{f['code']}]: {f['message']}" in text for f in record["findings"])
    assert len(record["findings"][0]["files"]) == 40
    assert len(record["findings"][1]["files"]) == len(package_shapes.RISE_UNLISTED)  # the text shows 5
    assert (record["errors"], record["warnings"], record["ok"]) == (1, 1, False)
    assert (record["authoring_tool"], record["authoring_tool_evidence"]) == (
        "Articulate Rise 360",
        ["scormdriver/", "scormcontent/"],
    )


def test_strict_holds_a_foreign_package_to_coursecs_own_standard() -> None:
    report = shape_report("rise", strict=True)
    assert finding_codes(report) == ["E509"]
    assert not report.ok


def test_one_diagnostic_of_a_kind_stays_as_it_is() -> None:
    entries = package_shapes.adapt()
    entries = {
        name: data for name, data in entries.items() if name in ("index.html", "imsmanifest.xml", "course/config.json")
    }
    report = shape_report("adapt", entries)
    [finding] = report.findings
    assert finding.files == ()
    assert finding.diagnostic.message == "packaged file 'course/config.json' is not listed in the manifest"


def test_a_package_an_lms_would_run_as_scorm_2004_is_not_ready() -> None:
    entries = package_shapes.storyline()
    entries["imsmanifest.xml"] = entries["imsmanifest.xml"].replace(b">1.2<", b">CAM 1.3<")
    report = shape_report("storyline", entries)
    assert finding_codes(report) == ["E507"]
    assert "1.2 (by its namespaces; <schemaversion> says 'CAM 1.3')" in format_report_text(report)


def test_a_scorm_2004_manifest_is_recognised_and_explained() -> None:
    entries = package_shapes.ispring()
    manifest = entries["imsmanifest.xml"].replace(
        b"http://www.imsproject.org/xsd/imscp_rootv1p1p2", b"http://www.imsglobal.org/xsd/imscp_v1p1"
    )
    entries["imsmanifest.xml"] = manifest.replace(b">1.2<", b">2004 3rd Edition<")
    report = shape_report("ispring", entries)
    assert report.facts.standard == "2004 3rd edition"
    # Read with the SCORM 2004 checks now: the resource keeps its SCORM 1.2 scormtype attribute.
    assert finding_codes(report) == ["E507"]
    assert report.diagnostics[0].message == "resource 'iSpring_8d2c_RES' has no adlcp:scormType"
    assert "SCORM 2004 needs adlcp:scormType" in (report.diagnostics[0].hint or "")


def test_an_asset_only_package_has_no_launchable_sco() -> None:
    entries = package_shapes.ispring()
    entries["imsmanifest.xml"] = entries["imsmanifest.xml"].replace(b'scormtype="sco"', b'scormtype="asset"')
    report = shape_report("ispring", entries)
    assert finding_codes(report) == ["E512"]
    assert report.facts.unit_count == 0


# ---------------------------------------------------------------- every kind, and hostile zips (issues 17, 19)

KINDS = tuple(target_names())
VERDICTS = {
    "scorm12": "verdict: OK, ready to import as SCORM 1.2",
    "scorm2004": "verdict: OK, ready to import as SCORM 2004 4th edition",
    "cmi5": "verdict: OK, ready to import as cmi5",
    "tincan": "verdict: OK, ready to import as an xAPI TinCan package",
    "web": "verdict: OK, a package for a web server, not for an LMS",
}


def own_zip(kind: str, course: int = 2) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package_zips(COURSES[course])[kind])) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_target_has_a_verdict_here() -> None:
    assert sorted(VERDICTS) == sorted(KINDS)


@pytest.mark.parametrize("course", range(len(COURSES)), ids=[path.parent.name for path in COURSES])
@pytest.mark.parametrize("kind", KINDS)
def test_coursecs_own_packages_are_ok_and_name_coursec_with_its_version(kind: str, course: int) -> None:
    report = inspect_zip(package_zips(COURSES[course])[kind], f"course-{kind}.zip", strict=True)
    text = format_report_text(report)
    assert report.diagnostics == (), text
    assert report.kind == kind
    assert report.tool is not None
    assert report.tool.name == f"coursec {version('coursec')}"
    assert f'coursec {version("coursec")} (by <meta name="generator"> in index.html)' in text
    assert text.splitlines()[-1].startswith(VERDICTS[kind])


def findings(report: InspectReport) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in report.diagnostics]


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zip_with(entries: Mapping[str, bytes], links: Mapping[str, str] = {}) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in links.items():
            archive.writestr(symlink_info(name), target)
    return buffer.getvalue()


HYGIENE_FAULTS = [
    ("W501", "package contains the hidden or system file '.DS_Store'"),
    ("W501", "package contains the system folder '__MACOSX/' (1 entry)"),
    ("E502", "entry '../../etc/cron.d/x' climbs out of the package folder with '..' (zip slip)"),
    ("E502", "entry 'runtime/link' is a symbolic link (to '/etc')"),
    ("W509", "entry 'media/Foto.png' and 'media/foto.png' differ only in letter case"),
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_gets_the_same_zip_hygiene(kind: str) -> None:
    files = own_zip(kind)
    files.update({".DS_Store": b"\0", "__MACOSX/._index.html": b"\0", "../../etc/cron.d/x": b"* * * * *"})
    files.update({"media/Foto.png": b"1", "media/foto.png": b"2"})
    report = inspect_zip(zip_with(files, {"runtime/link": "/etc"}), "faults.zip")
    hygiene = [finding for finding in findings(report) if finding[0] in ("W501", "E502", "W509")]
    assert sorted(hygiene) == sorted(HYGIENE_FAULTS)
    assert not report.ok


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_reports_a_file_its_package_names_but_lacks(kind: str) -> None:
    files = own_zip(kind)
    del files["static/course.css"]
    report = inspect_zip(zip_with(files), "missing.zip")
    assert [code for code, message in findings(report) if "static/course.css" in message] == ["E508"]
    assert not report.ok


def manifest_with(prologue: str, title: str = "Kleinste cursus") -> dict[str, bytes]:
    files = own_zip("scorm12")
    text = files["imsmanifest.xml"].decode()
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    files["imsmanifest.xml"] = (
        prologue + body.replace("<title>Kleinste cursus</title>", f"<title>{title}</title>", 1)
    ).encode()
    return files


def bounded(call: Callable[[], InspectReport], limit: int = 32 * 1024 * 1024) -> InspectReport:
    """Run an inspect and assert the Python heap never grew past `limit` bytes on the way."""
    tracemalloc.start()
    try:
        report = call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit, f"inspect took {peak:,} bytes"
    return report


def test_billion_laughs_in_a_manifest_is_an_entity_finding_not_a_hang() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    files = manifest_with(f"<!DOCTYPE manifest [{entities}]>", "&a9;")
    report = bounded(lambda: inspect_zip(zip_with(files), "bomb.zip"))
    assert [code for code, _ in findings(report)] == ["E514"]
    assert "lollollol" not in format_report_text(report)


def test_an_external_entity_to_a_local_file_is_a_finding_and_the_file_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-4711", encoding="utf-8")
    files = manifest_with(f'<!DOCTYPE manifest [<!ENTITY x SYSTEM "{secret.as_uri()}">]>', "&x;")
    report = inspect_zip(zip_with(files), "xxe.zip")
    assert findings(report) == [("E514", "imsmanifest.xml uses external entities (&x;)")]
    assert "GEHEIM" not in format_report_text(report) + report_to_json(report)


def test_a_legal_internal_entity_is_an_error_finding_not_exit_70() -> None:
    files = manifest_with('<!DOCTYPE manifest [<!ENTITY t "Kleinste cursus">]>', "&t;")
    report = inspect_zip(zip_with(files), "entity.zip")
    assert findings(report) == [("E514", "imsmanifest.xml uses entities (&t;)")]


def test_a_doctype_and_processing_instructions_are_warnings() -> None:
    files = manifest_with('<?xml-stylesheet href="x.xsl"?><!DOCTYPE manifest SYSTEM "http://127.0.0.1:9/x.dtd">')
    report = inspect_zip(zip_with(files), "dtd.zip")
    assert [code for code, _ in findings(report)] == ["W507", "W508"]
    assert report.ok


def test_entities_in_cmi5_xml_are_found_the_same_way() -> None:
    files = own_zip("cmi5")
    files["cmi5.xml"] = files["cmi5.xml"].replace(b"?>", b'?><!DOCTYPE courseStructure [<!ENTITY t "x">]>', 1)
    report = inspect_zip(zip_with(files), "cmi5.zip")
    assert [code for code, _ in findings(report)] == ["E514"]


def test_a_symlink_entry_is_not_ready_to_import() -> None:
    report = inspect_zip(zip_with(own_zip("scorm12"), {"runtime": "/etc"}), "links.zip")
    assert ("E502", "entry 'runtime' is a symbolic link (to '/etc')") in findings(report)
    assert format_report_text(report).splitlines()[-1].startswith("verdict: NOT READY")


def test_an_oversized_manifest_is_a_finding_read_in_bounded_memory() -> None:
    files = manifest_with("")
    files["imsmanifest.xml"] += b" " * (64 * 1024 * 1024)  # 64 MiB of white space zips to some 64 KiB
    size = len(files["imsmanifest.xml"])  # the package's own manifest plus the padding
    data = zip_with(files)
    del files
    report = bounded(lambda: inspect_zip(data, "huge.zip"), limit=MAX_XML_BYTES + 8 * 1024 * 1024)
    assert [code for code, _ in findings(report)] == ["E515"]
    assert f"imsmanifest.xml is {size:,} bytes unpacked" in report.diagnostics[0].message


def test_docs_list_every_package_code_and_the_description_limit() -> None:
    from compiler.diagnostics import CODES

    text = (Path(__file__).resolve().parents[2] / "docs" / "inspect.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith(("| E5", "| W5"))]
    tabled = {row.split("|")[1].strip() for row in rows}
    package_codes = {code for code in CODES if code[1] == "5"}
    assert tabled <= package_codes
    assert [code for code in sorted(package_codes) if code not in text] == []  # E509 is told under --strict
    assert MAX_XML_BYTES == 4 * 1024 * 1024
    assert f"more than 4 MiB ({MAX_XML_BYTES:,} bytes)" in text
