"""A package's own XML description (imsmanifest.xml, cmi5.xml) from an unknown zip -> a tree and findings.

The XML of a foreign package is untrusted: nothing it names is read (no DTD, no external entity,
no network) and no entity is expanded. What it may still contain gives a finding, never a crash:
entity declarations or references are an error (E514: coursec does not expand them, so it cannot
check what the file would say, and LMSs that parse securely refuse them), a document type
declaration without entities is a warning (W507), and so is a processing instruction (W508).
A file over MAX_XML_BYTES is not parsed at all (E515), which bounds the memory a check takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

from compiler.diagnostics import Diagnostic, SourceSpan, error, warning
from compiler.package.entries import reference_path, reference_problem

MAX_XML_BYTES = 4 * 1024 * 1024
"""The largest imsmanifest.xml or cmi5.xml coursec reads (4 MiB: some 100,000 listed files)."""

_ENTITY_HINT = (
    "write the text itself instead of each &name; and remove the <!DOCTYPE …> declaration: "
    "coursec does not expand entities (nothing is read), and LMSs that parse securely refuse them"
)
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
# Hints for the libxml2 syntax errors hand-edited manifests run into most.
SYNTAX_HINTS: Mapping[str, str] = {
    "xmlParseEntityRef: no name": "write a literal '&' as '&amp;'",
    "Opening and ending tag mismatch": "every <tag> needs its own </tag>, closed in reverse order",
    "Document is empty": "the file is empty; export the package again",
    "Start tag expected, '<' not found": "the file is not XML; export the package again",
    "Excessive depth in document": "the elements are nested too deeply for any LMS; export the package again",
    "AttValue length too long": "an attribute value is too long for any LMS; export the package again",
    "xmlSAX2Characters: huge text node": "a text is too long for any LMS; export the package again",
}


def untrusted_parser() -> etree.XMLParser:
    """A parser for XML from an unknown zip: no DTDs, entity expansion or network; libxml2's size limits kept."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class ParsedXml:
    """What parsing one description file gave: the tree (None if it does not parse) and the findings."""

    root: etree._Element | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def checkable(self) -> bool:
        """True when the tree says what the file says (it parsed and holds no unexpanded entity)."""
        return self.root is not None and not any(d.code in ("E514", "E515") for d in self.diagnostics)


def too_large(name: str, size: int, code: str = "E515") -> Diagnostic:
    """E515: the file is over MAX_XML_BYTES, so it is not read."""
    return error(
        code,
        f"{name} is {size:,} bytes unpacked; coursec reads at most {MAX_XML_BYTES:,}",
        SourceSpan(name, 0),
        "a course's description is a few kilobytes to a few hundred; export the package again "
        "(an LMS that reads it whole may run out of memory)",
    )


def _line(node: etree._Element) -> int:
    return cast("int | None", node.sourceline) or 1


