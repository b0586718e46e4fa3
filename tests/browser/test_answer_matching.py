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

from compiler.model.answers import INVISIBLE, TYPOGRAPHIC, normalise_answer
from compiler.render.minify import minify_assets

from .conftest import COURSES, ROOT, LmsSession, Package
from .learner import Learner, sloppy
from .test_scorm_runtime import finished_core, first_launch, interactions

pytestmark = pytest.mark.browser
ANSWERS_JS = ROOT / "compiler" / "runtime" / "core" / "answers.js"

TABLE: list[tuple[str, bool]] = [
    ("Paris", False),
    ("  functionaris  gegevensbescherming ", False),
    ("FUNCTIONARIS\tGEGEVENSBESCHERMING", False),
    ("a\r\nb\u2028c", False),
    ("a\u00a0\u2003\u202fb", False),
    ("\ufeffx\u3000", False),
    ("a\x85b", False),  # NEL: not white space in JavaScript, so not in the rule
    ("a\u200bb", False),  # zero-width space: dropped, not a space
    ("e\u200b\u0301", False),  # dropped before NFC, so the accent composes
    ("I don\u2019t \u201cknow\u201d \u2013 \u2026", False),
    ("\u00ab\u00a0oui\u00a0\u00bb", False),
    ("zorg\u00adverlener\u2060", False),
    ("\u202bshalom\u202c\u200f", False),
    ("\U0001f469\u200d\U0001f4bb", False),
    ("\u0130\u2026", True),
    ("cafe\u0301", False),
    ("CAF\u00c9", False),
    ("\u0130stanbul", False),
    ("\u03a3\u0391\u03a3", False),
    ("Stra\u00dfe", False),
    ("  MiXeD  Case ", True),
    ("", False),
    ("   ", False),
]


def _python(cases: list[tuple[str, bool]]) -> list[str]:
    return [normalise_answer(text, case_sensitive=cs) for text, cs in cases]


def _node_normalise(cases: list[tuple[str, bool]], script: Path = ANSWERS_JS) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required for the runtime checks")
    result = subprocess.run(
        [
            node,
            str(Path(__file__).with_name("answer_check.js")),
            str(script),
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


def test_compiler_and_runtime_normalise_the_same_table_alike(tmp_path: Path) -> None:
    # Every character the rule names, alone and between letters, so the two lists cannot drift apart.
    named = [(f"a{c}b", False) for c in INVISIBLE + "".join(TYPOGRAPHIC)]
    once = TABLE + named
    cases = once + [(folded, cs) for folded, (_, cs) in zip(_python(once), once, strict=True)]
    python = _python(cases)
    assert _node_normalise(cases) == python
    # And as packages ship it, minified.
    shipped = tmp_path / "answers.min.js"
    shipped.write_bytes(minify_assets({"answers.js": ANSWERS_JS.read_bytes()})["answers.js"])
    assert shipped.read_bytes() != ANSWERS_JS.read_bytes()
    assert _node_normalise(cases, shipped) == python
    assert python[len(TABLE) : len(once)] == [f"a{TYPOGRAPHIC.get(c, '')}b" for c in INVISIBLE + "".join(TYPOGRAPHIC)]
    # Folding twice changes nothing: a folded answer typed back matches.
    assert python[len(once) :] == python[: len(once)]
    assert python[1] == "functionaris gegevensbescherming"
    assert python[2] == python[1]


def _decode(cell: str) -> str:
    """A docs table cell as text: `␣` a space, `⇥` a tab, `[U+XXXX]` that character."""
    text = cell.replace("␣", " ").replace("⇥", "\t")
    return re.sub(r"\[U\+([0-9A-F]{4,6})\]", lambda match: chr(int(match.group(1), 16)), text)


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
        text, expected = (_decode(cell.group(1)) for cell in (typed, accepted))
        rows.append((text, expected, "case_sensitive: true" in accepted_cell, matches == "yes"))
    return rows


def test_the_docs_examples_hold_for_compiler_and_runtime() -> None:
    rows = _docs_examples()
    assert len(rows) >= 15
    assert any("\u200b" in accepted for _, accepted, _, _ in rows)
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
