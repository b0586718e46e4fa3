"""Runtime weight per target (issue 20): the JS + CSS a learner's browser loads, gzipped, for three courses.

Run: .venv/bin/python bench/weight.py   (compiles into a temporary folder; prints one table)

- the bundled course (course_src/whatsapp-in-de-zorg), limit BUNDLED_LIMIT (30 KB);
- a course that uses every registered block type and every question type, limit EVERY_LIMIT (36 KB):
  written by `write_every_block_course` from each block's README example (so a new block type is
  in it the day its README is) and the question lessons of tests/browser/courses/all-types;
- a course without registered blocks, next to the same course written without any fence: the
  blocks feature must add nothing to a course that does not use it.

Weight is counted as packages ship it: every .js and .css file of the zip, minified, each gzipped
on its own at level 9 (what an HTTP server with gzip sends). Bytes, not time: the machine's load
does not change them. tests/test_weight.py holds the limits.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compiler.api import compile_course  # noqa: E402
from compiler.blocks.registry import block_names, read_block_file  # noqa: E402

BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"
ALL_QUESTIONS = ROOT / "tests" / "browser" / "courses" / "all-types"
BUNDLED_LIMIT = 30 * 1024
"""Runtime JS + CSS gzipped of the bundled course, in every target (issue 20)."""
EVERY_LIMIT = 36 * 1024
"""Runtime JS + CSS gzipped of a course with every block type and question type, in every target (issue 20)."""

PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100" width="300" height="100">'
    '<rect width="300" height="100" fill="#9fb3c8"/></svg>\n'
)
MEDIA_REFERENCE = re.compile(r"media/[\w.-]+\.(?:svg|png|jpe?g|gif|webp)")

PLAIN_LESSON = """---
id: plain
title: Plain
objectives: [Read a lesson.]
---

Some text with **emphasis**, a [link](https://example.org) and a list:

- one
- two
"""
FENCED = """
```tip
A tip.
```

```media
type: image
src: media/picture.svg
alt: A grey rectangle
```

```question
id: plain-check
type: true-false
prompt: Is this a lesson?
answer: true
feedback:
  correct: Yes.
  incorrect: It is.
```
"""


def gzipped_runtime(files: Mapping[str, bytes]) -> int:
    """Bytes of a package's .js and .css files, each gzipped on its own (level 9, no timestamp)."""
    return sum(
        len(gzip.compress(data, compresslevel=9, mtime=0))
        for name, data in files.items()
        if name.endswith((".js", ".css"))
    )


def gzipped_zip(package: Path) -> int:
    """The same, read from a written zip."""
    with zipfile.ZipFile(package) as archive:
        return gzipped_runtime({name: archive.read(name) for name in archive.namelist()})


def block_example(name: str) -> str:
    """The ````markdown example of a block's README: the fenced block an author would copy."""
    readme = read_block_file(name, "README.md").decode("utf-8")
    found = re.search(r"````markdown\n(.*?)````", readme, re.S)
    if found is None:
        raise ValueError(f"compiler/blocks/{name}/README.md has no ````markdown example")
    return found.group(1)


def write_every_block_course(folder: Path) -> Path:
    """A course with one lesson per registered block type (its README example) and every question type."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ALL_QUESTIONS, folder)
    lessons = ["choices", "ordering"]
    media: set[str] = set()
    for number, name in enumerate(block_names(), start=3):
        example = block_example(name)
        media.update(MEDIA_REFERENCE.findall(example))
        lesson = f"block-{name.replace('_', '-')}"
        lessons.append(lesson)
        text = f"---\nid: {lesson}\ntitle: Block {name}\nobjectives: [Use the {name} block.]\n---\n\n{example}"
        (folder / "lessons" / f"{number:02d}-{name}.md").write_text(text, encoding="utf-8")
    (folder / "media").mkdir(exist_ok=True)
    for path in sorted(media):
        (folder / path).write_text(PLACEHOLDER, encoding="utf-8")
    course = (folder / "course.yaml").read_text(encoding="utf-8")
    course = re.sub(
        r"^lessons:\n(?:  - .*\n)+", "lessons:\n" + "".join(f"  - {id}\n" for id in lessons), course, flags=re.M
    )
    (folder / "course.yaml").write_text(
        course.replace("title: Every question type", "title: Every block and question"), encoding="utf-8"
    )
    return folder


def write_plain_course(folder: Path, *, fences: bool) -> Path:
    """One lesson of prose; with fences, also a callout, an image and a knowledge check (no registered block)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "lessons").mkdir(parents=True)
    (folder / "media").mkdir()
    (folder / "media" / "picture.svg").write_text(PLACEHOLDER, encoding="utf-8")
    (folder / "course.yaml").write_text(
        "id: plain\ntitle: Plain\nlanguage: en\nversion: 1.0.0\ndescription: One lesson.\nlessons: [plain]\n",
        encoding="utf-8",
    )
    (folder / "lessons" / "01-plain.md").write_text(PLAIN_LESSON + (FENCED if fences else ""), encoding="utf-8")
    return folder


def weights(course: Path) -> dict[str, int]:
    """Gzipped runtime weight of the course's package in every target, by target name (nothing is written)."""
    result = compile_course(course, None, targets=["all"], cache_templates=False)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors or not result.outputs:
        raise RuntimeError(f"{course} does not compile: {errors[:3]}")
    return {output.target: gzipped_runtime(output.files) for output in result.outputs}


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        rows = [
            ("bundled course", weights(BUNDLED), BUNDLED_LIMIT),
            ("every block + question type", weights(write_every_block_course(base / "every")), EVERY_LIMIT),
            ("no registered block", weights(write_plain_course(base / "fenced", fences=True)), None),
            ("no fence at all", weights(write_plain_course(base / "plain", fences=False)), None),
        ]
    targets = sorted(rows[0][1])
    print("runtime JS + CSS, gzipped bytes (each file on its own, level 9)")
    print(f"{'course':<30}" + "".join(f"{target:>11}" for target in targets) + f"{'limit':>9}")
    for label, by_target, limit in rows:
        cells = "".join(f"{by_target[target]:>11,}" for target in targets)
        print(f"{label:<30}{cells}{(f'{limit:,}' if limit else '-'):>9}")
    over = [
        f"{label} in {target}: {size:,} > {limit:,}"
        for label, by_target, limit in rows
        if limit
        for target, size in by_target.items()
        if size > limit
    ]
    for line in over:
        print("over the limit:", line)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