def parse_untrusted(data: bytes, name: str, syntax_code: str) -> ParsedXml:
    """Parse a package's description file; syntax errors get `syntax_code` (E504 for manifests, E513 for cmi5.xml)."""
    if len(data) > MAX_XML_BYTES:
        return ParsedXml(None, (too_large(name, len(data)),))
    try:
        root = etree.fromstring(data, untrusted_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        problem = _POSITION_SUFFIX.sub("", str(exc.msg or "syntax error"))
        hint = next((h for prefix, h in SYNTAX_HINTS.items() if problem.startswith(prefix)), None)
        span = SourceSpan(name, max(line, 1), max(column, 1))
        if "entit" in problem.lower() and b"<!ENTITY" in data:
            # libxml2 refuses an entity bomb (billion laughs) while parsing, before any expansion.
            message = f"{name} uses entities libxml2 refuses to parse: {problem}"
            return ParsedXml(None, (error("E514", message, span, _ENTITY_HINT),))
        return ParsedXml(None, (error(syntax_code, f"{name} is not well-formed: {problem}", span, hint),))
    return ParsedXml(root, tuple(_declarations(root, name)))


def description_root(files: Mapping[str, bytes], name: str) -> etree._Element | None:
    """The root of a package's description file, or None when it is missing or cannot be read safely."""
    data = files.get(name)
    return parse_untrusted(data, name, "E504").root if data else None


def _declarations(root: etree._Element, name: str) -> list[Diagnostic]:
    """E514 for entities, W507 for a DTD without them, W508 for each processing instruction."""
    diagnostics: list[Diagnostic] = []
    tree = root.getroottree()
    docinfo: Any = tree.docinfo  # lxml-stubs lack DocInfo.doctype and DTD.iterentities
    dtd: Any = docinfo.internalDTD
    declared = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    used = list(root.iter(etree.Entity))
    if declared or used:
        names = sorted({str(entity) for entity in used} | {f"&{entity};" for entity in declared})
        external = dtd is not None and any(entity.system_url for entity in dtd.iterentities())
        line = _line(used[0]) if used else 1
        what = "external entities" if external else "entities"
        diagnostics.append(
            error(
                "E514",
                f"{name} uses {what} ({', '.join(names[:5])}{', …' if len(names) > 5 else ''})",
                SourceSpan(name, line),
                _ENTITY_HINT,
            )
        )
    elif docinfo.doctype:
        diagnostics.append(
            warning(
                "W507",
                f"{name} has a document type declaration: {docinfo.doctype}",
                SourceSpan(name, 1),
                "remove it: the standard's schemas describe the file, and LMSs that parse securely refuse DTDs",
            )
        )
    instructions = [*root.itersiblings(etree.PI, preceding=True), *root.iter(etree.PI), *root.itersiblings(etree.PI)]
    for instruction in cast("list[Any]", instructions):
        diagnostics.append(
            warning(
                "W508",
                f"{name} holds the processing instruction <?{instruction.target} …?>",
                SourceSpan(name, _line(instruction)),
                "LMSs ignore it; remove it unless a tool of yours needs it",
            )
        )
    return diagnostics


@dataclass(frozen=True)
class DescriptionProblem:
    """One thing wrong with a package description (cmi5.xml, tincan.xml), at a 1-based line (0: no parse)."""

    line: int
    message: str
    hint: str | None = None


def launch_problem(element: etree._Element, what: str, package_files: Collection[str]) -> DescriptionProblem | None:
    """What is wrong with the launch URL an element of a description holds (an AU's url, an activity's
    launch): empty, unsafe (E511's rules) or naming no file of the package; None when it is fine."""
    url = (element.text or "").strip()
    problem = reference_problem(url) if url else "is empty"
    line = cast("int | None", element.sourceline) or 0
    if problem is not None:
        hint = "point at the launch page inside the zip, with '/' and no '..'"
        return DescriptionProblem(line, f"{what} {url!r} {problem}", hint)
    if reference_path(url) not in set(package_files):
        return DescriptionProblem(line, f"{what} {url!r} names no file in the package")
    return None


DescriptionRules = Callable[[etree._Element, Collection[str]], list[DescriptionProblem]]
"""A standard's rules for its parsed description, given the package's archive paths."""


def description_problems(
    data: bytes, name: str, code: str, rules: DescriptionRules, package_files: Collection[str]
) -> list[DescriptionProblem]:
    """What is wrong with a description file: XML syntax and entities (parse_untrusted), then `rules`."""
    parsed = parse_untrusted(data, name, code)
    problems = [DescriptionProblem(d.span.line if d.span else 0, d.message, d.hint) for d in parsed.diagnostics]
    if parsed.root is None or not parsed.checkable:
        return problems
    return problems + rules(parsed.root, package_files)


def check_description_file(
    files: Mapping[str, bytes], name: str, code: str, missing_hint: str, rules: DescriptionRules
) -> list[Diagnostic]:
    """The description file at the package root as diagnostics: `code` when it is missing or breaks `rules`.

    Entities, a DTD or processing instructions in it keep their own codes (E514, E515, W507, W508).
    """
    data = files.get(name)
    if data is None:
        return [error(code, f"{name} missing at the package root", SourceSpan(name, 0), missing_hint)]
    parsed = parse_untrusted(data, name, code)
    diagnostics = list(parsed.diagnostics)
    if parsed.root is not None and parsed.checkable:
        diagnostics += [
            error(code, problem.message, SourceSpan(name, problem.line), problem.hint)
            for problem in rules(parsed.root, list(files))
        ]
    return diagnostics
