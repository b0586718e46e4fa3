from __future__ import annotations

from lxml import etree

from compiler.model.validate import ValidatedParts
from compiler.render.suspend_budget import WorstCase, worst_case
from compiler.targets.scorm12 import TARGET
from compiler.targets.scorm12.checks import check_package
from compiler.targets.scorm12.target import SUSPEND_DATA_LIMIT

from ..helpers import golden_course


def test_limit_is_scorm_12s_unless_the_course_says_its_lms_stores_more() -> None:
    course = golden_course("graded")
    assert TARGET.state_limit(course) == SUSPEND_DATA_LIMIT == 4096
    bigger = course.model_copy(update={"config": course.config.model_copy(update={"suspend_data_limit": 64000})})
    assert TARGET.state_limit(bigger) == 64000


def test_over_budget_says_who_sets_the_limit() -> None:
    course = golden_course("graded")
    assert TARGET.check_state(course, ValidatedParts(), worst_case(course)) == []
    huge = WorstCase("", "", "x" * 5000, "")
    [standard] = TARGET.check_state(course, ValidatedParts(), huge)
    assert standard.message.endswith("SCORM 1.2 allows 4,096")
    bigger = course.model_copy(update={"config": course.config.model_copy(update={"suspend_data_limit": 4500})})
    [own] = TARGET.check_state(bigger, ValidatedParts(), huge)
    assert own.message.endswith("'suspend_data_limit' allows 4,500")


def test_package_files_are_the_manifest_and_the_xsds_and_pass_the_checks() -> None:
    course = golden_course("minimal")
    files = {"index.html": b"<!DOCTYPE html>", "runtime/core/state.js": b""}
    added = TARGET.package_files(course, sorted(files))
    assert sorted(added) == [
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "imsmanifest.xml",
        "imsmd_rootv1p2p1.xsd",
    ]
    manifest = etree.fromstring(added["imsmanifest.xml"])
    assert manifest.findtext("{*}metadata/{*}schemaversion") == "1.2"
    assert TARGET.check_package({**files, **added}) == check_package({**files, **added}) == []


def test_completion_rule_rows_name_the_scorm_12_values() -> None:
    graded = {row.situation: row.reported for row in TARGET.completion_rule(golden_course("graded"))}
    assert graded["all lessons done and quiz passed (75% or more)"].startswith("passed")
    assert graded["closed midway"].startswith("incomplete")
    assert "75" in graded["mastery score"]
    plain = {row.situation: row.reported for row in TARGET.completion_rule(golden_course("minimal"))}
    assert plain["all lessons done"].startswith("completed")
    assert "passed" not in plain["status values used"]
