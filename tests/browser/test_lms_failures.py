"""A SCORM LMS that fails for a while (issue 17): what it refused is written again after it recovers.

The LMS is scorm-again behind tests/browser/failing_lms.js, which fails the named calls for a time
and keeps, as "stored", what the LMS held at its last successful Commit or Finish.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import COURSES, LmsSession, Package
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser

Launch = Callable[..., LmsSession]
Compile = Callable[..., Package]

ALL_TYPES = COURSES / "all-types"
# Per standard: the calls that fail, the error code, and how to read what the LMS stored.
STANDARDS: dict[str, dict[str, Any]] = {
    "scorm12": {"calls": ["LMSSetValue", "LMSCommit"], "code": "101"},
    "scorm2004": {"calls": ["SetValue", "Commit"], "code": "351"},
}


def stored_view(target: str, stored: dict[str, Any]) -> dict[str, str]:
    """Status, location, suspend_data and exit as the LMS stored them."""
    if target == "scorm12":
        core = stored["core"]
        return {
            "status": str(core["lesson_status"]),
            "location": str(core["lesson_location"]),
            "suspend_data": str(stored["suspend_data"]),
            "exit": str(core["exit"]),
        }
    return {
        "status": str(stored["completion_status"]),
        "location": str(stored["location"]),
        "suspend_data": str(stored["suspend_data"]),
        "exit": str(stored["exit"]),
    }


def records(interactions: Any) -> list[dict[str, Any]]:
    """The interaction records of a scorm-again CMI snapshot, in index order."""
    if isinstance(interactions, dict):
        if "childArray" in interactions:
            return list(interactions["childArray"])
        return [interactions[key] for key in sorted((k for k in interactions if k.isdigit()), key=int)]
    return list(interactions)


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("mode", ["false", "throw"])
def test_an_lms_down_for_4_s_at_launch_still_ends_with_what_the_learner_did(
    compiled: Compile, launch: Launch, target: str, mode: str
) -> None:
    """The issue's probe: SetValue and Commit fail for the first 4 s while the learner reads a lesson."""
    standard = STANDARDS[target]
    package = compiled(ALL_TYPES, target)
    outage = {"calls": standard["calls"], "code": standard["code"], "mode": mode, "ms": 4000}
    session = launch(package, **VIEWS[target].first_launch(60), failing=outage)
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Written while the LMS was down.")
    # "saved again" is shown only after "retrying" was.
    session.frame.locator('[data-save-status="recovered"]').wait_for(state="visible", timeout=15000)
    assert session.page.evaluate("window.lmsFailed.length") > 0

    expected = session.frame.evaluate(
        "({location: Coursec.app.progress.location,"
        " suspend_data: Coursec.state.encode(Coursec.app.data, Coursec.app.state)})"
    )
    session.close_course()
    stored = stored_view(target, session.page.evaluate("window.lmsStored()"))
    assert stored["status"] == "incomplete"
    assert stored["location"] == expected["location"] == "choices"
    assert stored["suspend_data"] == expected["suspend_data"]
    assert "Written while the LMS was down." in stored["suspend_data"]
    assert stored["exit"] == "suspend"


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_answers_submitted_while_the_lms_fails_reach_it_once_each_in_order(
    compiled: Compile, launch: Launch, target: str
) -> None:
    standard = STANDARDS[target]
    package = compiled(ALL_TYPES, target)
    session = launch(package, **VIEWS[target].first_launch(60), failing=True)
    learner = Learner(session.frame)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "right")
    session.page.evaluate(
        "outage => window.lmsOutage(outage)", {"calls": standard["calls"], "code": standard["code"], "ms": 4000}
    )
    learner.take_quiz("right")
    session.frame.locator('[data-save-status="recovered"]').wait_for(state="visible", timeout=15000)
    learner.go("end")
    session.frame.locator('[data-action="exit"]').first.click()
    session.frame.locator("[data-exit-message]").wait_for(state="visible", timeout=15000)

    stored = session.page.evaluate("window.lmsStored()")
    interactions = records(stored["interactions"])
    ids = [str(record["id"]) for record in interactions]
    assert len(ids) == 6  # one record per graded answer, none twice
    assert len(set(ids)) == 6
    assert all(record["result"] == "correct" for record in interactions)
    view = stored_view(target, stored)
    if target == "scorm12":
        assert view["status"] == "passed"
        assert stored["core"]["score"]["raw"] == "100"
    else:
        assert (stored["completion_status"], stored["success_status"]) == ("completed", "passed")
        assert stored["score"]["scaled"] == "1"
    assert session.page.evaluate("window.lmsFailed.length") > 0
