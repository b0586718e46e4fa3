"""Real-world package shapes, built from small synthetic files: what LMS admins get from authoring tools.

Each shape follows the layout and manifest pattern a tool's SCORM 1.2 export is publicly known for
(folder names, launch file, how metadata and schema files are named); every file's content is a few
made-up bytes, and no course of anyone is copied. The schema files are coursec's own bundled XSDs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import quote

from compiler.targets.scorm12.manifest import schema_files

_NAMESPACES = """xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                              http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                              http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\""""


def manifest(
    identifier: str,
    title: str,
    launch: str,
    listed: Sequence[str],
    *,
    mastery: str | None = None,
    location: str | None = None,
) -> bytes:
    """A single-SCO SCORM 1.2 manifest in the shape authoring tools write."""
    metadata = "    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n"
    if location is not None:
        metadata += f"    <adlcp:location>{location}</adlcp:location>\n"
    mastery_line = f"\n        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery else ""
    files = "".join(f'      <file href="{quote(path)}"/>\n' for path in listed)
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
          {_NAMESPACES}>
  <metadata>
{metadata}  </metadata>
  <organizations default="{identifier}_ORG">
    <organization identifier="{identifier}_ORG">
      <title>{title}</title>
      <item identifier="{identifier}_ITEM" identifierref="{identifier}_RES" isvisible="true">
        <title>{title}</title>{mastery_line}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{identifier}_RES" type="webcontent" adlcp:scormtype="sco" href="{quote(launch)}">
{files}    </resource>
  </resources>
</manifest>
"""
    return text.encode()


def _content(path: str) -> bytes:
    """A few made-up bytes that look like the kind of file the name says."""
    if path.endswith(".html"):
        return b"<!doctype html><title>les</title><script src='x.js'></script>"
    if path.endswith(".js"):
        return f"/* {path} */ var data = {{}};\n".encode()
    if path.endswith((".json", ".xml")):
        return b"{}" if path.endswith(".json") else b"<?xml version='1.0'?><lom/>"
    return f"{path}:".encode() + bytes(range(64))


def _package(files: Sequence[str], manifest_bytes: bytes, *, with_schemas: bool = True) -> dict[str, bytes]:
    entries = {path: _content(path) for path in files}
    entries["imsmanifest.xml"] = manifest_bytes
    if with_schemas:
        entries.update(schema_files())
    return entries


RISE_MEDIA = tuple(f"scormcontent/assets/{name}" for name in ("intro.mp4", "hand.jpg", "team.png", "uitleg.mp3"))
RISE_LISTED = (
    "scormdriver/indexAPI.html",
    "scormdriver/scormdriver.js",
    "scormdriver/blank.html",
    "scormdriver/goodbye.html",
    "scormcontent/index.html",
    "scormcontent/locales/nl.js",
    *RISE_MEDIA,
)
RISE_UNLISTED = (
    "scormcontent/lib/main.bundle.js",
    "scormcontent/lib/vendor.bundle.js",
    "scormcontent/lib/fonts/lato.woff",
    "scormcontent/lib/fonts/lato-bold.woff",
    "scormcontent/lib/icons.svg",
    "scormdriver/auto-scripts/AutoBookmark.js",
    "scormdriver/auto-scripts/AutoLaunch.js",
)


def rise(*, missing_media: int = 0) -> dict[str, bytes]:
    """Articulate Rise 360: scormdriver/ launches scormcontent/, metadata by adlcp:location, some files unlisted.

    missing_media lists that many more media files in the manifest that are not in the zip.
    """
    absent = [f"scormcontent/assets/media-{number:02d}.mp4" for number in range(1, missing_media + 1)]
    data = manifest(
        "RISE_7Xq2kP",
        "Veilig tillen",
        "scormdriver/indexAPI.html",
        [*RISE_LISTED, *absent],
        mastery="80",
        location="metadata.xml",
    )
    return _package([*RISE_LISTED, *RISE_UNLISTED, "metadata.xml"], data)


STORYLINE_FILES = (
    "index_lms.html",
    "story.html",
    "meta.xml",
    "story_content/user.js",
    "story_content/thumbnail.jpg",
    "html5/data/js/data.js",
    "html5/data/js/frame.js",
    "html5/lib/scripts/app.min.js",
    "html5/lib/stylesheets/desktop.min.css",
    "mobile/slide1.jpg",
    "lms/scormdriver.js",
    "lms/blank.html",
)


def storyline() -> dict[str, bytes]:
    """Articulate Storyline: story.html with story_content/ and html5/, launched by index_lms.html, all listed."""
    data = manifest("Storyline_5k3Jd", "Brandveiligheid", "index_lms.html", STORYLINE_FILES, mastery="70")
    return _package(STORYLINE_FILES, data)


ISPRING_FILES = (
    "res/index.html",
    "res/data/player.js",
    "res/data/slide1.js",
    "res/data/slide1.css",
    "res/data/img/achtergrond.png",
    "res/lib/scorm.js",
)


def ispring() -> dict[str, bytes]:
    """iSpring Suite: everything under res/, launched by res/index.html, all listed."""
    data = manifest("iSpring_8d2c", "Hygiëne op de afdeling", "res/index.html", ISPRING_FILES)
    return _package(ISPRING_FILES, data)


ADAPT_FILES = (
    "index.html",
    "scriptLoader.js",
    "adapt/js/adapt.min.js",
    "adapt/js/scormAPI.js",
    "adapt/css/adapt.css",
    "course/config.json",
    "course/nl/course.json",
    "course/nl/contentObjects.json",
    "course/nl/articles.json",
    "course/nl/components.json",
    "course/nl/assets/hero.jpg",
    "libraries/modernizr.js",
)


def adapt() -> dict[str, bytes]:
    """Adapt: a single listed launch file (index.html) over adapt/, course/ and libraries/ folders."""
    data = manifest("adapt_course", "Medicatieveiligheid", "index.html", ["index.html"])
    return _package(ADAPT_FILES, data, with_schemas=False)


H5P_FILES = (
    "index.html",
    "h5p.json",
    "content/content.json",
    "content/images/vraag.png",
    "H5P.MultiChoice-1.16/library.json",
    "H5P.MultiChoice-1.16/js/multichoice.js",
)


def h5p() -> dict[str, bytes]:
    """Lumi / H5P: an H5P content folder (h5p.json, libraries as H5P.Name-x.y/) behind one listed index.html."""
    data = manifest("lumi_h5p_export", "Kennischeck", "index.html", ["index.html"])
    return _package(H5P_FILES, data, with_schemas=False)


SHAPES: Mapping[str, Callable[[], dict[str, bytes]]] = {
    "rise": rise,
    "storyline": storyline,
    "ispring": ispring,
    "adapt": adapt,
    "h5p": h5p,
}


def make_zip(entries: Mapping[str, bytes]) -> bytes:
    """Zip entries (deflated) the way authoring tools deliver them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
