"""IMS content packaging shared by the SCORM 1.2 and 2004 checks: bundled XSDs, spans, names, hrefs.

Both SCORM generations package a course the IMS CP way: an imsmanifest.xml with organizations,
items and resources listing files, validated against official XSDs that import one another. What
differs between them (namespaces, schema files and their fixes, the scormtype spelling, the
metadata rules, messages and hints) stays with each checker and is passed in here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, cast
from urllib.parse import urljoin

from lxml import etree

from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error, warning
from compiler.package.reader import PackageFacts

MANIFEST_NAME = "imsmanifest.xml"
NS_XML = "http://www.w3.org/XML/1998/namespace"

_XML_BASE = f"{{{NS_XML}}}base"
_CLARK_NAME = re.compile(r"\{([^}]*)\}")
_CONTROL_SUFFIXES = (".xsd", ".dtd")
_LOOKBACK = 50  # lines searched back for a start tag that libxml2 reports on its last line


class LogEntry(Protocol):
    """One message of lxml's schema error log, as far as the checks read it."""

    line: int
    column: int
    message: str


class _SchemaResolver(etree.Resolver):
    """Serve bundled schemas from memory under base_url: no disk, no web."""

    def __init__(self, base_url: str, files: Mapping[str, bytes], redirects: Mapping[str, str]) -> None:
        super().__init__()
        self._base_url = base_url
        self._files = dict(files)
        self._redirects = dict(redirects)

    def resolve(self, system_url: str, public_id: str, context: object = None) -> Any:
        relative = self._redirects.get(system_url) or (
            system_url[len(self._base_url) :] if system_url.startswith(self._base_url) else None
        )
        data = self._files.get(relative) if relative else None
        if relative is None or data is None:
            return None
        return self.resolve_string(data, context, base_url=self._base_url + relative)


def load_schema(
    label: str,
    files: Mapping[str, bytes],
    locations: Iterable[tuple[str, str]],
    redirects: Mapping[str, str] | None = None,
) -> etree.XMLSchema:
    """Compile one schema set: files by relative path, (namespace, root file) pairs, URL -> file redirects.

    lxml validates against one root schema, so a driver schema imports each namespace's root file.
    Files are resolved relative to a private base URL named after label; anything else (the web,
    the disk) is refused.
    """
    base_url = f"coursec-schemas:/{label}/"
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{location}"/>' for namespace, location in locations
    )
    driver = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        f' targetNamespace="urn:x-coursec:{label}-driver">{imports}</xs:schema>'
    )
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_SchemaResolver(base_url, files, redirects or {}))
    document = etree.fromstring(driver.encode(), parser, base_url=base_url + "driver.xsd")
    return etree.XMLSchema(document)


def source_line(element: etree._Element | None) -> int:
    """The line libxml2 gives the element (where its start tag ends), 0 for none."""
    if element is None:
        return 0
    return cast("int | None", element.sourceline) or 0


