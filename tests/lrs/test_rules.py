"""The test LRS reports each broken cmi5 rule by its requirement id, and nothing for a correct session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from compiler.targets.cmi5.rules import MASTERY_SCORE, PROGRESS, REQUIREMENTS, SESSION_ID, VERBS, Breach

from .client import ScriptedAU
from .conftest import AU_URL, PUBLISHER_AU
from .server import LRSServer

Statement = dict[str, Any]
Script = Callable[[ScriptedAU], list[Statement]]


def _start(lrs: LRSServer, registration: str | None = None, **launch: Any) -> ScriptedAU:
    launched = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU, registration=registration, **launch)
    return ScriptedAU(launched.url).start()


def _run(lrs: LRSServer, au: ScriptedAU, statements: list[Statement]) -> None:
    # One request per statement, as an AU sends them while the learner works. CATAPULT's proxy refuses
    # (401) a repeated cmi5 verb and anything after terminated; the breach is recorded either way.
    for statement in statements:
        answer = au.send(statement)
        assert answer.status == 200 or (answer.status == 401 and lrs.breaches), answer.body


def _ids(breaches: list[Breach]) -> list[str]:
    return [breach.requirement for breach in breaches]


def _with(statement: Statement, **changes: Any) -> Statement:
    return {**statement, **changes}


def _result(statement: Statement, **changes: Any) -> Statement:
    return {**statement, "result": {**statement.get("result", {}), **changes}}


def _without_result_key(statement: Statement, key: str) -> Statement:
    return {**statement, "result": {k: v for k, v in statement["result"].items() if k != key}}


def _context(statement: Statement, **changes: Any) -> Statement:
    return {**statement, "context": {**statement["context"], **changes}}


def _extensions(statement: Statement, **changes: Any) -> Statement:
    extensions = {**statement["context"]["extensions"], **changes}
    return _context(statement, extensions={k: v for k, v in extensions.items() if v is not None})


def test_a_correct_passing_session_has_no_breaches(lrs: LRSServer) -> None:
    au = _start(lrs, move_on="CompletedAndPassed", mastery_score=0.7)
    _run(lrs, au, [au.initialized(), au.answered(), au.answered(), au.completed(), au.passed(0.7), au.terminated()])
    assert lrs.breaches == []
    assert lrs.verbs() == ["launched", "initialized", "answered", "answered", "completed", "passed", "terminated"]


def test_a_failed_then_passed_registration_has_no_breaches(lrs: LRSServer) -> None:
    first = _start(lrs, move_on="Passed", mastery_score=0.7)
    _run(lrs, first, [first.initialized(), first.failed(0.69), first.terminated()])
    again = _start(lrs, registration=first.parameters["registration"], move_on="Passed", mastery_score=0.7)
    _run(lrs, again, [again.initialized(), again.passed(1.0), again.terminated()])
    assert lrs.breaches == []


def test_browse_mode_with_only_initialized_and_terminated_has_no_breaches(lrs: LRSServer) -> None:
    au = _start(lrs, launch_mode="Browse")
    _run(lrs, au, [au.initialized(), au.answered(), au.terminated()])
    assert lrs.breaches == []


# Each case: the breached ids ("+" between them), the launch, then a statement sequence that breaks them.
CASES: list[tuple[str, dict[str, Any], Script]] = [
    ("7.1.3.0-1", {}, lambda au: [au.answered(), au.initialized(), au.terminated()]),
    ("7.1.3.0-1", {}, lambda au: [au.initialized(), au.terminated(), au.answered()]),
    ("9.3.0.0-4", {}, lambda au: [au.completed(), au.initialized(), au.terminated()]),
    ("9.3.0.0-5", {}, lambda au: [au.initialized(), au.terminated(), au.completed()]),
    ("9.3.0.0-2", {}, lambda au: [au.initialized(), au.initialized(), au.terminated()]),
    ("9.3.0.0-2", {}, lambda au: [au.initialized(), au.completed(), au.completed(), au.terminated()]),
    ("9.3.0.0-3", {"mastery_score": 0.7}, lambda au: [au.initialized(), au.failed(), au.passed(), au.terminated()]),
    ("9.3.0.0-1", {}, lambda au: [au.initialized(), au.statement("launched"), au.terminated()]),
    ("9.3.0.0-1", {}, lambda au: [au.initialized(), au.statement(VERBS + "experienced"), au.terminated()]),
    (
        "6.3.0.0-1",
        {},
        lambda au: [
            au.initialized(),
            _with(
                au.statement("voided", cmi5=False), object={"objectType": "StatementRef", "id": au.initialized()["id"]}
            ),
        ],
    ),
    ("9.1.0.0-1", {}, lambda au: [{k: v for k, v in au.initialized().items() if k != "id"}]),
    ("9.7.0.0-1", {}, lambda au: [{k: v for k, v in au.initialized().items() if k != "timestamp"}]),
    ("9.7.0.0-2", {}, lambda au: [_with(au.initialized(), timestamp="2026-01-01T12:00:00.000+02:00")]),
    (
        "8.1.3.0-3",
        {},
        lambda au: [_with(au.initialized(), actor={"account": {"homePage": "https://x.example", "name": "other"}})],
    ),
    (
        "9.2.0.0-3",
        {"actor": {"objectType": "Agent", "mbox": "mailto:learner@example.org"}},
        lambda au: [au.initialized()],
    ),
    ("9.6.0.0-1", {}, lambda au: [au.initialized(), {k: v for k, v in au.answered().items() if k != "context"}]),
    ("9.6.1.0-1", {}, lambda au: [_context(au.initialized(), registration="0f6a1c1e-0000-4000-8000-000000000000")]),
    ("9.6.3.1-4", {}, lambda au: [_extensions(au.initialized(), **{SESSION_ID: None})]),
    ("9.6.3.1-4", {}, lambda au: [_extensions(au.initialized(), **{SESSION_ID: "another-session"})]),
    (
        "9.6.2.0-1",
        {},
        lambda au: [
            _context(
                au.initialized(),
                contextActivities={"category": au.initialized()["context"]["contextActivities"]["category"]},
            )
        ],
    ),
    (
        "10.2.1.0-6",
        {"template_extensions": {"https://lms.example/extensions/tenant": "north"}},
        lambda au: [_extensions(au.initialized(), **{"https://lms.example/extensions/tenant": "south"})],
    ),
    ("9.6.2.1-1", {}, lambda au: [au.statement("initialized", cmi5=False), au.terminated()]),
    (
        "9.6.2.2-1",
        {},
        lambda au: [au.initialized(), au.statement("completed", result={"completion": True, "duration": "PT1M"})],
    ),
    ("9.6.2.2-2", {}, lambda au: [au.statement("initialized", moveon=True)]),
    (
        "9.6.2.2-2",
        {},
        lambda au: [
            au.initialized(),
            _with(au.answered(), context=au.statement("x", moveon=True, cmi5=False)["context"]),
        ],
    ),
    (
        "8.1.5.0-6",
        {},
        lambda au: [
            au.initialized(),
            au.statement(
                "completed",
                moveon=True,
                object_id="https://example.org/other",
                result={"completion": True, "duration": "PT1M"},
            ),
        ],
    ),
    ("10.2.2.0-2", {"launch_mode": "Browse"}, lambda au: [au.initialized(), au.completed(), au.terminated()]),
    ("10.2.2.0-3", {"launch_mode": "Review"}, lambda au: [au.initialized(), au.passed(), au.terminated()]),
    ("9.5.3.0-1", {}, lambda au: [au.initialized(), _result(au.completed(), completion=False)]),
    # completion without the moveon category on a statement that may not have that category either
    ("9.5.3.0-2+9.6.2.2-1", {}, lambda au: [au.initialized(), _result(au.terminated(), completion=True)]),
    ("9.5.2.0-1", {}, lambda au: [au.initialized(), _result(au.passed(), success=False)]),
    ("9.5.2.0-2", {}, lambda au: [au.initialized(), _result(au.failed(), success=True)]),
    ("9.5.2.0-3", {}, lambda au: [au.initialized(), _result(au.completed(), success=True)]),
    ("9.5.1.0-2", {}, lambda au: [au.initialized(), _result(au.completed(), score={"scaled": 1.0})]),
    ("9.5.1.0-3", {}, lambda au: [au.initialized(), _result(au.passed(), score={"raw": 9})]),
    ("9.5.1", {}, lambda au: [au.initialized(), _result(au.failed(), score={"scaled": -0.5})]),
    ("9.3.4.0-2", {"mastery_score": 0.7}, lambda au: [au.initialized(), au.passed(0.69)]),
    ("9.3.6.0-1", {"mastery_score": 0.7}, lambda au: [au.initialized(), au.failed(0.7)]),
    (
        "9.6.3.2-2",
        {"mastery_score": 0.7},
        lambda au: [au.initialized(), _extensions(au.passed(), **{MASTERY_SCORE: None})],
    ),
    (
        "9.6.3.2-2",
        {"mastery_score": 0.7},
        lambda au: [au.initialized(), _extensions(au.failed(), **{MASTERY_SCORE: 0.5})],
    ),
    ("9.5.4.1-1", {}, lambda au: [au.initialized(), _without_result_key(au.terminated(), "duration")]),
    ("9.5.4.1-2", {}, lambda au: [au.initialized(), _without_result_key(au.completed(), "duration")]),
    ("9.5.4.1-3", {}, lambda au: [au.initialized(), _without_result_key(au.passed(), "duration")]),
    ("9.5.4.1-4", {}, lambda au: [au.initialized(), _without_result_key(au.failed(), "duration")]),
    ("9.5.5.1", {}, lambda au: [au.initialized(), _result(au.completed(), extensions={PROGRESS: 150})]),
]


@pytest.mark.parametrize(("requirement", "launch", "script"), CASES, ids=[f"{c[0]}#{n}" for n, c in enumerate(CASES)])
def test_a_broken_rule_is_reported_by_its_requirement_id(
    lrs: LRSServer, requirement: str, launch: dict[str, Any], script: Script
) -> None:
    au = _start(lrs, **launch)
    _run(lrs, au, script(au))
    assert _ids(lrs.breaches) == requirement.split("+"), [str(breach) for breach in lrs.breaches]
    assert all(breach.rule == REQUIREMENTS[breach.requirement] for breach in lrs.breaches)


SECOND_SESSIONS: list[tuple[str, Script, Script]] = [
    ("9.3.0.0-6", lambda au: [au.completed()], lambda au: [au.completed()]),
    ("9.3.0.0-7", lambda au: [au.passed(0.9)], lambda au: [au.passed(0.9)]),
    ("9.3.0.0-8", lambda au: [au.passed(0.9)], lambda au: [au.failed(0.2)]),
]


@pytest.mark.parametrize(("requirement", "first", "second"), SECOND_SESSIONS, ids=[c[0] for c in SECOND_SESSIONS])
def test_registration_rules_hold_across_sessions(
    lrs: LRSServer, requirement: str, first: Script, second: Script
) -> None:
    one = _start(lrs, mastery_score=0.5)
    _run(lrs, one, [one.initialized(), *first(one), one.terminated()])
    assert lrs.breaches == []
    two = _start(lrs, registration=one.parameters["registration"], mastery_score=0.5)
    _run(lrs, two, [two.initialized(), *second(two), two.terminated()])
    assert _ids(lrs.breaches) == [requirement]


def test_a_new_registration_may_complete_again(lrs: LRSServer) -> None:
    one = _start(lrs)
    _run(lrs, one, [one.initialized(), one.completed(), one.terminated()])
    two = _start(lrs)
    _run(lrs, two, [two.initialized(), two.completed(), two.terminated()])
    assert lrs.breaches == []


def test_a_statement_that_is_not_xapi_is_refused_and_reported(lrs: LRSServer) -> None:
    au = _start(lrs)
    statement = _with(au.initialized(), verb={"id": "initialized"})
    answer = au.send(statement)
    assert answer.status == 400
    assert b"verb.id" in answer.body
    assert _ids(lrs.breaches) == ["4.1.0.0-1"]
    assert lrs.verbs() == ["launched"]


def test_statements_before_reading_the_learner_preferences_are_reported_once(lrs: LRSServer) -> None:
    launched = lrs.launch(AU_URL, publisher_id=PUBLISHER_AU)
    au = ScriptedAU(launched.url).start(read_preferences=False)
    _run(lrs, au, [au.initialized(), au.terminated()])
    assert _ids(lrs.breaches) == ["11.0.0.0-3"]
