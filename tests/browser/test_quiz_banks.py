"""A quiz that draws from question banks: anew for each attempt, resumed exactly, weighted by points.

The course (courses/banks) asks one fixed question worth 3 points, 2 of the 4 questions of the bank
"colours" and 2 of the 4 questions tagged "shapes" (a fifth question of that bank has another tag),
so a retry can ask none of the last attempt's drawn questions. The cmi5 scenarios are in
test_cmi5_runtime.py (they need its LRS fixture); the points table of the docs is checked here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, expect

from compiler.model.answers import quiz_score
from compiler.render.minify import minify_assets

from .conftest import COURSES, ROOT, LmsSession, Package
from .learner import Learner
from .targets import VIEWS

pytestmark = pytest.mark.browser
Compile = Callable[..., Package]
Launch = Callable[..., LmsSession]

BANKS = COURSES / "banks"
ANSWERS_JS = ROOT / "compiler" / "runtime" / "core" / "answers.js"
FIXED = "fixed-weighty"
COLOURS = {"colour-red", "colour-green", "colour-blue", "colour-yellow"}
SHAPES = {"shape-circle", "shape-square", "shape-triangle", "shape-star"}
LMS_TARGETS = ("scorm12", "scorm2004")


def _shown(frame: Frame) -> list[str]:
    """The quiz questions on the page, in their order (those the attempt does not ask are not there)."""
    ids: list[str] = frame.evaluate(
        "Array.from(document.querySelectorAll('[data-quiz] .quiz-questions [data-quiz-item]'))"
        ".map((item) => item.dataset.quizItem)"
    )
    return ids


def _check_draw(asked: list[str]) -> None:
    assert len(asked) == 5 == len(set(asked))
    assert asked[0] == FIXED  # fixed questions first (the quiz does not shuffle)
    assert set(asked[1:3]) <= COLOURS
    assert set(asked[3:5]) <= SHAPES


@pytest.mark.parametrize("target", LMS_TARGETS)
def test_each_attempt_draws_anew_and_avoids_the_last_attempts_questions(
    target: str, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    package = compiled(BANKS, target)
    session = launch(package, **view.first_launch(50))
    learner = Learner(session.frame)
    attempts: list[list[str]] = []
    for attempt in range(2):
        if attempt:
            session.frame.locator("[data-quiz-retry]").click()
        if learner.visible_page() != "quiz":
            learner.go("quiz")
        asked = learner.asked()
        _check_draw(asked)
        assert _shown(session.frame) == asked
        attempts.append(asked)
        learner.take_quiz("wrong")
    first, second = (set(asked) - {FIXED} for asked in attempts)
    # Each pool has twice its draw's count: the retry asks none of the last attempt's drawn questions.
    assert first.isdisjoint(second)
    session.close_course()

    records = view.interactions(session)
    assert len(records) == 10
    # A question reports under its own id whatever draw it is in (plus the attempt number).
    for number, asked in enumerate(attempts, start=1):
        ids = [record["id"] for record in records[(number - 1) * 5 : number * 5]]
        if target == "scorm12":
            assert ids == [f"{question}_{number}" for question in asked]
        else:
            assert ids == [f"urn:x-coursec:banks:{question}:attempt-{number}" for question in asked]
    session.assert_clean()


@pytest.mark.parametrize("target", LMS_TARGETS)
def test_the_draw_its_order_and_the_answers_resume_exactly_after_a_relaunch_mid_attempt(
    target: str, compiled: Compile, launch: Launch
) -> None:
    view = VIEWS[target]
    package = compiled(BANKS, target)
    session = launch(package, **view.first_launch(50))
    learner = Learner(session.frame)
    learner.go("quiz")
    asked = learner.asked()
    _check_draw(asked)
    quiz = session.frame.locator("[data-quiz]")
    # Answer the first three on their screens (the third one wrongly), then leave.
    for number in range(3):
        current = quiz.locator("[data-quiz-item][data-current] [data-question]")
        assert current.get_attribute("data-question") == asked[number]
        learner.answer(quiz, asked[number], "wrong" if number == 2 else "right")
        quiz.locator("[data-quiz-next]").click()
    session.close_course()

    again = launch(package, **view.relaunch(session, 50))
    frame = again.frame
    resumed = Learner(frame)
    assert resumed.visible_page() == "quiz"
    assert resumed.asked() == asked
    assert _shown(frame) == asked
    # The answers are back in their controls, and the pager goes on at the first open question.
    colour = frame.locator(f'[data-question="{asked[1]}"]')
    assert frame.locator(f'[data-question="{FIXED}"] input[data-option="t"]').is_checked()
    assert colour.locator('input[data-option="0"]').is_checked()
    assert frame.locator(f'[data-question="{asked[2]}"] input[data-option="1"]').is_checked()
    expect(frame.locator("[data-quiz-item][data-current]")).to_have_attribute("data-quiz-item", asked[3])
    for question in asked[3:]:
        current = frame.locator("[data-quiz] [data-quiz-item][data-current] [data-question]")
        assert current.get_attribute("data-question") == question
        resumed.answer(frame.locator("[data-quiz]"), question, "right")
        following = frame.locator("[data-quiz-next]")
        if following.is_visible():
            following.click()
    frame.locator("[data-quiz-submit]").click()
    frame.locator("[data-quiz-result]").wait_for(state="visible")
    again.close_course()
    # 3 + 1 + 0 + 1 + 1 of 7 points.
    assert view.finished(again).score == quiz_score([(3, True), (1, True), (1, False), (1, True), (1, True)]) == 86
    again.assert_clean()


@pytest.mark.parametrize("target", LMS_TARGETS)
def test_points_weight_the_score_and_each_interaction(target: str, compiled: Compile, launch: Launch) -> None:
    view = VIEWS[target]
    package = compiled(BANKS, target)
    session = launch(package, **view.first_launch(50))
    learner = Learner(session.frame)
    learner.go("quiz")
    asked = learner.asked()
    # Only the 3-point question right: 3 of 7 points, 43 (an unweighted score would be 20).
    learner.take_quiz(dict.fromkeys(asked[1:], "wrong"))
    expect(session.frame.locator("[data-quiz-percent]")).to_have_text("43%")
    assert session.frame.evaluate("Coursec.app.state.quiz.score") == 43
    session.close_course()
    outcome = view.finished(session)
    # Attempts remain: the LMS gets the score once it is final (S12-D3; the relaunch test sees one).
    assert (outcome.status, outcome.score) == ("incomplete", None)
    assert len(view.interactions(session)) == 5
    setter = "LMSSetValue" if target == "scorm12" else "SetValue"
    weights = []
    for call in session.calls(setter):
        args = call["args"]
        assert isinstance(args, list)
        if str(args[0]).endswith(".weighting"):
            weights.append(str(args[1]))
    assert weights == ["3", "1", "1", "1", "1"]
    session.assert_clean()


def _docs_points_table() -> list[tuple[list[int], list[int], int]]:
    """(points, numbers answered right from 1, score) rows of the table in docs/course-format.md."""
    docs = (ROOT / "docs" / "course-format.md").read_text(encoding="utf-8")
    section = docs.split("| points of the questions | answered right | score |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in section.strip().splitlines()[1:]:
        points, right, score = (cell.strip() for cell in line.strip("|").split("|"))
        numbers = [] if right == "none" else [int(re.sub(r"\D", "", item)) for item in right.split(",")]
        rows.append(([int(p) for p in points.split(",")], numbers, int(score)))
    return rows


def _node_scores(cases: list[list[tuple[int, bool]]], script: Path) -> list[int]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required for the runtime checks")
    program = (
        "global.window = {}; require(process.argv[1]);"
        "const cases = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(cases.map((items) =>"
        " window.Coursec.answers.score(items.map(([points, correct]) => ({ points, correct }))))));"
    )
    result = subprocess.run(
        [node, "-e", program, str(script), json.dumps(cases)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    scores: list[int] = json.loads(result.stdout)
    return scores


def test_the_docs_points_table_holds_for_compiler_and_runtime(tmp_path: Path) -> None:
    rows = _docs_points_table()
    assert len(rows) >= 8
    cases = [[(p, n + 1 in right) for n, p in enumerate(points)] for points, right, _ in rows]
    expected = [score for _, _, score in rows]
    assert [quiz_score(items) for items in cases] == expected
    assert _node_scores(cases, ANSWERS_JS) == expected
    shipped = tmp_path / "answers.min.js"
    shipped.write_bytes(minify_assets({"answers.js": ANSWERS_JS.read_bytes()})["answers.js"])
    assert _node_scores(cases, shipped) == expected
    # Half a point rounds up, in both: 12.5 -> 13 and 37.5 -> 38.
    assert quiz_score([(1, True)] + [(1, False)] * 7) == 13
    assert quiz_score([(5, False), (3, True)]) == 38


def _each_course(tmp_path: Path) -> Path:
    """The banks course with feedback after each question."""
    course = tmp_path / "banks-each"
    shutil.copytree(BANKS, course)
    quiz = course / "quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("attempts: 3\n", "attempts: 3\nfeedback: each\n"), "utf-8")
    return course


@pytest.mark.parametrize("target", LMS_TARGETS)
def test_feedback_after_each_question_locks_the_answer_and_shows_why_before_the_next(
    target: str, compiled: Compile, launch: Launch, tmp_path: Path
) -> None:
    view = VIEWS[target]
    package = compiled(_each_course(tmp_path), target)
    session = launch(package, **view.first_launch(50))
    frame = session.frame
    learner = Learner(frame)
    learner.go("quiz")
    asked = learner.asked()
    quiz = frame.locator("[data-quiz]")
    check = quiz.locator("[data-quiz-check]")
    following = quiz.locator("[data-quiz-next]")
    # One primary action per screen: first "Check", and only once checked "Next question".
    expect(check).to_be_visible()
    expect(following).to_be_hidden()
    check.click()  # nothing chosen yet: asks for an answer, nothing locks
    expect(quiz.locator("[data-quiz-answer-first]")).to_be_visible()
    first = quiz.locator(f'[data-question="{asked[0]}"]')
    expect(first.locator("[data-feedback]")).to_be_hidden()
    learner.answer(quiz, asked[0], "wrong")
    check.click()
    expect(first.locator("[data-feedback]")).to_be_visible()
    expect(first.locator("[data-feedback-incorrect]")).to_have_text("It is true, and it counts three points.")
    expect(first.locator('input[data-option="t"]')).to_be_disabled()
    expect(check).to_be_hidden()
    expect(following).to_be_focused()
    following.click()
    # The second by keyboard: Enter checks, Enter again goes on.
    learner.answer(quiz, asked[1], "right")
    quiz.locator(f'[data-question="{asked[1]}"] input[data-option="0"]').press("Enter")
    expect(quiz.locator(f'[data-question="{asked[1]}"] [data-feedback-correct]')).to_be_visible()
    session.close_course()

    # After a relaunch the checked answers stay locked with their feedback; the third is open.
    again = launch(package, **view.relaunch(session, 50))
    frame = again.frame
    resumed = Learner(frame)
    assert resumed.asked() == asked
    quiz = frame.locator("[data-quiz]")
    expect(quiz.locator("[data-quiz-item][data-current]")).to_have_attribute("data-quiz-item", asked[2])
    expect(quiz.locator(f'[data-question="{asked[0]}"] input[data-option="f"]')).to_be_disabled()
    expect(quiz.locator(f'[data-question="{asked[0]}"] input[data-option="f"]')).to_be_checked()
    expect(quiz.locator(f'[data-question="{asked[2]}"] [data-feedback]')).to_be_hidden()
    expect(quiz.locator("[data-quiz-check]")).to_be_visible()
    # Back on the first screen: its feedback shows, and the way on is "Next question".
    quiz.locator("[data-quiz-prev]").click()
    quiz.locator("[data-quiz-prev]").click()
    expect(quiz.locator(f'[data-question="{asked[0]}"] [data-feedback]')).to_be_visible()
    expect(quiz.locator("[data-quiz-check]")).to_be_hidden()
    quiz.locator("[data-quiz-next]").click()
    quiz.locator("[data-quiz-next]").click()
    expect(quiz.locator("[data-quiz-item][data-current]")).to_have_attribute("data-quiz-item", asked[2])
    resumed.take_quiz("right")  # checks each remaining answer before it goes on
    expect(quiz.locator("[data-quiz-percent]")).to_have_text(f"{quiz_score([(3, False)] + [(1, True)] * 4)}%")
    again.close_course()
    assert view.finished(again).score == 57
    again.assert_clean()


def test_feedback_at_the_end_shows_nothing_before_the_attempt_is_submitted(compiled: Compile, launch: Launch) -> None:
    view = VIEWS["scorm2004"]
    session = launch(compiled(BANKS, "scorm2004"), **view.first_launch(50))
    learner = Learner(session.frame)
    learner.go("quiz")
    asked = learner.asked()
    quiz = session.frame.locator("[data-quiz]")
    assert quiz.locator("[data-quiz-check]").count() == 0
    learner.answer(quiz, asked[0], "wrong")
    expect(quiz.locator(f'[data-question="{asked[0]}"] [data-feedback]')).to_be_hidden()
    expect(quiz.locator(f'[data-question="{asked[0]}"] input[data-option="t"]')).to_be_enabled()
    learner.take_quiz({asked[0]: "wrong"})
    for question in asked:
        expect(quiz.locator(f'[data-question="{question}"] [data-feedback]')).to_be_visible()
    session.close_course()
    session.assert_clean()
