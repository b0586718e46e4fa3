from __future__ import annotations

import io
import zipfile

from compiler.package.reader import CHUNK, PackageReader, ZipEntries, entry_chunks
from compiler.targets.base import available_targets


def test_every_target_has_a_reader_of_its_own_kind() -> None:
    for name, target in available_targets().items():
        assert isinstance(target.reader, PackageReader)
        assert target.reader.kind == name


def test_zip_entries_read_on_demand_and_serve_the_preloaded_description() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", b"<on-disk/>")
        archive.writestr("big.bin", b"x" * (CHUNK * 2 + 5))
    with zipfile.ZipFile(buffer) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        files = ZipEntries(archive, infos, {"imsmanifest.xml": b"<read-once/>"})
        assert sorted(files) == ["big.bin", "imsmanifest.xml"]
        assert files["imsmanifest.xml"] == b"<read-once/>"
        assert [len(chunk) for chunk in entry_chunks(files, "big.bin")] == [CHUNK, CHUNK, 5]


def test_chunks_of_files_in_memory() -> None:
    files = {"a": b"y" * (CHUNK + 1)}
    assert [len(chunk) for chunk in entry_chunks(files, "a")] == [CHUNK, 1]
