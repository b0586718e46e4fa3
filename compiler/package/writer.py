"""Write a package atomically: temp file beside the target, fsync, os.replace; never a half-written zip."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from compiler.diagnostics import Diagnostic, SourceSpan, error

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


def write_package(data: bytes, target: Path) -> None:
    """Write data to target so that readers see either the old file or the complete new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o644)
        os.replace(temporary, target)  # noqa: PTH105 - atomic rename; patched in tests by this name
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
