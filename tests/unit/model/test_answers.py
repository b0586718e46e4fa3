"""The fill-in matching rule on the compiler side (the runtime is checked against the same table in the
browser lane, tests/browser/test_answer_matching.py)."""

from __future__ import annotations

import pytest

from compiler.model.answers import normalise_answer, shortest_typing, untypable

CASES = [
    ("Paris", False, "paris"),
    ("  functionaris   gegevensbescherming ", False, "functionaris gegevensbescherming"),
    ("a\tb\nc", False, "a b c"),
    ("a\u00a0\u2003b", False, "a b"),
    ("\ufeffx\u3000", False, "x"),
    ("e\u0301", False, "\u00e9"),
    ("MiXeD", True, "MiXeD"),
    ("a\x85b", False, "a\x85b"),  # NEL is not white space in JavaScript's \s: kept by both
    ("I don\u2019t \u201cknow\u201d", False, 'i don\'t "know"'),
    ("2\u20133 \u2014 e\u2011mail\u2026", False, "2-3 - e-mail..."),
    ("Pa\u200bris\u00ad", False, "paris"),
    ("e\u200b\u0301", False, "\u00e9"),  # invisible characters go before NFC composes
    ("caf\u00e9", False, "caf\u00e9"),  # accents are kept
    ("U.S.", False, "u.s."),  # punctuation is kept
]


@pytest.mark.parametrize(("text", "case_sensitive", "expected"), CASES)
def test_normal_form(text: str, case_sensitive: bool, expected: str) -> None:
    assert normalise_answer(text, case_sensitive=case_sensitive) == expected


def test_the_shortest_typing_counts_what_a_browser_field_counts() -> None:
    assert shortest_typing("  Pa\u200bris  ") == 5
    assert shortest_typing("wacht\u2026") == 6  # the learner may type the ellipsis as written
    assert shortest_typing("\U0001f600") == 2  # UTF-16, as maxlength counts
    assert shortest_typing("e\u0301") == 1  # NFC, as a keyboard types it


def test_untypable_names_each_odd_character_once() -> None:
    assert untypable("a\x07b\x07\ue000") == ["\x07", "\ue000"]
    assert untypable("zorg\u00adverlener \u201cja\u201d") == []
