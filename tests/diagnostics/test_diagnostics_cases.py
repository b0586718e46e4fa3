"""Bad-input cases: the exact CLI output for each, and together every diagnostic code.

Course cases: tests/diagnostics/<case>/course_src/ (+ optional args.txt with extra CLI arguments, one per
line, e.g. --theme-dir=themes; a first word 'compile' runs `coursec compile` instead), run as
`coursec validate course_src` from the case folder. Files too large to keep in the repository are described
in generated.json ({"path in course_src": {"head": ..., "repeat": ..., "times": N, "tail": ...}}); such a case
runs from a copy in a temporary folder with those files written out.
Package cases: tests/diagnostics/inspect/<case>/package/ zipped in sorted order (+ optional extra.json:
{"entry name": "text content"} for names a folder cannot hold), or a ready-made archive.bin (raw bytes) for damaged
archives, run as `coursec inspect <case>.zip` (+ optional args.txt, as for course cases, e.g. --strict).
expected.txt is the exact output (stdout and stderr as a terminal shows them), then a line `exit: N`.
Update after a reviewed change with: pytest tests/diagnostics --update-golden
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.diagnostics import CODES

HERE = Path(__file__).resolve().parent
THEMES = HERE.parents[1] / "themes"
COURSE_CASES = sorted(p.name for p in HERE.iterdir() if (p / "course_src").is_dir())
PACKAGE_CASES = sorted(
    p.name
    for p in (HERE / "inspect").iterdir()
    if any((p / name).exists() for name in ("package", "extra.json", "archive.bin"))
)


def _check(case_dir: Path, output: str, exit_code: int, update: bool) -> None:
    actual = f"{output}exit: {exit_code}\n"
    expected_file = case_dir / "expected.txt"
    if update:
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", COURSE_CASES)
def test_course_case(case: str, update_golden: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case_dir = HERE / case
    monkeypatch.chdir(case_dir)
    generated = case_dir / "generated.json"
    if generated.is_file():
        shutil.copytree(case_dir / "course_src", tmp_path / "course_src")
        for name, spec in json.loads(generated.read_text(encoding="utf-8")).items():
            text = spec["head"] + spec["repeat"] * spec["times"] + spec["tail"]
            (tmp_path / "course_src" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "course_src" / name).write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
    extra = (case_dir / "args.txt").read_text(encoding="utf-8").split() if (case_dir / "args.txt").is_file() else []
    command = extra.pop(0) if extra and extra[0] in ("compile", "validate") else "validate"
    if not any(a.startswith("--theme-dir") for a in extra):
        extra.append(f"--theme-dir={THEMES}")
    result = CliRunner().invoke(main, [command, "course_src", *extra])
    assert "Traceback" not in result.output
    _check(case_dir, result.output, result.exit_code, update_golden)


def _zip(case_dir: Path, target: Path) -> None:
    # Stored, not deflated: the report prints sizes, which must not depend on the zlib build.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        package = case_dir / "package"
        if package.is_dir():
            for path in sorted(package.rglob("*")):
                if path.is_file():
                    archive.writestr(path.relative_to(package).as_posix(), path.read_bytes())
        extra = case_dir / "extra.json"
        if extra.is_file():
            for name, text in json.loads(extra.read_text(encoding="utf-8")).items():
                archive.writestr(name, text)


@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_package_case(case: str, update_golden: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case_dir = HERE / "inspect" / case
    raw = case_dir / "archive.bin"  # damaged or odd archives that zipfile cannot write
    if raw.is_file():
        (tmp_path / f"{case}.zip").write_bytes(raw.read_bytes())
    else:
        _zip(case_dir, tmp_path / f"{case}.zip")
    monkeypatch.chdir(tmp_path)
    extra = (case_dir / "args.txt").read_text(encoding="utf-8").split() if (case_dir / "args.txt").is_file() else []
    result = CliRunner().invoke(main, ["inspect", f"{case}.zip", *extra])
    assert "Traceback" not in result.output
    _check(case_dir, result.output, result.exit_code, update_golden)


def test_the_cases_cover_every_diagnostic_code() -> None:
    seen: set[str] = set()
    for expected in HERE.rglob("expected.txt"):
        seen.update(re.findall(r"(?:error|warning)\[([EW]\d{3})\]", expected.read_text(encoding="utf-8")))
    assert sorted(set(CODES) - seen) == [], "codes with no bad-input case"
