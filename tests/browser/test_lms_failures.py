"""A SCORM LMS that fails for a while (issue 17): what it refused is written again after it recovers.

The LMS is scorm-again behind tests/browser/failing_lms.js, which fails the named calls for a time
and keeps, as "stored", what the LMS held at its last successful Commit or Finish.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import COURSES, LmsSession, Package

if TYPE_CHECKING:
    from playwright.sync_api import Browser
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
# Per standard: the API's function names, and for each a transient code an LMS gives when it fails
# (SCORM 1.2 has one, 101; SCORM 2004 one per call), and a permanent one (a type mismatch).
API: dict[str, dict[str, str]] = {
    "scorm12": {
        "initialize": "LMSInitialize",
        "get": "LMSGetValue",
        "set": "LMSSetValue",
        "commit": "LMSCommit",
        "finish": "LMSFinish",
        "last_error": "LMSGetLastError",
    },
    "scorm2004": {
        "initialize": "Initialize",
        "get": "GetValue",
        "set": "SetValue",
        "commit": "Commit",
        "finish": "Terminate",
        "last_error": "GetLastError",
    },
}
TRANSIENT = {
    "scorm12": {"initialize": "101", "get": "101", "set": "101", "commit": "101", "finish": "101"},
    "scorm2004": {"initialize": "102", "get": "301", "set": "351", "commit": "391", "finish": "111"},
}
PERMANENT = {"scorm12": "405", "scorm2004": "406"}
LAUNCH_WINDOW_MS = 15000  # compiler/runtime/README.md: Initialize and the resume read are retried this long
CLOSE_WINDOW_MS = 30000  # ... and the last data and Terminate this long after the exit button


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
@pytest.mark.parametrize("mode", ["false", "throw-after"])
def test_answers_submitted_while_the_lms_fails_reach_it_once_each_in_order(
    compiled: Compile, launch: Launch, target: str, mode: str
) -> None:
    """No duplicate records after recovery, also when the LMS took a value but its answer got lost."""
    standard = STANDARDS[target]
    package = compiled(ALL_TYPES, target)
    session = launch(package, **VIEWS[target].first_launch(60), failing=True)
    learner = Learner(session.frame)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "right")
    session.page.evaluate(
        "outage => window.lmsOutage(outage)",
        {"calls": standard["calls"], "code": standard["code"], "mode": mode, "ms": 4000},
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


# ---------------------------------------------------------------------------------------------- helpers


def catalogue(session: LmsSession, key: str) -> str:
    """The learner-facing text of `key` in the package (its compiled screen texts)."""
    text: str = session.frame.evaluate(
        "key => JSON.parse(document.getElementById('coursec-strings').textContent)[key]", key
    )
    assert text
    return text


def notice(session: LmsSession) -> tuple[str, str]:
    """The saving notice as the learner sees it: (its state, its text); ("", "") when hidden."""
    box = session.frame.locator("[data-save-status]")
    if not box.is_visible():
        return ("", "")
    return (str(box.get_attribute("data-save-status")), box.inner_text().strip())


def record_delivery(session: LmsSession) -> None:
    """Keep every delivery state from now on in window.deliveryStates (the current one first)."""
    session.frame.evaluate(
        "() => { window.deliveryStates = [Coursec.delivery.state];"
        " Coursec.delivery.on((state) => window.deliveryStates.push(state)); }"
    )


def delivery_states(session: LmsSession) -> list[str]:
    return [str(state) for state in session.frame.evaluate("window.deliveryStates")]


def wait_for_begin(session: LmsSession, timeout: float = 20000) -> None:
    """Wait until the course began (the tracker is connected, or the standalone one took over)."""
    session.frame.wait_for_function("document.documentElement.hasAttribute('data-mode')", timeout=timeout)


def learner_view(session: LmsSession) -> dict[str, str]:
    """Location and suspend_data as the course holds them now."""
    result: dict[str, str] = session.frame.evaluate(
        "({location: Coursec.app.progress.location,"
        " suspend_data: Coursec.state.encode(Coursec.app.data, Coursec.app.state)})"
    )
    return result


def failed_calls(session: LmsSession, name: str) -> list[dict[str, Any]]:
    return [call for call in session.page.evaluate("window.lmsFailed") if call["name"] == name]


def successful_calls(session: LmsSession, name: str) -> list[dict[str, object]]:
    return [call for call in session.calls(name) if call["result"] == "true" and call["error"] in ("0", "")]


def exit_course(session: LmsSession, learner: Learner) -> None:
    learner.go("end")
    session.frame.locator('[data-action="exit"]').first.click()


def assert_stored_equals_learner(target: str, stored: dict[str, Any] | None, expected: dict[str, str]) -> None:
    assert stored is not None, "the LMS never stored anything"
    view = stored_view(target, stored)
    assert view["status"] == "incomplete"
    assert view["location"] == expected["location"]
    assert view["suspend_data"] == expected["suspend_data"]
    assert view["exit"] == "suspend"


# ------------------------------------------------------------------------------------- Initialize


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_an_initialize_that_fails_for_3_s_is_retried_and_the_session_goes_on(
    compiled: Compile, launch: Launch, target: str
) -> None:
    api = API[target]
    outage = {"calls": [api["initialize"]], "code": TRANSIENT[target]["initialize"], "ms": 3000}
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60), failing=outage)
    # Before the course begins, the learner is told it is connecting.
    assert notice(session) == ("connecting", catalogue(session, "runtime.save_connecting"))
    wait_for_begin(session)
    assert session.frame.evaluate("document.documentElement.getAttribute('data-mode')") == "lms"
    assert notice(session) == ("", "")
    assert len(failed_calls(session, api["initialize"])) >= 2  # retried, not given up at once
    assert len(successful_calls(session, api["initialize"])) == 1

    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Na een trage start.")
    expected = learner_view(session)
    session.close_course()
    assert_stored_equals_learner(target, session.page.evaluate("window.lmsStored()"), expected)
    assert "Na een trage start." in expected["suspend_data"]


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_an_initialize_that_keeps_failing_is_given_up_and_the_learner_is_told(
    compiled: Compile, launch: Launch, target: str
) -> None:
    api = API[target]
    outage = {"calls": [api["initialize"]], "code": TRANSIENT[target]["initialize"], "ms": 600000}
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60), failing=outage, clock=True)
    assert notice(session)[0] == "connecting"
    session.page.clock.run_for(LAUNCH_WINDOW_MS + 1000)
    wait_for_begin(session, timeout=5000)
    # Not attempted forever, and not silently: the course runs without the LMS, and says so.
    tries = len(failed_calls(session, api["initialize"]))
    assert 3 <= tries <= 12, tries
    assert notice(session) == ("unconnected", catalogue(session, "runtime.save_unconnected"))
    assert not session.frame.locator("[data-standalone-notice]").is_visible()  # one notice, not two
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right")
    session.page.clock.run_for(5000)
    assert notice(session)[0] == "unconnected"  # stays: nothing the learner does now reaches the LMS
    assert session.calls(api["set"]) == []
    assert len(failed_calls(session, api["initialize"])) == tries  # no tries after giving up


# --------------------------------------------------------------------------- GetValue at launch


def _earlier_session(compiled: Compile, launch: Launch, target: str) -> tuple[LmsSession, dict[str, str]]:
    """A first session that ended midway: lesson "choices" done with a text; what it left."""
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60))
    Learner(session.frame).do_lesson("choices", "right", text="Uit de eerste sessie.")
    left = learner_view(session)
    session.close_course()
    return session, left


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_a_resume_read_that_fails_for_3_s_is_retried_and_the_learner_resumes(
    compiled: Compile, launch: Launch, target: str
) -> None:
    api = API[target]
    earlier, left = _earlier_session(compiled, launch, target)
    outage = {"calls": [api["get"]], "code": TRANSIENT[target]["get"], "ms": 3000}
    session = launch(earlier.package, **VIEWS[target].relaunch(earlier, 60), failing=outage)
    assert notice(session)[0] == "connecting"
    wait_for_begin(session)
    assert failed_calls(session, api["get"])
    # Resumed where the learner was, with what they wrote: not a fresh start.
    assert learner_view(session) == left
    learner = Learner(session.frame)
    learner.do_lesson("ordering", "right")
    expected = learner_view(session)
    session.close_course()
    stored = session.page.evaluate("window.lmsStored()")
    assert_stored_equals_learner(target, stored, expected)
    assert "Uit de eerste sessie." in stored_view(target, stored)["suspend_data"]


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_a_resume_read_whose_error_code_cannot_be_read_is_not_taken_for_an_empty_value(
    compiled: Compile, launch: Launch, target: str
) -> None:
    """GetValue answers "" and GetLastError throws, for 3 s: "" is no proof the LMS has nothing."""
    api = API[target]
    earlier, left = _earlier_session(compiled, launch, target)
    outages = [
        {"calls": [api["get"]], "code": TRANSIENT[target]["get"], "ms": 3000},
        {"calls": [api["last_error"]], "mode": "throw", "ms": 3000},
    ]
    session = launch(earlier.package, **VIEWS[target].relaunch(earlier, 60), failing=outages)
    wait_for_begin(session)
    assert failed_calls(session, api["last_error"])
    assert learner_view(session) == left  # resumed, not a fresh start written over the stored one
    session.close_course()
    view = stored_view(target, session.page.evaluate("window.lmsStored()"))
    assert (view["location"], view["suspend_data"]) == (left["location"], left["suspend_data"])


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_a_resume_read_that_keeps_failing_never_overwrites_the_stored_attempt(
    compiled: Compile, launch: Launch, target: str
) -> None:
    api = API[target]
    earlier, left = _earlier_session(compiled, launch, target)
    seed = VIEWS[target].relaunch(earlier, 60)
    outage = {"calls": [api["get"]], "code": TRANSIENT[target]["get"], "ms": 600000}
    session = launch(earlier.package, **seed, failing=outage, clock=True)
    session.page.clock.run_for(LAUNCH_WINDOW_MS + 1000)
    wait_for_begin(session, timeout=5000)
    assert notice(session) == ("readonly", catalogue(session, "runtime.save_readonly"))
    # The learner works on a fresh screen; none of it may replace what the LMS holds.
    learner = Learner(session.frame)
    learner.do_lesson("ordering", "right")
    learner.do_lesson("choices", "right", text="Deze sessie kan niet worden opgeslagen.")
    session.page.clock.run_for(5000)
    assert notice(session)[0] == "readonly"
    session.close_course()
    stored = session.page.evaluate("window.lmsStored()")
    view = stored_view(target, stored)
    assert view["location"] == left["location"] == "choices"
    assert view["suspend_data"] == left["suspend_data"]
    assert "Uit de eerste sessie." in view["suspend_data"]
    assert view["status"] == "incomplete"
    assert view["exit"] == "suspend"  # the next launch resumes the stored attempt
    written = {str(call["args"][0]) for call in session.calls(api["set"])}  # type: ignore[index]
    assert not any(name.startswith("cmi.interactions.") for name in written)


# -------------------------------------------------------------------------------- Terminate / LMSFinish


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("failing", ["finish", "set, commit and finish"])
def test_a_finish_that_fails_for_3_s_is_retried_until_the_lms_takes_it(
    compiled: Compile, launch: Launch, target: str, failing: str
) -> None:
    api = API[target]
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60), failing=True)
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Tot het einde.")
    record_delivery(session)
    for call in ("finish",) if failing == "finish" else ("set", "commit", "finish"):
        session.page.evaluate(
            "outage => window.lmsOutage(outage)",
            {"calls": [api[call]], "code": TRANSIENT[target][call], "ms": 3000},
        )
    exit_course(session, learner)
    assert notice(session) == ("closing", catalogue(session, "runtime.save_closing"))
    assert not session.frame.locator("[data-exit-message]").is_visible()  # not "you can close" yet
    session.frame.locator("[data-exit-message]").wait_for(state="visible", timeout=15000)
    # Terminate only once the last data is in: with SetValue failing, it waits behind it.
    assert failed_calls(session, api["finish" if failing == "finish" else "set"])
    assert len(successful_calls(session, api["finish"])) == 1
    assert "unsaved" not in delivery_states(session)
    expected = learner_view(session)
    stored = stored_view(target, session.page.evaluate("window.lmsStored()"))
    assert (stored["location"], stored["suspend_data"]) == (expected["location"], expected["suspend_data"])
    assert "Tot het einde." in stored["suspend_data"]
    assert stored["status"] == "incomplete"


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_a_finish_that_keeps_failing_tells_the_learner_the_results_may_not_be_saved(
    compiled: Compile, launch: Launch, target: str
) -> None:
    api = API[target]
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60), failing=True, clock=True)
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Bijna weg.")
    session.page.evaluate(
        "outage => window.lmsOutage(outage)",
        {"calls": [api["finish"]], "code": TRANSIENT[target]["finish"], "ms": 600000},
    )
    exit_course(session, learner)
    session.page.clock.run_for(CLOSE_WINDOW_MS - 5000)
    assert notice(session)[0] == "closing"  # still trying
    session.page.clock.run_for(10000)
    assert notice(session) == ("unsaved", catalogue(session, "runtime.save_unsaved"))
    assert not session.frame.locator("[data-exit-message]").is_visible()
    tries = len(failed_calls(session, api["finish"]))
    assert 3 <= tries <= 15, tries
    session.page.clock.run_for(10000)
    assert len(failed_calls(session, api["finish"])) == tries  # given up: no more tries
    # What the last Commit took is still the learner's.
    expected = learner_view(session)
    stored = stored_view(target, session.page.evaluate("window.lmsStored()"))
    assert (stored["location"], stored["suspend_data"]) == (expected["location"], expected["suspend_data"])
    assert "Bijna weg." in stored["suspend_data"]


# -------------------------------------------------------------------------------- an API that throws


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("mode", ["throw", "throw-after"])
def test_an_api_that_throws_on_every_call_loses_nothing(
    compiled: Compile, launch: Launch, target: str, mode: str
) -> None:
    """Every call throws for 3 s at launch and again mid-session; "throw-after": the LMS acted, the answer got lost."""
    api = API[target]
    calls = [api[name] for name in ("initialize", "get", "set", "commit", "finish")]
    if mode == "throw":
        calls.append(api["last_error"])
    outage = {"calls": calls, "mode": mode, "ms": 3000}
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60), failing=outage)
    wait_for_begin(session)
    assert session.frame.evaluate("document.documentElement.getAttribute('data-mode')") == "lms"
    assert failed_calls(session, api["initialize"])
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Eerste les.")
    session.page.evaluate("outage => window.lmsOutage(outage)", outage)
    learner.do_lesson("ordering", "right")
    session.frame.locator('[data-save-status="recovered"]').wait_for(state="visible", timeout=15000)
    assert session.console_errors == []
    expected = learner_view(session)
    session.close_course()
    assert_stored_equals_learner(target, session.page.evaluate("window.lmsStored()"), expected)
    assert expected["location"] == "ordering"
    assert "Eerste les." in expected["suspend_data"]


# ----------------------------------------------------------------------------- a permanent error


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_a_permanent_error_is_not_retried_and_holds_nothing_else_up(
    compiled: Compile, launch: Launch, target: str
) -> None:
    """The LMS refuses one value for good (a type mismatch): it is tried once, and the rest lands.

    In SCORM 2004 a refused first pattern makes the LMS refuse the record's next one as well (out of
    order, 351), and which question is record 0 depends on the shuffle: the refused value there is
    one nothing else of the record depends on."""
    api = API[target]
    refused = {
        "scorm12": "cmi.interactions.0.correct_responses.0.pattern",
        "scorm2004": "cmi.interactions.0.weighting",
    }[target]
    outage = {"calls": [api["set"]], "code": PERMANENT[target], "ms": 600000, "elements": [refused]}
    session = launch(compiled(ALL_TYPES, target), **VIEWS[target].first_launch(60), failing=outage)
    record_delivery(session)
    learner = Learner(session.frame)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "right")
    learner.take_quiz("right")
    exit_course(session, learner)
    session.frame.locator("[data-exit-message]").wait_for(state="visible", timeout=15000)
    assert len(failed_calls(session, api["set"])) == 1  # once: the same call would fail the same way
    states = delivery_states(session)
    assert not {"retrying", "closing", "unsaved"} & set(states), states
    assert notice(session) == ("", "")
    stored = session.page.evaluate("window.lmsStored()")
    interactions = records(stored["interactions"])
    assert len(interactions) == 6
    assert all(record["result"] == "correct" for record in interactions)
    view = stored_view(target, stored)
    if target == "scorm12":
        assert (view["status"], stored["core"]["score"]["raw"]) == ("passed", "100")
    else:
        assert (stored["completion_status"], stored["success_status"]) == ("completed", "passed")
    assert len(successful_calls(session, api["finish"])) == 1


def test_a_record_refused_in_part_is_not_retried_and_holds_nothing_else_up(compiled: Compile, launch: Launch) -> None:
    """SCORM 2004: the LMS refuses each record's first pattern for good; it then refuses the values of
    the record that come after it in order (351). Each is tried once: retrying a value of a record
    that can no longer be whole would hold up every value set after it."""
    api = API["scorm2004"]
    refused = [f"cmi.interactions.{n}.correct_responses.0.pattern" for n in range(6)]
    outage = {"calls": [api["set"]], "code": PERMANENT["scorm2004"], "ms": 600000, "elements": refused}
    session = launch(compiled(ALL_TYPES, "scorm2004"), **VIEWS["scorm2004"].first_launch(60), failing=outage)
    record_delivery(session)
    learner = Learner(session.frame)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "right")
    learner.take_quiz("right")
    exit_course(session, learner)
    session.frame.locator("[data-exit-message]").wait_for(state="visible", timeout=15000)
    assert sorted(call["args"][0] for call in failed_calls(session, api["set"])) == refused
    refusals = [str(call["args"][0]) for call in session.calls(api["set"]) if call["error"] not in ("0", "")]  # type: ignore[index]
    assert len(refusals) > len(refused), refusals  # the LMS refused more of the broken records itself
    assert all(element.startswith("cmi.interactions.") for element in refusals), refusals
    assert len(refusals) == len(set(refusals)), refusals  # each tried once
    states = delivery_states(session)
    assert not {"retrying", "closing", "unsaved"} & set(states), states
    stored = session.page.evaluate("window.lmsStored()")
    interactions = records(stored["interactions"])
    assert len(interactions) == 6
    assert (stored["completion_status"], stored["success_status"]) == ("completed", "passed")
    assert stored["score"]["scaled"] == "1"
    assert len(successful_calls(session, api["finish"])) == 1


# ------------------------------------------------------------ the documented table of transient codes

REPO = Path(__file__).resolve().parents[2]
RUNTIME = REPO / "compiler" / "runtime"
README_ROWS = {"SCORM 1.2": "scorm12", "SCORM 2004": "scorm2004"}
# The pages that promise the table: the runtime's README and the user docs, each under its heading.
CODE_TABLES = {
    "compiler/runtime/README.md": "## A SCORM LMS that fails for a while",
    "docs/scorm.md": "## What the learner keeps",
}


def _codes(cell: str) -> list[str]:
    """The error codes a table cell names: single codes and ranges, notes in parentheses left out."""
    cell = re.sub(r"\([^)]*\)", "", cell)
    codes: list[str] = []
    for first, last in re.findall(r"\b(\d{3})(?:-(\d{3}))?\b", cell):
        codes.extend(str(code) for code in range(int(first), int(last or first) + 1))
    return codes


def code_table(page: str) -> dict[str, dict[str, list[str]]]:
    """The table of error codes in `page` (a key of CODE_TABLES): per standard, the codes it promises."""
    text = (REPO / page).read_text(encoding="utf-8")
    section = text.split(CODE_TABLES[page], 1)[1].split("\n## ", 1)[0]
    table: dict[str, dict[str, list[str]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in README_ROWS:
            table[README_ROWS[cells[0]]] = {"transient": _codes(cells[1]), "permanent": _codes(cells[2])}
    assert set(table) == {"scorm12", "scorm2004"}, table
    return table


# Per case: how the fake API answers SetValue ("false" and this code, or a throw) and whether the
# runtime keeps the value and tries again.
SET_ONCE = """([target, code, throws]) => {
  const standard = Coursec.trackers[target].standard;
  const names = standard.names;
  const api = {};
  let sets = 0;
  api[names.set] = () => { sets += 1; if (throws) throw new Error("down"); return "false"; };
  api[names.lastError] = () => code;
  api[names.commit] = () => "true";
  const lms = new Coursec.scorm.Connection(api, standard);
  lms.set("cmi.suspend_data", "x");
  const retried = lms.timer !== null && lms.pending.length === 1;
  window.clearTimeout(lms.timer);
  return {retried: retried, sets: sets, transient: standard.transient};
}"""

# A GetValue answering `value` while GetLastError throws: is it taken as what the LMS holds?
READ_ONCE = """([target, value]) => {
  const standard = Coursec.trackers[target].standard;
  const api = {};
  api[standard.names.get] = () => value;
  api[standard.names.lastError] = () => { throw new Error("down"); };
  return new Coursec.scorm.Connection(api, standard).read("cmi.suspend_data").ok;
}"""


@pytest.mark.parametrize("docs", sorted(CODE_TABLES))
def test_the_documented_table_of_transient_codes_is_what_the_runtime_retries(browser: Browser, docs: str) -> None:
    """Docs and runtime hold to one table: every code the README calls transient is retried, every
    permanent one is tried once; the "both" row (a throw, "false" without a code, a GetValue whose
    error code cannot be read) in both standards."""
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><title>runtime</title>")
        for script in ("core/tracker.js", "trackers/formats.js", "trackers/scorm.js"):
            page.add_script_tag(content=(RUNTIME / script).read_text(encoding="utf-8"))
        for script in ("trackers/scorm12.js", "trackers/scorm2004.js"):
            page.add_script_tag(content=(RUNTIME / script).read_text(encoding="utf-8"))
        for target, promised in code_table(docs).items():
            assert promised["transient"]
            assert promised["permanent"]
            for code in promised["transient"]:
                outcome = page.evaluate(SET_ONCE, [target, code, False])
                assert outcome["retried"], (target, code, "the docs say transient")
                assert sorted(outcome["transient"]) == sorted(promised["transient"]), target
            for code in promised["permanent"]:
                outcome = page.evaluate(SET_ONCE, [target, code, False])
                assert not outcome["retried"], (target, code, "the docs say permanent")
                assert outcome["sets"] == 1
            # The "both" row.
            assert page.evaluate(SET_ONCE, [target, "0", True])["retried"], (target, "a throw")
            assert page.evaluate(SET_ONCE, [target, "", False])["retried"], (target, '"false" without a code')
            assert page.evaluate(SET_ONCE, [target, "0", False])["retried"], (target, '"false" with code 0')
            assert not page.evaluate(READ_ONCE, [target, ""]), (target, '"" while GetLastError throws')
            assert page.evaluate(READ_ONCE, [target, "stored"]), (target, "a value while GetLastError throws")
    finally:
        page.close()
