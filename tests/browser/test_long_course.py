"""A long course loads each lesson's body when it is opened (pages/<key>.js), and loses nothing by it.

Above compiler.render.page_bodies.SPLIT_ABOVE bytes of lesson markup, index.html carries no lesson
body. The learner still reads, answers and resumes as in a short course; the next lesson is fetched
ahead; a lesson whose file does not load says so and offers a retry, and its end does not count as
read while nothing of it has been shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Route

from compiler.render.page_bodies import SPLIT_ABOVE

from .conftest import PACKAGE_PREFIX, LmsSession, Package
from .learner import Learner

pytestmark = pytest.mark.browser

Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]
LESSONS = 40
PARAGRAPH = "Een zorgmedewerker leest dit rustig door en onthoudt wat er over veilig appen staat. " * 12


def _lesson(n: int) -> str:
    front = f"---\nid: les-{n}\ntitle: Les {n}\nobjectives:\n  - Je leest les {n}.\n---\n\n"
    text = front + "\n\n".join(f"{PARAGRAPH} ({n}.{p})" for p in range(8))
    if n == 3:
        text += (
            "\n\n```question\nid: vraag-drie\ntype: single\nprompt: Mag een foto van een wond in WhatsApp?\n"
            "options:\n  - text: Ja\n  - text: Nee\n    correct: true\n```\n"
        )
    return text + "\n"


@pytest.fixture(scope="module")
def long_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long-course")
    (folder / "lessons").mkdir()
    ids = "\n".join(f"  - les-{n}" for n in range(LESSONS))
    (folder / "course.yaml").write_text(
        "id: lange-cursus\ntitle: Een lange cursus\nlanguage: nl\nversion: 1.0.0\n"
        f"description: Veertig lessen.\nlessons:\n{ids}\n",
        encoding="utf-8",
    )
    for n in range(LESSONS):
        (folder / "lessons" / f"{n:02d}.md").write_text(_lesson(n), encoding="utf-8")
    return folder


def test_the_package_carries_each_lesson_body_in_its_own_file(compiled: Compile, long_course: Path) -> None:
    package = compiled(long_course)
    index = (package.root / "index.html").read_text(encoding="utf-8")
    assert "(3.5)" not in index  # no lesson's text in index.html
    bodies = sorted(path.name for path in (package.root / "pages").iterdir())
    assert bodies == sorted(f"les-{n}.js" for n in range(LESSONS))
    assert sum(path.stat().st_size for path in (package.root / "pages").iterdir()) > SPLIT_ABOVE
    assert f'data-src="pages/les-{LESSONS - 1}.js"' in index
    assert (package.root / "runtime" / "pages.js").is_file()  # the loader comes with the split


def test_a_lesson_opened_from_the_menu_shows_answers_and_resumes(
    compiled: Compile, launch: Launch, long_course: Path
) -> None:
    package = compiled(long_course, "web")
    session = launch(package)
    learner = Learner(session.frame)
    learner.do_lesson("les-3", "right")
    page = session.frame.locator('section[data-lesson-id="les-3"]')
    assert "(3.7)" in page.inner_text()
    assert page.locator('[data-question="vraag-drie"] [data-feedback]').is_visible()
    # The next lesson was fetched ahead: its file is in, its body not yet shown.
    requested = session.frame.evaluate("Array.from(document.scripts, (s) => s.getAttribute('src'))")
    assert "pages/les-4.js" in requested
    assert "pages/les-20.js" not in requested
    learner.go("les-20")
    assert "(20.0)" in session.frame.locator('section[data-lesson-id="les-20"]').inner_text()
    session.close_course()

    again = launch(package, after=session)  # the same browser: the web target resumes from localStorage
    assert Learner(again.frame).visible_page() == "les-20"
    assert "(20.0)" in again.frame.locator('section[data-lesson-id="les-20"]').inner_text()
    again.frame.locator('[data-toc] [data-nav-to="les-3"]').click()
    checked = again.frame.locator('[data-question="vraag-drie"] input[data-option="1"]')
    assert checked.is_checked()  # the answer given in the first session, restored into the loaded body
    again.frame.locator('[data-toc] [data-nav-to="les-3"][data-done]').wait_for(state="attached")
    assert not again.console_errors, again.console_errors


def test_a_lesson_whose_file_does_not_load_offers_a_retry_and_is_not_counted_as_read(
    compiled: Compile, launch: Launch, long_course: Path
) -> None:
    package = compiled(long_course)
    session = launch(package)
    blocked = {"on": True}

    def flaky(route: Route) -> None:
        if blocked["on"]:
            route.abort()
        else:
            route.fulfill(
                status=200, content_type="text/javascript", body=(package.root / "pages/les-7.js").read_bytes()
            )

    session.page.route(f"{PACKAGE_PREFIX}pages/les-7.js", flaky)
    frame = session.frame
    frame.locator('[data-toc] [data-nav-to="les-7"]').click()
    alert = frame.locator('section[data-lesson-id="les-7"] [data-page-failed][role="alert"]')
    alert.wait_for()
    assert "kon niet worden geladen" in alert.inner_text()
    # The end marker is in view at once on an empty page: it must not count as read.
    frame.locator('section[data-lesson-id="les-7"] [data-lesson-end]').scroll_into_view_if_needed()
    frame.wait_for_timeout(300)
    assert frame.locator('[data-toc] [data-nav-to="les-7"][data-done]').count() == 0

    blocked["on"] = False
    alert.get_by_role("button").click()
    frame.locator('section[data-lesson-id="les-7"]', has_text="(7.0)").wait_for()
    assert frame.locator("[data-page-failed]").count() == 0
    Learner(frame).read_to_end()
    frame.locator('[data-toc] [data-nav-to="les-7"][data-done]').wait_for(state="attached")
