"""The learner runtime as source: it parses, passes ESLint, fits its size budget, has its strings."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.render.minify import minify_assets
from compiler.render.runtime_files import build_runtime, build_tracker_part
from compiler.render.suspend_budget import encode_text
from compiler.targets.base import available_targets

from .conftest import COURSES, NODE_MODULES, ROOT, Package

PackageStub = Package(ROOT, ROOT, {"lessons": [], "questions": {}, "assignments": {}, "quiz": None}, "")
"""Enough runtime data for the text checks, which need no course."""

pytestmark = pytest.mark.browser

THEME = ROOT / "themes" / "default"
RUNTIME = ROOT / "compiler" / "runtime"
BLOCKS = ROOT / "compiler" / "blocks"
RUNTIME_FILES = sorted([*RUNTIME.rglob("*.js"), *BLOCKS.rglob("*.js"), *(THEME / "runtime").glob("*.js")])
SIZE_BUDGET = 30 * 1024
"""Runtime JS plus theme CSS of a package, gzipped (issue 3)."""
RUNTIME_KEY = re.compile(r"""["']((?:question|quiz|assignment|runtime|summary|blocks)\.[a-z_]*[a-z])["']""")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required for the runtime checks (it also runs `npm ci`)")
    return node


@pytest.mark.parametrize("path", RUNTIME_FILES, ids=[p.relative_to(ROOT).as_posix() for p in RUNTIME_FILES])
def test_runtime_file_parses(path: Path) -> None:
    result = subprocess.run([_node(), "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_runtime_passes_eslint() -> None:
    eslint = NODE_MODULES / "eslint" / "bin" / "eslint.js"
    if not eslint.exists():
        pytest.fail("eslint is missing: run `npm ci`")
    result = subprocess.run(
        [
            _node(),
            str(eslint),
            "--max-warnings",
            "0",
            "compiler/runtime/**/*.js",
            "compiler/blocks/*/*.js",
            "themes/**/runtime/*.js",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("target", sorted(available_targets()))
def test_runtime_and_theme_css_of_each_targets_package_fit_the_size_budget(target: str) -> None:
    # A package carries the core, the standalone tracker and its own target's adapter only.
    chosen = available_targets()[target]
    runtime = build_runtime()
    runtime_files = {**runtime.files, **build_tracker_part(chosen.tracker, chosen.tracker_scripts)}
    theme = [*sorted((THEME / "runtime").glob("*.js")), *sorted((THEME / "static").glob("*.css"))]
    sources = {**runtime_files, **{path.relative_to(THEME).as_posix(): path.read_bytes() for path in theme}}
    # Measured as shipped: minified (compiler/render/minify.py), each file gzipped on its own.
    shipped = minify_assets(sources).values()
    total = sum(len(gzip.compress(data, compresslevel=9)) for data in shipped)
    assert total < SIZE_BUDGET, f"{total} bytes gzipped"


def test_runtime_loads_nothing_from_outside_the_package() -> None:
    for path in RUNTIME_FILES:
        source = path.read_text(encoding="utf-8")
        patterns = ["XMLHttpRequest", "import(", "sendBeacon"]
        # The xAPI adapters talk to the LRS the LMS names at launch (fetch; the shared delivery in
        # xapi.js), and their verb and category ids are IRIs; they load no code. Every other file has neither.
        if path.name not in ("cmi5.js", "tincan.js", "xapi.js"):
            patterns += ["fetch(", "http://", "https://"]
        for pattern in patterns:
            assert pattern not in source, f"{path.name} uses {pattern}"


def test_every_runtime_string_exists_in_every_language() -> None:
    sources = [*RUNTIME_FILES, *(THEME / "templates" / "partials").glob("*.html")]
    used = {key for path in sources for key in RUNTIME_KEY.findall(path.read_text(encoding="utf-8"))}
    # Keys chosen at run time, e.g. t(correct ? "question.correct" : "question.wrong"), are
    # string literals too, so the pattern finds them.
    assert {"question.correct", "question.wrong", "runtime.done_suffix"} <= used
    catalogues = {
        path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((THEME / "messages").glob("*/runtime.yaml"))
    }
    assert set(catalogues) >= {"nl", "en"}
    for language, catalogue in catalogues.items():
        assert sorted(used - set(catalogue)) == [], f"missing in {language}"
        assert all(isinstance(value, str) and value.strip() for value in catalogue.values())
    key_sets = [set(catalogue) for catalogue in catalogues.values()]
    assert all(keys == key_sets[0] for keys in key_sets)


def _decode_in_node(package: Package, inputs: list[str], texts: tuple[str, ...] = ()) -> dict[str, Any]:
    """Decode suspend_data strings with the runtime's state.js under node, then encode again.

    Also encodes and decodes each of `texts` with the runtime's text encoding.
    """
    result = subprocess.run(
        [
            _node(),
            str(Path(__file__).with_name("state_check.js")),
            str(RUNTIME / "core" / "state.js"),
            json.dumps(package.data),
            json.dumps(inputs),
            json.dumps(texts),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    decoded: dict[str, Any] = json.loads(result.stdout)
    return decoded


def test_runtime_decodes_the_worst_case_exactly_as_python_encodes_it(compiled: Callable[[Path], Package]) -> None:
    package = compiled(COURSES / "no-quiz")
    assert _decode_in_node(package, [package.worst_case])["encoded"] == [package.worst_case]
    quiz_course = compiled(COURSES / "all-types")
    fields = quiz_course.worst_case.split("|")
    # The quiz part differs only in the stored order (Python writes a placeholder), so the
    # runtime drops it; every other field must come back identical.
    assert _decode_in_node(quiz_course, [quiz_course.worst_case])["encoded"] == ["|".join([*fields[:4], ""])]


def test_runtime_survives_garbage_and_foreign_suspend_data(compiled: Callable[[Path], Package]) -> None:
    package = compiled(COURSES / "all-types")
    key = package.data["lessons"][0]["k"]
    garbage = [
        "",
        "garbage",
        "2|x|y|z|w",
        "1|",
        "1||||",
        "1||||||",
        f"1|{key}9|zzzz0|zzzz~|",
        f"1|{key}2|||{package.data['quiz']['k']}zz!!",
        "1|||" + package.data["assignments"]["reflection"]["k"] + "~A",
        '{"json": true}',
        "1|" + "A" * 5000,
    ]
    result = _decode_in_node(package, garbage)
    for encoded in result["encoded"]:
        assert re.fullmatch(r"2\|[^|]*\|[^|]*\|[^|]*\|[^|]*", encoded)
    assert result["decoded"][6]["lessons"] == {}  # a bad flag keeps nothing of that lesson
    assert result["decoded"][7]["lessons"] == {"choices": {"visited": True, "end": True}}
    assert result["decoded"][7]["quiz"] is None


def test_runtime_encodes_text_exactly_as_python_and_back() -> None:
    texts = (
        "",
        "plain words, with: punctuation!",
        "a;b|c~d^e",
        "^leading",
        "Caf\u00e9 \u2018quoted\u2019 \u20ac5",
        "\u20ac" * 7,
        "\U0001f600 emoji \U0001f44d",
        "line\nbreak\ttab\r\n",
        "\u4e2d\u6587\u6587\u672c",
        "\uffff\u0000\u007f",
    )
    result = _decode_in_node(PackageStub, [], texts)
    assert [item["encoded"] for item in result["texts"]] == [encode_text(text) for text in texts]
    assert [item["decoded"] for item in result["texts"]] == list(texts)
    # An assignment keeps the longest start of the text whose encoding fits its allowance.
    for text, item in zip(texts, result["texts"], strict=True):
        for budget, kept in zip([0, 1, 5, 20, 100], item["fits"], strict=True):
            assert text.startswith(kept)
            assert len(encode_text(kept)) <= budget
            if kept != text:
                grown = text[: len(kept) + 1 + ("\ud800" <= text[len(kept)] <= "\udbff")]
                assert len(encode_text(grown)) > budget, (text, budget)
            assert not kept or not "\ud800" <= kept[-1] <= "\udbff"  # never half an emoji


FORMAT_1_STATE = (
    "1|l_vO2nA2_1|9TpD1;rzR102;pAD-~ADJ~ADpn caf~ADp~AA7 ja~AB8nee|HmW3Ik let op de afzender. Zeker weten? Ja!"
    "|jbut1a1eFEDCBA1;;;;;"
)
"""A real format-1 suspend_data of the all-types course, written by the released encoder (state.js of format 1):
lesson 1 read to its end, lesson 2 opened, three checks answered (one fill-in with accents and separators),
an assignment, and a second quiz attempt under way in reversed order with one answer given."""


def test_a_format_1_state_resumes_without_loss_and_is_written_back_as_format_2(
    compiled: Callable[[Path], Package],
) -> None:
    package = compiled(COURSES / "all-types")
    result = _decode_in_node(package, [FORMAT_1_STATE])
    state = result["decoded"][0]
    assert state["lessons"] == {"choices": {"visited": True, "end": True}, "ordering": {"visited": True, "end": False}}
    assert state["checks"] == {
        "check-single": 1,
        "check-multiple": [0, 2],
        "check-fill-in": "\u00c9\u00e9n caf\u00e9; ja|nee",
    }
    assert state["assignments"] == {"reflection": "Ik let op de afzender. Zeker weten? Ja!"}
    assert state["quiz"] == {
        "used": 1,
        "phase": "a",
        "score": 50,
        "order": [5, 4, 3, 2, 1, 0],
        "answers": {"quiz-single": 1},
    }
    assert (state["blocks"], state["draws"], state["settings"]) == ({}, {}, {})
    # Nothing is lost on the way to format 2: the same sections, with the new format in front.
    assert result["encoded"] == ["2" + FORMAT_1_STATE[1:]]


def test_format_2_keeps_block_state_draws_and_settings(compiled: Callable[[Path], Package]) -> None:
    package = compiled(COURSES / "blocks")
    blocks = package.data["blocks"]
    phones, ticks = blocks["phones"]["k"], blocks["accordion-lesson-accordion-1"]["k"]
    lesson = package.data["lessons"][0]["k"]
    # Settings and draws are declared by later features; declare one of each here.
    package = dataclasses.replace(package, data={**package.data, "settings": {"language": 8}})
    package.data["questions"] = {
        "q1": {"k": "QQQ1", "t": "true-false", "c": True},
        "q2": {"k": "QQQ2", "t": "true-false", "c": False},
    }
    stored = f"2|{lesson}2||||{phones}FB;{ticks}HE|{lesson}QQQ2QQQ1|language=en-GB"
    result = _decode_in_node(package, [stored, f"2|||||{phones}_A|{lesson}QQQ2ZZZZ|colour=red;language=far-too-long"])
    state = result["decoded"][0]
    assert state["blocks"] == {"phones": {"seen": 5, "open": 1}, "accordion-lesson-accordion-1": {"seen": 7, "open": 4}}
    assert state["draws"] == {lesson: ["q2", "q1"]}
    assert state["settings"] == {"language": "en-GB"}
    assert result["encoded"][0] == stored
    # A mask wider than the block, a draw of a question the course lost, an undeclared or too long setting: dropped.
    assert result["decoded"][1]["blocks"] == {}
    assert result["decoded"][1]["draws"] == {}
    assert result["decoded"][1]["settings"] == {}
    assert result["encoded"][1] == "2||||"


def test_the_worst_case_of_a_course_with_blocks_is_what_the_runtime_writes(compiled: Callable[[Path], Package]) -> None:
    package = compiled(COURSES / "blocks")
    sections = package.worst_case.split("|")
    assert len(sections) == 6
    assert sections[5].count(";") == 2  # three blocks, each with every panel seen and open
    assert _decode_in_node(package, [package.worst_case])["encoded"] == [package.worst_case]


def test_the_scenario_codec_reads_what_python_proves_and_drops_what_cannot_fit(
    compiled: Callable[[Path], Package],
) -> None:
    package = compiled(COURSES / "scenario")
    spec = package.data["blocks"]["foto-wond"]
    key, lesson = spec["k"], package.data["lessons"][0]["k"]
    assert (spec["s"], spec["n"]) == ("scenario", 8)
    assert _decode_in_node(package, [package.worst_case])["encoded"] == [package.worst_case]
    assert package.worst_case.endswith(f"|{key}__FFF")  # 4095 endings, the longest path: three choices
    stored = [
        f"2|{lesson}2||||{key}ABCA",  # one ending reached; the path: choice index 2, then index 0
        f"2|{lesson}2||||{key}AB" + "A" * 8,  # more choices than a path through 8 nodes can have
        f"2|{lesson}2||||{key}ABG",  # choice 7 in a scenario whose nodes offer at most 6
        f"2|{lesson}2||||{key}A",  # no endings counter
    ]
    result = _decode_in_node(package, stored)
    assert result["decoded"][0]["blocks"] == {"foto-wond": {"runs": 1, "path": [2, 0]}}
    assert [decoded["blocks"] for decoded in result["decoded"][1:]] == [{}, {}, {}]
    assert result["encoded"][0] == stored[0]
