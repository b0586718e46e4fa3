"""Course -> the worst-case learner's encoded cmi.suspend_data (runtime format 2); pure.

This mirrors the encoder in compiler/runtime/core/state.js, whose header comment defines
the format. The browser tests drive a real worst-case learner and compare its suspend_data
with this figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.model.course import (
    Course,
    FillIn,
    Matching,
    MultipleResponse,
    Sequencing,
    SingleChoice,
    TrueFalse,
)
from compiler.render.runtime_data import KEY_ALPHABET, AnyQuestion, course_keys, course_settings

FORMAT = "2"
"""The first field of suspend_data; the runtime reads this format and format 1, and drops any other."""

FORMAT_1_SECTIONS = 5
"""Sections of format 1 (the format, lessons, checks, assignments, quiz); later empty ones are left out."""

WIDEST_CHARACTER = "\u20ac"
"""A character outside printable ASCII: the escaped form needs 4 characters for it."""

ALLOWANCE_FILLER = "a"
"""Plain text: one encoded character per letter, so `budget` letters take exactly the allowance."""

PACKED = "^"
"""First character of the packed form of a text."""

DIGITS_92 = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) not in "|;")
"""Digits of the packed form: printable ASCII without space and the two separators."""


@dataclass(frozen=True)
class WorstCase:
    """The worst-case learner's suspend_data, part by part (so a diagnostic can say what costs most)."""

    lessons: str
    checks: str
    assignments: str
    quiz: str
    blocks: str = ""
    draws: str = ""
    settings: str = ""

    @property
    def encoded(self) -> str:
        """The whole suspend_data string (trailing empty sections left out, as state.js does)."""
        parts = [FORMAT, self.lessons, self.checks, self.assignments, self.quiz, self.blocks, self.draws, self.settings]
        while len(parts) > FORMAT_1_SECTIONS and not parts[-1]:
            parts.pop()
        return "|".join(parts)


def worst_case(course: Course, asked: Sequence[str] | None = None) -> WorstCase:
    """Return the state of the learner whose suspend_data takes the most characters.

    Every lesson visited to its end, every knowledge check answered the longest way,
    every fill-in filled to its maximum length with text outside ASCII (about 2.5 characters
    per UTF-16 unit), every assignment taking its whole allowance (counted in encoded
    characters, so any text fits it), every quiz attempt used, the quiz's shuffled order stored,
    every block's longest state (`InteractiveBlock.worst_state`), every setting at its maximum.
    A quiz that draws stores its attempt's questions in the draws section (the quiz key and one key
    per question asked) and their answers in that order, no order digits: the worst draw takes, for
    each draw, the questions of its pool with the longest answers (exact for pools that share no
    question; an upper bound when they do, since a question is drawn once). `asked`, for a quiz that
    draws: the worst case of that one draw (the ids of an attempt's questions), which no draw exceeds.
    """
    keys = course_keys(course)
    lessons = "".join(keys.lessons[lesson.id] + "2" for lesson in course.lessons)
    checks = ";".join(
        keys.questions[q.id] + _longest_answer(q) for lesson in course.lessons for q in lesson.questions()
    )
    assignments = ";".join(
        keys.assignments[a.id] + _full_allowance(a.max_length)
        for lesson in course.lessons
        for a in lesson.assignments()
    )
    quiz = ""
    draws = ""
    if course.quiz is not None and keys.quiz is not None:
        count = len(course.quiz.questions)
        width = 2 if count > 64 else 1
        order = KEY_ALPHABET[-1] * (count * width) if course.quiz.shuffle and not course.quiz.draw else ""
        answers = [_longest_answer(q) for q in course.quiz.questions]
        for draw, pool in zip(course.quiz.draw, course.draw_pools(), strict=True):
            answers += sorted((_longest_answer(q) for q in pool), key=len, reverse=True)[: draw.count]
        if asked is not None and course.quiz.draw:
            candidates = {q.id: q for q in course.quiz_questions()}
            answers = [_longest_answer(candidates[question_id]) for question_id in asked]
        if course.quiz.draw:
            draws = keys.quiz + KEY_ALPHABET[-1] * (4 * course.quiz.attempt_size())
        quiz = (
            keys.quiz
            + _base36(course.quiz.attempts)
            + "r"
            + "2s"  # the score 100 in two base-36 digits
            + order
            + ";".join(answers)
        )
    blocks = ";".join(
        keys.blocks[block.id] + model.worst_state()
        for lesson in course.lessons
        for block, model in lesson.interactive_blocks()
    )
    settings = ";".join(f"{name}={_worst_text(length)}" for name, length in sorted(course_settings(course).items()))
    return WorstCase(lessons, checks, assignments, quiz, blocks, draws, settings)


def worst_case_suspend_data(course: Course, asked: Sequence[str] | None = None) -> str:
    """Return the suspend_data of the learner whose state takes the most characters (in one draw: `asked`)."""
    return worst_case(course, asked).encoded


def encode_text(text: str) -> str:
    """Encode typed text as the runtime does (state.js `encodeText`): the shorter form."""
    units = text.encode("utf-16-le")
    codes = [int.from_bytes(units[i : i + 2], "little") for i in range(0, len(units), 2)]
    escaped = "".join(
        chr(unit)
        if 0x20 <= unit < 0x7E and chr(unit) not in "|;" and not (index == 0 and chr(unit) == PACKED)
        else "~" + "".join(KEY_ALPHABET[(unit >> shift) & 63] for shift in (12, 6, 0))
        for index, unit in enumerate(codes)
    )
    packed = PACKED
    for index in range(0, len(codes), 2):
        pair = codes[index : index + 2]
        packed += _digits_92(pair[0] * 65536 + pair[1], 5) if len(pair) == 2 else _digits_92(pair[0], 3)
    return escaped if len(escaped) <= len(packed) else packed


def _worst_text(length: int) -> str:
    """The encoding of `length` UTF-16 units that all need escaping (the longest)."""
    return encode_text(WIDEST_CHARACTER * length)


def _full_allowance(budget: int) -> str:
    """An assignment text whose encoding takes its whole allowance (state.js `fitText` keeps any text within it)."""
    return encode_text(ALLOWANCE_FILLER * budget)


def _digits_92(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, digit = divmod(value, 92)
        digits.append(DIGITS_92[digit])
    return "".join(reversed(digits))


def _base36(number: int) -> str:
    return "0123456789abcdefghijklmnopqrstuvwxyz"[number]


def _longest_answer(question: AnyQuestion) -> str:
    """The longest encoding of an answer to the question (state.js `encodeAnswer`)."""
    match question:
        case SingleChoice():
            return "0"
        case TrueFalse():
            return "t"
        case MultipleResponse():
            return "".join(str(i) for i in range(len(question.options)))
        case FillIn():
            return _worst_text(question.max_length)
        case Matching():
            return "".join(str(i) for i in range(len(question.pairs)))
        case Sequencing():
            return "".join(str(i) for i in range(len(question.items)))
