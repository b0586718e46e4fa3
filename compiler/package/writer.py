"""Write a package atomically: temp file beside the target, fsync, os.replace; never a half-written zip.

A write killed before its rename (SIGKILL, power loss) leaves its temporary file behind. Each temporary
file is locked (flock) by its writer for as long as it is written, and the kernel drops that lock when
the writer dies, however it dies. So before writing, a compile removes the temporary files of this
naming scheme (`.NAME.zip.XXXXXXXX.tmp`) in its output folder that nobody holds locked: a concurrent
compile into the same folder keeps its own. Other files are never touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path

from compiler.diagnostics import Diagnostic, SourceSpan, error

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; stale files are left for the author
    fcntl = None  # type: ignore[assignment]

_TEMPORARY = re.compile(r"\A\..+\.zip\.[a-z0-9_]{8}\.tmp\Z")
"""What tempfile.mkstemp(prefix='.NAME.zip.', suffix='.tmp') names: eight of [a-z0-9_] in between."""

_ERRNO_HINTS = {
    errno.ENOTDIR: "a part of this path is a file, not a folder: choose another output folder with -o",
    errno.EEXIST: "a file with that name is in the way: remove it or choose another output folder with -o",
    errno.EISDIR: "a folder with the package's name is in the way: remove it or choose another output folder",
    errno.EACCES: "you may not write there: choose another output folder with -o, or change its permissions",
    errno.EPERM: "you may not write there: choose another output folder with -o, or change its permissions",
    errno.EROFS: "the disk is read-only: choose another output folder with -o",
    errno.ENOSPC: "the disk is full: free some space or choose another output folder with -o",
    errno.EDQUOT: "your disk quota is used up: free some space or choose another output folder with -o",
    errno.ENOENT: "the folder cannot be made there: choose an output folder on a normal, writable disk with -o",
    errno.ENAMETOOLONG: "the path is too long: choose a shorter output folder with -o",
}


def remove_stale_temporaries(folder: Path) -> list[str]:
    """Remove the temporary files of interrupted package writes in folder (unlocked ones only); return their names."""
    if fcntl is None:
        return []
    removed = []
    try:
        entries = sorted(entry.name for entry in os.scandir(folder) if _TEMPORARY.match(entry.name))
    except OSError:
        return []
    for name in entries:
        path = folder / name
        try:
            descriptor = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue  # gone meanwhile, a link, or not ours to open
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.path.samestat(os.fstat(descriptor), os.lstat(path)):
                path.unlink()
                removed.append(name)
        except OSError:
            continue  # locked: a writer is still at work (or it vanished meanwhile)
        finally:
            os.close(descriptor)
    return removed


def _locked_temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside target, locked; retried if a cleaner removed it before the lock."""
    while True:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        if fcntl is None:
            return descriptor, temporary
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.fstat(descriptor), os.lstat(temporary)):
                return descriptor, temporary
        except FileNotFoundError:
            pass
        os.close(descriptor)  # another compile's cleanup took it between creation and lock


def write_package(data: bytes, target: Path) -> None:
    """Write data to target so that readers see either the old file or the complete new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    descriptor, temporary = _locked_temporary(target)
    try:
        # Open (so locked) until renamed: a cleanup must never take a complete file before its rename.
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            Path(temporary).chmod(0o644)
            if fcntl is not None:  # Windows cannot rename an open file
                os.replace(temporary, target)  # noqa: PTH105 - atomic rename; patched in tests by this name
        if fcntl is None:
            os.replace(temporary, target)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def write_error(exc: OSError, target: Path) -> Diagnostic:
    """E601 for a package that cannot be written: the path that failed, why, and what to do."""
    path = Path(exc.filename) if exc.filename else target
    if path.name.startswith(f".{target.name}.") and path.name.endswith(".tmp"):
        path = target  # the temporary file beside the target: name the package the author asked for
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _ERRNO_HINTS.get(exc.errno or 0, "check the output folder (-o) and try again")
    return error("E601", f"cannot write the package '{target}': {reason}", SourceSpan(path.as_posix(), 0, 0), hint)
