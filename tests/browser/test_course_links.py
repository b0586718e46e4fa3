"""Links between lessons, clicked in every target: the player shows the lesson and tracking follows.

A link to another lesson, to a heading in another lesson or to a heading of the same lesson stays
in the course window (no new tab, no second copy of the course), moves focus to the page or the
heading, and the LMS (or, for the web target, the browser) ends with the linked lesson as the
learner's location while the lesson read before it stays done.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame

from .conftest import TARGETS, LmsSession, Package
from .learner import Learner
from .targets import VIEWS, Cmi5View
from .test_cmi5_runtime import Au, au  # noqa: F401  (the cmi5 LMS and LRS fixture)

pytestmark = pytest.mark.browser

COURSE = Path(__file__).resolve().parent / "courses" / "links"
Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]


def _click(frame: Frame, text: str) -> None:
    frame.locator("section[data-page]:not([hidden]) a", has_text=text).click()


def _focused(frame: Frame) -> str:
    return str(frame.evaluate("document.activeElement ? document.activeElement.id : ''"))


def _in_view(frame: Frame, element_id: str) -> bool:
    return bool(
        frame.evaluate(
            "id => { const box = document.getElementById(id).getBoundingClientRect();"
            " return box.top >= 0 && box.top < window.innerHeight; }",
            element_id,
        )
    )


def _follow_the_links(frame: Frame, pages_open: Callable[[], int]) -> None:
    learner = Learner(frame)
    learner.go("welkom")
    learner.read_to_end()
    frame.wait_for_selector('[data-toc] [data-nav-to="welkom"][data-done]', state="attached")

    _click(frame, "de les over privacy")
    assert learner.visible_page() == "privacy"
    assert _focused(frame) == "page-privacy-title"
    assert pages_open() == 1  # the course window only: no new tab, no second copy

    learner.go("welkom")
    _click(frame, "de regels voor foto's")
    assert learner.visible_page() == "privacy"
    assert _focused(frame) == "page-privacy_regels-voor-fotos"
    assert _in_view(frame, "page-privacy_regels-voor-fotos")

    _click(frame, "waarom privacy telt")  # a heading of the same lesson
    assert learner.visible_page() == "privacy"
    assert _focused(frame) == "page-privacy_waarom-privacy-telt"
    assert _in_view(frame, "page-privacy_waarom-privacy-telt")
    assert not _in_view(frame, "page-privacy_regels-voor-fotos")
    assert pages_open() == 1
    assert frame.locator('[data-toc] [data-nav-to="welkom"][data-done]').count() == 1  # progress kept
    assert frame.locator('[data-toc] [data-nav-to="privacy"][aria-current="page"]').count() == 1

    _click(frame, "de toets")
    assert learner.visible_page() == "quiz"
    learner.go("privacy")


@pytest.mark.parametrize("target", TARGETS)
def test_a_link_to_another_lesson_navigates_in_the_player_and_tracking_follows(
    target: str, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    session = launch(compiled(COURSE, target), **view.first_launch())
    _follow_the_links(session.frame, lambda: len(session.context.pages))
    assert session.frame.url.endswith("/index.html")  # the frame never left the course

    now = view.current(session)
    assert now.location == "privacy"
    assert now.status == "incomplete"  # the quiz is still to do
    session.close_course()
    assert view.finished(session).location == "privacy"
    session.assert_clean()


def test_a_link_to_another_lesson_navigates_in_the_cmi5_player(au: Callable[[Path], Au]) -> None:  # noqa: F811
    course = au(COURSE)
    page, launched = course.launch()
    _follow_the_links(page.main_frame, lambda: len(page.context.pages))
    course.close(page)
    assert Cmi5View().saved_state(course.lrs, launched)["location"] == "privacy"
    assert course.lrs.breaches == []
    assert course.errors == []
