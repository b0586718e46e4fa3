from __future__ import annotations

import itertools
import re
from typing import Any

from compiler.model.course import (
    Assignment,
    AssignmentBlock,
    Bank,
    ChoiceOption,
    Course,
    CourseConfig,
    Draw,
    FillIn,
    Lesson,
    Matching,
    MatchPair,
    MultipleResponse,
    QuestionBlock,
    Quiz,
    Sequencing,
    SingleChoice,
    TrueFalse,
)
from compiler.render.runtime_data import course_keys
from compiler.render.suspend_budget import encode_text, worst_case_suspend_data

AnyQuestion = SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing


def choice(question_id: str, options: int = 3) -> MultipleResponse:
    return MultipleResponse(
        id=question_id,
        type="multiple",
        prompt="Welke?",
        options=[ChoiceOption(text=f"o{i}", correct=i == 0) for i in range(options)],
    )


def make_course(
    lessons: list[tuple[list[AnyQuestion], list[int]]],
    quiz: list[AnyQuestion] | None = None,
    attempts: int = 1,
    shuffle: bool = False,
) -> Course:
    """Lessons as (knowledge checks, assignment max lengths)."""
    built = []
    for index, (checks, assignments) in enumerate(lessons):
        blocks: list[Any] = [QuestionBlock(question=q, line=1) for q in checks]
        blocks += [
            AssignmentBlock(assignment=Assignment(id=f"a{index}-{n}", prompt="Schrijf.", max_length=m), line=2)
            for n, m in enumerate(assignments)
        ]
        built.append(Lesson(id=f"les-{index}", title="Les", objectives=["Doel"], blocks=blocks, source_path="x.md"))
    config = CourseConfig(
        id="cursus",
        title="Cursus",
        language="nl",
        version="1.0.0",
        description="Test.",
        lessons=[lesson.id for lesson in built],
        completion={"lessons": True, "quiz": quiz is not None},
        mastery_score=70 if quiz is not None else None,
    )
    test = None if quiz is None else Quiz(id="toets", title="Toets", attempts=attempts, shuffle=shuffle, questions=quiz)
    return Course(config=config, lessons=built, quiz=test)


def test_format_2_without_blocks_is_printable_ascii_with_five_fields() -> None:
    course = make_course([([choice("c")], [10])], quiz=[choice("q")])
    encoded = worst_case_suspend_data(course)
    assert encoded.startswith("2|")
    assert encoded.count("|") == 4
    assert re.fullmatch(r"[\x20-\x7e]*", encoded)


def test_lessons_and_checks_take_key_plus_longest_answer() -> None:
    questions: list[AnyQuestion] = [
        choice("meer", options=10),
        TrueFalse(id="waar", type="true-false", prompt="Klopt?", answer=True),
        Sequencing(id="volg", type="sequencing", prompt="Orden", items=["a", "b", "c", "d"]),
        Matching(
            id="paar",
            type="matching",
            prompt="Koppel",
            pairs=[MatchPair(left=f"l{i}", right=f"r{i}") for i in range(5)],
        ),
    ]
    course = make_course([(questions, []), ([], [])])
    keys = course_keys(course)
    lessons = keys.lessons["les-0"] + "2" + keys.lessons["les-1"] + "2"
    checks = ";".join(
        [
            keys.questions["meer"] + "0123456789",
            keys.questions["waar"] + "t",
            keys.questions["volg"] + "0123",
            keys.questions["paar"] + "01234",
        ]
    )
    assert worst_case_suspend_data(course) == f"2|{lessons}|{checks}||"


