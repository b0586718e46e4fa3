"""The runtime weight limits of issue 20, in bytes (not time): bench/weight.py measures, this holds them.

Every target's package: its .js and .css files as shipped (minified), each gzipped on its own.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from compiler.api import compile_course
from compiler.blocks.registry import block_names
from compiler.model.course import QUESTION_TYPES
from compiler.render.minify import minify_assets
from compiler.render.runtime_files import COURSE_STYLE, TARGET_SCRIPT, build_block_assets

ROOT = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_weight", ROOT / "bench" / "weight.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_weight", module)
    spec.loader.exec_module(module)
    return module


weight = _bench()


def test_the_bundled_course_stays_within_30_kb_in_every_target() -> None:
    found = weight.weights(weight.BUNDLED)
    assert sorted(found) == ["cmi5", "scorm12", "scorm2004", "tincan", "web"]
    over = {target: size for target, size in found.items() if size > weight.BUNDLED_LIMIT}
    assert over == {}, f"over {weight.BUNDLED_LIMIT:,} bytes gzipped"


def test_a_course_with_every_block_and_question_type_stays_within_36_kb(tmp_path: Path) -> None:
    course = weight.write_every_block_course(tmp_path / "every")
    result = compile_course(course, None, cache_templates=False)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.course is not None
    assert result.course.block_kinds() == block_names()  # every registered block type, a new one too
    assert result.course.quiz is not None
    used = {q.type for q in result.course.all_questions()} | {q.type for q in result.course.quiz.questions}
    assert used == set(QUESTION_TYPES)
    found = weight.weights(course)
    over = {target: size for target, size in found.items() if size > weight.EVERY_LIMIT}
    assert over == {}, f"over {weight.EVERY_LIMIT:,} bytes gzipped"


def test_a_course_without_blocks_weighs_what_a_course_without_fences_weighs(tmp_path: Path) -> None:
    fenced = weight.write_plain_course(tmp_path / "fenced", fences=True)
    plain = weight.write_plain_course(tmp_path / "plain", fences=False)
    assert weight.weights(fenced) == weight.weights(plain)
    result = compile_course(fenced, None, targets=["all"], cache_templates=False)
    for output in result.outputs:
        assert [name for name in output.files if name.startswith("blocks/")] == [], output.target


@pytest.mark.parametrize("name", block_names())
def test_each_block_adds_its_own_files_only(name: str, tmp_path: Path) -> None:
    folder = weight.write_plain_course(tmp_path / name, fences=False)
    lesson = folder / "lessons" / "01-plain.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n" + weight.block_example(name), encoding="utf-8")
    for path in weight.MEDIA_REFERENCE.findall(weight.block_example(name)):
        (folder / path).write_text(weight.PLACEHOLDER, encoding="utf-8")
    result = compile_course(folder, None, targets=["web"], cache_templates=False)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    files = result.outputs[0].files
    assert not [path for path in files if path.startswith("blocks/")]  # joined into the one script and sheet
    shipped = {".js": files[TARGET_SCRIPT], ".css": files[COURSE_STYLE]}
    assets = build_block_assets([name])
    assert {part.split("/")[0] for part in assets.parts} - {"codecs"} == {name}
    for path, data in minify_assets(assets.files).items():
        assert data.strip() in shipped[Path(path).suffix], path
    # No other block's registration or style.
    for other in block_names():
        if other != name:
            assert f"C.blockTypes.{other}=".encode() not in shipped[".js"], other
            assert f".block-{other.replace('_', '-')}{{".encode() not in shipped[".css"], other
