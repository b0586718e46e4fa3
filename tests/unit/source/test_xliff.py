"""XLIFF 1.2 read and write: units, inline codes, structural validation (E701)."""

from __future__ import annotations

import pytest

from compiler.source.markdown_segments import protect_inline
from compiler.source.xliff import Tag, UnitToWrite, parse_xliff, tags_of, write_xliff

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
FILE = '<file original="lessons/a.md" source-language="nl" target-language="en" datatype="x-markdown"><body>\n'


def _file(units: str) -> str:
    return HEAD + FILE + units + "\n</body></file></xliff>\n"


def _plain(content: list[str | Tag] | None) -> list[object] | None:
    if content is None:
        return None
    return [part if isinstance(part, str) else (part.id, part.role, part.ctype) for part in content]


def test_what_is_written_reads_back_with_its_codes_languages_and_hash() -> None:
    source = protect_inline("Ga naar **Chats** en [de *wet*](https://x.nl) met `code` & <br>")
    target = tags_of(protect_inline("Go to **Chats** and [the *law*](https://x.nl) with `code` & <br>"))
    data = write_xliff(
        "nl", "en", [UnitToWrite("a/1", "lessons/a.md", source, "0123456789abcdef", target, "translated")]
    )
    document, diagnostics = parse_xliff(data.decode("utf-8"), "translations/en.xlf")
    assert diagnostics == []
    assert document is not None
    assert (document.source_language, document.target_language) == ("nl", "en")
    unit = document.units["a/1"]
    assert _plain(unit.source) == _plain(tags_of(source))
    assert _plain(unit.target) == _plain(target)
    assert unit.source_hash == "0123456789abcdef"
    assert unit.state == "translated"
    assert unit.translated


def test_texts_are_written_exactly_without_indentation_inside_them() -> None:
    source = protect_inline("**een**\n  *twee*  ")
    data = write_xliff("nl", "en", [UnitToWrite("a", "a.md", source, "h", ["one\n  two  "], "translated")]).decode()
    assert '<source><g id="1" ctype="bold">een</g>\n  <g id="2" ctype="italic">twee</g>  </source>' in data
    assert '<target state="translated">one\n  two  </target>' in data


def test_writing_twice_gives_the_same_bytes() -> None:
    units = [UnitToWrite(f"u/{n}", "course.yaml", protect_inline(f"tekst {n}"), "h") for n in range(3)]
    assert write_xliff("nl", "en", units) == write_xliff("nl", "en", units)


def test_cat_tool_segment_marks_are_read_through() -> None:
    text = _file(
        '<trans-unit id="a"><source>Hoi</source><target><mrk mtype="seg" mid="1">Hi</mrk></target></trans-unit>'
    )
    document, diagnostics = parse_xliff(text, "t.xlf")
    assert diagnostics == []
    assert document is not None
    assert document.units["a"].target == ["Hi"]


@pytest.mark.parametrize(
    ("target", "translated"),
    [("", False), ("<target/>", False), ('<target state="new">Hi</target>', False), ("<target>Hi</target>", True)],
)
def test_a_unit_counts_as_translated_only_with_a_target_text(target: str, translated: bool) -> None:
    document, _ = parse_xliff(_file(f'<trans-unit id="a"><source>Hoi</source>{target}</trans-unit>'), "t.xlf")
    assert document is not None
    assert document.units["a"].translated is translated


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (_file('<trans-unit id="a"><source>Hoi</source><target>Hi</trans-unit>'), 4, "mismatch"),
        ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"/>', 1, 'version="1.2"'),
        (
            _file(
                '<trans-unit id="a"><source>A</source></trans-unit>\n<trans-unit id="a"><source>B</source></trans-unit>'
            ),
            5,
            "twice",
        ),
        (_file('<trans-unit id="a"><target>Hi</target></trans-unit>'), 4, "one <source>"),
        (_file('<trans-unit id="a"><source>A<bpt id="1">*</bpt></source></trans-unit>'), 4, "<bpt>"),
        (_file("<trans-unit><source>A</source></trans-unit>"), 4, "without an 'id'"),
        (HEAD + '<file original="a" datatype="x"><body/></file></xliff>', 3, "source-language"),
    ],
)
def test_what_coursec_cannot_read_is_e701_at_its_line(text: str, line: int, words: str) -> None:
    _, diagnostics = parse_xliff(text, "translations/en.xlf")
    assert [d.code for d in diagnostics][:1] == ["E701"]
    assert diagnostics[0].span is not None
    assert diagnostics[0].span.line == line
    assert words in diagnostics[0].message


def test_entities_are_not_expanded() -> None:
    text = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + _file('<trans-unit id="a"><source>&e;</source></trans-unit>').split("?>", 1)[1]
    )
    document, _ = parse_xliff(text, "t.xlf")
    assert document is None or "root" not in "".join(p for p in document.units["a"].source if isinstance(p, str))
