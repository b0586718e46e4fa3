from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from compiler.blocks.base import MASK_ALPHABET
from compiler.blocks.registry import read_block_file
from compiler.blocks.scenario import block as scenario_block
from compiler.blocks.scenario.block import BLOCK, MAX_CHOICES, MAX_NODES, PATH_MAX, Scenario
from compiler.render.suspend_budget import worst_case

from ..helpers import course_from, lesson_from


def _node(node_id: str, *targets: str, ending: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "title": node_id.title(), "text": "Wat doe je?"}
    if targets:
        node["choices"] = [{"text": f"Naar {target}", "to": target} for target in targets]
    if ending:
        node["ending"] = {"feedback": "Zo liep het af."}
    return node


def _scenario(*nodes: dict[str, Any], **keys: Any) -> Scenario:
    return Scenario.model_validate({"title": "Een dilemma", "nodes": list(nodes), **keys})


def _codes(scenario: Scenario) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(finding.code, finding.loc) for finding in scenario.findings()]


GOOD = (_node("begin", "goed", "fout"), _node("goed", ending=True), _node("fout", "begin", "goed"))


def test_a_sound_scenario_has_no_findings_and_starts_at_the_node_no_choice_leads_to() -> None:
    scenario = _scenario(_node("a", "b", "c"), _node("b", ending=True), _node("c", ending=True))
    assert _codes(scenario) == []
    assert scenario.graph().start == 0
    assert scenario.state_size() == 3
    assert (BLOCK.codec, scenario.required, scenario.tracked) == ("scenario", False, False)


def test_a_try_again_loop_back_to_the_start_needs_an_explicit_start() -> None:
    assert _codes(_scenario(*GOOD)) == [("E225", ("nodes",))]
    assert _codes(_scenario(*GOOD, start="begin")) == []


def test_a_choice_or_start_naming_a_missing_node_is_e220_at_its_to() -> None:
    scenario = _scenario(_node("a", "goed", "goeed", "elders"), _node("goed", ending=True))
    assert _codes(scenario) == [("E220", ("nodes", 0, "choices", 1, "to")), ("E220", ("nodes", 0, "choices", 2, "to"))]
    assert [finding.hint for finding in scenario.findings()] == [
        "did you mean 'goed'?",
        "add a node with that id, or point 'to:' at an existing node",
    ]
    missing = _scenario(_node("a", "b"), _node("b", ending=True), start="begin")
    assert _codes(missing) == [("E220", ("start",))]


def test_a_node_no_path_reaches_is_e221() -> None:
    scenario = _scenario(_node("a", "b"), _node("b", ending=True), _node("c", "b"), start="a")
    assert _codes(scenario) == [("E221", ("nodes", 2, "id"))]


def test_a_dead_end_is_e222_and_not_also_a_loop() -> None:
    scenario = _scenario(_node("a", "b", "c"), _node("b"), _node("c", ending=True))
    assert _codes(scenario) == [("E222", ("nodes", 1, "id"))]
    # The node before a dead end cannot end either, but the dead end is the mistake to fix.
    chain = _scenario(_node("a", "b"), _node("b", "c"), _node("c"), _node("d", ending=True), start="a")
    assert [code for code, _ in _codes(chain)] == ["E222", "E221"]


def test_a_loop_with_no_way_out_is_one_e223_at_its_first_node() -> None:
    scenario = _scenario(
        _node("a", "b", "x"), _node("b", "c"), _node("c", "b"), _node("x", ending=True)
    )  # b <-> c never leads out
    assert _codes(scenario) == [("E223", ("nodes", 1, "id"))]
    assert scenario.findings()[0].message.startswith("nodes 'b' and 'c' form a loop with no way out")
    # A loop that has a way out is fine.
    assert _codes(_scenario(_node("a", "b"), _node("b", "c"), _node("c", "b", "x"), _node("x", ending=True))) == []
    selfish = _scenario(_node("a", "b", "x"), _node("b", "b"), _node("x", ending=True))
    assert _codes(selfish) == [("E223", ("nodes", 1, "id"))]
    assert selfish.findings()[0].message.startswith("node 'b' forms a loop")


def test_an_ending_with_choices_is_e224() -> None:
    ending = _node("b", "c", ending=True)
    scenario = _scenario(_node("a", "b"), ending, _node("c", ending=True))
    assert ("E224", ("nodes", 1, "id")) in _codes(scenario)


