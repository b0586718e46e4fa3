from __future__ import annotations

import os
from pathlib import Path

from compiler.preview.watch import Watcher, scan


def _touch(path: Path, text: str, mtime_ns: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_scan_sees_course_files_but_not_editor_droppings(tmp_path: Path) -> None:
    _touch(tmp_path / "course.yaml", "a", 1_000_000_000)
    _touch(tmp_path / "lessons" / "01.md", "bb", 2_000_000_000)
    for name in (".01.md.swp", "01.md~", ".git/HEAD", "x.swx"):
        _touch(tmp_path / "lessons" / name, "junk", 3_000_000_000)
    assert scan([tmp_path]) == {
        str(tmp_path / "course.yaml"): (1_000_000_000, 1),
        str(tmp_path / "lessons" / "01.md"): (2_000_000_000, 2),
    }


def test_poll_calls_back_once_per_change(tmp_path: Path) -> None:
    lesson = tmp_path / "lessons" / "01.md"
    _touch(lesson, "title: a", 1_000_000_000)
    calls: list[int] = []
    watcher = Watcher([tmp_path, tmp_path / "missing-theme-folder"], lambda: calls.append(1))
    assert watcher.poll() is False
    _touch(lesson, "title: b", 2_000_000_000)  # saved
    assert watcher.poll() is True
    assert watcher.poll() is False
    _touch(tmp_path / "lessons" / "02.md", "new", 2_000_000_000)  # added
    assert watcher.poll() is True
    lesson.unlink()  # removed
    assert watcher.poll() is True
    assert calls == [1, 1, 1]


def test_the_thread_starts_and_stops(tmp_path: Path) -> None:
    watcher = Watcher([tmp_path], lambda: None, interval=0.01)
    watcher.start()
    watcher.stop()
    assert not watcher._thread.is_alive()
