"""SCORM 1.2 package checks: package files (archive path -> bytes) in, sorted diagnostics out.

A compile runs them on its own package before writing it, and holds it to everything: each file
listed, the schemas met exactly. `coursec inspect` runs them on foreign packages (`foreign=True`),
where the verdict follows what real LMSs do: only what stops an import or a launch is an error,
what LMSs tolerate is a warning (docs/inspect.md lists which is which, and why).

The XSDs cover the manifest's structure; the code checks here cover what the official
schemas cannot express (scorm-checklist.md section 6): references, metadata values,
the mastery score range and the packaged files themselves.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import cast
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from compiler.diagnostics import (
    Diagnostic,
    Severity,
    SourceSpan,
    error,
    sort_unique,
    warning,
)
from compiler.package.content_packaging import (
    Locator,
    LogEntry,
    check_organizations,
    check_references,
    file_entries,
    is_control_file,
    listed_hrefs,
    load_schema,
    names_scorm_2004,
    readable,
    scormtype_like,
    source_line,
)
from compiler.package.entries import reference_problem
from compiler.package.hygiene import hidden_part
from compiler.package.reader import FileDiagnostic
from compiler.package.untrusted_xml import parse_untrusted
from compiler.targets.scorm12.manifest import (
    MANIFEST_NAME,
    NS_ADLCP,
    NS_IMSCP,
    NS_IMSMD,
    NS_XML,
    NS_XSI,
    SCHEMA_LOCATIONS,
    schema_files,
)

_MANIFEST = f"{{{NS_IMSCP}}}manifest"
_METADATA = f"{{{NS_IMSCP}}}metadata"
_SCHEMA = f"{{{NS_IMSCP}}}schema"
_SCHEMAVERSION = f"{{{NS_IMSCP}}}schemaversion"
_ORGANIZATIONS = f"{{{NS_IMSCP}}}organizations"
_ORGANIZATION = f"{{{NS_IMSCP}}}organization"
_ITEM = f"{{{NS_IMSCP}}}item"
_RESOURCES = f"{{{NS_IMSCP}}}resources"
_RESOURCE = f"{{{NS_IMSCP}}}resource"
_DEPENDENCY = f"{{{NS_IMSCP}}}dependency"
_SCORMTYPE = f"{{{NS_ADLCP}}}scormtype"
_MASTERYSCORE = f"{{{NS_ADLCP}}}masteryscore"
_LOCATION = f"{{{NS_ADLCP}}}location"
_SCHEMA_LOCATION = f"{{{NS_XSI}}}schemaLocation"

# Other content-packaging generations, to explain a root element we cannot check (a SCORM 2004
# manifest never gets here: inspect gives it to the SCORM 2004 reader).
_FOREIGN_MANIFESTS = {
    "http://www.imsglobal.org/xsd/imscp_v1p2": "IMS Content Packaging 1.2",
}
# The two in-memory fixes libxml2 needs for the official files (schemas/README.md).
_SCHEMA_PATCHES: dict[str, tuple[bytes, bytes]] = {
    "ims_xml.xsd": (b'xmlns="http://www.w3.org/XML/1998/namespace"', b""),
    "imsmd_rootv1p2p1.xsd": (b'namespace="##any"', b'namespace="##other"'),
}
_PREFIXES = {NS_IMSCP: "", NS_ADLCP: "adlcp:", NS_IMSMD: "imsmd:", NS_XML: "xml:"}
_CMI_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_XSD_SUBJECT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '(?:\{[^}]*\})?([^']+)')?")


def _patched_schema_files() -> dict[str, bytes]:
    files = schema_files()
    for name, (old, new) in _SCHEMA_PATCHES.items():
        if old not in files[name]:
            raise RuntimeError(f"bundled {name} changed; its libxml2 patch does not apply")
        files[name] = files[name].replace(old, new, 1)
    return files


@functools.cache
def _schema() -> etree.XMLSchema:
    return load_schema("scorm12", _patched_schema_files(), SCHEMA_LOCATIONS)


def _readable(text: str) -> str:
    return readable(text, _PREFIXES)


def _check_location(names: Iterable[str]) -> Diagnostic:
    # Root-level near misses first, then the shallowest nested copy.
    found = sorted(
        (n for n in names if n.rsplit("/", 1)[-1].lower() == MANIFEST_NAME),
        key=lambda n: (n.count("/"), n),
    )
    hint = "SCORM 1.2 requires imsmanifest.xml at the root of the zip"
    if found and "/" not in found[0]:
        hint = f"found '{found[0]}'; the name must be '{MANIFEST_NAME}', in lower case"
    elif found:
        folder = found[0].rsplit("/", 1)[0]
        hint = f"found '{found[0]}': zip the contents of the folder '{folder}/', not the folder itself"
    return error(
        "E503",
        "imsmanifest.xml missing at the package root",
        SourceSpan(MANIFEST_NAME, 0),
        hint,
    )


def _check_root(root: etree._Element, locate: Locator) -> Diagnostic | None:
    if root.tag == _MANIFEST:
        return None
    name = etree.QName(root)
    generation = _FOREIGN_MANIFESTS.get(name.namespace or "")
    hint = None
    if generation is not None:
        hint = f"coursec checks SCORM 1.2 packages; this manifest is {generation}"
    namespace = f"namespace {name.namespace}" if name.namespace else "no namespace"
    return error(
        "E505",
        f"root element is '{name.localname}' in {namespace}; SCORM 1.2 needs 'manifest' in namespace {NS_IMSCP}",
        locate(root),
        hint,
    )


def _check_schema(root: etree._Element, locate: Locator, *, foreign: bool) -> list[Diagnostic]:
    """E505 for each XSD error; for a foreign package W504, as no LMS we know of validates the XSDs.

    What LMSs do refuse (nothing to launch, a dangling reference) has its own code check.
    """
    schema = _schema()
    if schema.validate(root):
        return []
    diagnostics = []
    for entry in cast("Iterable[LogEntry]", schema.error_log):
        line = entry.line or source_line(root)
        # libxml2 gives no column; find the element (and attribute) the message names.
        subject = _XSD_SUBJECT.match(entry.message)
        if subject is not None:
            span = locate.at(line, subject.group(1), subject.group(2))
        else:
            span = SourceSpan(MANIFEST_NAME, line, max(entry.column, 1))
        hint = _schema_hint(entry.message)
        if foreign and root.find(_ORGANIZATIONS) is None and "organizations )" in entry.message:
            continue  # E506 says it: nothing to launch
        if foreign:
            message = f"imsmanifest.xml departs from the SCORM 1.2 schema: {_readable(entry.message)}"
            tolerated = "LMSs import it all the same"
            diagnostics.append(warning("W504", message, span, f"{hint}; {tolerated}" if hint else tolerated))
        else:
            message = f"imsmanifest.xml fails the SCORM 1.2 schema: {_readable(entry.message)}"
            diagnostics.append(error("E505", message, span, hint))
    return diagnostics


# libxml2's schema messages are precise but terse; these say what an author usually has to do.
_SCHEMA_HINTS = (
    (
        "This element is not expected",
        "the element is misspelt, in the wrong namespace or out of order; "
        "SCORM 1.2 orders them: metadata, organizations, resources (and title, item, metadata inside an item)",
    ),
    ("is not allowed", "remove the attribute, or check its spelling and namespace prefix (adlcp: for ADL ones)"),
    ("is required but missing", "add the attribute the message names"),
    ("is not an element of the set", "use one of the listed values; they are case-sensitive"),
    (
        "of the atomic type 'xs:ID'",
        "an identifier must be unique in the manifest, start with a letter or '_', and hold only letters, "
        "digits, '.', '-' and '_'",
    ),
    ("is not a valid value", "use a value of the type the message names"),
    ("Missing child element", "add the child element the message names, in the order the schema expects"),
    ("Duplicate key-sequence", "every identifier in the manifest must be unique"),
)


def _schema_hint(message: str) -> str | None:
    return next((hint for phrase, hint in _SCHEMA_HINTS if phrase in message), None)


def _metadata_problem(foreign: bool, message: str, span: SourceSpan, hint: str) -> Diagnostic:
    """E507 for our own package; W505 for a foreign one (LMSs tolerate it)."""
    if foreign:
        return warning("W505", message, span, hint)
    return error("E507", message, span, hint)


def _check_metadata(root: etree._Element, locate: Locator, *, foreign: bool) -> list[Diagnostic]:
    # Moodle (mod/scorm scorm_get_manifest) reads 1.2 for a missing or unknown <schemaversion>, so only a
    # value naming SCORM 2004 stops a foreign package: the LMS offers the 2004 API, which a 1.2 SCO never finds.
    tolerated = "; Moodle reads a package with no or another <schemaversion> as SCORM 1.2" if foreign else ""
    metadata = root.find(_METADATA)
    if metadata is None:
        hint = (
            "add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>"
            "</metadata> as the first child of <manifest>"
        )
        return [_metadata_problem(foreign, "manifest has no <metadata>", locate(root), hint + tolerated)]
    diagnostics = []
    for tag, expected in ((_SCHEMA, "ADL SCORM"), (_SCHEMAVERSION, "1.2")):
        name = etree.QName(tag).localname
        element = metadata.find(tag)
        if element is None:
            message = f"<metadata> has no <{name}>"
            hint = f"add <{name}>{expected}</{name}>"
            diagnostics.append(_metadata_problem(foreign, message, locate(metadata), hint + tolerated))
            continue
        value = (element.text or "").strip()
        if value == expected:
            continue
        message = f"<{name}> is '{value}', expected '{expected}'"
        span = locate(element, text=True)
        if tag == _SCHEMAVERSION and names_scorm_2004(value):
            hint = (
                "LMSs read it to decide which SCORM version the package is: they would run this SCORM 1.2 "
                "package as SCORM 2004, whose API a SCORM 1.2 SCO never finds"
            )
            diagnostics.append(error("E507", message, span, hint))
        else:
            hint = "LMSs read it to decide which SCORM version the package is"
            diagnostics.append(_metadata_problem(foreign, message, span, hint + tolerated))
    return diagnostics


def _check_mastery_scores(root: etree._Element, locate: Locator, *, foreign: bool) -> list[Diagnostic]:
    diagnostics = []
    for element in root.iter(_MASTERYSCORE):
        value = (element.text or "").strip()
        problem = None
        if not _CMI_DECIMAL.fullmatch(value):
            problem = "is not a number"
        elif not Decimal(0) <= Decimal(value) <= Decimal(100):
            problem = "is outside 0 to 100"
        if problem is not None:
            hint = "the LMS hands it to the SCO as cmi.student_data.mastery_score (0-100)"
            if foreign:
                hint += "; LMSs import the package, but may pass or fail learners on a wrong threshold"
            message = f"adlcp:masteryscore '{value}' {problem}"
            diagnostics.append(_metadata_problem(foreign, message, locate(element, text=True), hint))
    return diagnostics


def _scormtype_attribute(resource: etree._Element) -> str | None:
    """The attribute naming the resource's SCORM type, in any letter case (Moodle reads it so)."""
    if _SCORMTYPE in resource.attrib:
        return _SCORMTYPE
    return scormtype_like(resource)


