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


# ------------------------------------------------------------------ one home per standard (issue 19)

TARGETS_DIR = PACKAGE / "targets"
TARGETS = sorted(path.name for path in TARGETS_DIR.iterdir() if (path / "__init__.py").is_file())
STANDARD_MARKS = {
    "scorm12": ("imscp_rootv1p1p2", "adlcp_rootv1p2"),
    "scorm2004": ("/imscp_v1p1", "adlcp_v1p3", "imsss_v1p0", "adlseq_v1p3", "adlnav_v1p3"),
    "cmi5": ("w3id.org/xapi/profiles/cmi5",),
}
"""Text only one standard's code has: its XML namespaces. Each may appear in its own target folder only."""


def _owner(path: Path) -> str | None:
    """The target folder a module lives in, or None outside compiler/targets/<name>/."""
    parts = path.relative_to(PACKAGE).parts
    return parts[1] if len(parts) > 2 and parts[0] == "targets" else None


def test_each_standards_namespaces_appear_in_its_own_target_folder_only() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for standard, marks in STANDARD_MARKS.items():
            for mark in marks:
                if mark in text and _owner(path) != standard:
                    violations.append(f"{path.relative_to(ROOT)} names {mark!r} of {standard}")
    assert violations == []


def test_a_target_imports_no_other_target_and_only_targets_import_target_modules() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        owner = _owner(path)
        for module in _imports(path):
            parts = module.split(".")
            # Modules of targets/ that are no target (base.py, xapi.py: the xAPI model both xAPI
            # targets' LRSs check statements with) are shared; a target folder is another's own.
            if len(parts) < 3 or parts[:2] != ["compiler", "targets"] or parts[2] not in TARGETS:
                continue
            if parts[2] != owner:
                violations.append(f"{path.relative_to(ROOT)} imports {module} (ask compiler.targets.base)")
    assert violations == []


def test_every_target_folder_holds_its_target_reader_and_runtime_adapter() -> None:
    from compiler.targets.base import load_target

    assert TARGETS == ["cmi5", "scorm12", "scorm2004", "tincan", "web"]  # a new target: see CONTRIBUTING.md
    for name in TARGETS:
        assert (TARGETS_DIR / name / "target.py").is_file(), name
        assert (TARGETS_DIR / name / "reader.py").is_file(), name
        target = load_target(name)
        assert type(target).__module__ == f"compiler.targets.{name}.target"
        assert target.reader.detect.__module__ == f"compiler.targets.{name}.reader"
        assert target.reader.kind == name
        for script in target.tracker_scripts:
            assert (PACKAGE / "runtime" / script).is_file(), f"{name}: {script}"


def test_the_library_never_imports_the_cli() -> None:
    violations = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in ("cli.py", "__main__.py")
        for module in _imports(path)
        if module == "compiler.cli" or module.startswith("compiler.cli.")
    ]
    assert violations == []


def test_preview_api_and_scaffold_import_forward_only() -> None:
    # api.py runs the stages; the preview, inspect and reports build on api; scaffold stands alone.
    allowed = {
        "api.py": ("compiler.preview", "compiler.inspect", "compiler.reports", "compiler.scaffold"),
        "scaffold.py": ("compiler.preview", "compiler.inspect", "compiler.reports", "compiler.api"),
        "inspect.py": ("compiler.preview", "compiler.api", "compiler.reports", "compiler.scaffold"),
        "reports.py": ("compiler.preview", "compiler.inspect", "compiler.scaffold"),
    }
    violations = []
    for name, forbidden in allowed.items():
        for module in _imports(PACKAGE / name):
            if any(module == f or module.startswith(f"{f}.") for f in forbidden):
                violations.append(f"compiler/{name} imports {module}")
    for path in sorted((PACKAGE / "preview").rglob("*.py")):
        for module in _imports(path):
            if module in ("compiler.scaffold", "compiler.inspect"):
                violations.append(f"{path.relative_to(ROOT)} imports {module}")
    assert violations == []
