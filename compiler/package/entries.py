"""Archive entry names and package-relative references -> why they are unsafe (or None); the one place for it.

Every standard's package is a zip whose names an LMS unpacks into its web root, and whose manifest
or course structure points at files by relative URL. What makes a name or a reference unsafe is
the same for all of them: it must not climb out of the package, be absolute, use backslashes or
carry control characters. The archive builder, `coursec inspect` and each standard's checks ask
here, so the rule is written once (issue 19).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import unquote, urlsplit

_DRIVE_LETTER = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def display_name(name: str) -> str:
    """A name as a report can print it: control characters written as \\xNN."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", name)


def unsafe_name(name: str) -> str | None:
    """Why an unzip could write this entry outside its folder or mangle it, or None when it is safe.

    Folder entries end in '/'; that is not a fault.
    """
    if not name:
        return "has an empty name"
    if "\x00" in name:
        return "contains a NUL character"
    control = _CONTROL.search(name)
    if control is not None:
        return f"contains the control character U+{ord(control.group()):04X}"
    if "\\" in name:
        return "uses backslashes instead of '/'"
    if name.startswith("/") or _DRIVE_LETTER.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the package folder with '..' (zip slip)"
    return None


def unwritable_name(name: str) -> str | None:
    """Why coursec must not write this entry itself: unsafe, or not in normal form ('a//b', './a')."""
    problem = unsafe_name(name)
    if problem is None and posixpath.normpath(name) != name:
        problem = "is not a normalised path"
    return problem


def reference_problem(reference: str) -> str | None:
    """Why a package-relative reference (manifest href, AU url, page link) cannot name a file inside the package."""
    if "\\" in reference:
        return "uses backslashes; use '/' between folders"
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith("/"):
        return "is absolute; it must be relative to the package root"
    if ".." in unquote(parts.path).split("/"):
        return "uses '..'; it must stay inside the package"
    return None


def reference_path(reference: str) -> str:
    """The archive path a safe relative reference names (query and fragment dropped, percent-decoded)."""
    return unquote(urlsplit(reference).path)


def collision_key(name: str) -> str:
    """The name as a case-insensitive, normalising file system stores it (Windows, macOS, many LMS servers)."""
    return unicodedata.normalize("NFC", name).lower()
