"""Regenerate the README's screenshots of the default theme, on a phone (390 px) and a desktop (1280 px).

Run: .venv/bin/python docs/screenshots/make.py   (needs /usr/bin/chromium; writes docs/screenshots/*.png)

It compiles the bundled course, opens it in headless Chromium with a minimal in-memory SCORM 1.2
API (so no "outside a learning platform" notice shows), and takes: the start page, a lesson, a
knowledge check after checking (a wrong pick), one quiz question, the quiz result, the flip cards,
process and labeled graphic of the bundled course after one press each and, on the phone, the menu
drawer open. Then the same course with a brand (a long organisation name and a wide logo, as care
organisations have them): its start page and a lesson read to its end with the knowledge check
still open (the started mark in the contents and the lesson end's hint).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from compiler.api import compile_course  # noqa: E402

OUT = Path(__file__).resolve().parent
COURSE = ROOT / "course_src" / "whatsapp-in-de-zorg"
CHROMIUM = "/usr/bin/chromium"
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
BRAND = """branding:
  organisation: Stichting Zorggroep Rivierenland voor Thuiszorg en Wijkverpleging
  logo: media/merk-voorbeeld.svg
  primary_color: "#0b5d4b"
"""
# A made-up wide logo, drawn here: a leaf in a circle and a band, about 5:1.
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80" viewBox="0 0 400 80">'
    '<rect width="400" height="80" rx="12" fill="#0b5d4b"/><circle cx="40" cy="40" r="26" fill="#fff"/>'
    '<path d="M28 50c0-16 10-26 26-26-1 16-10 26-26 26z" fill="#0b5d4b"/>'
    '<rect x="82" y="26" width="290" height="10" rx="5" fill="#fff"/>'
    '<rect x="82" y="46" width="200" height="8" rx="4" fill="#cfe8df"/></svg>\n'
)

# An LMS that keeps everything in memory: enough for the runtime to run in "lms" mode.
_FAKE_LMS = """
window.API = (() => {
  const cmi = { "cmi.core.lesson_status": "not attempted", "cmi.core.lesson_mode": "normal",
                "cmi.interactions._count": "0" };
  return {
    LMSInitialize: () => "true", LMSFinish: () => "true", LMSCommit: () => "true",
    LMSGetValue: (name) => (name in cmi ? cmi[name] : ""),
    LMSSetValue: (name, value) => { cmi[name] = String(value); return "true"; },
    LMSGetLastError: () => "0", LMSGetErrorString: () => "", LMSGetDiagnostic: () => "",
  };
})();
"""


def _visible(page: Page) -> str:
    return "section[data-page]:not([hidden])"


def _go(page: Page, key: str) -> None:
    page.evaluate(f"document.querySelector('[data-toc] [data-nav-to=\"{key}\"]').click()")
    page.wait_for_selector(f'section[id="page-{key}"]:not([hidden])')
    page.evaluate("window.scrollTo(0, 0)")


def _shoot(page: Page, name: str, full: bool = False) -> None:
    page.wait_for_timeout(300)  # transitions (0.2 s) settle
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    print(f"wrote docs/screenshots/{name}.png")


def _answer_quiz(page: Page, data: dict[str, object]) -> None:
    """Answer every quiz question, half of them wrongly, through the one-question screens."""
    quiz = page.locator("[data-quiz]")
    for number in range(len(data["quiz"]["questions"])):  # type: ignore[index]
        item = quiz.locator("[data-quiz-item][data-current]")
        options = item.locator("input[data-option]")
        if options.count():
            options.nth(number % 2).check()
        else:
            fill = item.locator("input[data-fill-in]")
            if fill.count():
                fill.fill("weet ik niet")
            for select in item.locator("select").all():
                select.select_option(index=1)
        if quiz.locator("[data-quiz-next]").is_visible():
            quiz.locator("[data-quiz-next]").click()
    quiz.locator("[data-quiz-submit]").click()
    quiz.locator("[data-quiz-result]").wait_for(state="visible")


def take(page: Page, size: str, index: Path) -> None:
    page.goto(index.as_uri())
    page.wait_for_selector("html.js")
    _shoot(page, f"{size}-start")
    data = page.evaluate("JSON.parse(document.getElementById('coursec-data').textContent)")
    lessons = [lesson["id"] for lesson in data["lessons"]]
    _go(page, lessons[1])
    _shoot(page, f"{size}-lesson")
    # A knowledge check, answered wrongly and checked: the choices lock, the right one is marked.
    first = next(lesson for lesson in data["lessons"] if lesson["checks"])
    _go(page, first["id"])
    question = page.locator(f'[data-question="{first["checks"][0]}"]')
    key = data["questions"][first["checks"][0]]
    wrong = (key["c"] + 1) % key["n"] if key["t"] == "single" else 0
    question.locator(f'input[data-option="{wrong}"]').check()
    question.locator("[data-check]").click()
    question.evaluate("q => q.scrollIntoView({block: 'center'})")
    _shoot(page, f"{size}-check")
    _go(page, "quiz")
    page.locator("[data-quiz-item][data-current] input[data-option]").first.check()
    page.locator("[data-quiz-next]").click()
    _shoot(page, f"{size}-quiz")
    _answer_quiz(page, data)
    page.evaluate("window.scrollTo(0, 0)")
    _shoot(page, f"{size}-result")
    _blocks(page, size)
    if size == "phone":
        _go(page, lessons[2])
        page.locator("[data-menu-button]").click()
        _shoot(page, f"{size}-menu")


def take_branded(page: Page, size: str, index: Path) -> None:
    page.goto(index.as_uri())
    page.wait_for_selector("html.js")
    _shoot(page, f"branded-{size}-start")
    data = page.evaluate("JSON.parse(document.getElementById('coursec-data').textContent)")
    first = next(lesson for lesson in data["lessons"] if lesson["checks"])
    _go(page, first["id"])
    hint = page.locator(f'section[id="page-{first["id"]}"] [data-lesson-open]')
    page.locator(f'section[id="page-{first["id"]}"] [data-lesson-end]').scroll_into_view_if_needed()
    hint.wait_for(state="visible")
    hint.evaluate("h => h.scrollIntoView({block: 'center'})")
    _shoot(page, f"branded-{size}-lesson-end")


def _package(course: Path, temp: Path, name: str) -> Path | None:
    result = compile_course(course, temp / name, theme_dirs=(ROOT / "themes",), epoch=0)
    if result.package_path is None:
        print("\n".join(str(d) for d in result.diagnostics), file=sys.stderr)
        return None
    folder = temp / name / "package"
    with zipfile.ZipFile(result.package_path) as archive:
        archive.extractall(folder)
    return folder / "index.html"


BLOCK_SHOTS = (
    # (screenshot, lesson, block id, what to press first)
    ("flip-cards", "vinkjes-en-laatst-gezien", "vinkjes-kaarten", "[data-flip-card-toggle] >> nth=1"),
    ("process", "installeren", "whatsapp-installeren", "[data-process-next]"),
    ("labeled-graphic", "bericht-sturen", "chatscherm", "[data-graphic-marker] >> nth=2"),
)
"""The interactive blocks of the bundled course, each after one press (a card turned, a step on, a marker open)."""


def _blocks(page: Page, size: str) -> None:
    for name, lesson, block_id, press in BLOCK_SHOTS:
        _go(page, lesson)
        block = page.locator(f'[data-block="{block_id}"]')
        block.locator(press).click()
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        box = block.bounding_box()
        assert box is not None
        # A clip of the whole page at the top scroll position: the sticky header stays out of the picture.
        clip = {"x": max(0, box["x"] - 8), "y": box["y"] - 8, "width": box["width"] + 16, "height": box["height"] + 16}
        page.screenshot(path=str(OUT / f"{size}-{name}.png"), full_page=True, clip=clip)  # type: ignore[arg-type]
        print(f"wrote docs/screenshots/{size}-{name}.png")


def main() -> int:
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        branded = Path(temp) / "branded-course"
        shutil.copytree(COURSE, branded)
        (branded / "media" / "merk-voorbeeld.svg").write_text(LOGO, encoding="utf-8")
        yaml = (branded / "course.yaml").read_text(encoding="utf-8")
        (branded / "course.yaml").write_text(yaml + BRAND, encoding="utf-8")
        plain_index = _package(COURSE, Path(temp), "plain")
        branded_index = _package(branded, Path(temp), "branded")
        if plain_index is None or branded_index is None:
            return 1
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for size, (width, height) in SIZES.items():
            for shoot, index in ((take, plain_index), (take_branded, branded_index)):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, device_scale_factor=1, reduced_motion="reduce"
                )
                context.add_init_script(_FAKE_LMS)
                shoot(context.new_page(), size, index)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
