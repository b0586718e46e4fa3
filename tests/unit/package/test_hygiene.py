from __future__ import annotations

import io
import stat
import zipfile

import pytest

from compiler.diagnostics import Severity
from compiler.package.hygiene import (
    check_entries,
    check_names,
    check_readable,
    hidden_part,
    read_bounded,
    scan_launch_page,
)


def make_zip(entries: dict[str, bytes], links: dict[str, str] | None = None, mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3  # Unix: external_attr holds the mode bits
            info.external_attr = (mode if mode is not None else stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def entries_of(data: bytes) -> tuple[dict[str, zipfile.ZipInfo], list[tuple[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        safe, diagnostics = check_entries(archive, archive.infolist())
    return safe, [(d.code, d.message) for d in diagnostics]


def test_hidden_and_system_files_warn_once_each() -> None:
    hidden = [".DS_Store", "__MACOSX/._index.html", "__MACOSX/media/._Logo.png", "Thumbs.db", "index.html"]
    diagnostics = check_names(hidden)
    assert all(d.severity is Severity.WARNING and d.code == "W501" for d in diagnostics)
    assert [d.message for d in diagnostics] == [
        "package contains the hidden or system file '.DS_Store'",
        "package contains the hidden or system file 'Thumbs.db'",
        "package contains the system folder '__MACOSX/' (2 entries)",
    ]
    assert hidden_part(["media", ".git", "HEAD"]) == 1
    assert hidden_part(["media", "logo.png"]) is None


def test_a_symlink_entry_is_an_error_naming_its_target_and_is_not_kept() -> None:
    safe, found = entries_of(make_zip({"index.html": b"<p>"}, links={"runtime": "/etc"}))
    assert found == [("E502", "entry 'runtime' is a symbolic link (to '/etc')")]
    assert list(safe) == ["index.html"]


def test_special_files_are_errors() -> None:
    _, found = entries_of(make_zip({}, links={"fifo": ""}, mode=stat.S_IFIFO | 0o644))
    assert found == [("E502", "entry 'fifo' is a special file (device, pipe or socket), not a file or folder")]


def test_unsafe_and_doubled_names_are_errors() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.html", b"x")
        archive.writestr("a.html", b"1")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("a.html", b"2")
    safe, found = entries_of(buffer.getvalue())
    assert found == [
        ("E502", "entry '../evil.html' climbs out of the package folder with '..' (zip slip)"),
        ("E502", "entry 'a.html' appears 2 times"),
    ]
    assert list(safe) == ["a.html"]


def test_names_that_collide_on_windows_and_macos_warn() -> None:
    _, found = entries_of(make_zip({"media/Logo.png": b"1", "media/logo.png": b"2", "caf\u00e9.svg": b"3"}))
    assert found == [("W509", "entry 'media/Logo.png' and 'media/logo.png' differ only in letter case")]
    _, found = entries_of(make_zip({"caf\u00e9.svg": b"1", "cafe\u0301.svg": b"2"}))
    assert [code for code, _ in found] == ["W509"]
    assert "Unicode normalisation (NFC/NFD)" in found[0][1]


def test_a_corrupt_entry_is_unreadable() -> None:
    data = make_zip({"a.txt": bytes(range(256)) * 40})
    start = data.index(b"a.txt") + len(b"a.txt") + 10  # past the local header, inside the deflated data
    damaged = data[:start] + bytes(b ^ 0x55 for b in data[start : start + 8]) + data[start + 8 :]
    with zipfile.ZipFile(io.BytesIO(damaged)) as archive:
        problem = check_readable(archive, archive.getinfo("a.txt"))
    assert problem is not None
    assert problem.code == "E501"


def test_read_bounded_never_keeps_more_than_the_limit() -> None:
    data = make_zip({"big.xml": b" " * 100_000, "small.xml": b"<a/>"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert read_bounded(archive, archive.getinfo("big.xml"), 1000) is None
        assert read_bounded(archive, archive.getinfo("small.xml"), 1000) == b"<a/>"
        lying = archive.getinfo("big.xml")
        lying.file_size = 10  # a header that understates the size: read only as far as it says, then refused
        with pytest.raises(zipfile.BadZipFile):
            read_bounded(archive, lying, 1000)


def test_the_launch_page_names_its_generator_and_missing_files() -> None:
    page = (
        b'<!doctype html><meta name="generator" content="coursec 0.1.0">\n'
        b'<link rel="stylesheet" href="static/theme.css"><script src="runtime/App.js"></script>\n'
        b'<img src="media/gone.png"><a href="https://example.org/">x</a><a href="#top">top</a>'
    )
    files = {"index.html": page, "static/theme.css": b"", "runtime/app.js": b""}
    scan = scan_launch_page(files, "index.html", set(files))
    assert scan.generator == "coursec 0.1.0"
    assert [(d.code, d.span.line if d.span else 0) for d in scan.diagnostics] == [("E510", 2), ("E508", 3)]
    assert "media/gone.png" in scan.diagnostics[1].message


def test_a_page_with_a_base_href_is_not_checked() -> None:
    files = {"index.html": b'<base href="https://cdn.example.org/"><img src="gone.png">'}
    assert scan_launch_page(files, "index.html", set(files)).diagnostics == ()
