"""Meta-tests: the pipeline imports flow forward only, and tests/unit mirrors compiler/ one-to-one."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "compiler"
STAGES = ["blocks", "source", "model", "render", "package", "targets"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_stages_import_forward_only() -> None:
    violations = []
    for position, stage in enumerate(STAGES):
        later = STAGES[position + 1 :]
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            for module in _imports(path):
                for other in later:
                    if module == f"compiler.{other}" or module.startswith(f"compiler.{other}."):
                        violations.append(f"{path.relative_to(ROOT)} imports {module}")
                if module in ("compiler.api", "compiler.cli"):
                    violations.append(f"{path.relative_to(ROOT)} imports {module}")
    assert violations == []


def test_unit_tests_mirror_the_package() -> None:
    modules = {
        path.relative_to(PACKAGE).with_name(f"test_{path.stem}.py")
        for path in PACKAGE.rglob("*.py")
        if path.stem not in ("__init__", "__main__")
    }
    tests = {path.relative_to(ROOT / "tests" / "unit") for path in (ROOT / "tests" / "unit").rglob("test_*.py")}
    assert sorted(map(str, modules - tests)) == [], "compiler modules without a unit test module"
    assert sorted(map(str, tests - modules)) == [], "unit test modules without a compiler module"


def test_stage_modules_open_with_a_docstring() -> None:
    missing = [
        str(path.relative_to(ROOT))
        for stage in STAGES
        for path in sorted((PACKAGE / stage).rglob("*.py"))
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []
