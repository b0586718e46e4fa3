"""The cmi5 session rules on their own (tests/lrs/test_rules.py drives them through the test LRS)."""

from __future__ import annotations

import uuid
from typing import Any

from compiler.targets.cmi5.rules import (
    CMI5_CATEGORY,
    COMPLETED,
    INITIALIZED,
    MOVEON_CATEGORY,
    PASSED,
    REQUIREMENTS,
    TERMINATED,
    Breach,
    LaunchData,
    RegistrationRecord,
    SessionRules,
)

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "jan"}}
LAUNCH = LaunchData(
    actor=ACTOR,
    registration=str(uuid.uuid4()),
    activity_id="https://lms.example/au/1",
    session_id="s-1",
    publisher_id="urn:coursec:demo/au",
    move_on="CompletedAndPassed",
    mastery_score=0.8,
)


def defined(verb: str, result: dict[str, Any] | None = None, launch: LaunchData = LAUNCH) -> dict[str, Any]:
    categories = [{"id": CMI5_CATEGORY}]
    if result and ("success" in result or "completion" in result):
        categories.append({"id": MOVEON_CATEGORY})
    template = launch.context_template()
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": ACTOR,
        "verb": {"id": verb},
        "object": {"objectType": "Activity", "id": launch.activity_id},
        "timestamp": "2026-03-01T10:15:30.25Z",
        "context": {
            "registration": launch.registration,
            "contextActivities": {**template["contextActivities"], "category": categories},
            "extensions": template["extensions"],
        },
    }
    if result is not None:
        statement["result"] = result
    return statement


def requirements(rules: SessionRules, statement: dict[str, Any]) -> list[str]:
    return [breach.requirement for breach in rules.check(statement)[1]]


def test_a_correct_session_breaks_nothing() -> None:
    rules = SessionRules(LAUNCH, preferences_read=True)
    assert requirements(rules, defined(INITIALIZED)) == []
    assert requirements(rules, defined(COMPLETED, {"completion": True, "duration": "PT1M"})) == []
    passed = defined(PASSED, {"success": True, "duration": "PT1M", "score": {"scaled": 0.9}})
    passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = 0.8
    assert requirements(rules, passed) == []
    assert requirements(rules, defined(TERMINATED, {"duration": "PT2M"})) == []
    assert rules.terminated


def test_order_repetition_and_mastery_are_checked_in_arrival_order() -> None:
    record = RegistrationRecord()
    rules = SessionRules(LAUNCH, record)
    assert requirements(rules, defined(COMPLETED, {"completion": True, "duration": "PT1M"})) == [
        "11.0.0.0-3",  # the learner preferences were never read
        "9.3.0.0-4",  # before initialized
    ]
    assert requirements(rules, defined(INITIALIZED)) == []
    assert "9.3.0.0-2" in requirements(rules, defined(INITIALIZED))  # twice in one session
    low = defined(PASSED, {"success": True, "duration": "PT1M", "score": {"scaled": 0.5}})
    assert {"9.3.4.0-2", "9.6.3.2-2"} <= set(requirements(rules, low))
    assert requirements(rules, defined(TERMINATED)) == ["9.5.4.1-1"]  # no duration
    assert "9.3.0.0-5" in requirements(rules, defined(COMPLETED, {"completion": True, "duration": "PT1M"}))
    # The registration remembers across sessions: a second completed is a breach.
    again = SessionRules(LAUNCH, record, preferences_read=True)
    requirements(again, defined(INITIALIZED))
    assert "9.3.0.0-6" in requirements(again, defined(COMPLETED, {"completion": True, "duration": "PT1M"}))


def test_invalid_xapi_is_not_stored_and_every_breach_names_its_rule() -> None:
    valid, found = SessionRules(LAUNCH).check({"verb": "nonsense"})
    assert not valid
    assert [b.requirement for b in found] == ["4.1.0.0-1"]
    assert str(Breach("9.3.0.0-4", "x", "id-1")) == f"9.3.0.0-4: {REQUIREMENTS['9.3.0.0-4']} x (statement id-1)"


def test_the_launch_data_document_is_what_the_lms_writes() -> None:
    document = LAUNCH.document()
    assert document["moveOn"] == "CompletedAndPassed"
    assert document["masteryScore"] == 0.8
    assert document["contextTemplate"]["extensions"] == {
        "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"
    }
    assert "returnURL" not in document
