"""Measure what a learner waits for: first lesson at scale, start page height, index.html growth.

Run: .venv/bin/python bench/first_lesson.py   (needs /usr/bin/chromium; writes only into a temporary folder)

It compiles the synthetic courses of bench/bench.py (one image per lesson) with 10 and 1,000
lessons (or --sizes), unzips them, and in headless Chromium (file://, no LMS: standalone mode):
- "first lesson": from the start of navigation to index.html until the first lesson's heading
  is visible and its image has loaded, having pressed the start button as soon as it shows;
- "load event": from navigation until the window's load event (every resource the page asked for);
- the size of index.html, and its bytes per lesson;
- for the bundled course: the start page's height at 1280 px and 390 px.
Best of --repeat runs (after one warm-up), in fresh browser pages.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import BUNDLED, make_course

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from compiler.api import compile_course  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

# The first lesson is shown when its heading is visible and every image in it has loaded.
_FIRST_LESSON_SHOWN = """() => {
  const page = document.querySelector('section[data-page="lesson"]:not([hidden])');
  if (!page) return false;
  const heading = page.querySelector('[data-page-heading]');
  if (!heading || heading.getBoundingClientRect().height === 0) return false;
  return Array.from(page.querySelectorAll('img')).every((img) => img.complete && img.naturalWidth > 0);
}"""


def build(course: Path, out: Path) -> Path:
    """Compile and unzip a course; return the folder holding index.html."""
    result = compile_course(course, out, theme_dirs=(ROOT / "themes",))
    if result.package_path is None:
        raise SystemExit(f"compile failed: {[str(d) for d in result.diagnostics]}")
    target = out / (course.name + "-unzipped")
    with zipfile.ZipFile(result.package_path) as archive:
        archive.extractall(target)
    return target


def first_lesson(page: Page, index: Path) -> tuple[float, float]:
    """Seconds from navigation to the first lesson shown, and to the load event."""
    page.add_init_script(
        "window.__loaded = 0; addEventListener('load', () => { window.__loaded = performance.now(); });"
    )
    start = time.perf_counter()
    page.goto(index.as_uri(), wait_until="commit")
    page.locator('html.js [data-page="start"] [data-nav-to]').first.click()
    page.wait_for_function(_FIRST_LESSON_SHOWN, polling="raf", timeout=120_000)
    shown = time.perf_counter() - start
    page.wait_for_function("window.__loaded > 0", timeout=120_000)
    loaded = page.evaluate("window.__loaded") / 1000
    return shown, loaded


def start_height(page: Page, index: Path, width: int) -> int:
    """Height in CSS px of the start page's document at a viewport width."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(index.as_uri(), wait_until="load")
    height: int = page.evaluate("document.documentElement.scrollHeight")
    return height


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 1000], help="lesson counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per course (after one warm-up run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        base = Path(temp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        header = f"{'course':<16} {'lessons':>7} {'index.html':>12} {'B/lesson':>9}"
        print(f"{header} {'first lesson s':>15} {'load event s':>13}")
        for size in args.sizes:
            folder = build(make_course(base / f"course-{size}", size), base / f"out-{size}")
            index = folder / "index.html"
            shown: list[float] = []
            loaded: list[float] = []
            for attempt in range(args.repeat + 1):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                seconds, load = first_lesson(page, index)
                context.close()
                if attempt:
                    shown.append(seconds)
                    loaded.append(load)
            size_bytes = index.stat().st_size
            print(
                f"{'synthetic-' + str(size):<16} {size:>7} {size_bytes:>12,} {size_bytes // size:>9,}"
                f" {min(shown):>15.3f} {min(loaded):>13.3f}"
            )
        if BUNDLED.is_dir():
            folder = build(BUNDLED, base / "out-bundled")
            context = browser.new_context()
            page = context.new_page()
            heights = {width: start_height(page, folder / "index.html", width) for width in (1280, 390)}
            context.close()
            print(f"bundled course start page height: {heights[1280]:,} px at 1280 px, {heights[390]:,} px at 390 px")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
