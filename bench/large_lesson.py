"""Benchmark one large lesson: compile time and peak memory at 1x, 2x and 4x a size (issue 17).

Run: .venv/bin/python bench/large_lesson.py [--megabytes 1] [--repeat 1]
Each size is a course with one generated lesson of prose, lists, links, callouts, knowledge checks and
images; each compile runs in a fresh interpreter (`python -m compiler compile`), so the numbers are what
an author sees. Peak memory is the child's max RSS. The largest default size (4 MB) stays below the
4 MiB limit on a course file (docs/course-format.md, Limits). Linear work shows as a steady time and
memory per MB across the rows. The machine's load shows in every number: compare runs made together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><rect width="10" height="5"/></svg>\n'
_COURSE = """id: grote-les
title: Een grote les
language: nl
version: 1.0.0
description: Een cursus met een heel lange les.
lessons:
  - groot
"""
_HEAD = """---
id: groot
title: Een heel lange les
objectives:
  - Je leest een lange tekst.
---

"""


def _part(n: int) -> str:
    text = (
        f"## Kop {n}\n\nDit is alinea {n} met **vet**, *schuin* en een [link](https://example.org/{n}).\n"
        f"Nog een regel tekst voor alinea {n}, zonder bijzonderheden.\n\n- punt een {n}\n- punt twee {n}\n\n"
        f"```tip\nEen tip bij stuk {n}.\n```\n\n"
    )
    if n % 50 == 0:
        text += (
            f"```question\nid: vraag-{n}\ntype: true-false\nprompt: Is dit stuk {n}?\nanswer: true\n"
            "feedback:\n  correct: Ja.\n  incorrect: Nee, kijk naar de kop.\n```\n\n"
        )
    if n % 100 == 0:
        text += f"![Een rechthoek bij stuk {n}](media/vlak.svg)\n\n"
    return text


def write_course(folder: Path, size: int) -> int:
    """A course whose one lesson is about size bytes; returns the lesson's exact size."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "lessons").mkdir(parents=True)
    (folder / "media").mkdir()
    (folder / "media" / "vlak.svg").write_text(_SVG, encoding="utf-8")
    (folder / "course.yaml").write_text(_COURSE, encoding="utf-8")
    parts, total, n = [_HEAD], len(_HEAD), 0
    while total < size:
        n += 1
        parts.append(_part(n))
        total += len(parts[-1])
    (folder / "lessons" / "groot.md").write_text("".join(parts), encoding="utf-8")
    return total


def measure(course: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one fresh `coursec compile`."""
    command = [sys.executable, "-m", "compiler", "compile", str(course), "-o", str(out), "-q"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    assert child.stderr is not None
    errors = child.stderr.read().decode()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"compile of {course} failed:\n{errors}")
    return seconds, usage.ru_maxrss * 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--megabytes", type=float, default=1.0, help="the 1x size (default 1 MB)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        print(f"{'size':>6} {'lesson bytes':>13} {'best s':>8} {'s per MB':>9} {'peak MiB':>9} {'MiB per MB':>11}")
        for factor in (1, 2, 4):
            course = work / f"course-{factor}"
            size = write_course(course, int(args.megabytes * factor * 1_000_000))
            runs = [measure(course, work / "out") for _ in range(args.repeat)]
            seconds = min(run[0] for run in runs)
            peak = min(run[1] for run in runs) / 2**20
            megabytes = size / 1_000_000
            print(
                f"{factor:>5}x {size:>13,} {seconds:>8.2f} {seconds / megabytes:>9.2f} {peak:>9.0f} "
                f"{peak / megabytes:>11.0f}"
            )


if __name__ == "__main__":
    main()
