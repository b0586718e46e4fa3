from __future__ import annotations

from pathlib import Path

import pytest

from compiler.package.writer import write_package


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
