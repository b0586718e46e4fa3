"""`coursec new`: write a small starter course (Dutch or English) with editor schemas; I/O edge.

The starter courses are package data (`compiler/starter/<language>/`): files an author would write,
with comments that teach the format. Only `{id}` and `{title}` in course.yaml are filled in. The
JSON Schemas are written next to the course (`.coursec/schemas/`, hidden, so never packaged), and
the YAML files point at them with relative yaml-language-server modelines, so editor completion
works wherever the course folder lives.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from compiler.model.schema import json_schemas

LANGUAGES = ("nl", "en")
SCHEMA_FOLDER = ".coursec/schemas"
_DEFAULT_TITLES = {"nl": "Mijn eerste cursus", "en": "My first course"}
_DEFAULT_IDS = {"nl": "mijn-cursus", "en": "my-course"}
_RENAMED = {"gitignore": ".gitignore"}  # package data globs skip hidden files, so the dot is added here


class TargetNotEmptyError(Exception):
    """The folder for a new course already holds files (or is a file)."""


def course_id_for(folder: Path, language: str) -> str:
    """A course id (slug) from the folder name, e.g. 'Veilig Mailen' -> 'veilig-mailen'."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")[:64].strip("-")
    return slug or _DEFAULT_IDS[language]


def starter_files(language: str, title: str | None, course_id: str) -> dict[str, bytes]:
    """Every file of the starter course by '/' path relative to the course folder (schemas included)."""
    root = resources.files("compiler") / "starter" / language
    files: dict[str, bytes] = {}
    for relative, entry in _walk(root, ""):
        name = "/".join(_RENAMED.get(part, part) for part in relative.split("/"))
        files[name] = entry.read_bytes()
    chosen = title if title is not None else _DEFAULT_TITLES[language]
    course = files["course.yaml"].decode("utf-8")
    course = course.replace("{id}", course_id).replace("{title}", json.dumps(chosen, ensure_ascii=False))
    files["course.yaml"] = course.encode("utf-8")
    for name, text in json_schemas().items():
        files[f"{SCHEMA_FOLDER}/{name}"] = text.encode("utf-8")
    return dict(sorted(files.items()))


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found.extend(_walk(entry, f"{prefix}{entry.name}/"))
        else:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def write_starter_course(target: Path, language: str = "nl", title: str | None = None) -> list[str]:
    """Write the starter course into target (which must not exist or be empty); return the paths written.

    The files are written into a temporary folder next to target and moved into place at the end,
    so a failure leaves nothing half-written. Raises TargetNotEmptyError and OSError.
    """
    if target.is_file() or (target.is_dir() and any(target.iterdir())):
        raise TargetNotEmptyError(f"'{target}' already exists and is not an empty folder")
    files = starter_files(language, title, course_id_for(target, language))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.coursec-new-{os.getpid()}"  # mkdir, not mkdtemp: normal modes
    staging.mkdir()
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.is_dir():
            target.rmdir()  # empty (checked above); rename cannot replace a folder everywhere
        staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return list(files)
