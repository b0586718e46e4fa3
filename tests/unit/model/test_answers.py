"""The fill-in matching rule on the compiler side (the runtime is checked against the same table in the
browser lane, tests/browser/test_answer_matching.py)."""

from __future__ import annotations

import pytest

from compiler.model.answers import normalise_answer

CASES = [
    ("Paris", False, "paris"),
    ("  functionaris   gegevensbescherming ", False, "functionaris gegevensbescherming"),
    ("a\tb\nc", False, "a b c"),
    ("a\u00a0\u2003b", False, "a b"),
    ("\ufeffx\u3000", False, "x"),
    ("e\u0301", False, "\u00e9"),
    ("MiXeD", True, "MiXeD"),
    ("a\x85b", False, "a\x85b"),  # NEL is not white space in JavaScript's \s: kept by both
]


@pytest.mark.parametrize(("text", "case_sensitive", "expected"), CASES)
def test_normal_form(text: str, case_sensitive: bool, expected: str) -> None:
    assert normalise_answer(text, case_sensitive=case_sensitive) == expected
