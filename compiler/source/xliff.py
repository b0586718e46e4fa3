"""translations/<lang>.xlf text -> its units (XLIFF 1.2, structurally validated), and units -> XLIFF bytes; pure.

XLIFF 1.2 because it is the version every CAT tool and translation platform imports and exports
(Trados, memoQ, Phrase, Crowdin, Weblate, OmegaT); 2.x is read by fewer of them. Inline Markdown is
written as XLIFF's own inline codes, so CAT tools show it as tags a translator moves but cannot
break: `<g id="1" ctype="bold">…</g>` around translatable text (emphasis, link text, image alt
text) and `<x id="2" ctype="x-code" equiv-text="`git`"/>` for what stays as it is (code, autolinks,
inline HTML). The Markdown a code stands for is taken from the current source when a translation
is compiled, never from the file, so a code cannot smuggle in a different link.

The OASIS schema is not shipped with coursec, so the file is validated structurally: the elements,
attributes and nesting coursec reads, unique unit ids, and inline codes it knows (E701).
Each unit records the hash of its source text in `coursec:source-hash` (an extension attribute,
which XLIFF 1.2 allows on <trans-unit>).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from lxml import etree

from compiler.diagnostics import Diagnostic, SourceSpan, error
from compiler.source.markdown_segments import Code, InlinePart

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
COURSEC_NAMESPACE = "urn:coursec:xliff"
"""Namespace of coursec's extension attributes (source-hash)."""
_X = f"{{{XLIFF_NAMESPACE}}}"
_HASH = f"{{{COURSEC_NAMESPACE}}}source-hash"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
UNTRANSLATED_STATES = frozenset({"new", "needs-translation"})
"""Target states that mean "not translated yet" (XLIFF 1.2 state values)."""
REVIEW_STATE = "needs-review-translation"
"""The state re-extraction gives a unit whose source changed."""
_CTYPES = {"bold": "bold", "italic": "italic", "link": "link", "image": "image"}
_STANDALONE = {"code": "x-code", "autolink": "x-autolink", "html": "x-html"}

TagRole = Literal["open", "close", "standalone"]


@dataclass(frozen=True)
class Tag:
    """An inline code as an XLIFF file writes it: <g> (open and close) or <x/>."""

    id: str
    role: TagRole
    ctype: str | None
    line: int = field(compare=False)
    """Where it was read (0 for tags made from a source); not part of what the tag is."""


Content = list[str | Tag]
"""A <source> or <target>: text and tags, in order."""


@dataclass(frozen=True)
class XliffUnit:
    """One <trans-unit> as read."""

    id: str
    document: str
    """The <file original=...> it is in."""
    source: Content
    target: Content | None
    """None when the unit has no <target> (not translated)."""
    state: str | None
    source_hash: str | None
    line: int
    target_line: int
    notes: tuple[tuple[str, str], ...] = ()
    """(from, text) of its <note>s, kept when the file is extracted again."""

    @property
    def translated(self) -> bool:
        """Whether the unit has a target that counts as a translation."""
        if self.target is None or self.state in UNTRANSLATED_STATES:
            return False
        return any(isinstance(part, Tag) or part.strip() for part in self.target)


@dataclass(frozen=True)
class XliffDocument:
    """A translation file: its languages and its units by id."""

    path: str
    source_language: str | None
    target_language: str | None
    units: dict[str, XliffUnit] = field(default_factory=dict)
    line: int = 1
    """Line of the first <file> element (where its languages are written)."""


def _line(element: etree._Element, default: int = 1) -> int:
    # lxml-stubs type sourceline loosely; lxml gives an int, or None for built trees.
    return cast("int | None", element.sourceline) or default


