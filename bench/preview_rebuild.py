"""Benchmark `coursec preview`: the in-process rebuild after editing one lesson of the bundled course.

Run: .venv/bin/python bench/preview_rebuild.py [--repeat 30]
Copies the bundled course to a temporary folder, starts a preview session (not serving), then repeatedly
changes one lesson's title and times what the preview does after a save: the watcher's scan that notices
it, and the rebuild (compile_course in memory + the diagnostics text), as wall time and as this process's
CPU time (steadier on a busy machine). Prints best, median and worst. The template cache starts empty
(a temporary COURSEC_CACHE_DIR) unless COURSEC_CACHE_DIR is set; COURSEC_CACHE_DIR= (empty) measures
a preview without the cache. The issue's budget: at most 100 ms
for the rebuild.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from compiler.preview.server import PreviewServer
from compiler.preview.watch import scan

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"
LESSON = Path("lessons") / "03-bericht-sturen.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        # A first-time user: an empty template cache of our own (unless COURSEC_CACHE_DIR says otherwise).
        os.environ.setdefault("COURSEC_CACHE_DIR", str(Path(temp) / "cache"))
        course = Path(shutil.copytree(BUNDLED, Path(temp) / BUNDLED.name))
        server = PreviewServer(course, (ROOT / "themes",), port=0)
        try:
            lesson = course / LESSON
            original = lesson.read_text(encoding="utf-8")
            title = next(line for line in original.splitlines() if line.startswith("title: "))
            rebuilds: list[float] = []
            cpu: list[float] = []
            scans: list[float] = []
            for attempt in range(args.repeat + 1):
                lesson.write_text(original.replace(title, f"{title} ({attempt})", 1), encoding="utf-8")
                started = time.perf_counter()
                scan([course])
                scanned = time.perf_counter()
                cpu_started = time.process_time()
                build = server.rebuild()
                finished = time.perf_counter()
                cpu_finished = time.process_time()
                assert build.ok, build.text
                assert f"({attempt})".encode() in build.files["index.html"]
                if attempt:  # the first is a warm-up
                    scans.append((scanned - started) * 1000)
                    rebuilds.append((finished - scanned) * 1000)
                    cpu.append((cpu_finished - cpu_started) * 1000)
        finally:
            server.stop()
    for name, values in (("watcher scan", scans), ("rebuild", rebuilds), ("rebuild CPU", cpu)):
        print(
            f"{name:<13} best {min(values):6.1f} ms   median {statistics.median(values):6.1f} ms"
            f"   worst {max(values):6.1f} ms   ({len(values)} runs)"
        )
    verdict = "ok" if statistics.median(cpu) <= 100 and min(rebuilds) <= 100 else "OVER"
    print(f"budget: rebuild <= 100 ms -> {verdict} (median CPU and best wall time; wall medians follow machine load)")


if __name__ == "__main__":
    main()
