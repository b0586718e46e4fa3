from __future__ import annotations

from compiler.model.validate import ValidatedParts
from compiler.render.suspend_budget import WorstCase
from compiler.targets.cmi5 import TARGET
from compiler.targets.cmi5.checks import check_package
from compiler.targets.cmi5.target import STATE_LIMIT

from ..helpers import golden_course


def test_the_cmi5_tracker_and_64000_characters() -> None:
    course = golden_course("graded")
    assert TARGET.name == TARGET.tracker == "cmi5"
    assert TARGET.tracker_scripts[-1] == "trackers/cmi5.js"
    # Issue 16: the shared formats, not another standard's adapter.
    assert TARGET.tracker_scripts == ("trackers/formats.js", "trackers/xapi.js", "trackers/cmi5.js")
    assert TARGET.state_limit(course) == STATE_LIMIT == 64000
    assert TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 10000, "")) == []
    [diagnostic] = TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 64001, ""))
    assert diagnostic.code == "E308"


def test_package_files_hold_cmi5_xml_and_its_schema_and_pass_the_checks() -> None:
    added = TARGET.package_files(golden_course("graded"), ["index.html"])
    assert set(added) == {"cmi5.xml", "CourseStructure.xsd"}
    assert b'masteryScore="0.75"' in added["cmi5.xml"]
    assert TARGET.check_package({"index.html": b"", **added}) == []


def test_a_broken_structure_is_e513_at_cmi5_xml() -> None:
    [missing] = check_package({"index.html": b""})
    assert (missing.code, missing.span.path if missing.span else None) == ("E513", "cmi5.xml")
    added = TARGET.package_files(golden_course("graded"), ["index.html"])
    # The AU url names a file the package lacks.
    problems = check_package(added)
    assert [p.code for p in problems] == ["E513"]
    assert "index.html" in problems[0].message
    assert problems[0].span is not None
    assert problems[0].span.line > 0


def test_completion_rule_names_move_on_mastery_and_statements() -> None:
    rows = {row.situation: row.reported for row in TARGET.completion_rule(golden_course("graded"))}
    assert rows["moveOn (cmi5.xml)"] == "CompletedAndPassed"
    assert "masteryScore 0.75" in rows["mastery score"]
    assert rows["closed midway"].startswith("terminated")
    assert rows["launchMode Browse or Review"] == "initialized and terminated only"
