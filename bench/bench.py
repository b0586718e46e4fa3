"""Benchmark the compiler: synthetic courses of 10, 100 and 1,000 lessons, and the bundled course.

Run: .venv/bin/python bench/bench.py   (prints a table; writes only into a temporary folder and the template cache)
Each measurement runs in a fresh interpreter (`python -m compiler compile ...`), so wall time includes
interpreter start and imports, as an author would see it, and peak memory is that process's max RSS.
The first run of each course is a warm-up; best and median of the next --repeat runs are reported.

It also reports (issue 8):
- the cold-compile ratio: the best fresh-interpreter compile of the bundled course divided by the best
  run of the import floor `python -c "import lxml.etree, jinja2, click, markdown_it, yaml, nh3; from
  pydantic import BaseModel"` (the libraries any compile must load); the goal is at most 1.6;
- the in-process rebuild after editing one lesson (`rebuild_after_edit`), the loop a preview server runs;
- the weight each interactive block type adds to a package that uses it, and the runtime weight of a course
  that uses every block type (`--only blocks`; issue 20).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"
EVERY_BLOCK = ROOT / "tests" / "browser" / "courses" / "blocks"
"""A course that uses every registered block type (kept so by tests/browser/test_blocks.py)."""

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
    '<title>{n}</title><rect width="{n}" height="5"/></svg>\n'
)
_LESSON = """---
id: les-{n}
title: Les {n}
objectives:
  - Je kunt onderwerp {n} uitleggen.
---

Dit is les {n}. Hier staat **uitleg** met een lijst:

- eerste punt over onderwerp {n}
- tweede punt, met *nadruk*

```tip
Een tip bij les {n}.
```

```media
type: image
src: media/plaatje-{n}.svg
alt: Schematische tekening {n}
```

```question
id: vraag-{n}-a
type: single
prompt: Welke les is dit?
options:
  - text: Les {n}
    correct: true
  - text: Een andere les
  - text: Geen les
feedback:
  correct: Goed.
  incorrect: Kijk naar de titel.
```

```question
id: vraag-{n}-b
type: true-false
prompt: Dit is les {n}.
answer: true
feedback:
  correct: Ja.
  incorrect: Kijk naar de titel.
```
"""


def make_course(folder: Path, lessons: int) -> Path:
    """Write a synthetic course with the given number of lessons; return its folder."""
    (folder / "lessons").mkdir(parents=True)
    (folder / "media").mkdir()
    ids = "\n".join(f"  - les-{n}" for n in range(lessons))
    (folder / "course.yaml").write_text(
        f"id: bench-{lessons}\ntitle: Benchmark {lessons}\nlanguage: nl\nversion: 1.0.0\n"
        # 2,000 knowledge checks cannot fit SCORM 1.2's 4,096 characters of learner state; the
        # benchmark measures the compiler, so it declares an LMS that stores the 64,000 of SCORM 2004.
        f"description: Synthetische cursus.\nsuspend_data_limit: 64000\nlessons:\n{ids}\n",
        encoding="utf-8",
    )
    for n in range(lessons):
        (folder / "lessons" / f"{n:04d}.md").write_text(_LESSON.format(n=n), encoding="utf-8")
        (folder / "media" / f"plaatje-{n}.svg").write_text(_SVG.format(n=n), encoding="utf-8")
    return folder


# An author's shell caches compiled Python (.pyc); some sandboxes and CI images switch that off.
_AUTHOR_ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _coursec() -> list[str]:
    """The `coursec` script of this interpreter's environment (what authors run), else `python -m compiler`."""
    script = Path(sys.executable).with_name("coursec")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "compiler"]


_CPU_SECONDS: list[float] = []
"""CPU time (user + system) of each measured child, in order: steadier than wall time on a busy machine."""


