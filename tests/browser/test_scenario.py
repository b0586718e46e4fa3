"""The scenario block in the LMS: every path walked by keyboard, focus, announcements, resume, required, tracking.

The test scenario is tests/browser/courses/scenario (a privacy dilemma in Dutch): a required,
tracked scenario with three scored endings and a "try again" loop back to an earlier node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, expect

from . import test_cmi5_runtime as cmi5_lane
from .a11y_helpers import DESKTOP, NARROW, PHONE, fit, horizontal_overflow, show
from .conftest import COURSES, LmsSession, Package, run_axe
from .learner import Learner
from .targets import VIEWS, _records, _set_values
from .test_cmi5_runtime import Au
from .xapi_launch import settled

pytestmark = pytest.mark.browser

au = cmi5_lane.au
"""The cmi5 lane's fixture: a cmi5 package on its own content server, launched by the test LMS against the LRS."""
CMI5 = cmi5_lane.VIEW

Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]

COURSE = COURSES / "scenario"
LESSON = "foto-van-een-wond"
BLOCK = '[data-block="foto-wond"]'
LIVE_TARGETS = ("scorm2004", "web")
ENDINGS = {"einde-veilig": 100, "einde-gemeld": 50, "einde-datalek": 0}


def _graph(frame: Frame) -> tuple[int, list[str], list[list[int]]]:
    """The scenario as its markup holds it: start, node ids, each choice's target."""
    graph: dict[str, Any] = frame.evaluate(
        """sel => {
            const block = document.querySelector(sel);
            const nodes = Array.from(block.querySelectorAll('[data-node]'));
            return {
              start: Number(block.dataset.start),
              ids: nodes.map(n => n.dataset.nodeId),
              edges: nodes.map(n => Array.from(n.querySelectorAll('[data-choice]')).map(b => Number(b.dataset.to))),
            };
        }""",
        BLOCK,
    )
    return graph["start"], graph["ids"], graph["edges"]


def _all_paths(start: int, edges: list[list[int]]) -> list[list[int]]:
    """Every path of choice indices from the start to an ending that visits no node twice."""
    paths: list[list[int]] = []

    def walk(node: int, visited: list[int], choices: list[int]) -> None:
        if not edges[node]:
            paths.append(choices)
        for index, target in enumerate(edges[node]):
            if target not in visited:
                walk(target, [*visited, target], [*choices, index])

    walk(start, [start], [])
    return paths


def _shown(frame: Frame) -> list[str]:
    return [str(n.get_attribute("data-node-id")) for n in frame.locator(f"{BLOCK} [data-node]:visible").all()]


def _heading(frame: Frame, node_id: str) -> Any:
    return frame.locator(f'{BLOCK} [data-node-id="{node_id}"] .scenario-node-title')


def _keyboard_choose(frame: Frame, choice: int) -> None:
    """From the focused node heading (or the block's first choice), Tab to a choice and press Enter."""
    for _ in range(choice + 1):
        frame.page.keyboard.press("Tab")
    focused = frame.evaluate("document.activeElement.dataset.choice")
    assert focused == str(choice)
    frame.page.keyboard.press("Enter")


