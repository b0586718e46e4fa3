"""The learner runtime in a simulated LMS: status, score, interactions, resume.

The learner scenarios (pass, fail, no quiz, close midway and resume, worst case) run against
every target through tests/browser/targets.py: scorm-again's Scorm12API and Scorm2004API as
LMSs, and the web target with no LMS at all. The other tests pin SCORM 1.2 details.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.render.suspend_budget import worst_case_suspend_data

from .conftest import COURSES, PACKAGE_PREFIX, TARGETS, LmsSession, Package, run_axe
from .learner import Learner, Style
from .targets import VIEWS, View

pytestmark = pytest.mark.browser

Launch = Callable[..., LmsSession]
Compile = Callable[..., Package]

ALL_TYPES = COURSES / "all-types"
NO_QUIZ = COURSES / "no-quiz"
BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"


def first_launch(mastery_score: int | None = None) -> dict[str, object]:
    """CMI data a SCORM 1.2 LMS hands a SCO on its first launch (the SCORM 1.2 view's seed)."""
    seed: dict[str, object] = VIEWS["scorm12"].first_launch(mastery_score)["seed"]
    return seed


def relaunch(previous: dict[str, object], mastery_score: int | None = None) -> dict[str, object]:
    """CMI data for the next launch after a session that ended with exit=suspend."""
    core = previous["core"]
    assert isinstance(core, dict)
    seed = first_launch(mastery_score)
    seed_cmi = seed["cmi"]
    assert isinstance(seed_cmi, dict)
    seed_cmi["core"].update(
        entry="resume",
        lesson_status=core["lesson_status"],
        lesson_location=core["lesson_location"],
    )
    seed_cmi["suspend_data"] = previous["suspend_data"]
    return seed


def interactions(session: LmsSession) -> list[dict[str, str]]:
    """The SCORM 1.2 interaction records as {id, type, result}, each checked strictly (targets.py)."""
    return VIEWS["scorm12"].interactions(session)


def finished_core(session: LmsSession) -> dict[str, object]:
    """cmi.core as the LMS held it when the course called LMSFinish (exactly once)."""
    finishes = session.log()["finishes"]
    assert len(finishes) == 1
    assert len(session.calls("LMSFinish")) == 1
    assert len(session.calls("LMSInitialize")) == 1
    snapshot = finishes[0]
    assert isinstance(snapshot, dict)
    core: dict[str, object] = snapshot["core"]
    return core


@pytest.fixture(params=TARGETS)
def view(request: pytest.FixtureRequest) -> View:
    """The target a learner scenario runs against."""
    return VIEWS[str(request.param)]


def test_full_pass_reports_passed_with_score_and_interactions(compiled: Compile, launch: Launch, view: View) -> None:
    package = compiled(ALL_TYPES, view.target)
    session = launch(package, **view.first_launch(60))
    learner = Learner(session.frame)
    assert run_axe(session.frame) == []

    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "right")
        assert run_axe(session.frame) == []
    learner.take_quiz("right")
    assert run_axe(session.frame) == []
    assert session.frame.locator("[data-quiz-retry]").is_hidden()
    learner.go("end")
    assert run_axe(session.frame) == []
    assert session.frame.locator('[data-toc] [data-nav-to="choices"][data-done]').count() == 1
    assert session.frame.locator("[data-progress]").get_attribute("aria-valuenow") == "100"
    session.frame.locator('[data-action="exit"]').first.click()

    outcome = view.finished(session)
    assert outcome.status == "passed"
    assert outcome.score == 100  # every answer right
    assert outcome.suspended in (False, None)
    records = view.interactions(session)
    if view.reports_interactions:
        assert len(records) == 6  # one per graded answer; knowledge checks are not reported
        assert all(record["result"] == "correct" for record in records)
        assert {r["type"] for r in records} == {"true-false", "choice", "fill-in", "matching", "sequencing"}
    assert session.frame.locator("[data-exit-message]").is_visible()
    session.assert_clean()


def test_failing_stays_incomplete_while_attempts_remain_then_fails(
    compiled: Compile, launch: Launch, view: View
) -> None:
    package = compiled(ALL_TYPES, view.target)
    session = launch(package, **view.first_launch(60))
    learner = Learner(session.frame)
    for lesson in ("choices", "ordering"):
        learner.do_lesson(lesson, "right")

    learner.take_quiz("wrong")
    midway = view.current(session)
    assert midway.status == "incomplete"
    assert midway.score is None  # not final yet: an LMS must not judge it
    retry = session.frame.locator("[data-quiz-retry]")
    assert retry.is_visible()
    retry.click()
    learner.take_quiz("wrong")
    assert retry.is_hidden()
    session.close_course()

    outcome = view.finished(session)
    assert outcome.status == "failed"
    assert outcome.score is not None
    assert outcome.score < 60
    assert outcome.suspended in (False, None)
    records = view.interactions(session)
    if view.reports_interactions:
        assert len(records) == 12
        assert {record["id"][-1] for record in records} == {"1", "2"}  # the attempt
    session.assert_clean()


