"""One fill-in matching rule: the compiler's normaliser, the runtime's and the docs' promise agree.

The same table goes through compiler/model/answers.py and, under node, compiler/runtime/core/answers.js;
the examples table in docs/course-format.md goes through both too. Then a learner in the browser types
every fill-in answer carelessly (extra spaces, other letter case) and still scores 100.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.model.answers import normalise_answer

from .conftest import COURSES, ROOT, LmsSession, Package
from .learner import Learner, sloppy
from .test_scorm_runtime import finished_core, first_launch, interactions

pytestmark = pytest.mark.browser

TABLE: list[tuple[str, bool]] = [
    ("Paris", False),
    ("  functionaris  gegevensbescherming ", False),
    ("FUNCTIONARIS\tGEGEVENSBESCHERMING", False),
    ("a\r\nb\u2028c", False),
    ("a\u00a0\u2003\u202fb", False),
    ("\ufeffx\u3000", False),
    ("a\x85b", False),  # NEL: not white space in JavaScript, so not in the rule
    ("a\u200bb", False),  # zero-width space: not white space either
    ("cafe\u0301", False),
    ("CAF\u00c9", False),
    ("\u0130stanbul", False),
    ("\u03a3\u0391\u03a3", False),
    ("Stra\u00dfe", False),
    ("  MiXeD  Case ", True),
    ("", False),
    ("   ", False),
]


def _node_normalise(cases: list[tuple[str, bool]]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required for the runtime checks")
    result = subprocess.run(
        [
            node,
            str(Path(__file__).with_name("answer_check.js")),
            str(ROOT / "compiler" / "runtime" / "core" / "answers.js"),
            json.dumps(cases),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    normalised: list[str] = json.loads(result.stdout)
    return normalised


def test_compiler_and_runtime_normalise_the_same_table_alike() -> None:
    python = [normalise_answer(text, case_sensitive=cs) for text, cs in TABLE]
    assert _node_normalise(TABLE) == python
    assert python[1] == "functionaris gegevensbescherming"
    assert python[2] == python[1]


def _docs_examples() -> list[tuple[str, str, bool, bool]]:
    """(typed, accepted, case_sensitive, matches) rows of the examples table in docs/course-format.md."""
    docs = (ROOT / "docs" / "course-format.md").read_text(encoding="utf-8")
    section = docs.split("| typed | accepted | matches |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in section.strip().splitlines()[1:]:
        typed_cell, accepted_cell, matches = (cell.strip() for cell in line.strip("|").split("|"))
        typed = re.search(r"`([^`]*)`", typed_cell)
        accepted = re.search(r"`([^`]*)`", accepted_cell)
        assert typed is not None, line
        assert accepted is not None, line
        text = typed.group(1).replace("␣", " ").replace("⇥", "\t")
        if "combining" in typed_cell:
            text = text.replace("é", "e\u0301")
        rows.append((text, accepted.group(1), "case_sensitive: true" in accepted_cell, matches == "yes"))
    return rows


def test_the_docs_examples_hold_for_compiler_and_runtime() -> None:
    rows = _docs_examples()
    assert len(rows) >= 5
    cases = [(text, cs) for typed, accepted, cs, _ in rows for text in (typed, accepted)]
    runtime = _node_normalise(cases)
    for number, (typed, accepted, cs, matches) in enumerate(rows):
        compiler_says = normalise_answer(typed, case_sensitive=cs) == normalise_answer(accepted, case_sensitive=cs)
        runtime_says = runtime[2 * number] == runtime[2 * number + 1]
        assert compiler_says == runtime_says == matches, (typed, accepted)


def test_careless_typing_of_every_fill_in_answer_still_scores_100(
    compiled: Callable[[Path], Package], launch: Callable[..., LmsSession]
) -> None:
    session = launch(compiled(COURSES / "all-types"), first_launch(60))
    learner = Learner(session.frame)
    fill_ins = [key for key, question in learner.data["questions"].items() if question["t"] == "fill-in"]
    assert len(fill_ins) >= 2
    for question_id in fill_ins:
        accepted = str(learner.question(question_id)["acc"][-1])
        assert sloppy(accepted) != accepted
        assert normalise_answer(sloppy(accepted)) == normalise_answer(accepted)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "sloppy")
    checks = session.frame.locator('[data-question="check-fill-in"]')
    assert checks.get_attribute("data-state") == "correct"
    learner.take_quiz("sloppy")
    session.frame.locator('[data-action="exit"]').first.click()
    core = finished_core(session)
    assert core["lesson_status"] == "passed"
    score = core["score"]
    assert isinstance(score, dict)
    assert score["raw"] == "100"
    records = interactions(session)
    fill_in = [record for record in records if record["type"] == "fill-in"]
    assert fill_in != []
    assert all(record["result"] == "correct" for record in fill_in)
