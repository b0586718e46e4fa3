"""Make the theme's screenshots: a lesson and the quiz with feedback, on a phone and on a desktop.

    .venv/bin/python docs/screenshots/make.py [COURSE_DIR]

Compiles the course (default: the bundled course) with compile_course, opens index.html inside a
minimal LMS page (an in-memory SCORM 1.2 API, so the standalone notice stays hidden) in headless
Chromium, and writes PNG files next to this script. Every request is served from the compiled
package; nothing is fetched from the network.
"""

from __future__ import annotations

import mimetypes
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Frame, Page, Route, sync_playwright

from compiler.api import compile_course
from compiler.diagnostics import format_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = "/usr/bin/chromium"
ORIGIN = "https://lms.example"
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}

# A SCORM 1.2 API that keeps values in memory: enough for the runtime to start in LMS mode.
_HOST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<style>html, body { margin: 0; } iframe { display: block; border: 0; width: 100vw; height: 100vh; }</style>
<script>
  const data = {"cmi.core.lesson_status": "not attempted", "cmi.core.entry": "ab-initio"};
  window.API = {
    LMSInitialize: () => "true", LMSFinish: () => "true", LMSCommit: () => "true",
    LMSGetValue: (key) => (key in data ? String(data[key]) : ""),
    LMSSetValue: (key, value) => { data[key] = String(value); return "true"; },
    LMSGetLastError: () => "0", LMSGetErrorString: () => "", LMSGetDiagnostic: () => "",
  };
</script></head>
<body><iframe id="sco" title="Course" src="/pkg/index.html"></iframe></body></html>
"""


def _serve(package: dict[str, bytes]) -> object:
    def handle(route: Route) -> None:
        url = route.request.url.split("#")[0].split("?")[0]
        if url == f"{ORIGIN}/":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=_HOST)
        elif url.startswith(f"{ORIGIN}/pkg/") and url[len(ORIGIN) + 5 :] in package:
            path = url[len(ORIGIN) + 5 :]
            route.fulfill(status=200, content_type=mimetypes.guess_type(path)[0] or "application/octet-stream",
                          body=package[path])  # fmt: skip
        else:
            route.abort()

    return handle


def _first_lesson_with_a_question(frame: Frame) -> str:
    key: str = frame.evaluate(
        "(() => { const s = document.querySelector('section[data-page=lesson] [data-question]');"
        " return s ? s.closest('section').dataset.lessonId : document.querySelector('section[data-page=lesson]')"
        ".dataset.lessonId; })()"
    )
    return key


def _show(frame: Frame, key: str) -> None:
    frame.evaluate('k => document.querySelector(`[data-toc] [data-nav-to="${k}"]`).click()', key)
    frame.wait_for_timeout(300)


def _answer_quiz(frame: Frame) -> None:
    """Answer every quiz question plausibly (some will be wrong) and submit, so feedback shows."""
    frame.evaluate(
        """() => {
            for (const item of document.querySelectorAll("[data-quiz] [data-question]")) {
                const choice = item.querySelector("input[type=radio], input[type=checkbox]");
                if (choice) { choice.click(); continue; }
                const text = item.querySelector("input[data-fill-in]");
                if (text) { text.value = "weet ik niet"; text.dispatchEvent(new Event("input", {bubbles: true})); }
                item.querySelectorAll("select").forEach((select, i) => {
                    select.selectedIndex = 1 + (i % (select.options.length - 1));
                    select.dispatchEvent(new Event("change", {bubbles: true}));
                });
            }
        }"""
    )
    frame.locator("[data-quiz-submit]").click()
    frame.wait_for_timeout(500)


def _shoot(page: Page, name: str) -> None:
    frame = page.frame(url=f"{ORIGIN}/pkg/index.html")
    assert frame is not None
    frame.evaluate("window.scrollTo(0, 0)")
    path = HERE / f"{name}.png"
    page.screenshot(path=str(path))
    print(path.relative_to(ROOT))


def main(argv: list[str]) -> int:
    course_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "course_src" / "whatsapp-in-de-zorg"
    with tempfile.TemporaryDirectory() as tmp:
        result = compile_course(course_dir, Path(tmp), theme_dirs=(ROOT / "themes",))
    if not result.ok:
        print(format_text(result.diagnostics, result.sources), file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--hide-scrollbars"],
        )  # fmt: skip
        for label, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            context.route("**/*", _serve(result.files))  # type: ignore[arg-type]
            page = context.new_page()
            page.goto(f"{ORIGIN}/")
            frame = page.frame(url=f"{ORIGIN}/pkg/index.html")
            assert frame is not None
            frame.wait_for_function("document.documentElement.classList.contains('js')")
            _show(frame, _first_lesson_with_a_question(frame))
            _shoot(page, f"lesson-{label}")
            _show(frame, "quiz")
            _answer_quiz(frame)
            frame.locator("[data-quiz-result]").scroll_into_view_if_needed()
            page.screenshot(path=str(HERE / f"quiz-feedback-{label}.png"))
            print((HERE / f"quiz-feedback-{label}.png").relative_to(ROOT))
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