def _done(frame: Frame) -> bool:
    return frame.locator(f'[data-toc] [data-nav-to="{LESSON}"][data-done]').count() == 1


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_every_path_is_walked_by_keyboard_with_focus_on_each_new_node(
    target: str, compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, target), **VIEWS[target].first_launch())
    frame = session.frame
    Learner(frame).go(LESSON)
    start, ids, edges = _graph(frame)
    paths = _all_paths(start, edges)
    # Straight to WhatsApp (2 endings), by way of consent (2 + 1), straight to a safe way (1); the
    # mail detour only leads back, so it ends no path of its own (see the detour test).
    assert len(paths) == 6
    assert _shown(frame) == [ids[start]]
    # Choices are buttons in a list, named by their text.
    choices = frame.locator(f'{BLOCK} [data-node-id="{ids[start]}"] ul > li > button')
    assert choices.count() == 3
    reached = set()
    for path in paths:
        # Into the scenario by keyboard: focus sits on the start node's heading after a restart;
        # the very first time, Tab in from the block's title area.
        _heading(frame, ids[start]).focus()
        node = start
        steps = []
        for choice in path:
            steps.append((ids[node], choice))
            _keyboard_choose(frame, choice)
            node = edges[node][choice]
            expect(_heading(frame, ids[node])).to_be_focused()  # focus moves to the new node's heading
            assert _shown(frame) == [ids[node]]
        ending = ids[node]
        reached.add(ending)
        title = _heading(frame, ending).inner_text()
        expect(frame.locator(f"{BLOCK} [data-scenario-live]")).to_have_text(
            f"Einde bereikt: {title}. Score {ENDINGS[ending]} van 100."
        )
        review = frame.locator(f"{BLOCK} [data-scenario-path] > li")
        expect(review).to_have_count(len(path) + 1)  # every step, then the ending
        assert review.last.inner_text() == title
        expect(frame.locator(f"{BLOCK} .scenario-feedback")).to_have_count(3)
        frame.page.keyboard.press("Tab")  # from the ending's heading to the restart button
        assert frame.evaluate("document.activeElement.hasAttribute('data-scenario-restart')")
        frame.page.keyboard.press("Enter")
        expect(_heading(frame, ids[start])).to_be_focused()
        assert _shown(frame) == [ids[start]]
        expect(frame.locator(f"{BLOCK} [data-scenario-review]")).to_be_hidden()
    assert reached == set(ENDINGS)
    session.assert_clean()


def test_a_choice_back_to_an_earlier_node_cuts_the_detour_from_the_path(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSE, "web"))
    frame = session.frame
    Learner(frame).go(LESSON)
    block = frame.locator(BLOCK)
    block.get_by_role("button", name="Ik stuur geen foto via WhatsApp en zoek een veilige manier.").click()
    block.get_by_role("button", name="Ik mail de foto vanaf mijn privémail naar Sanne.").click()
    assert _shown(frame) == ["prive-mail"]
    block.get_by_role("button", name="Terug naar de keuze voor een veilige weg.").click()
    assert _shown(frame) == ["veilige-weg"]
    expect(_heading(frame, "veilige-weg")).to_be_focused()
    block.get_by_role("button", name=re.compile("beveiligde cliëntdossier")).click()
    steps = frame.locator(f"{BLOCK} [data-scenario-path] > li")
    expect(steps).to_have_text(
        [
            "Het verzoek van Sanne: Ik stuur geen foto via WhatsApp en zoek een veilige manier.",
            "Een veilige weg kiezen: Ik zet de foto in het beveiligde cliëntdossier en laat Sanne daar kijken.",
            "Veilig gedeeld",
        ]
    )
    session.assert_clean()


@pytest.mark.parametrize("size", [NARROW, PHONE, DESKTOP], ids=["320", "390", "1280"])
def test_axe_finds_nothing_and_nothing_scrolls_sideways(
    size: tuple[int, int], compiled: Compile, launch: Launch
) -> None:
    session = launch(compiled(COURSE, "web"))
    frame = fit(session, size)
    show(frame, LESSON)
    block = frame.locator(BLOCK)
    assert run_axe(frame) == []
    block.get_by_role("button", name=re.compile("via WhatsApp naar Sanne")).click()
    block.get_by_role("button", name=re.compile("vertel het mijn leidinggevende")).click()
    expect(frame.locator(f"{BLOCK} [data-scenario-review]")).to_be_visible()  # the ending with its review
    frame.wait_for_function("document.getAnimations().length === 0")  # axe measures colours at rest
    assert run_axe(frame) == []
    assert horizontal_overflow(frame) == []
    session.assert_clean()