def _scormtype_value(resource: etree._Element) -> str | None:
    attribute = _scormtype_attribute(resource)
    return resource.get(attribute) if attribute is not None else None


def _launched_resources(root: etree._Element) -> list[etree._Element]:
    """The resources with an href that an item refers to: what an LMS launches, in document order."""
    resources = {r.get("identifier"): r for r in root.iter(_RESOURCE)}
    launched: dict[int, etree._Element] = {}
    for item in root.iter(_ITEM):
        resource = resources.get(item.get("identifierref"))
        if resource is not None and resource.get("href"):
            launched.setdefault(id(resource), resource)
    return list(launched.values())


def _check_scormtypes(root: etree._Element, locate: Locator, *, foreign: bool) -> list[Diagnostic]:
    """Our packages: every resource needs adlcp:scormtype. Foreign ones: at least one launched SCO."""
    diagnostics = []
    launched = _launched_resources(root)
    checked = launched if foreign else list(root.iter(_RESOURCE))
    if foreign and launched and not any(_scormtype_value(resource) == "sco" for resource in launched):
        first = launched[0]
        kind = _scormtype_value(first)
        found = f"is an asset (adlcp:scormtype '{kind}')" if kind else "has no adlcp:scormtype"
        message = f"no item launches a SCO: resource '{first.get('identifier')}' {found}"
        hint = (
            "LMSs give an asset no SCORM API and record no progress or score for it; "
            'set adlcp:scormtype="sco" on the resource the course launches'
        )
        return [error("E512", message, locate(first, "scormtype") if kind else locate(first), hint)]
    for resource in checked:
        if _SCORMTYPE in resource.attrib:
            continue
        misspelt = _scormtype_attribute(resource)
        if misspelt is not None:
            hint = (
                f"found '{_readable(misspelt)}'; SCORM 1.2 spells it"
                f" adlcp:scormtype (all lower case), adlcp being {NS_ADLCP}"
            )
            if foreign:
                hint += "; Moodle reads it in any case, an LMS that does not launches the resource as an asset"
            span = locate(resource, etree.QName(misspelt).localname)
        else:
            hint = 'add adlcp:scormtype="sco" (talks to the LMS) or "asset"'
            if foreign:
                hint += "; LMSs launch a resource without it as an asset, untracked"
            span = locate(resource)
        message = f"resource '{resource.get('identifier')}' has no adlcp:scormtype"
        diagnostics.append(_metadata_problem(foreign, message, span, hint))
    return diagnostics