def test_course_without_quiz_ends_completed(compiled: Compile, launch: Launch, view: View) -> None:
    package = compiled(NO_QUIZ, view.target)
    session = launch(package, **view.first_launch())
    learner = Learner(session.frame)
    learner.do_lesson("eerste", "right")
    assert view.current(session).status == "incomplete"
    learner.do_lesson("tweede", "right", text="Veilig appen.")
    learner.next()
    assert learner.visible_page() == "end"
    assert run_axe(session.frame) == []
    session.frame.locator('[data-action="exit"]').first.click()

    outcome = view.finished(session)
    assert outcome.status == "completed"
    assert outcome.suspended in (False, None)
    assert outcome.score is None
    assert view.interactions(session) == []
    session.assert_clean()


def test_closing_mid_course_suspends_and_relaunch_resumes(compiled: Compile, launch: Launch, view: View) -> None:
    package = compiled(ALL_TYPES, view.target)
    session = launch(package, **view.first_launch(60))
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Keep this text.")
    learner.go("ordering")
    page = session.frame.locator('section[data-lesson-id="ordering"]')
    learner.answer(page, "check-fill-in", "right")
    page.locator('[data-question="check-fill-in"] [data-check]').click()
    if view.target != "web":
        # Data is committed as the learner goes, not only when the page goes away.
        session.page.wait_for_function(
            "window.lmsLog.commits.some(c => c.suspend_data.includes('Paris'))", timeout=5000
        )
    session.close_course()

    outcome = view.finished(session)
    assert outcome.status == "incomplete"
    assert outcome.suspended in (True, None)
    assert outcome.location == "ordering"
    assert "Keep this text." in outcome.suspend_data
    assert len(outcome.suspend_data) <= package.state_limit
    assert re.fullmatch(r"[\x20-\x7e]*", outcome.suspend_data)
    session.assert_clean()

    resumed = launch(package, **view.relaunch(session, 60))
    again = Learner(resumed.frame)
    assert again.visible_page() == "ordering"
    frame = resumed.frame
    assert frame.locator('[data-question="check-fill-in"] input').input_value() == "Paris"
    # Other lessons are built when they are first shown, with the learner's answers put back then.
    assert frame.locator('[data-assignment="reflection"]').count() == 0
    again.go("choices")
    assert frame.locator('[data-assignment="reflection"] textarea').input_value() == "Keep this text."
    assert frame.locator('[data-assignment="reflection"] [data-assignment-print]').text_content() == "Keep this text."
    assert frame.locator('[data-question="check-single"] input[data-option="1"]').is_checked()
    assert frame.locator('[data-question="check-single"]').get_attribute("data-state") == "correct"
    assert frame.locator('[data-toc] [data-nav-to="choices"][data-done]').count() == 1
    resumed.frame.wait_for_function("document.readyState === 'complete'")  # every file loaded (or blocked)
    resumed.assert_clean()


def test_runtime_listens_to_pagehide_not_unload(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(NO_QUIZ), first_launch())
    listened = session.frame.evaluate("window.__listenerTypes")
    assert "pagehide" in listened
    assert "unload" not in listened
    assert "beforeunload" not in listened


def test_commits_are_coalesced(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(ALL_TYPES), first_launch(60), clock=True)
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Typing quickly")
    learner.do_lesson("ordering", "right")
    session.page.clock.run_for(3000)  # the coalescing timer flushes the last change on its own
    commits = [call["time"] for call in session.calls("LMSCommit")]
    assert commits
    gaps = [int(str(b)) - int(str(a)) for a, b in itertools.pairwise(commits)]
    assert all(gap >= 2000 for gap in gaps), gaps  # coalesced: not one commit per change
    # ... but flushed soon: the last change is committed without waiting for the page to go.
    last = session.log()["commits"][-1]
    assert isinstance(last, dict)
    assert last["core"]["lesson_location"] == "ordering"
    assert "Typing quickly" in str(last["suspend_data"])
    session.close_course()
    session.assert_clean()


