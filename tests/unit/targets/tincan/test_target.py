from __future__ import annotations

from compiler.model.validate import ValidatedParts
from compiler.render.suspend_budget import WorstCase
from compiler.targets.tincan import TARGET
from compiler.targets.tincan.target import STATE_LIMIT

from ..helpers import golden_course


def test_the_tincan_tracker_shares_the_xapi_delivery_and_keeps_64000_characters() -> None:
    course = golden_course("graded")
    assert TARGET.name == TARGET.tracker == "tincan"
    assert TARGET.tracker_scripts == ("trackers/formats.js", "trackers/xapi.js", "trackers/tincan.js")
    assert TARGET.state_limit(course) == STATE_LIMIT == 64000
    assert TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 10000, "")) == []
    [diagnostic] = TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 64001, ""))
    assert diagnostic.code == "E308"


def test_the_tracker_gets_the_activity_id_of_tincan_xml_since_the_launch_may_leave_it_out() -> None:
    course = golden_course("graded")
    settings = TARGET.tracker_settings(course)
    added = TARGET.package_files(course, ["index.html"])
    assert f'<activity id="{settings["activityId"]}"'.encode() in added["tincan.xml"]
    assert settings["name"] == course.config.title


def test_package_files_hold_tincan_xml_only_and_pass_the_checks() -> None:
    added = TARGET.package_files(golden_course("graded"), ["index.html"])
    assert set(added) == {"tincan.xml"}
    assert TARGET.check_package({"index.html": b"", **added}) == []


def test_completion_rule_names_the_activity_the_pass_mark_and_the_statements() -> None:
    course = golden_course("graded")
    rows = {row.situation: row.reported for row in TARGET.completion_rule(course)}
    assert rows["activity id (tincan.xml)"] == TARGET.tracker_settings(course)["activityId"]
    assert rows["mastery score"].startswith(f"{course.config.mastery_score}%")
    assert rows["closed midway"].startswith("terminated")
    assert "launchMode Browse or Review" not in rows  # cmi5 only
