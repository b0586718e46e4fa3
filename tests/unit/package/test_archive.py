from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from compiler.package.archive import (
    FIXED_EPOCH,
    ArchiveError,
    build_archive,
    zip_date_time,
)


def test_same_files_give_the_same_bytes_in_any_insertion_order() -> None:
    first = build_archive({"b.txt": b"2", "a/c.txt": b"3", "a.txt": b"1"})
    second = build_archive({"a.txt": b"1", "a/c.txt": b"3", "b.txt": b"2"})
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_entries_are_sorted_with_fixed_time_and_mode() -> None:
    data = build_archive({"z.txt": b"z", "a.txt": b"a"}, epoch=1700000000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["a.txt", "z.txt"]
        assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert archive.read("z.txt") == b"z"


def test_times_before_1980_are_clamped() -> None:
    assert zip_date_time(0) == zip_date_time(FIXED_EPOCH) == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("name", ["../evil.txt", "/abs.txt", "a\\b.txt", "C:/x.txt", "a/../../b", "a//b", ""])
def test_unsafe_names_are_rejected(name: str) -> None:
    with pytest.raises(ArchiveError, match="unsafe"):
        build_archive({name: b"x"})


def test_names_differing_only_in_case_are_rejected() -> None:
    with pytest.raises(ArchiveError, match="letter case"):
        build_archive({"media/Logo.svg": b"1", "media/logo.svg": b"2"})


def test_names_differing_only_in_unicode_normalisation_are_rejected() -> None:
    # 'café.svg' written precomposed (NFC) and decomposed (NFD): one file on macOS and many LMS servers.
    with pytest.raises(ArchiveError, match="Unicode normalisation"):
        build_archive({"media/caf\u00e9.svg": b"1", "media/cafe\u0301.svg": b"2"})
