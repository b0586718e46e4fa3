"""Notice saved files: poll folders for changed, added or removed files and call back once per change.

Polling (stat of every file a few times a second) instead of OS notifications: no dependency, and it
works the same on network drives, in containers and with editors that save by renaming. A course is
small; a scan of 1,000 lessons takes a few milliseconds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]
"""Path -> (modification time in ns, size) of every watched file."""


def _ignored(name: str) -> bool:
    """Editor and VCS droppings: hidden files and folders, backups (`x~`), Vim swap files."""
    return name.startswith(".") or name.endswith(("~", ".swp", ".swx")) or name == "__pycache__"


def scan(roots: Iterable[Path]) -> Snapshot:
    """Stat every file under the roots (sorted walk; unreadable entries are skipped)."""
    found: Snapshot = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not _ignored(d))
            for name in sorted(files):
                if _ignored(name):
                    continue
                path = Path(folder, name)
                try:
                    status = path.stat()
                except OSError:
                    continue
                found[str(path)] = (status.st_mtime_ns, status.st_size)
    return found


class Watcher:
    """Calls on_change (in its own thread) after any file under the roots changed."""

    def __init__(self, roots: Iterable[Path], on_change: Callable[[], None], interval: float = 0.15) -> None:
        self.roots = [root for root in roots if root.is_dir()]
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coursec-preview-watch", daemon=True)
        self._last = scan(self.roots)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def poll(self) -> bool:
        """Scan once; call on_change and return True when something changed since the last scan."""
        current = scan(self.roots)
        if current == self._last:
            return False
        self._last = current
        self.on_change()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()
