from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from compiler.package.writer import write_error, write_package


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