def _metadata_locations(root: etree._Element) -> Iterable[tuple[etree._Element, str]]:
    """Yield (adlcp:location element, archive path) for every metadata file the manifest names."""
    for element in root.iter(_LOCATION):
        href = (element.text or "").strip()
        if href and reference_problem(href) is None:
            yield element, unquote(urlsplit(href).path)


def _schema_locations(root: etree._Element) -> set[str]:
    """The package paths xsi:schemaLocation names (pairs of namespace and location)."""
    paths: set[str] = set()
    for element in root.iter():
        value = element.get(_SCHEMA_LOCATION) if isinstance(element.tag, str) else None
        if value is None:
            continue
        for location in value.split()[1::2]:
            if reference_problem(location) is None:
                paths.add(unquote(urlsplit(location).path))
    return paths


def _check_files(root: etree._Element, names: Iterable[str], locate: Locator, *, foreign: bool) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    entries, by_lower = file_entries(names)
    # Files the manifest names in any way count as referenced, not only <file> ones.
    referenced: set[str] = _schema_locations(root) & entries
    missing_launch: set[str] = set()

    for element, href, base in listed_hrefs(root, NS_IMSCP):
        problem = reference_problem(href)
        message = f"href '{href}' {problem}"
        if problem is None and base:
            problem = reference_problem(base)
            message = f"xml:base '{base}' of href '{href}' {problem}"
        if problem is not None:
            hint = "LMSs resolve hrefs as '/'-separated paths inside the package"
            diagnostics.append(error("E511", message, locate(element, "href"), hint))
            continue
        path = unquote(urlsplit(urljoin(base, href)).path)
        if path in entries:
            referenced.add(path)
            continue
        matches = by_lower.get(path.lower())
        if matches:
            referenced.update(matches)
            diagnostics.append(
                FileDiagnostic(
                    Severity.ERROR,
                    "E510",
                    f"href '{href}' differs in letter case from the file '{matches[0]}'",
                    locate(element, "href"),
                    "LMS web servers are case-sensitive: a link that works on your computer breaks in the LMS",
                    file=path,
                )
            )
            continue
        if element.tag == _RESOURCE:
            message = f"launch file '{path}' of resource '{element.get('identifier')}' is not in the package"
            hint = "add the file to the zip or correct the href; the LMS would show a 404 page instead of the course"
            diagnostics.append(error("E508", message, locate(element, "href"), hint))
            missing_launch.add(path)
            continue
        if path in missing_launch:
            continue  # its <file> line is the same mistake, reported once
        message = f"file '{path}' listed in the manifest is not in the package"
        hint = (
            "add the file to the zip, or remove its <file> line; the LMS would answer 404 when the course asks for it"
        )
        diagnostics.append(FileDiagnostic(Severity.ERROR, "E508", message, locate(element, "href"), hint, file=path))

    for element, path in _metadata_locations(root):
        if path in entries:
            referenced.add(path)
            continue
        message = f"metadata file '{path}' named by adlcp:location is not in the package"
        hint = "LMSs that show catalogue metadata find none; import and launch do not need it"
        span = locate(element, text=True)
        diagnostics.append(FileDiagnostic(Severity.WARNING, "W506", message, span, hint, file=path))

    resources = root.find(_RESOURCES)
    span = locate(resources if resources is not None else root)
    for name in sorted(entries - referenced):
        if name == MANIFEST_NAME or is_control_file(name):  # the schemas the manifest names (S12-Z2)
            continue
        if hidden_part(name.split("/")) is not None:
            continue  # W501 covers it
        message = f"packaged file '{name}' is not listed in the manifest"
        if foreign:
            hint = (
                "LMSs unpack and serve every file in the zip, listed or not; the list is for tools that copy packages"
            )
            diagnostics.append(FileDiagnostic(Severity.WARNING, "W503", message, span, hint, file=name))
        else:
            hint = "list such files as <file href> in the resource that uses them, or leave them out of the zip"
            diagnostics.append(FileDiagnostic(Severity.ERROR, "E509", message, span, hint, file=name))
    return diagnostics