def _localname(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _in_xliff(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and element.tag.startswith(_X)


def _content(element: etree._Element, path: str, diagnostics: list[Diagnostic]) -> Content:
    """Text and inline codes of <source>/<target>; <mrk> (CAT tools' segment marks) is read through."""
    parts: Content = []

    def text(value: str | None) -> None:
        if not value:
            return
        if parts and isinstance(parts[-1], str):
            parts[-1] += value
        else:
            parts.append(value)

    def walk(node: etree._Element) -> None:
        text(node.text)
        for child in node:
            name = _localname(child)
            line = _line(child, 0)
            if not _in_xliff(child):
                if isinstance(child.tag, str):
                    diagnostics.append(_invalid(path, line, f"unknown element <{child.tag}> in a text"))
            elif name in ("g", "x"):
                code_id = child.get("id")
                if not code_id:
                    diagnostics.append(_invalid(path, line, f"<{name}> without an 'id'"))
                else:
                    if name == "g":
                        parts.append(Tag(code_id, "open", child.get("ctype"), line))
                        walk(child)
                        parts.append(Tag(code_id, "close", child.get("ctype"), line))
                    else:
                        parts.append(Tag(code_id, "standalone", child.get("ctype"), line))
                        if len(child) or (child.text or "").strip():
                            diagnostics.append(_invalid(path, line, "<x/> must be empty"))
            elif name == "mrk":
                walk(child)
            else:
                diagnostics.append(
                    _invalid(
                        path,
                        line,
                        f"inline element <{name}> is not one coursec writes",
                        "keep the <g> and <x/> codes as extracted; export the file from your CAT tool as XLIFF 1.2",
                    )
                )
            text(child.tail)

    walk(element)
    return parts


def _invalid(path: str, line: int, message: str, hint: str | None = None) -> Diagnostic:
    return error(
        "E701",
        f"invalid XLIFF: {message}",
        SourceSpan(path, line, 1),
        hint or "fix the file, or extract it again with 'coursec translate extract'",
    )


def parse_xliff(text: str, path: str) -> tuple[XliffDocument | None, list[Diagnostic]]:
    """Read an XLIFF 1.2 file; None (with E701) when it is not one coursec can read."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        message = str(exc.msg or exc).split(", line ")[0]
        return None, [
            error(
                "E701",
                f"invalid XLIFF: {message}",
                SourceSpan(path, line, max(column, 1)),
                "the file is not well-formed XML: every <tag> needs its </tag> and '&' is written '&amp;'",
            )
        ]
    diagnostics: list[Diagnostic] = []
    if root.tag != f"{_X}xliff" or root.get("version") != "1.2":
        found = root.get("version") if _localname(root) == "xliff" else root.tag
        return None, [
            _invalid(
                path,
                _line(root, 1),
                f'the root must be <xliff version="1.2"> in {XLIFF_NAMESPACE}, found {found}',
                "export the file as XLIFF 1.2, or extract it again with 'coursec translate extract'",
            )
        ]
    document = XliffDocument(path, None, None)
    files = [child for child in root if child.tag == f"{_X}file"]
    if not files:
        diagnostics.append(_invalid(path, _line(root, 1), "no <file> element"))
    source_language = target_language = None
    for file in files:
        line = _line(file, 1)
        for attribute in ("original", "source-language", "datatype"):
            if not file.get(attribute):
                diagnostics.append(_invalid(path, line, f"<file> without its required '{attribute}'"))
        source_language = source_language or file.get("source-language")
        target_language = target_language or file.get("target-language")
        bodies = [child for child in file if child.tag == f"{_X}body"]
        if len(bodies) != 1:
            diagnostics.append(_invalid(path, line, "a <file> needs exactly one <body>"))
            continue
        for unit in bodies[0].iter(f"{_X}trans-unit"):
            _read_unit(unit, file.get("original") or "", path, document, diagnostics)
    first_line = _line(files[0], 1) if files else 1
    document = XliffDocument(path, source_language, target_language, document.units, first_line)
    return document, diagnostics


def _read_unit(
    unit: etree._Element, original: str, path: str, document: XliffDocument, diagnostics: list[Diagnostic]
) -> None:
    line = _line(unit, 1)
    unit_id = unit.get("id")
    if not unit_id:
        diagnostics.append(_invalid(path, line, "<trans-unit> without an 'id'"))
        return
    if unit_id in document.units:
        first = document.units[unit_id].line
        diagnostics.append(_invalid(path, line, f"unit '{unit_id}' appears twice (first on line {first})"))
        return
    sources = [child for child in unit if child.tag == f"{_X}source"]
    targets = [child for child in unit if child.tag == f"{_X}target"]
    if len(sources) != 1 or len(targets) > 1:
        diagnostics.append(_invalid(path, line, f"unit '{unit_id}' needs one <source> and at most one <target>"))
        return
    target = targets[0] if targets else None
    notes = tuple((note.get("from") or "", note.text or "") for note in unit if note.tag == f"{_X}note")
    document.units[unit_id] = XliffUnit(
        id=unit_id,
        document=original,
        source=_content(sources[0], path, diagnostics),
        target=_content(target, path, diagnostics) if target is not None else None,
        state=target.get("state") if target is not None else None,
        source_hash=unit.get(_HASH),
        line=line,
        target_line=(_line(target, line)) if target is not None else line,
        notes=notes,
    )


# ------------------------------------------------------------------------------------------- writing


def tags_of(parts: Sequence[InlinePart]) -> Content:
    """Source text and codes as the tags an XLIFF file holds."""
    content: Content = []
    for part in parts:
        if isinstance(part, str):
            content.append(part)
        else:
            ctype = _STANDALONE.get(part.kind) if part.role == "standalone" else _CTYPES.get(part.kind)
            content.append(Tag(str(part.id), part.role, ctype, 0))
    return content


@dataclass(frozen=True)
class UnitToWrite:
    """A <trans-unit> to write: the source as extracted, and what is kept of an earlier translation."""

    id: str
    document: str
    source: Sequence[InlinePart]
    source_hash: str
    target: Content | None = None
    state: str | None = None
    previous: tuple[Content, Content | None] | None = None
    """(source, target) before the source changed: written as <alt-trans alttranstype="previous-version">."""
    notes: tuple[tuple[str, str], ...] = ()


def _fill(element: etree._Element, content: Sequence[str | Tag], codes: dict[str, Code]) -> None:
    """Write text and tags into an element; <g> elements nest as the tags open and close."""
    stack = [element]
    last: etree._Element | None = None

    def add_text(value: str) -> None:
        holder = stack[-1]
        if last is not None and last.getparent() is holder:
            last.tail = (last.tail or "") + value
        else:
            holder.text = (holder.text or "") + value

    for part in content:
        if isinstance(part, str):
            add_text(part)
            continue
        if part.role == "close":
            last = stack.pop() if len(stack) > 1 else last
            continue
        name = "g" if part.role == "open" else "x"
        child = etree.SubElement(stack[-1], f"{_X}{name}", id=part.id)
        if part.ctype:
            child.set("ctype", part.ctype)
        code = codes.get(part.id)
        if name == "x" and code is not None:
            child.set("equiv-text", code.markdown)
        if part.role == "open":
            stack.append(child)
            last = None
        else:
            last = child


def write_xliff(source_language: str, target_language: str, units: Sequence[UnitToWrite]) -> bytes:
    """The XLIFF 1.2 file: one <file> per course file (in the order met), units in course order."""
    # lxml-stubs type nsmap keys as str; lxml uses None for the default namespace.
    root = etree.Element(f"{_X}xliff", nsmap={None: XLIFF_NAMESPACE, "coursec": COURSEC_NAMESPACE})  # type: ignore[dict-item]
    root.set("version", "1.2")
    bodies: dict[str, etree._Element] = {}
    for unit in units:
        body = bodies.get(unit.document)
        if body is None:
            file = etree.SubElement(root, f"{_X}file", original=unit.document, datatype="x-markdown")
            file.set("source-language", source_language)
            file.set("target-language", target_language)
            tool = etree.SubElement(etree.SubElement(file, f"{_X}header"), f"{_X}tool")
            tool.set("tool-id", "coursec")
            tool.set("tool-name", "coursec")
            body = bodies[unit.document] = etree.SubElement(file, f"{_X}body")
        element = etree.SubElement(body, f"{_X}trans-unit", id=unit.id)
        element.set(_XML_SPACE, "preserve")
        element.set(_HASH, unit.source_hash)
        codes = {str(part.id): part for part in unit.source if isinstance(part, Code)}
        _fill(etree.SubElement(element, f"{_X}source"), tags_of(unit.source), codes)
        if unit.target is not None:
            target = etree.SubElement(element, f"{_X}target")
            if unit.state:
                target.set("state", unit.state)
            _fill(target, unit.target, codes)
        if unit.previous is not None:
            alt = etree.SubElement(element, f"{_X}alt-trans", alttranstype="previous-version")
            _fill(etree.SubElement(alt, f"{_X}source"), unit.previous[0], codes)
            if unit.previous[1] is not None:
                _fill(etree.SubElement(alt, f"{_X}target"), unit.previous[1], codes)
        for author, text in unit.notes:
            note = etree.SubElement(element, f"{_X}note")
            if author:
                note.set("from", author)
            note.text = text
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


_STRUCTURE = frozenset({"xliff", "file", "header", "body", "trans-unit", "alt-trans"})
"""Elements holding only elements: indented. Texts (<source>, <target>, <note>) are written as they are."""


def _indent(element: etree._Element, level: int) -> None:
    """Indent the structure by two spaces a level; etree.indent would add white space inside texts."""
    children = list(element)
    if _localname(element) not in _STRUCTURE or not children:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level
