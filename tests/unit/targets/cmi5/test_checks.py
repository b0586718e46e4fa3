from __future__ import annotations

import io
import zipfile

from lxml import etree

from compiler.inspect import format_report_text, inspect_zip
from compiler.targets.cmi5 import TARGET
from compiler.targets.cmi5.checks import STRUCTURE_NAME, check_package, structure_facts

from ..helpers import golden_course


def _package() -> dict[str, bytes]:
    return {"index.html": b"<!doctype html>", **TARGET.package_files(golden_course("graded"), ["index.html"])}


def test_a_missing_cmi5_xml_is_e513_at_its_name() -> None:
    [missing] = check_package({"index.html": b""})
    assert missing.code == "E513"
    assert missing.span is not None
    assert missing.span.path == STRUCTURE_NAME


def test_a_good_structure_passes_and_its_facts_are_read() -> None:
    files = _package()
    assert check_package(files) == []
    facts = structure_facts(etree.fromstring(files[STRUCTURE_NAME]))
    assert facts.launch == "index.html"
    assert facts.what == "AU, moveOn CompletedAndPassed"
    assert facts.mastery_score == "0.75"
    assert facts.count == 1
    assert facts.identifier is not None
    assert facts.identifier.startswith("urn:coursec:")


def test_inspect_reads_a_cmi5_zip_by_its_cmi5_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in _package().items():
            archive.writestr(name, data)
    report = inspect_zip(buffer.getvalue(), "course.zip")
    assert report.ok
    text = format_report_text(report)
    assert "cmi5 (cmi5.xml)" in text
    assert text.endswith("verdict: OK, ready to import as cmi5 (0 errors, 0 warnings)")
