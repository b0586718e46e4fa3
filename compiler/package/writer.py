"""Write a package atomically: temp file beside the target, fsync, os.replace; never a half-written zip."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


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
