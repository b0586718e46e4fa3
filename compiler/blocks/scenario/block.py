"""The scenario block's model, its graph rules (E220-E228) and its state's worst case (codec `scenario`).

The learner state of a scenario is the number of endings reached so far (two base-64 digits)
and the path now taken, one base-64 digit per choice (the choice's index in its node). Going
back to a node already on the path (a "try again" choice) cuts the path back to that node, so
a stored path never holds a node twice: it is a simple path from the start, which bounds it.
"""

from __future__ import annotations

import difflib
from collections import deque
from dataclasses import dataclass

from pydantic import Field

from compiler.blocks.base import (
    MASK_ALPHABET,
    TRANSLATABLE_MARKDOWN,
    TRANSLATABLE_TEXT,
    BlockId,
    BlockModel,
    BlockText,
    Finding,
    InteractiveBlock,
)
from compiler.blocks.registry import BlockType

MAX_NODES = 64
"""Nodes a scenario may have: a node index is one base-64 digit."""

MAX_CHOICES = 6
"""Choices a node may offer: more do not fit a phone screen as a readable list."""

RUNS_DIGITS = 2
"""Base-64 digits of the count of endings reached (at most 4095 are counted)."""

PATH_MAX = 40
"""Choices the state keeps for one scenario; a longer possible path is E227 (the state must stay small)."""

SEARCH_LIMIT = 20_000
"""Steps the exact longest-path search may take before the compile falls back to a safe upper bound."""