def check_package(files: Mapping[str, bytes], *, foreign: bool = False) -> list[Diagnostic]:
    """Check a SCORM 1.2 package given as archive path -> bytes; sorted diagnostics.

    Only imsmanifest.xml is read; every other entry is checked by name alone. A compile checks its own
    package as it is (every file listed, the schemas met); foreign=True (`coursec inspect`) makes an
    error only of what stops real LMSs from importing or launching the package.
    """
    names = list(files)
    data = files.get(MANIFEST_NAME)
    if data is None:
        return [_check_location(names)]
    parsed = parse_untrusted(data, MANIFEST_NAME, "E504")
    diagnostics = list(parsed.diagnostics)
    root = parsed.root
    if root is None or not parsed.checkable:
        return sort_unique(diagnostics)
    locate = Locator(data)
    wrong_root = _check_root(root, locate)
    if wrong_root is not None:
        diagnostics.append(wrong_root)
        return sort_unique(diagnostics)
    diagnostics.extend(_check_schema(root, locate, foreign=foreign))
    diagnostics.extend(_check_metadata(root, locate, foreign=foreign))
    diagnostics.extend(check_organizations(root, locate, NS_IMSCP, foreign=foreign))
    diagnostics.extend(check_references(root, locate, NS_IMSCP, foreign=foreign))
    diagnostics.extend(_check_scormtypes(root, locate, foreign=foreign))
    diagnostics.extend(_check_mastery_scores(root, locate, foreign=foreign))
    diagnostics.extend(_check_files(root, names, locate, foreign=foreign))
    return sort_unique(_drop_explained_schema_errors(diagnostics))


def _drop_explained_schema_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Keep a code check's plain explanation instead of libxml2's wording for the same spot."""
    explained = {d.span for d in diagnostics if d.code in ("E507", "E512", "W505") and d.span is not None}
    return [d for d in diagnostics if not (d.code in ("E505", "W504") and d.span in explained)]
