"""Make the screenshots of `coursec preview`: the debug panel, and a compile error in the page.

    .venv/bin/python docs/screenshots/preview.py

Serves a temporary copy of the bundled course with the preview server (on 127.0.0.1, any free port),
opens it in headless Chromium, plays a little of the course, then breaks course.yaml, and writes
preview.png and preview-error.png next to this script.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from compiler.preview.server import PreviewServer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        course = Path(shutil.copytree(BUNDLED, Path(temp) / BUNDLED.name))
        server = PreviewServer(course, (ROOT / "themes",), port=0, poll_interval=0.1)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(server.url)
                frame = page.frame_locator("#sco")
                frame.locator("[data-toc] [data-nav-to]").nth(3).click()
                page.wait_for_function("window.lmsLog.commits.length > 0", timeout=10_000)
                page.get_by_role("button", name="Phone").click()
                page.evaluate("API.LMSSetValue('cmi.core.lesson_status', 'done')")
                page.wait_for_timeout(300)
                page.screenshot(path=HERE / "preview.png")
                yaml = course / "course.yaml"
                yaml.write_text(yaml.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
                page.locator("#lms-overlay").wait_for(state="visible")
                page.screenshot(path=HERE / "preview-error.png")
                browser.close()
        finally:
            server.stop()
    print(f"wrote {HERE / 'preview.png'} and {HERE / 'preview-error.png'}")


if __name__ == "__main__":
    main()
