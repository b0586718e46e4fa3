from __future__ import annotations

from compiler.model.validate import ValidatedParts
from compiler.render.suspend_budget import WorstCase
from compiler.targets.web import TARGET
from compiler.targets.web.target import STATE_LIMIT

from ..helpers import golden_course


def test_the_site_reports_to_no_lms_and_adds_no_manifest() -> None:
    course = golden_course("graded")
    assert TARGET.tracker == "standalone"
    assert TARGET.package_files(course, ["index.html"]) == {}
    assert TARGET.check_package({"index.html": b""}) == []
    rows = {row.situation: row.reported for row in TARGET.completion_rule(course)}
    assert rows["status values used"].startswith("none")
    assert "localStorage" in rows["closed midway"]


def test_state_budget_is_64000_characters() -> None:
    course = golden_course("graded")
    assert TARGET.state_limit(course) == STATE_LIMIT == 64000
    assert TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 63990, "")) == []
    [diagnostic] = TARGET.check_state(course, ValidatedParts(), WorstCase("", "", "x" * 64000, ""))
    assert diagnostic.message.endswith("the web target keeps 64,000")
