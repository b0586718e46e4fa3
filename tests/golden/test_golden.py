"""Golden packages: compile each case for every target and compare every file of the zip, byte for byte.

expected/ holds the SCORM 1.2 package, expected-<target>/ the package of each other target.

expected/entries.txt lists every entry with its size and CRC-32, so any byte change anywhere fails.
expected/files/ holds the full text of the files the compiler generates (index.html, imsmanifest.xml,
cmi5.xml, tincan.xml), so a change there shows as a readable diff; index.html, the same in every
target, is stored in expected/files/ only; files copied verbatim (theme, runtime, media, XSDs) are
not stored twice: their own sources carry the diff.
Update after a reviewed change with: pytest tests/golden --update-golden
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from compiler.api import compile_course

HERE = Path(__file__).resolve().parent
THEMES = HERE.parents[1] / "themes"
CASES = sorted(path.name for path in HERE.iterdir() if (path / "course_src").is_dir())
GENERATED = ("imsmanifest.xml", "cmi5.xml", "tincan.xml", "index.html")
TARGETS = ("scorm12", "scorm2004", "web", "cmi5", "tincan")
SHARED = ("index.html",)
"""Generated files that are the same bytes in every target (the course is rendered once): stored once,
with the SCORM 1.2 package, and every target's package is compared with that copy."""


def _expected_dir(case: str, target: str) -> Path:
    return HERE / case / ("expected" if target == "scorm12" else f"expected-{target}")


def _entries(data: bytes) -> tuple[dict[str, bytes], str]:
    """The zip's files and a listing of every entry's metadata, one line each."""
    files: dict[str, bytes] = {}
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            files[info.filename] = archive.read(info)
            date = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}".format(*info.date_time)
            mode = oct(info.external_attr >> 16)
            lines.append(f"{info.filename}  size={info.file_size} crc={info.CRC:08x} date={date} mode={mode}")
    return files, "\n".join(lines) + "\n"


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    try:
        old, new = expected.decode("utf-8").splitlines(True), actual.decode("utf-8").splitlines(True)
    except UnicodeDecodeError:
        return f"{name}: binary content differs"
    return "".join(difflib.unified_diff(old, new, f"expected/{name}", f"actual/{name}"))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", CASES)
def test_package_matches_the_golden_files(case: str, target: str, tmp_path: Path, update_golden: bool) -> None:
    result = compile_course(HERE / case / "course_src", tmp_path, targets=[target], theme_dirs=(THEMES,), epoch=0)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.package_path is not None
    files, listing = _entries(result.package_path.read_bytes())
    expected_dir = _expected_dir(case, target)
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, data in files.items():
            if name not in GENERATED or (name in SHARED and target != "scorm12"):
                continue
            (expected_dir / "files" / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / "files" / name).write_bytes(data)
        expected_dir.mkdir(parents=True, exist_ok=True)
        (expected_dir / "entries.txt").write_text(listing, encoding="utf-8")
        return
    expected_files = {
        path.relative_to(expected_dir / "files").as_posix(): path.read_bytes()
        for path in sorted((expected_dir / "files").rglob("*"))
        if path.is_file()
    }
    shared_dir = _expected_dir(case, "scorm12") / "files"
    expected_files.update({name: (shared_dir / name).read_bytes() for name in SHARED if name in files})
    assert sorted(expected_files) == sorted(name for name in GENERATED if name in files)
    diffs = [_diff(data, files[name], name) for name, data in expected_files.items() if files[name] != data]
    assert not diffs, "\n".join(diffs)
    expected_listing = (expected_dir / "entries.txt").read_text(encoding="utf-8")
    assert listing == expected_listing, "\n" + "".join(
        difflib.unified_diff(expected_listing.splitlines(True), listing.splitlines(True), "expected", "actual")
    )


def _compile_in_a_fresh_process(course: Path, output: Path, hash_seed: str) -> dict[str, str]:
    """SHA-256 of each zip `coursec compile --target all` writes in its own interpreter with the given hash seed."""
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    environment.pop("SOURCE_DATE_EPOCH", None)
    environment["COURSEC_CACHE_DIR"] = str(output / "cache")  # no template cache shared between the runs
    command = [sys.executable, "-m", "compiler", "compile", str(course), "-o", str(output), "--theme-dir", str(THEMES)]
    command += ["--target", "all"]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    assert done.returncode == 0, done.stderr
    return {package.name: hashlib.sha256(package.read_bytes()).hexdigest() for package in sorted(output.glob("*.zip"))}


@pytest.mark.parametrize("case", CASES)
def test_two_processes_with_different_hash_seeds_give_the_same_sha256(case: str, tmp_path: Path) -> None:
    course = HERE / case / "course_src"
    first = _compile_in_a_fresh_process(course, tmp_path / "a", "1")
    second = _compile_in_a_fresh_process(course, tmp_path / "b", "4242")
    assert first == second
    assert len(first) >= len(TARGETS)


def test_source_date_epoch_sets_the_entry_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    result = compile_course(HERE / "minimal" / "course_src", tmp_path, theme_dirs=(THEMES,))
    assert result.package_path is not None
    with zipfile.ZipFile(result.package_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