@pytest.mark.parametrize("target", ["scorm12", *LIVE_TARGETS])
def test_the_path_taken_resumes_mid_scenario_after_a_relaunch(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(COURSE, target)
    session = launch(package, **view.first_launch())
    frame = session.frame
    Learner(frame).go(LESSON)
    block = frame.locator(BLOCK)
    block.get_by_role("button", name=re.compile("eerst of hij het goed vindt")).click()
    block.get_by_role("button", name=re.compile("stuur de foto toch via WhatsApp")).click()
    assert _shown(frame) == ["via-whatsapp"]
    session.close_course()

    again = launch(package, **view.relaunch(session))
    frame = again.frame
    assert Learner(frame).visible_page() == LESSON
    assert _shown(frame) == ["via-whatsapp"]  # the same node, mid-path
    assert not _done(frame)
    # The path goes on from there, and its review holds the steps taken before the relaunch.
    frame.locator(BLOCK).get_by_role("button", name=re.compile("^Niets")).click()
    expect(frame.locator(f"{BLOCK} [data-scenario-path] > li")).to_have_text(
        [
            "Het verzoek van Sanne: Ik vraag meneer De Vries eerst of hij het goed vindt.",
            "Meneer De Vries vindt het goed: Hij vindt het goed, dus ik stuur de foto toch via WhatsApp.",
            "De foto is verstuurd: Niets. Het was maar één foto en Sanne is een collega.",
            "Een foto die blijft rondgaan",
        ]
    )
    again.assert_clean()


@pytest.mark.parametrize("target", LIVE_TARGETS)
def test_a_required_scenario_holds_back_the_lesson_until_an_ending_is_reached(
    target: str, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    session = launch(compiled(COURSE, target), **view.first_launch())
    frame = session.frame
    learner = Learner(frame)
    learner.go(LESSON)
    learner.read_to_end()
    status = frame.locator(f"{BLOCK} [data-block-status]")
    expect(status).to_have_text("Bereik een einde van het scenario om deze les af te ronden.")
    block = frame.locator(BLOCK)
    block.get_by_role("button", name=re.compile("zoek een veilige manier")).click()
    block.get_by_role("button", name=re.compile("privémail naar Sanne")).click()
    learner.read_to_end()
    assert not _done(frame)
    assert view.current(session).status == "incomplete"
    block.get_by_role("button", name=re.compile("^Terug")).click()
    block.get_by_role("button", name=re.compile("beveiligde cliëntdossier")).click()
    expect(status).to_have_text("Scenario afgerond: je hebt een einde bereikt.")
    assert _done(frame)
    assert view.current(session).status == "completed"
    # Starting again keeps the lesson done.
    block.get_by_role("button", name="Opnieuw beginnen").click()
    assert _shown(frame) == ["verzoek"]
    assert _done(frame)
    session.assert_clean()


def _walk(frame: Frame, *choices: str) -> None:
    for choice in choices:
        frame.locator(BLOCK).get_by_role("button", name=re.compile(choice)).click()


def test_a_tracked_scenario_reports_each_ending_as_an_interaction_in_scorm2004(
    compiled: Compile, launch: Launch
) -> None:
    view = VIEWS["scorm2004"]
    session = launch(compiled(COURSE, "scorm2004"), **view.first_launch())
    frame = session.frame
    Learner(frame).go(LESSON)
    _walk(frame, "via WhatsApp naar Sanne", "vertel het mijn leidinggevende")
    frame.locator(BLOCK).get_by_role("button", name="Opnieuw beginnen").click()
    _walk(frame, "zoek een veilige manier", "beveiligde cliëntdossier")
    session.close_course()
    records = _records(_set_values(session, "SetValue"))
    assert [(r["type"], r["learner_response"], r["result"]) for r in records] == [
        ("other", "verzoek[.]a[,]via-whatsapp[.]b[,]einde-gemeld", "incorrect"),
        ("other", "verzoek[.]c[,]veilige-weg[.]a[,]einde-veilig", "correct"),
    ]
    assert [r["id"] for r in records] == [
        "urn:x-coursec:scenario:foto-wond:attempt-1",
        "urn:x-coursec:scenario:foto-wond:attempt-2",
    ]
    assert {r["description"] for r in records} == {"Een foto van een wond"}
    assert not any(key.startswith("correct_responses") for r in records for key in r)  # `other`: no pattern
    session.assert_clean()


def test_a_tracked_scenario_reports_its_path_in_scorm12_as_performance(compiled: Compile, launch: Launch) -> None:
    view = VIEWS["scorm12"]
    session = launch(compiled(COURSE, "scorm12"), **view.first_launch())
    frame = session.frame
    Learner(frame).go(LESSON)
    _walk(frame, "eerst of hij het goed vindt", "manier die bedoeld is", "beveiligde cliëntdossier")
    session.close_course()
    records = _records(_set_values(session, "LMSSetValue"))
    assert [(r["id"], r["type"], r["student_response"], r["result"]) for r in records] == [
        ("foto-wond_1", "performance", "verzoek.b,toestemming.b,veilige-weg.a,einde-veilig", "correct")
    ]
    session.assert_clean()


def test_a_tracked_scenario_sends_answered_with_the_choices_to_the_lrs(au: Callable[[Path], Au]) -> None:
    course = au(COURSE)
    page, launched = course.launch(move_on="Completed")
    frame = page.main_frame
    Learner(frame).go(LESSON)
    _walk(frame, "via WhatsApp naar Sanne", "^Niets")
    settled(page)
    course.close(page)
    statements = CMI5.session(course.lrs, launched)
    answered = [s for s in statements if CMI5.verb(s) == "answered"]
    assert len(answered) == 1
    statement = answered[0]
    assert statement["object"]["id"].endswith("/questions/foto-wond")
    assert statement["object"]["definition"]["interactionType"] == "other"
    assert "correctResponsesPattern" not in statement["object"]["definition"]
    assert statement["result"] == {"response": "verzoek[.]a[,]via-whatsapp[.]a[,]einde-datalek", "success": False}
    course.assert_delivered_once()


def test_print_and_no_js_show_the_scenario_as_an_outline(compiled: Compile, launch: Launch) -> None:
    package = compiled(COURSE, "web")
    html = (package.root / "index.html").read_text(encoding="utf-8")
    # Without the runtime every node shows, each choice says where it leads (a link to that node).
    assert 'data-node="1" data-node-id="toestemming" hidden' not in html
    assert html.count('class="scenario-leads"') == 10
    session = launch(package)
    frame = session.frame
    Learner(frame).go(LESSON)
    frame.page.emulate_media(media="print")
    for node in frame.locator(f"{BLOCK} [data-node]").all():
        expect(node).to_be_visible()
    expect(frame.locator(f"{BLOCK} .scenario-leads").first).to_be_visible()
    expect(frame.locator(f"{BLOCK} [data-choice]").first).to_be_hidden()
    session.assert_clean()


def test_reduced_motion_shows_a_new_node_without_animation(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(COURSE, "web"))
    frame = session.frame
    Learner(frame).go(LESSON)
    frame.page.emulate_media(reduced_motion="reduce")
    _walk(frame, "eerst of hij het goed vindt")
    node = frame.locator(f'{BLOCK} [data-node-id="toestemming"]')
    assert node.evaluate("n => getComputedStyle(n).animationName") == "none"
    frame.page.emulate_media(reduced_motion="no-preference")
    _walk(frame, "manier die bedoeld is")
    node = frame.locator(f'{BLOCK} [data-node-id="veilige-weg"]')
    assert node.evaluate("n => getComputedStyle(n).animationName") == "scenario-in"
    session.assert_clean()
