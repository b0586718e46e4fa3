"""Hostile XML in a package's description: a finding for each trick, nothing expanded or fetched."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from lxml import etree

from compiler.package.untrusted_xml import MAX_XML_BYTES, parse_untrusted

ROOT = b'<manifest xmlns="urn:x-test:cp"><title>Cursus</title></manifest>'


def billion_laughs(levels: int = 10) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels))
    return f"<!DOCTYPE manifest [{entities}]><manifest><title>&lol{levels - 1};</title></manifest>".encode()


def codes(data: bytes) -> list[str]:
    return [d.code for d in parse_untrusted(data, "imsmanifest.xml", "E504").diagnostics]


def test_plain_xml_has_no_findings_and_can_be_checked() -> None:
    parsed = parse_untrusted(ROOT, "imsmanifest.xml", "E504")
    assert parsed.diagnostics == ()
    assert parsed.checkable


def test_a_legal_internal_entity_is_a_finding_not_a_crash() -> None:
    data = b'<!DOCTYPE manifest [<!ENTITY a "hallo">]><manifest><title>&a;</title></manifest>'
    parsed = parse_untrusted(data, "imsmanifest.xml", "E504")
    assert [d.code for d in parsed.diagnostics] == ["E514"]
    assert "&a;" in parsed.diagnostics[0].message
    assert not parsed.checkable  # the tree does not say what the file says: no schema check on it


def test_billion_laughs_is_refused_without_expanding_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        parsed = parse_untrusted(billion_laughs(), "imsmanifest.xml", "E504")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.code for d in parsed.diagnostics] == ["E514"]
    assert peak < 8 * 1024 * 1024  # expanded, the title would be 3 GB


def test_a_small_entity_bomb_that_parses_is_still_not_expanded() -> None:
    parsed = parse_untrusted(billion_laughs(3), "imsmanifest.xml", "E504")
    assert [d.code for d in parsed.diagnostics] == ["E514"]
    assert parsed.root is not None
    assert "lollol" not in etree.tostring(parsed.root, encoding="unicode")  # the reference stays a reference


def test_an_external_entity_to_a_local_file_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-1234", encoding="utf-8")
    data = (
        f'<!DOCTYPE manifest [<!ENTITY x SYSTEM "{secret.as_uri()}">]><manifest><title>&x;</title></manifest>'
    ).encode()
    parsed = parse_untrusted(data, "imsmanifest.xml", "E504")
    assert [d.code for d in parsed.diagnostics] == ["E514"]
    assert "external entities" in parsed.diagnostics[0].message
    assert parsed.root is not None
    assert "GEHEIM" not in etree.tostring(parsed.root, encoding="unicode")


def test_an_external_dtd_is_a_warning_and_is_not_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "GEHEIM">', encoding="utf-8")
    data = f'<!DOCTYPE manifest SYSTEM "{dtd.as_uri()}"><manifest><title>t</title></manifest>'.encode()
    parsed = parse_untrusted(data, "imsmanifest.xml", "E504")
    assert [d.code for d in parsed.diagnostics] == ["W507"]
    assert parsed.checkable


def test_processing_instructions_are_warnings_with_their_lines() -> None:
    data = b'<?xml-stylesheet href="a.xsl"?>\n<manifest>\n<?php echo 1; ?>\n</manifest>'
    parsed = parse_untrusted(data, "cmi5.xml", "E513")
    assert [(d.code, d.span.line if d.span else None) for d in parsed.diagnostics] == [("W508", 1), ("W508", 3)]
    assert "xml-stylesheet" in parsed.diagnostics[0].message


def test_syntax_errors_get_the_kinds_code_and_a_hint() -> None:
    parsed = parse_untrusted(b"<manifest><a></manifest>", "cmi5.xml", "E513")
    assert [d.code for d in parsed.diagnostics] == ["E513"]
    assert parsed.diagnostics[0].hint == "every <tag> needs its own </tag>, closed in reverse order"
    assert parsed.root is None


def test_a_description_over_the_limit_is_not_parsed() -> None:
    data = ROOT + b" " * MAX_XML_BYTES
    parsed = parse_untrusted(data, "imsmanifest.xml", "E504")
    assert [d.code for d in parsed.diagnostics] == ["E515"]
    assert parsed.root is None
    assert codes(ROOT + b" " * (MAX_XML_BYTES - len(ROOT))) == []  # exactly at the limit is read
