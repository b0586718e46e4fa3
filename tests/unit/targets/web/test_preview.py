from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from compiler.api import compile_course
from compiler.targets.base import load_preview
from compiler.targets.web.preview import PREVIEW, launch, storage_key
from compiler.targets.web.target import STATE_LIMIT

ROOT = Path(__file__).resolve().parents[4]


def test_the_storage_key_is_the_one_the_built_course_uses(tmp_path: Path) -> None:
    course = Path(shutil.copytree(ROOT / "tests" / "golden" / "graded" / "course_src", tmp_path / "course"))
    result = compile_course(course, None, targets=["web"], theme_dirs=(ROOT / "themes",))
    assert result.ok
    assert result.course is not None
    expected = f"coursec:{result.course.id}:{result.course.version}"
    assert launch(result.files) == {"storageKey": expected, "stateLimit": STATE_LIMIT}


def test_a_page_without_runtime_data_has_no_key() -> None:
    assert storage_key(b"<html></html>") == ""
    assert storage_key(b'<script type="application/json" id="coursec-data">{not json</script>') == ""
    assert storage_key(b'<script type="application/json" id="coursec-data">{"storage": 3}</script>') == ""
    assert launch({}) == {"storageKey": "", "stateLimit": STATE_LIMIT}


def test_the_target_folder_supplies_the_emulation_and_the_script_knows_the_limit() -> None:
    assert load_preview("web") is PREVIEW
    assert PREVIEW.backend is None  # localStorage lives in the page's own origin
    script = (resources.files("compiler.targets.web") / PREVIEW.scripts[0]).read_text(encoding="utf-8")
    assert "LMS.adapters.web = {" in script
    assert f"suspendLimit: {STATE_LIMIT}," in script
