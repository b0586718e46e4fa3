"""Time `coursec compile COURSE --target all` in fresh interpreters: wall and CPU time per run.

Run: .venv/bin/python bench/compile_all_targets.py [--course DIR] [--repeat N]
Each run is a new process (`python -m compiler compile COURSE --target all -o TMP -q`), as an author
runs it; CPU time is the child's user + system time (resource.getrusage). The first run is a warm-up
(template cache, page cache); the table shows every measured run, then the best and the median. The
machine's load shows in every number: compare runs made at the same time.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"


def _run(course: Path, output: Path) -> tuple[float, float]:
    """One fresh-interpreter compile of every target: (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "compiler", "compile", str(course), "--target", "all", "-o", str(output), "-q"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Print the per-run table and the best and median wall and CPU times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=BUNDLED)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _run(args.course, Path(folder))  # warm-up
        runs = [_run(args.course, Path(folder)) for _ in range(args.repeat)]
    print(f"coursec compile {args.course.name} --target all, {args.repeat} runs in fresh interpreters")
    for number, (wall, cpu) in enumerate(runs, 1):
        print(f"  run {number}: wall {wall * 1000:7.0f} ms, cpu {cpu * 1000:7.0f} ms")
    walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
    print(f"  best:   wall {min(walls) * 1000:7.0f} ms, cpu {min(cpus) * 1000:7.0f} ms")
    print(f"  median: wall {statistics.median(walls) * 1000:7.0f} ms, cpu {statistics.median(cpus) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