class Choice(BlockModel):
    """One choice of a node: what the learner can do, and the node it leads to."""

    text: BlockText = Field(
        description="What the learner chooses (plain text), shown on the choice's button.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    to: BlockId = Field(description="The id of the node this choice leads to.")


class Ending(BlockModel):
    """What makes a node an ending: feedback for the learner and an optional score."""

    feedback: BlockText = Field(
        description="Why this ending came about and what to learn from it (Markdown).",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )
    score: int | None = Field(
        None,
        ge=0,
        le=100,
        description=(
            "Optional score of this ending, 0-100, shown with the feedback; a tracked scenario reports the "
            "ending with the highest score as correct, every other one as incorrect."
        ),
    )


class Node(BlockModel):
    """A step of the scenario: a situation with choices, or an ending."""

    id: BlockId = Field(description="The node's id, unique in the scenario; choices lead here with 'to:'.")
    title: BlockText = Field(
        description="The node's heading (plain text); focus moves to it when the node shows.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    text: BlockText = Field(
        description="The situation (Markdown; an image is written as ![alt](media/file.png)).",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )
    choices: list[Choice] = Field(
        default_factory=list,
        max_length=MAX_CHOICES,
        description=f"Up to {MAX_CHOICES} choices, in the order they show; none for an ending.",
    )
    ending: Ending | None = Field(None, description="Makes this node an ending: its feedback and optional score.")


@dataclass(frozen=True)
class Graph:
    """The scenario's nodes as a graph: start, edges by node index, and what reaches an ending."""

    start: int | None
    edges: tuple[tuple[int, ...], ...]
    """For each node, the node index of each choice (-1 for a missing node)."""


class Scenario(InteractiveBlock):
    """A branching scenario: nodes, choices that lead to nodes, endings. Required: an ending reached."""

    title: BlockText = Field(
        description="The scenario's heading (plain text); names the block for screen readers.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    start: BlockId | None = Field(
        None,
        description="The id of the first node. Default: the one node no choice leads to.",
    )
    tracked: bool = Field(
        False,
        description=(
            "Report the path taken and the ending reached to the LMS or LRS as an interaction "
            "(SCORM 2004 and cmi5 'other', SCORM 1.2 'performance'), each time the learner reaches an ending."
        ),
    )
    nodes: list[Node] = Field(
        min_length=2, max_length=MAX_NODES, description=f"2 to {MAX_NODES} nodes: situations and endings."
    )

    def state_size(self) -> int:
        return len(self.nodes)

    # ------------------------------------------------------------------ the graph

    def node_numbers(self) -> dict[str, int]:
        """Each node id's index (the first node with that id: a repeated one is E226)."""
        return {node.id: number for number, node in reversed(list(enumerate(self.nodes)))}

    def graph(self) -> Graph:
        """Node indices: the start (None when there is none, or several) and each choice's target."""
        index = self.node_numbers()
        edges = tuple(tuple(index.get(choice.to, -1) for choice in node.choices) for node in self.nodes)
        if self.start is not None:
            return Graph(index.get(self.start), edges)
        targets = {target for node_edges in edges for target in node_edges}
        candidates = [number for number in index.values() if number not in targets]
        return Graph(candidates[0] if len(candidates) == 1 else None, edges)

    def reachable(self) -> list[int]:
        """Node indices reachable from the start, in the order a breadth-first walk meets them."""
        graph = self.graph()
        if graph.start is None:
            return []
        seen = [graph.start]
        queue = deque(seen)
        while queue:
            for target in graph.edges[queue.popleft()]:
                if target >= 0 and target not in seen:
                    seen.append(target)
                    queue.append(target)
        return seen

    def can_end(self) -> set[int]:
        """Node indices from which some path leads to an ending."""
        edges = self.graph().edges
        done = {number for number, node in enumerate(self.nodes) if node.ending is not None}
        changed = True
        while changed:
            changed = False
            for number, node_edges in enumerate(edges):
                if number not in done and any(target in done for target in node_edges):
                    done.add(number)
                    changed = True
        return done

    def _leads_to(self, number: int) -> set[int]:
        """Node indices reachable from a node in one or more choices."""
        edges = self.graph().edges
        seen: set[int] = set()
        queue = deque(target for target in edges[number] if target >= 0)
        while queue:
            target = queue.popleft()
            if target not in seen:
                seen.add(target)
                queue.extend(t for t in edges[target] if t >= 0)
        return seen

    def closed_loops(self) -> list[list[int]]:
        """Loops a learner cannot leave: node groups on a cycle from which no path reaches an ending.

        A node stuck only because a dead end (E222) or a missing node (E220) lies ahead is left to
        those rules; each loop is listed once, in node order.
        """
        graph = self.graph()
        can_end = self.can_end()
        broken = {n for n, node in enumerate(self.nodes) if node.ending is None and not node.choices}
        stuck = [n for n in self.reachable() if n not in can_end]
        loops: list[list[int]] = []
        placed: set[int] = set()
        for number in sorted(stuck):
            ahead = self._leads_to(number)
            if number in placed or number not in ahead:
                continue
            if ahead & broken or any(-1 in graph.edges[n] for n in ahead | {number}):
                continue
            loop = sorted(n for n in ahead if number in self._leads_to(n))
            placed.update(loop)
            loops.append(loop)
        return loops

    def longest_path(self) -> int:
        """Choices on the longest path the state can hold: a simple path from the start.

        Found exactly by a depth-first search; a graph too large to search within SEARCH_LIMIT
        steps gets the upper bound "every reachable node that is not an ending, once".
        """
        graph = self.graph()
        reachable = self.reachable()
        if graph.start is None:
            return 0
        bound = sum(1 for number in reachable if self.nodes[number].ending is None)
        best = 0
        steps = 0
        on_path = [False] * len(self.nodes)
        # An explicit stack: (node, depth, next choice to try).
        stack: list[list[int]] = [[graph.start, 0, 0]]
        on_path[graph.start] = True
        while stack:
            steps += 1
            if steps > SEARCH_LIMIT:
                return bound
            frame = stack[-1]
            node, depth, choice = frame
            best = max(best, depth)
            if best == bound:
                return bound
            if choice >= len(graph.edges[node]):
                on_path[node] = False
                stack.pop()
                continue
            frame[2] += 1
            target = graph.edges[node][choice]
            if target >= 0 and not on_path[target]:
                on_path[target] = True
                stack.append([target, depth + 1, 0])
        return best

    def worst_state(self) -> str:
        """The endings counter at its maximum and the longest path, each choice its highest digit."""
        return MASK_ALPHABET[-1] * RUNS_DIGITS + MASK_ALPHABET[MAX_CHOICES - 1] * self.longest_path()

    # ------------------------------------------------------------------ the rules

    def findings(self) -> list[Finding]:
        found = self._node_rules()
        ids = {node.id for node in self.nodes}
        if self.start is not None and self.start not in ids:
            found.append(
                Finding(
                    "E220",
                    f"'start' names a node '{self.start}' that this scenario does not have",
                    ("start",),
                    _nearest_hint(self.start, ids, "set 'start:' to the id of the first node"),
                )
            )
        for number, node in enumerate(self.nodes):
            for choice_number, choice in enumerate(node.choices):
                if choice.to not in ids:
                    found.append(
                        Finding(
                            "E220",
                            f"choice {choice_number + 1} of node '{node.id}' leads to '{choice.to}', "
                            "which this scenario does not have",
                            ("nodes", number, "choices", choice_number, "to"),
                            _nearest_hint(
                                choice.to, ids, "add a node with that id, or point 'to:' at an existing node"
                            ),
                        )
                    )
        graph = self.graph()
        if self.start is None and graph.start is None:
            found += self._start_rules(graph)
        if graph.start is None:
            return found
        reachable = set(self.reachable())
        found += [
            Finding(
                "E221",
                f"node '{node.id}' cannot be reached: no choice on a path from the start leads to it",
                ("nodes", number, "id"),
                f"let a choice lead to it with 'to: {node.id}', or remove the node",
            )
            for number, node in enumerate(self.nodes)
            if number not in reachable and self.node_numbers()[node.id] == number  # a repeated id is E226
        ]
        for loop in self.closed_loops():
            names = [self.nodes[number].id for number in loop]
            verb = "forms" if len(names) == 1 else "form"
            found.append(
                Finding(
                    "E223",
                    f"{_listed(names, 'and')} {verb} a loop with no way out: no choice leads from it towards an ending",
                    ("nodes", loop[0], "id"),
                    "give a node of the loop a choice that leads to an ending, or to a node that does",
                )
            )
        longest = self.longest_path()
        if longest > PATH_MAX:
            found.append(
                Finding(
                    "E227",
                    f"the longest path through this scenario takes {longest} choices; the learner's saved state "
                    f"keeps at most {PATH_MAX} per scenario",
                    ("nodes",),
                    "split the scenario into two, or let fewer choices follow each other before an ending",
                )
            )
        return found

    def _node_rules(self) -> list[Finding]:
        """Per node: a repeated id (E226), an ending with choices (E224), a dead end (E222)."""
        found = []
        first: dict[str, int] = {}
        for number, node in enumerate(self.nodes):
            if node.id in first:
                found.append(
                    Finding(
                        "E226",
                        f"node {number + 1} has the id '{node.id}' of node {first[node.id] + 1}",
                        ("nodes", number, "id"),
                        "give every node its own id: choices name the node they lead to by it",
                    )
                )
            else:
                first[node.id] = number
            if node.ending is not None and node.choices:
                found.append(
                    Finding(
                        "E224",
                        f"node '{node.id}' is an ending and also has choices",
                        ("nodes", number, "id"),
                        "remove 'ending:' to let the story go on, or remove 'choices:' to end it here",
                    )
                )
            elif node.ending is None and not node.choices:
                found.append(
                    Finding(
                        "E222",
                        f"node '{node.id}' is a dead end: it has no choices and is not an ending",
                        ("nodes", number, "id"),
                        "add 'choices:' that lead on, or make it an ending with 'ending:' and its 'feedback:'",
                    )
                )
        return found

    def _start_rules(self, graph: Graph) -> list[Finding]:
        """No 'start': E225 when every node is a choice's target, E228 when several nodes are no choice's target."""
        targets = {target for node_edges in graph.edges for target in node_edges}
        free = [self.nodes[number].id for number in sorted(self.node_numbers().values()) if number not in targets]
        if not free:
            return [
                Finding(
                    "E225",
                    "this scenario has no start node: a choice leads to every node",
                    ("nodes",),
                    "add 'start: <id>' naming the first node (a 'try again' choice may lead back to it)",
                )
            ]
        return [
            Finding(
                "E228",
                f"this scenario's start is ambiguous: no choice leads to {_listed(free, 'and')}, "
                "so each could come first",
                ("nodes",),
                f"add 'start: {free[0]}' (or whichever comes first), and let a choice lead to the others",
            )
        ]


def _listed(ids: list[str], joiner: str = "or") -> str:
    """'a', 'b' or 'c' (or 'and'); one id alone as 'node 'a''."""
    quoted = [f"'{identifier}'" for identifier in ids]
    if len(quoted) == 1:
        return f"node {quoted[0]}"
    return "nodes " + ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _nearest_hint(wrong: str, ids: set[str], fallback: str) -> str:
    """'did you mean ...?' when an id is one small edit away, else the fallback hint."""
    close = difflib.get_close_matches(wrong, sorted(ids), n=1, cutoff=0.7)
    return f"did you mean '{close[0]}'?" if close else fallback


BLOCK = BlockType(
    "scenario",
    Scenario,
    codec="scenario",
    scripts=("scenario.js",),
    styles=("scenario.css",),
    markdown_fields=(("nodes", "*", "text"), ("nodes", "*", "ending", "feedback")),
)
