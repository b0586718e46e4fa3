from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.package.writer import remove_stale_temporaries, write_error, write_package


def test_writes_the_file_and_leaves_no_temporary_behind(tmp_path: Path) -> None:
    target = tmp_path / "build" / "course.zip"
    write_package(b"new", target)
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["course.zip"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_package_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "course.zip"
    target.write_bytes(b"good old package")

    def broken_replace(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("compiler.package.writer.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_package(b"new", target)
    assert target.read_bytes() == b"good old package"
    assert [p.name for p in tmp_path.iterdir()] == ["course.zip"]


@pytest.mark.parametrize(
    ("number", "advice"),
    [
        (errno.ENOTDIR, "is a file, not a folder"),
        (errno.EACCES, "you may not write there"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only"),
    ],
)
def test_write_error_names_the_path_and_says_what_to_do(number: int, advice: str) -> None:
    target = Path("out/course.zip")
    diagnostic = write_error(OSError(number, os.strerror(number), "out"), target)
    assert diagnostic.code == "E601"
    assert diagnostic.span is not None
    assert diagnostic.span.path == "out"
    assert "out/course.zip" in diagnostic.message
    assert os.strerror(number) in diagnostic.message
    assert advice in (diagnostic.hint or "")


def test_write_error_names_the_package_not_its_temporary_file() -> None:
    target = Path("build/course.zip")
    diagnostic = write_error(OSError(errno.ENOSPC, "No space left", "build/.course.zip.abc.tmp"), target)
    assert diagnostic.span is not None
    assert diagnostic.span.path == "build/course.zip"


_WRITER = """
import os, sys, time
from pathlib import Path
import compiler.package.writer as writer

def stall(descriptor):  # the data is in the temporary file; stop here until killed
    print("writing", flush=True)
    time.sleep(60)

writer.os.fsync = stall
writer.write_package(b"x" * 1_000_000, Path(sys.argv[1]))
"""


def _start_writer(target: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"  # blocks until the child is mid-write
    return child


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="flock and SIGKILL")
def test_a_write_killed_midway_leaves_a_temporary_the_next_compile_removes(tmp_path: Path) -> None:
    target = tmp_path / "course-1.0.0-scorm12.zip"
    others = [".notes.tmp", ".course-1.0.0-scorm12.zip.tmp", "keep.zip.abcdefgh.tmp", "course-1.0.0-scorm12.zip"]
    for name in others:
        (tmp_path / name).write_bytes(b"not a temporary of ours")
    killed = _start_writer(target)
    killed.kill()  # SIGKILL: no except, no finally
    killed.wait()
    [stale] = [name for name in _temporaries(tmp_path) if name not in others]
    assert (tmp_path / stale).stat().st_size == 1_000_000

    busy = _start_writer(tmp_path / "other-1.0.0-cmi5.zip")  # a concurrent compile into the same folder
    try:
        [running] = [name for name in _temporaries(tmp_path) if name not in (*others, stale)]
        write_package(b"new", target)
        assert target.read_bytes() == b"new"
        assert not (tmp_path / stale).exists()  # its writer is gone
        assert (tmp_path / running).exists()  # its writer still holds it
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted({*others, running})
    finally:
        busy.kill()
        busy.wait()
    assert busy.stdout is not None
    assert killed.stdout is not None
    busy.stdout.close()
    killed.stdout.close()
    assert remove_stale_temporaries(tmp_path) == [running]