class Locator:
    """Turn lxml's line numbers into spans in imsmanifest.xml with columns: a tag, attribute or text."""

    def __init__(self, data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        # libxml2 counts lines after normalising CR LF and lone CR to LF (XML 1.0 section 2.11).
        self._lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def __call__(
        self, element: etree._Element | None, attribute: str | None = None, *, text: bool = False
    ) -> SourceSpan:
        if element is None:
            return SourceSpan(MANIFEST_NAME, 0)
        return self.at(source_line(element), etree.QName(element).localname, attribute, text=text)

    def at(self, line: int, tag: str, attribute: str | None = None, *, text: bool = False) -> SourceSpan:
        """The span of element `tag` whose start tag ends on `line` (libxml2's line)."""
        if not 0 < line <= len(self._lines):
            return SourceSpan(MANIFEST_NAME, max(line, 0))
        pattern = re.compile(rf"<(?:[\w.-]+:)?{re.escape(tag)}(?=[\s/>]|$)")
        # A start tag written over several lines is reported on its last line.
        for start_line in range(line, max(0, line - _LOOKBACK), -1):
            found = pattern.search(self._lines[start_line - 1])
            if found is not None:
                break
        else:
            return SourceSpan(MANIFEST_NAME, line)
        if attribute is not None:
            span = self._attribute(start_line, found.end(), line, attribute)
            if span is not None:
                return span
        if text:
            content = re.compile(r">\s*([^<\s][^<]*?)\s*<").search(self._lines[start_line - 1], found.end())
            if content is not None:
                return SourceSpan(MANIFEST_NAME, start_line, content.start(1) + 1, start_line, content.end(1) + 1)
        return SourceSpan(MANIFEST_NAME, start_line, found.start() + 1, start_line, found.end() + 1)

    def first_tag(self, line: int) -> SourceSpan:
        """The first tag on a line (for a message that names a line only)."""
        found = re.search(r"<[\w.:-]+", self._lines[line - 1]) if 0 < line <= len(self._lines) else None
        if found is None:
            return SourceSpan(MANIFEST_NAME, line)
        return SourceSpan(MANIFEST_NAME, line, found.start() + 1, line, found.end() + 1)

    def _attribute(self, first: int, offset: int, last: int, attribute: str) -> SourceSpan | None:
        pattern = re.compile(rf"(?<![\w.:-])(?:[\w.-]+:)?{re.escape(attribute)}\s*=\s*(\"[^\"]*\"|'[^']*')")
        for number in range(first, last + 1):
            found = pattern.search(self._lines[number - 1], offset if number == first else 0)
            if found is not None:
                start, end = found.span(1)
                return SourceSpan(MANIFEST_NAME, number, start + 2, number, max(end, start + 3))
        return None


def readable(text: str, prefixes: Mapping[str, str]) -> str:
    """Write the {namespace}local names in libxml2 messages with the usual prefixes (known namespaces only)."""
    return _CLARK_NAME.sub(lambda m: prefixes.get(m.group(1), m.group(0)), text)


def is_control_file(path: str) -> bool:
    """Tell whether a path is an XSD or DTD at the package root: the schemas the manifest names."""
    return "/" not in path and path.lower().endswith(_CONTROL_SUFFIXES)


def file_entries(names: Iterable[str]) -> tuple[set[str], dict[str, list[str]]]:
    """The package's files (folders left out), and them by lower-case path, each list sorted."""
    entries = {name for name in names if not name.endswith("/")}
    by_lower: dict[str, list[str]] = defaultdict(list)
    for name in sorted(entries):
        by_lower[name.lower()].append(name)
    return entries, by_lower


def listed_hrefs(root: etree._Element, ns_imscp: str) -> Iterator[tuple[etree._Element, str, str]]:
    """Yield (resource or file element, href, xml:base in effect) for every file reference, in document order."""
    resource_tag, file_tag = f"{{{ns_imscp}}}resource", f"{{{ns_imscp}}}file"
    container = root.find(f"{{{ns_imscp}}}resources")
    outer_base = container.get(_XML_BASE, "") if container is not None else ""
    for resource in root.iter(resource_tag):
        base = urljoin(outer_base, resource.get(_XML_BASE, ""))
        for element in (resource, *resource.iter(file_tag)):
            href = element.get("href")
            if href is not None:
                yield element, href, base


def untitled(container: etree._Element, ns_imscp: str) -> Iterator[tuple[etree._Element, str]]:
    """Yield (element, message) for each organization, then each item, in container with no or an empty <title>."""
    organization, item, title = (f"{{{ns_imscp}}}{name}" for name in ("organization", "item", "title"))
    for element in (*container.iter(organization), *container.iter(item)):
        text = element.findtext(title)
        if text is None or not text.strip():
            kind = "organization" if element.tag == organization else "item"
            yield element, f"{kind} '{element.get('identifier')}' has no <title>"


def check_organizations(root: etree._Element, locate: Locator, ns_imscp: str, *, foreign: bool) -> list[Diagnostic]:
    """E506 when nothing can be launched (no organizations, no organization, no item with a resource, a
    default naming no organization); W502 for an organization or item without a title. Without
    `foreign`, a missing <organizations> is left to the schema check, which reports it."""
    organizations = root.find(f"{{{ns_imscp}}}organizations")
    if organizations is None:
        if not foreign:
            return []
        message = "manifest has no <organizations>: nothing for the LMS to launch"
        hint = "LMSs build the course menu and the launch from <organizations>; export the package again"
        return [error("E506", message, locate(root), hint)]
    identifiers = [o.get("identifier") or "" for o in organizations.iter(f"{{{ns_imscp}}}organization")]
    diagnostics = []
    default = organizations.get("default")
    if default is not None and default not in identifiers:
        message = f"organizations default '{default}' names no organization"
        diagnostics.append(error("E506", message, locate(organizations, "default"), did_you_mean(default, identifiers)))
    if not identifiers:
        message = "<organizations> has no <organization>: nothing for the LMS to launch"
        diagnostics.append(error("E506", message, locate(organizations)))
    elif not any(item.get("identifierref") for item in organizations.iter(f"{{{ns_imscp}}}item")):
        message = "no <item> refers to a resource: nothing for the LMS to launch"
        hint = 'give the item identifierref="<resource identifier>"'
        diagnostics.append(error("E506", message, locate(organizations), hint))
    # The XSDs let <title> out; both SCORM CAMs expect one, and LMSs show it in their course menus.
    hint = "LMSs show this title to learners and admins; add <title>…</title> as its first child"
    for element, message in untitled(organizations, ns_imscp):
        diagnostics.append(warning("W502", message, locate(element), hint))
    return diagnostics


def check_references(root: etree._Element, locate: Locator, ns_imscp: str, *, foreign: bool) -> list[Diagnostic]:
    """E506 for an item naming no resource (or sub-manifest) and for a launched resource without an
    href; a dependency naming no resource is E506, or W506 in another tool's package (LMSs do not
    follow dependencies)."""
    diagnostics: list[Diagnostic] = []
    resources = {r.get("identifier"): r for r in root.iter(f"{{{ns_imscp}}}resource")}
    resource_ids = {key for key in resources if key is not None}
    # IMS CP lets an item point at a sub-manifest as well as at a resource.
    manifests = {m.get("identifier") or "" for m in root.iter(f"{{{ns_imscp}}}manifest") if m is not root}
    for item in root.iter(f"{{{ns_imscp}}}item"):
        reference = item.get("identifierref")
        if reference is None:
            continue
        if reference not in resource_ids | manifests:
            message = (
                f"item '{item.get('identifier')}' refers to resource '{reference}', which the manifest does not define"
            )
            span = locate(item, "identifierref")
            diagnostics.append(error("E506", message, span, did_you_mean(reference, resource_ids)))
            continue
        resource = resources.get(reference)
        if resource is not None and not resource.get("href"):
            message = f"resource '{reference}' has no href, so item '{item.get('identifier')}' cannot be launched"
            hint = 'set href to the file the LMS opens, e.g. href="index.html"'
            diagnostics.append(error("E506", message, locate(resource), hint))
    for dependency in root.iter(f"{{{ns_imscp}}}dependency"):
        reference = dependency.get("identifierref")
        if reference is not None and reference not in resource_ids:
            message = f"dependency refers to resource '{reference}', which the manifest does not define"
            span = locate(dependency, "identifierref")
            suggestion = did_you_mean(reference, resource_ids)
            if foreign:
                # LMSs launch a resource by its href; none we know of follows dependencies to do so.
                hint = "LMSs launch resources by their href and do not follow dependencies"
                hint = f"{suggestion} {hint}" if suggestion else hint
                diagnostics.append(warning("W506", message, span, hint))
            else:
                diagnostics.append(error("E506", message, span, suggestion))
    return diagnostics


def scormtype_like(element: etree._Element) -> str | None:
    """The first attribute whose name ends in 'scormtype' in any letter case and namespace (Moodle reads it so)."""
    return next((str(name) for name in element.attrib if str(name).lower().endswith("scormtype")), None)


def names_scorm_2004(schemaversion: str) -> bool:
    """Tell whether a <schemaversion> value names SCORM 2004 ('CAM 1.3', '2004 4th Edition')."""
    return bool(re.search(r"\b(?:1\.3|2004)\b", schemaversion))


def text_of(element: etree._Element | None) -> str | None:
    """An element's text without surrounding white space, None for no element or no text."""
    if element is None or element.text is None:
        return None
    return element.text.strip()


def scorm_rows(facts: PackageFacts, version: str) -> tuple[tuple[str, str], ...]:
    """The report lines of a SCORM package (either version)."""
    launch = facts.launch_href
    if launch is not None and facts.scorm_type is not None:
        launch = f"{launch} ({facts.scorm_type})"
    return (
        ("SCORM version", version),
        ("title", facts.title or "-"),
        ("launch file", launch or "-"),
        ("mastery score", facts.mastery_score or "none"),
        ("SCOs", str(facts.unit_count)),
    )
