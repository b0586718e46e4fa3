"""{archive path: bytes} -> deterministic zip bytes; rejects duplicate and escaping entry names."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Mapping

from compiler.package.entries import collision_key, unwritable_name

FIXED_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can carry
_FILE_MODE = 0o100644 << 16  # regular file, rw-r--r--


class ArchiveError(ValueError):
    """The archive would contain an unsafe or ambiguous entry."""


def zip_date_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """Zip entry time for a Unix time (UTC), clamped to the zip format's 1980-2107 range."""
    clamped = min(max(epoch, FIXED_EPOCH), 4354819199)
    moment = time.gmtime(clamped)
    return (moment.tm_year, moment.tm_mon, moment.tm_mday, moment.tm_hour, moment.tm_min, moment.tm_sec)


def check_entry_name(name: str) -> None:
    """Reject names an unzip could write outside its folder, or that differ per platform."""
    if unwritable_name(name) is not None:
        raise ArchiveError(f"unsafe archive entry name: {name!r}")


def build_archive(files: Mapping[str, bytes], epoch: int = FIXED_EPOCH) -> bytes:
    """Zip the files: sorted entries, fixed time and permissions, deflate; same input, same bytes."""
    seen: dict[str, str] = {}
    for name in files:
        check_entry_name(name)
        folded = collision_key(name)
        if folded in seen:
            # Two names that differ only in case (or Unicode normalisation) collide on Windows and macOS
            # LMS servers and unzips.
            how = "letter case" if seen[folded].lower() == name.lower() else "Unicode normalisation (NFC/NFD)"
            raise ArchiveError(f"archive entries {seen[folded]!r} and {name!r} differ only in {how}")
        seen[folded] = name
    date_time = zip_date_time(epoch)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _FILE_MODE
            info.create_system = 3  # Unix, so the mode above is honoured by unzip
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()