def measure(course: Path, output: Path) -> tuple[float, float, int, str]:
    """Compile in a fresh interpreter; return (seconds, peak MB of that process, exit code, last line)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [*_coursec(), "compile", str(course), "-o", str(output)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env=_AUTHOR_ENVIRONMENT,
        )
        # wait4 gives this one child's resource usage (ru_maxrss in KiB on Linux).
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        _CPU_SECONDS.append(usage.ru_utime + usage.ru_stime)
        log.seek(0)
        lines = log.read().strip().splitlines()
    return elapsed, usage.ru_maxrss / 1024, process.returncode, lines[-1] if lines else ""


FLOOR = "import lxml.etree, jinja2, click, markdown_it, yaml, nh3; from pydantic import BaseModel"
"""The imports every compile needs: the floor a cold compile is compared with."""
COLD_GOAL = 1.6


def measure_floor() -> tuple[float, float]:
    """(wall, CPU) seconds of a fresh interpreter that only imports the libraries a compile needs."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", FLOOR], cwd=ROOT, env=_AUTHOR_ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("the import floor failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def cold_ratio(repeat: int, output: Path) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """((floor, compile, ratio) by best wall time, the same by best CPU time) of `coursec compile` of the
    bundled course; floor and compile runs are interleaved so load drifts hit both."""
    floors: list[tuple[float, float]] = []
    compiles: list[tuple[float, float]] = []
    measure_floor()
    measure(BUNDLED, output)  # warm-up: .pyc files and the template cache, as an author's first run
    for _ in range(repeat):
        floors.append(measure_floor())
        seconds, _, code, last = measure(BUNDLED, output)
        if code != 0:
            raise RuntimeError(f"bundled course: compile failed (exit {code}): {last}")
        compiles.append((seconds, _CPU_SECONDS[-1]))
    wall = min(f[0] for f in floors), min(c[0] for c in compiles)
    cpu = min(f[1] for f in floors), min(c[1] for c in compiles)
    return (*wall, wall[1] / wall[0]), (*cpu, cpu[1] / cpu[0])


def rebuild_after_edit(
    course: Path, work: Path, repeat: int = 10, compile_once: Callable[[Path], object] | None = None
) -> tuple[float, float]:
    """(best, median) seconds of an in-process recompile after editing one lesson of a copy of course.

    compile_once compiles a course folder in memory; by default `compile_course(folder, None)`, a full
    validate. A preview server can pass its own incremental rebuild to measure it the same way.
    """
    from compiler.api import compile_course

    rebuild = compile_once or (lambda folder: compile_course(folder, None))
    copy = Path(shutil.copytree(course, work / "rebuild"))
    lesson = sorted((copy / "lessons").glob("*.md"))[0]
    original = lesson.read_text(encoding="utf-8")
    rebuild(copy)  # the first compile of the session: imports and validators are built
    times: list[float] = []
    for attempt in range(repeat):
        lesson.write_text(original + f"\nEen extra alinea, versie {attempt}.\n", encoding="utf-8")
        start = time.perf_counter()
        rebuild(copy)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def runtime_weight(package: Path) -> tuple[int, int]:
    """Bytes of runtime JS + theme CSS in a package: raw and gzipped (each file gzipped on its own)."""
    raw = compressed = 0
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name.endswith((".js", ".css")):
                data = archive.read(name)
                raw += len(data)
                buffer = io.BytesIO()
                with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as handle:
                    handle.write(data)
                compressed += len(buffer.getvalue())
    return raw, compressed


def font_weight(package: Path) -> int:
    """Bytes of the typeface in a package (static/fonts/: the subset WOFF2 files and their licence)."""
    with zipfile.ZipFile(package) as archive:
        return sum(info.file_size for info in archive.infolist() if info.filename.startswith("static/fonts/"))


def _gzipped(data: bytes) -> int:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as handle:
        handle.write(data)
    return len(buffer.getvalue())


def block_weights(out: Path) -> None:
    """Print what each block type adds (its minified script and style, as packaged) and a course using them all."""
    with zipfile.ZipFile(_compile_every_target(EVERY_BLOCK, out)[0]) as archive:
        names = sorted(name for name in archive.namelist() if name.startswith("blocks/"))
        by_block: dict[str, tuple[int, int]] = {}
        for name in names:
            data = archive.read(name)
            raw, compressed = by_block.get(name.split("/")[1], (0, 0))
            by_block[name.split("/")[1]] = (raw + len(data), compressed + _gzipped(data))
    for block, (raw, compressed) in by_block.items():
        print(f"block {block}: script + style {raw:,} bytes, {compressed:,} bytes gzipped")
    for zipped in _compile_every_target(EVERY_BLOCK, out):
        raw, compressed = runtime_weight(zipped)
        print(f"  {zipped.name} (every block type): runtime JS + CSS {raw:,} bytes, {compressed:,} bytes gzipped")


def _compile_every_target(course: Path, out: Path) -> list[Path]:
    shutil.rmtree(out, ignore_errors=True)
    command = [*_coursec(), "compile", str(course), "-o", str(out), "--target", "all", "-q"]
    subprocess.run(command, cwd=ROOT, env=_AUTHOR_ENVIRONMENT, check=True, capture_output=True)
    return sorted(out.glob("*.zip"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000], help="lesson counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per course (after one warm-up run)")
    parser.add_argument(
        "--only",
        choices=["sizes", "cold", "rebuild", "blocks"],
        help="run one part: the size table, the cold ratio, the rebuild or the block weights",
    )
    args = parser.parse_args()
    if args.only == "blocks":
        with tempfile.TemporaryDirectory() as temp:
            block_weights(Path(temp) / "blocks")
        return 0
    if args.only in (None, "cold", "rebuild"):
        with tempfile.TemporaryDirectory() as temp:
            if args.only in (None, "cold"):
                for kind, (floor, best, ratio) in zip(
                    ("wall", "CPU"), cold_ratio(max(args.repeat, 10), Path(temp) / "out"), strict=True
                ):
                    verdict = "ok" if ratio <= COLD_GOAL else f"over the goal of {COLD_GOAL}"
                    print(f"cold coursec compile of the bundled course, best {kind} time: {best:.3f} s; ", end="")
                    print(f"import floor: {floor:.3f} s; ratio {ratio:.2f} ({verdict})")
            if args.only in (None, "rebuild"):
                best, median = rebuild_after_edit(BUNDLED, Path(temp))
                print(f"in-process rebuild after editing one lesson: best {best * 1000:.0f} ms, ", end="")
                print(f"median {median * 1000:.0f} ms")
        if args.only is not None:
            return 0
    rows: list[tuple[str, int, float, float, float]] = []
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        courses: list[tuple[str, int, Path]] = []
        if BUNDLED.is_dir():
            courses.append(("bundled", 0, BUNDLED))
        for size in args.sizes:
            courses.append((f"synthetic-{size}", size, make_course(base / f"course-{size}", size)))
        package = None
        for label, size, course in courses:
            times: list[float] = []
            peak = 0.0
            for attempt in range(args.repeat + 1):
                seconds, megabytes, code, last = measure(course, base / "out")
                if code != 0:
                    print(f"{label}: compile failed (exit {code}): {last}", file=sys.stderr)
                    return 1
                if attempt:  # the first run fills the template and .pyc caches, as an author's first run does
                    times.append(seconds)
                peak = max(peak, megabytes)
            rows.append((label, size, min(times), statistics.median(times), peak))
            if label == "bundled":
                package = next((base / "out").glob("whatsapp-in-de-zorg-*.zip"))
        print(f"{'course':<16} {'lessons':>7} {'best s':>8} {'median s':>9} {'ms/lesson':>10} {'peak MB':>8}")
        for label, size, best, median, peak in rows:
            per = f"{median / size * 1000:.2f}" if size else "-"
            print(f"{label:<16} {size or '':>7} {best:>8.3f} {median:>9.3f} {per:>10} {peak:>8.1f}")
        if package is not None:
            raw, compressed = runtime_weight(package)
            print(f"runtime JS + theme CSS of the bundled package: {raw:,} bytes, {compressed:,} bytes gzipped")
        if BUNDLED.is_dir():
            every = base / "every-target"
            command = [*_coursec(), "compile", str(BUNDLED), "-o", str(every), "--target", "all", "-q"]
            subprocess.run(command, cwd=ROOT, env=_AUTHOR_ENVIRONMENT, check=True, capture_output=True)
            for zipped in sorted(every.glob("*.zip")):
                raw, compressed = runtime_weight(zipped)
                print(f"  {zipped.name}: {zipped.stat().st_size:,} bytes; runtime JS + CSS {raw:,} bytes, ", end="")
                print(f"{compressed:,} bytes gzipped (budget {30 * 1024:,}); ", end="")
                print(f"font {font_weight(zipped):,} bytes (budget {40 * 1024:,})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