def test_no_start_and_an_ambiguous_start_are_e225_and_e228() -> None:
    circle = _scenario(_node("a", "b"), _node("b", "a"))
    assert _codes(circle) == [("E225", ("nodes",))]
    two = _scenario(_node("a", "c"), _node("b", "c"), _node("c", ending=True))
    assert _codes(two) == [("E228", ("nodes",))]
    assert "no choice leads to nodes 'a' and 'b'" in two.findings()[0].message
    assert "start: a" in two.findings()[0].hint


def test_a_repeated_node_id_is_e226_and_choices_lead_to_the_first() -> None:
    scenario = _scenario(_node("a", "b"), _node("b", ending=True), _node("b", ending=True), start="a")
    assert _codes(scenario)[0] == ("E226", ("nodes", 2, "id"))
    assert scenario.node_numbers()["b"] == 1


def test_the_worst_state_is_two_run_digits_and_one_digit_per_choice_of_the_longest_simple_path() -> None:
    scenario = _scenario(*GOOD, start="begin")
    # begin -> fout -> goed: two choices; fout -> begin would revisit a node, which the path cuts.
    assert scenario.longest_path() == 2
    assert scenario.worst_state() == "__" + "F" * 2
    assert MASK_ALPHABET.index("F") == MAX_CHOICES - 1  # the highest choice index a node can have


def test_a_path_longer_than_the_state_keeps_is_e227() -> None:
    chain = [_node(f"n{i}", f"n{i + 1}") for i in range(PATH_MAX)] + [_node(f"n{PATH_MAX}", ending=True)]
    assert _scenario(*chain).longest_path() == PATH_MAX
    assert _codes(_scenario(*chain)) == []
    longer = [_node(f"n{i}", f"n{i + 1}") for i in range(PATH_MAX + 1)] + [_node(f"n{PATH_MAX + 1}", ending=True)]
    assert _codes(_scenario(*longer)) == [("E227", ("nodes",))]


def test_a_graph_too_large_to_search_gets_the_safe_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = [_node(f"n{i}", *(f"n{j}" for j in range(i + 1, min(i + 4, 12)))) for i in range(11)]
    nodes.append(_node("n11", ending=True))
    scenario = _scenario(*nodes)
    assert scenario.longest_path() == 11
    monkeypatch.setattr(scenario_block, "SEARCH_LIMIT", 3)
    assert scenario.longest_path() == 11  # every reachable node that is not an ending, once


def test_node_and_choice_limits_are_schema_errors() -> None:
    with pytest.raises(ValidationError):
        _scenario(_node("a"))
    with pytest.raises(ValidationError):
        _scenario(*[_node(f"n{i}", ending=True) for i in range(MAX_NODES + 1)])
    with pytest.raises(ValidationError):
        _scenario(_node("a", *["b"] * (MAX_CHOICES + 1)), _node("b", ending=True))
    with pytest.raises(ValidationError):
        _scenario(_node("a", "b"), {**_node("b"), "ending": {"feedback": "x", "score": 101}})


def test_the_documented_limits_are_the_models_limits() -> None:
    readme = read_block_file("scenario", "README.md").decode("utf-8")
    assert f"# 2 to {MAX_NODES}\n" in readme
    assert f"# up to {MAX_CHOICES};" in readme
    assert f"more than {PATH_MAX}\n  choices" in readme
    assert "# optional, 0 to 100" in readme


LESSON_SCENARIO = """
```scenario
title: Kies
nodes:
  - id: a
    title: A
    text: Tekst.
    choices:
      - text: Naar b
        to: b
      - text: Naar c
        to: c
  - id: b
    title: B
    text: Tekst.
    choices:
      - text: Naar c
        to: c
  - id: c
    title: C
    text: Tekst.
    ending:
      feedback: Klaar.
```
"""


def test_a_scenario_in_a_lesson_counts_in_the_worst_case_state() -> None:
    lesson, diagnostics = lesson_from(LESSON_SCENARIO)
    assert lesson is not None
    assert diagnostics == []
    assert [block.id for block in lesson.registered_blocks()] == ["les-scenario-1"]
    blocks = worst_case(course_from(LESSON_SCENARIO)).blocks
    assert len(blocks) == 4 + 2 + 2  # the block key, the endings counter, a -> b -> c
    assert blocks.endswith("__FF")