@pytest.mark.parametrize("course", [ALL_TYPES, BUNDLED], ids=["all-types", "bundled"])
def test_worst_case_learner_fits_the_computed_bound(
    course: Path, compiled: Compile, launch: Launch, view: View
) -> None:
    package = compiled(course, view.target)
    session = launch(package, **view.first_launch(60))
    learner = Learner(session.frame)
    for lesson in learner.data["lessons"]:
        learner.do_lesson(str(lesson["id"]), "longest")
    quiz = learner.data["quiz"]
    assert isinstance(quiz, dict)
    for attempt in range(int(quiz["attempts"])):
        if attempt:
            session.frame.locator("[data-quiz-retry]").click()
        learner.take_quiz("longest")
    asked = learner.asked()
    session.close_course()

    actual = view.finished(session).suspend_data
    # A quiz that draws: this learner's draw stores exactly its worst case, which the course's bounds.
    this_draw = package.worst_case
    if quiz.get("draw"):
        assert package.course is not None
        this_draw = worst_case_suspend_data(package.course, asked)
        assert len(this_draw) <= len(package.worst_case)
    # Every section at its worst, but blocks: a scenario's worst state is a bound no path need reach
    # (the learner does not play the bundled course's scenario), so blocks are compared as a bound.
    sections, bound = actual.split("|"), this_draw.split("|")
    assert len(sections) == len(bound)
    assert [len(part) for number, part in enumerate(sections) if number != 5] == [
        len(part) for number, part in enumerate(bound) if number != 5
    ]
    assert len(sections) <= 5 or len(sections[5]) <= len(bound[5])
    assert len(actual) <= len(this_draw)
    assert len(actual) <= package.state_limit
    assert re.fullmatch(r"[\x20-\x7e]*", actual)
    session.assert_clean()


def test_changed_course_keeps_matching_state_and_drops_the_rest(
    compiled: Compile, launch: Launch, tmp_path: Path
) -> None:
    session = launch(compiled(ALL_TYPES), first_launch(60))
    learner = Learner(session.frame)
    learner.do_lesson("choices", "right", text="Still here.")
    session.close_course()
    snapshot = session.log()["finishes"][0]
    assert isinstance(snapshot, dict)

    changed = tmp_path / "all-types"
    shutil.copytree(ALL_TYPES, changed)
    lesson = changed / "lessons" / "01-choices.md"
    text = lesson.read_text(encoding="utf-8")
    # Make "Green" the right answer: the stored answer to this question no longer applies.
    text = text.replace("  - text: Green\n", "  - text: Green\n    correct: true\n").replace(
        "  - text: Blue\n    correct: true\n", "  - text: Blue\n"
    )
    lesson.write_text(text, encoding="utf-8")
    resumed = launch(compiled(changed), relaunch(snapshot, 60))
    frame = resumed.frame
    assert frame.locator('[data-assignment="reflection"] textarea').input_value() == "Still here."
    assert frame.locator('[data-question="check-multiple"] input[data-option="2"]').is_checked()
    assert not frame.locator('[data-question="check-single"] input:checked').count()
    resumed.frame.wait_for_function("document.readyState === 'complete'")  # every file loaded (or blocked)
    resumed.assert_clean()


def test_standalone_mode_keeps_progress_in_local_storage(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(NO_QUIZ), clock=True)
    page = session.page
    page.goto(PACKAGE_PREFIX + "index.html")  # no LMS around the course
    page.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
    assert page.locator("[data-standalone-notice]").is_visible()
    learner = Learner(page.main_frame)
    learner.do_lesson("tweede", "right", text="Zonder leeromgeving.")
    page.clock.run_for(3000)  # past the save timer
    stored = "Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes('Zonder leeromgeving.'))"
    assert page.evaluate(stored)
    page.reload()
    page.wait_for_function("document.documentElement.dataset.mode === 'standalone'")
    assert Learner(page.main_frame).visible_page() == "tweede"
    assert page.locator('[data-assignment="notitie"] textarea').input_value() == "Zonder leeromgeving."
    assert session.console_errors == []
    assert session.blocked == []


def test_hiding_the_page_commits_at_once(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(NO_QUIZ), first_launch(), clock=True)
    learner = Learner(session.frame)
    learner.go("tweede")
    session.page.clock.run_for(2600)  # let the commit for the page change pass
    assert session.page.evaluate("window.lmsLog.commits.some(c => c.core.lesson_location === 'tweede')")
    session.frame.locator('[data-assignment="notitie"] textarea').fill("Net getypt.")
    session.frame.evaluate(
        "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'));"
    )
    # At once: a timer would need the clock to move on by seconds first.
    assert session.page.evaluate("window.lmsLog.commits.some(c => c.suspend_data.includes('Net getypt.'))")
    session.assert_clean()


def test_exit_button_finishes_once_and_suspends_an_unfinished_course(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(NO_QUIZ), first_launch())
    learner = Learner(session.frame)
    learner.do_lesson("eerste", "right")
    session.frame.locator('[data-action="exit"]').first.click()
    assert learner.visible_page() == "end"
    assert session.frame.locator("[data-exit-message]").is_visible()
    session.close_course()  # pagehide after the exit button: no second LMSFinish
    core = finished_core(session)
    assert core["lesson_status"] == "incomplete"
    assert core["exit"] == "suspend"
    session.assert_clean()


