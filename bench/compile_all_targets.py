"""Time `coursec compile COURSE --target all` in fresh interpreters, and count the work it repeats.

Run: .venv/bin/python bench/compile_all_targets.py [--course DIR] [--repeat N]
Each timed run is a new process (`python -m compiler compile COURSE --target all -o TMP -q`), as an
author runs it; CPU time is the child's user + system time (resource.getrusage). The first run is a
warm-up (template cache, page cache); the table shows every measured run, then the best and the
median. The machine's load shows in every number: compare runs made at the same time.

The counts come from one more fresh interpreter that compiles in process with counting wrappers
around the work a compile could repeat per target: page template renders, Markdown parses, YAML
documents parsed, files minified, and zip entries compressed (with their bytes). Counts do not
depend on the machine's load. Last, the best CPU time of --repeat compiles in this process (no
interpreter start, no imports): the compile's own work. To compare with another checkout, run the
script with PYTHONPATH pointing at that checkout's folder, interleaved with this one.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"

_COUNTER = r"""
import json, sys, zipfile
from pathlib import Path
import jinja2, markdown_it
import compiler.render.minify as minify
import compiler.source.yaml_positions as yaml_positions
counts = {"page renders": 0, "markdown parses": 0, "yaml documents": 0, "files minified": 0,
          "zip entries compressed": 0, "bytes compressed": 0}
def counting(name, function):
    def wrapper(*args, **kwargs):
        counts[name] += 1
        return function(*args, **kwargs)
    return wrapper
render = jinja2.Template.render
def page_render(self, *args, **kwargs):
    counts["page renders"] += self.name == "index.html"
    return render(self, *args, **kwargs)
jinja2.Template.render = page_render
markdown_it.MarkdownIt.parse = counting("markdown parses", markdown_it.MarkdownIt.parse)
yaml_positions.parse_yaml = counting("yaml documents", yaml_positions.parse_yaml)
minify._minify = counting("files minified", minify._minify.__wrapped__)
writestr = zipfile.ZipFile.writestr
def counted_writestr(self, info, data, *args, **kwargs):
    counts["zip entries compressed"] += 1
    counts["bytes compressed"] += len(data)
    return writestr(self, info, data, *args, **kwargs)
zipfile.ZipFile.writestr = counted_writestr
import compiler.api as api
api.parse_yaml = yaml_positions.parse_yaml
result = api.compile_course(Path(sys.argv[1]), Path(sys.argv[2]), targets=["all"], cache_templates=False)
assert result.ok, result.diagnostics
counts["packages"] = len(result.outputs)
print(json.dumps(counts))
"""


def _run(course: Path, output: Path) -> tuple[float, float]:
    """One fresh-interpreter compile of every target: (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "compiler", "compile", str(course), "--target", "all", "-o", str(output), "-q"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=output)  # not the checkout: PYTHONPATH counts
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def count_work(course: Path, output: Path) -> dict[str, int]:
    """The counts of one in-process compile of every target, in a fresh interpreter."""
    command = [sys.executable, "-c", _COUNTER, str(course), str(output)]
    completed = subprocess.run(command, check=True, capture_output=True, text=True, cwd=output)
    counts: dict[str, int] = json.loads(completed.stdout.strip().splitlines()[-1])
    return counts


def in_process(course: Path, output: Path, repeat: int) -> float:
    """Best CPU seconds of `repeat` in-process compiles of every target (after one warm-up)."""
    from compiler.api import compile_course

    compile_course(course, output, targets=["all"])
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        compile_course(course, output, targets=["all"])
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    """Print the work counts, the per-run table and the best and median wall and CPU times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=BUNDLED)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    args.course = args.course.resolve()
    with tempfile.TemporaryDirectory() as folder:
        counts = count_work(args.course, Path(folder))
        _run(args.course, Path(folder))  # warm-up
        runs = [_run(args.course, Path(folder)) for _ in range(args.repeat)]
        own = in_process(args.course, Path(folder), args.repeat)
    print(f"coursec compile {args.course.name} --target all")
    print("  work (one compile): " + ", ".join(f"{name} {value:,}" for name, value in counts.items()))
    print(f"  {args.repeat} runs in fresh interpreters (the machine's load shows in these):")
    for number, (wall, cpu) in enumerate(runs, 1):
        print(f"  run {number}: wall {wall * 1000:7.0f} ms, cpu {cpu * 1000:7.0f} ms")
    walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
    print(f"  best:   wall {min(walls) * 1000:7.0f} ms, cpu {min(cpus) * 1000:7.0f} ms")
    print(f"  median: wall {statistics.median(walls) * 1000:7.0f} ms, cpu {statistics.median(cpus) * 1000:7.0f} ms")
    print(f"  in process, best of {args.repeat}: cpu {own * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
