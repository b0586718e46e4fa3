from __future__ import annotations

from compiler.model.validate import ValidatedParts
from compiler.render.suspend_budget import WorstCase
from compiler.targets.scorm2004 import TARGET
from compiler.targets.scorm2004.target import SUSPEND_DATA_LIMIT

from ..helpers import golden_course


def test_the_2004_tracker_and_64000_characters() -> None:
    course = golden_course("graded")
    assert TARGET.tracker == "scorm2004"
    assert TARGET.tracker_scripts == ("trackers/scorm.js", "trackers/formats.js", "trackers/scorm2004.js")
    assert TARGET.state_limit(course) == SUSPEND_DATA_LIMIT == 64000
    assert TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 10000, "")) == []
    [diagnostic] = TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 64000, ""))
    assert diagnostic.message.endswith("SCORM 2004 allows 64,000")


def test_package_files_hold_the_manifest_and_every_schema() -> None:
    added = TARGET.package_files(golden_course("minimal"), ["index.html"])
    assert "imsmanifest.xml" in added
    assert "imsss_v1p0.xsd" in added
    assert TARGET.check_package({"index.html": b"", **added}) == []


def test_completion_rule_names_both_statuses_and_the_scaled_score() -> None:
    rows = {row.situation: row.reported for row in TARGET.completion_rule(golden_course("graded"))}
    assert "scaled passing score 0.75" in rows["mastery score"]
    assert rows["all lessons done and quiz passed (75% or more)"].startswith("completed + passed")
    assert rows["closed midway"].startswith("incomplete + unknown")
    assert "'suspend'" in rows["closed midway"]