def test_course_in_a_new_window_finds_the_api_through_its_opener(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(NO_QUIZ), first_launch(), framed=False)
    with session.page.expect_popup() as popup_info:
        session.page.evaluate("window.open('/pkg/index.html', 'course')")
    popup = popup_info.value
    popup.wait_for_function("document.documentElement.dataset.mode === 'lms'")
    assert len(session.calls("LMSInitialize")) == 1
    Learner(popup.main_frame).go("eerste")
    popup.close(run_before_unload=False)
    session.page.wait_for_function("window.lmsLog.finishes.length === 1")
    assert finished_core(session)["lesson_location"] == "eerste"
    session.assert_clean()


def test_resume_mid_quiz_keeps_the_shuffled_order_and_answers(compiled: Compile, launch: Launch) -> None:
    package = compiled(ALL_TYPES)
    session = launch(package, first_launch(60))
    learner = Learner(session.frame)
    learner.go("quiz")
    order_script = "Array.from(document.querySelectorAll('[data-quiz-item]')).map(li => li.dataset.quizItem)"
    order = session.frame.evaluate(order_script)
    quiz = session.frame.locator("[data-quiz]")
    # One question per screen: answer each shown question until both of these are answered.
    wanted: dict[str, Style] = {"quiz-fill-in": "right", "quiz-matching": "wrong"}
    while wanted:
        current = str(quiz.locator("[data-quiz-item][data-current] [data-question]").get_attribute("data-question"))
        learner.answer(quiz, current, wanted.pop(current, "wrong"))
        if wanted:
            quiz.locator("[data-quiz-next]").click()
    session.close_course()
    snapshot = session.log()["finishes"][0]
    assert isinstance(snapshot, dict)

    resumed = launch(package, relaunch(snapshot, 60))
    assert Learner(resumed.frame).visible_page() == "quiz"
    assert resumed.frame.evaluate(order_script) == order
    frame_quiz = resumed.frame.locator("[data-quiz]")
    assert frame_quiz.locator('[data-question="quiz-fill-in"] input').input_value() == "Earth"
    assert frame_quiz.locator('[data-question="quiz-matching"] select[data-match-left="0"]').input_value() == "1"
    assert frame_quiz.locator("[data-quiz-status]").text_content() == "Attempt 1 of 2"
    resumed.frame.wait_for_function("document.readyState === 'complete'")  # every file loaded (or blocked)
    resumed.assert_clean()


def test_sequencing_works_with_the_keyboard(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(ALL_TYPES), first_launch(60))
    learner = Learner(session.frame)
    learner.go("ordering")
    widget = session.frame.locator('[data-question="check-sequencing"]')
    items = "els => els.map(e => Number(e.dataset.seqItem))"
    before = widget.locator("[data-seq-item]").evaluate_all(items)
    moving = before[1]
    widget.locator(f'[data-seq-item="{moving}"] [data-seq-move="up"]').focus()
    session.page.keyboard.press("Enter")
    after = widget.locator("[data-seq-item]").evaluate_all(items)
    assert after == [before[1], before[0], *before[2:]]
    # Focus stays with the moved item (its up button is disabled at the top, so: down).
    focused = session.frame.evaluate("document.activeElement.closest('[data-seq-item]').dataset.seqItem")
    assert int(focused) == moving
    session.page.keyboard.press("Space")
    assert widget.locator("[data-seq-item]").evaluate_all(items) == before
    session.page.wait_for_function(
        "document.getElementById('sco').contentDocument.querySelector('[data-live]').textContent.includes('2 of 3')"
    )


def test_an_assignment_keeps_text_up_to_its_allowance_in_stored_characters(compiled: Compile, launch: Launch) -> None:
    session = launch(compiled(ALL_TYPES), first_launch(60))
    learner = Learner(session.frame)
    learner.go("choices")
    allowance = int(learner.data["assignments"]["reflection"]["max"])
    textarea = session.frame.locator('[data-assignment="reflection"] textarea')
    textarea.fill("\U0001f600" * allowance)  # emoji: the costliest text there is
    kept = textarea.input_value()
    assert 0 < len(kept) < 2 * allowance
    assert set(kept) == {"\U0001f600"}  # whole emoji only, never half of one
    counter = session.frame.locator('[data-assignment="reflection"] [data-counter]').text_content() or ""
    # The counter counts what the learner sees (one per emoji) and how full the answer is.
    assert counter == f"{len(kept)} characters · 100% of the space used"
    textarea.fill("x" * allowance)  # plain text: one stored character per letter, the whole allowance
    assert textarea.input_value() == "x" * allowance
    session.close_course()
    snapshot = session.log()["finishes"][0]
    assert isinstance(snapshot, dict)
    assert "x" * allowance in str(snapshot["suspend_data"])
    session.assert_clean()