def packed_length(units: int) -> int:
    return 1 + 5 * (units // 2) + 3 * (units % 2)


def test_fill_ins_count_two_and_a_half_per_unit_and_assignments_their_allowance() -> None:
    fill_in = FillIn(id="vul", type="fill-in", prompt="Typ", accepted=["x"], max_length=25)
    small = len(worst_case_suspend_data(make_course([([fill_in], [100])])))
    large = len(worst_case_suspend_data(make_course([([fill_in], [401])])))
    assert large - small == 401 - 100  # the allowance is in encoded characters
    longer = len(worst_case_suspend_data(make_course([([fill_in.model_copy(update={"max_length": 26})], [100])])))
    assert longer - small == packed_length(26) - packed_length(25)
    no_text = len(worst_case_suspend_data(make_course([([], [])])))
    # Each entry: a 4-character key, then the packed fill-in text or the whole allowance.
    assert small - no_text == (4 + packed_length(25)) + (4 + 100)


def test_plain_text_is_stored_as_typed() -> None:
    assert encode_text("Ik deel geen foto's van clienten.") == "Ik deel geen foto's van clienten."


def test_separators_escape_and_a_leading_packed_marker_are_escaped() -> None:
    assert encode_text("a;b|c~") == "a~AA7b~AB8c~AB-"
    assert encode_text("^a^") == "~ABea^"
    assert encode_text("regel\nregel") == "regel~AAKregel"


def test_text_outside_ascii_takes_the_shorter_packed_form() -> None:
    assert encode_text("\u20ac") == "~CCs"  # one unit: a tie, the escaped form wins
    packed = encode_text("\u20ac" * 10)
    assert packed.startswith("^")
    assert len(packed) == packed_length(10)
    emoji = encode_text("\U0001f600" * 3)  # surrogate pairs: 6 UTF-16 units
    assert len(emoji) == packed_length(6)
    assert re.fullmatch(r"[\x21-\x7e]*", emoji)
    assert "|" not in emoji
    assert ";" not in emoji


def test_quiz_section_counts_attempts_score_order_and_answers() -> None:
    quiz: list[AnyQuestion] = [choice(f"q{i}", options=4) for i in range(3)]
    course = make_course([([], [])], quiz=quiz, attempts=10)
    section = worst_case_suspend_data(course).split("|")[4]
    key = course_keys(course).quiz
    assert key is not None
    assert section == key + "a" + "r" + "2s" + "0123;0123;0123"
    shuffled = make_course([([], [])], quiz=quiz, attempts=10, shuffle=True)
    assert len(worst_case_suspend_data(shuffled).split("|")[4]) == len(section) + 3


def test_large_shuffled_quiz_stores_two_digits_per_position() -> None:
    quiz: list[AnyQuestion] = [
        TrueFalse(id=f"q{i}", type="true-false", prompt="Klopt?", answer=True) for i in range(70)
    ]
    plain = worst_case_suspend_data(make_course([([], [])], quiz=quiz))
    shuffled = worst_case_suspend_data(make_course([([], [])], quiz=quiz, shuffle=True))
    assert len(shuffled) - len(plain) == 140


def test_bound_grows_past_the_scorm_limit_with_long_assignments() -> None:
    course = make_course([([], [3000]), ([], [1500])])
    assert len(worst_case_suspend_data(course)) > 4096


def test_blocks_add_a_sixth_section_with_every_panel_seen_and_open() -> None:
    from ..blocks.helpers import ACCORDION, TABS, course_from

    course = course_from(TABS + ACCORDION)
    keys = course_keys(course)
    sections = worst_case_suspend_data(course).split("|")
    assert sections[0] == "2"
    assert len(sections) == 6
    # Three tabs: masks 0b111 ("H"); two panels: 0b11 ("D").
    assert sections[5] == f"{keys.blocks['apps']}HH;{keys.blocks['les-1-accordion-1']}DD"


def _drawing_course(pool_a: list[AnyQuestion], pool_b: list[AnyQuestion], counts: tuple[int, int]) -> Course:
    course = make_course([([], [])], quiz=[TrueFalse(id="vast", type="true-false", prompt="Klopt?", answer=True)])
    assert course.quiz is not None
    quiz = course.quiz.model_copy(
        update={"draw": [Draw(bank="a", count=counts[0]), Draw(bank="b", count=counts[1])], "attempts": 3}
    )
    return course.model_copy(update={"quiz": quiz, "banks": {"a": Bank(questions=pool_a), "b": Bank(questions=pool_b)}})


def test_the_worst_case_covers_the_worst_of_every_possible_draw() -> None:
    fill = [FillIn(id=f"open-{n}", type="fill-in", prompt="Typ.", accepted=["x"], max_length=n) for n in (5, 40, 9)]
    pool_a: list[AnyQuestion] = [choice("keus", options=10), *fill]
    pool_b: list[AnyQuestion] = [
        TrueFalse(id="tf", type="true-false", prompt="Klopt?", answer=True),
        Sequencing(id="volg", type="sequencing", prompt="Orden", items=["a", "b", "c"]),
        choice("twee", options=2),
    ]
    course = _drawing_course(pool_a, pool_b, (2, 2))
    worst = worst_case_suspend_data(course)
    # Every draw an attempt can make (fixed first, then 2 of a, then 2 of b, in any order).
    lengths = [
        len(worst_case_suspend_data(course, ["vast", *a, *b]))
        for a in itertools.permutations([q.id for q in pool_a], 2)
        for b in itertools.permutations([q.id for q in pool_b], 2)
    ]
    assert max(lengths) == len(worst)
    assert min(lengths) < len(worst)
    # The draws section: the quiz key and one key per question asked; no order digits in the quiz.
    sections = worst.split("|")
    keys = course_keys(course)
    assert keys.quiz is not None
    assert sections[6] == keys.quiz + "_" * 4 * 5
    assert sections[4].startswith(keys.quiz + "3r2s")
    assert sections[4].count(";") == 4


def test_points_do_not_change_the_stored_state_but_a_draw_changes_the_quiz_key() -> None:
    plain = _drawing_course([choice("a1"), choice("a2")], [choice("b1"), choice("b2")], (1, 1))
    more = _drawing_course([choice("a1"), choice("a2")], [choice("b1"), choice("b2")], (1, 2))
    assert course_keys(plain).quiz != course_keys(more).quiz
    weighted = plain.model_copy(
        update={
            "banks": {**plain.banks, "a": Bank(questions=[choice("a1").model_copy(update={"points": 5}), choice("a2")])}
        }
    )
    assert worst_case_suspend_data(weighted) == worst_case_suspend_data(plain)
