from __future__ import annotations

import uuid
from typing import Any

import pytest

from compiler.targets.xapi import is_duration, parse_timestamp, statement_problems


def statement(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "jan"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/initialized"},
        "object": {"objectType": "Activity", "id": "https://lms.example/au/1"},
        "timestamp": "2026-03-01T10:15:30.25Z",
    }
    base.update(changes)
    return base


def test_a_valid_statement_has_no_problems() -> None:
    assert statement_problems(statement()) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"verb": {"id": "initialized"}},  # not an IRI
        {"actor": {"objectType": "Agent"}},  # no identifier
        {"id": "not-a-uuid"},
        {"unknown": 1},  # xAPI: unknown properties are refused
        {"result": {"duration": "5 minutes"}},
        {"result": {"score": {"scaled": 1.5}}},
    ],
)
def test_what_an_lrs_must_refuse_is_a_problem(changes: dict[str, Any]) -> None:
    assert statement_problems(statement(**changes)) != []


def test_durations_and_timestamps_as_xapi_has_them() -> None:
    assert is_duration("PT1H5M3.25S")
    assert not is_duration("PT")
    assert not is_duration("0000:05:03")
    assert parse_timestamp("2026-03-01T10:15:30+02:00").utcoffset() is not None
    with pytest.raises(ValueError, match="time zone"):
        parse_timestamp("2026-03-01T10:15:30")
    assert statement_problems([]) != []  # a batch is not one statement
