"""Course -> the learner runtime's data (compact JSON, safe inside <script>); pure.

The runtime (compiler/runtime/core/*.js) reads this JSON from `#coursec-data`. Besides
the answer keys it gives each lesson, question, assignment and the quiz a short *key*: a
hash of the item's id and of everything that gives a stored answer its meaning. The
resume data (`cmi.suspend_data`) names items by these keys only, so a package compiled
from a changed course keeps the answers that still fit and drops the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compiler.blocks.registry import block_types
from compiler.model.course import (
    Course,
    FillIn,
    Matching,
    MultipleResponse,
    Sequencing,
    SingleChoice,
    TrueFalse,
)

AnyQuestion = SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing

RUNTIME_DATA_VERSION = 1
"""Bumped when the JSON shape changes in a way the runtime must know about."""

KEY_LENGTH = 4
"""Characters per item key: 64**4 values, so a clash is rare (and then re-salted)."""

KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""The base-64url digits of the keys and of the suspend_data encoding."""

_SCRIPT_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def runtime_data_json(course: Course) -> str:
    """Return the runtime data as deterministic JSON that is safe inside <script>."""
    return script_safe_json(runtime_data(course))


def script_safe_json(value: object) -> str:
    """Serialise JSON deterministically, ASCII only, with `<`, `>`, `&` escaped."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_UNSAFE)


@dataclass(frozen=True)
class CourseKeys:
    """The short keys suspend_data names a course's items by (see module docstring)."""

    lessons: dict[str, str]
    questions: dict[str, str]
    assignments: dict[str, str]
    quiz: str | None
    blocks: dict[str, str]
    """Registered blocks (tabs, accordion, ...) by block id."""


def course_keys(course: Course) -> CourseKeys:
    """Return the keys of every lesson, question, assignment and of the quiz."""
    questions = course.all_questions()
    question_keys = item_keys("question", [(q.id, question_fingerprint(q)) for q in questions])
    quiz = course.quiz
    return CourseKeys(
        lessons=item_keys("lesson", [(lesson.id, "") for lesson in course.lessons]),
        questions=question_keys,
        assignments=item_keys(
            "assignment",
            [(a.id, "") for lesson in course.lessons for a in lesson.assignments()],
        ),
        quiz=None
        if quiz is None
        else quiz_key(
            quiz.id,
            quiz.attempts,
            quiz.shuffle,
            [question_keys[q.id] for q in quiz.questions],
            [
                (draw.count, [question_keys[q.id] for q in pool])
                for draw, pool in zip(quiz.draw, course.draw_pools(), strict=True)
            ],
        ),
        blocks=item_keys(
            "block",
            [
                (block.id, f"{block.kind}:{block_types()[block.kind].codec}:{model.state_size()}")
                for lesson in course.lessons
                for block, model in lesson.interactive_blocks()
            ],
        ),
    )


def course_settings(course: Course) -> dict[str, int]:
    """Course-level learner settings the state keeps (name -> most UTF-16 units); none yet.

    A feature that lets the learner choose something for the whole course (issue 23: the
    language) declares its setting here; state.js stores it in the `settings` section and
    suspend_budget.py counts it.
    """
    return {}


def runtime_data(course: Course) -> dict[str, object]:
    """Return the runtime data of a course as plain JSON-ready values, the same for every target.

    Which tracker adapter the runtime connects through is the target's part (`runtime/target.js`).
    """
    keys = course_keys(course)
    quiz = course.quiz
    graded = course.quiz_questions()
    data: dict[str, object] = {
        "v": RUNTIME_DATA_VERSION,
        "course": course.id,
        "version": course.version,
        "lang": course.config.language,
        "storage": f"coursec:{course.id}:{course.version}",
        "graded": course.has_graded_quiz,
        "mastery": course.config.mastery_score,
        "completion": {
            "lessons": course.config.completion.lessons,
            "quiz": course.config.completion.quiz,
        },
        "lessons": [
            {
                "id": lesson.id,
                "k": keys.lessons[lesson.id],
                "checks": [q.id for q in lesson.questions()],
                "assignments": [a.id for a in lesson.assignments()],
            }
            # Only lessons with registered blocks name them: a course without blocks keeps its data.
            | ({"blocks": [b.id for b, _ in lesson.interactive_blocks()]} if lesson.interactive_blocks() else {})
            for lesson in course.lessons
        ],
        "questions": {q.id: {"k": keys.questions[q.id], **_answer_key(q)} for q in course.all_questions()}
        | {
            q.id: {"k": keys.questions[q.id], **_answer_key(q), "d": _description(q.prompt)}
            # Points only where they are not 1: a course without weights keeps its data.
            | ({"p": q.points} if q.points != 1 else {})
            for q in graded
        },
        "assignments": {
            a.id: {"k": keys.assignments[a.id], "max": a.max_length}
            for lesson in course.lessons
            for a in lesson.assignments()
        },
        "quiz": None
        if quiz is None
        else {
            "id": quiz.id,
            "k": keys.quiz,
            "attempts": quiz.attempts,
            "shuffle": quiz.shuffle,
            "questions": [q.id for q in quiz.questions],
        }
        # Only a quiz that draws or gives feedback after each question says so: others keep their data.
        | (
            {
                "draw": [
                    {"n": draw.count, "q": [q.id for q in pool]}
                    for draw, pool in zip(quiz.draw, course.draw_pools(), strict=True)
                ]
            }
            if quiz.draw
            else {}
        )
        | ({"feedback": quiz.feedback} if quiz.feedback != "end" else {}),
    }
    # Static blocks (statement, quote, ...) have no state: the runtime never hears of them.
    blocks = [placed for lesson in course.lessons for placed in lesson.interactive_blocks()]
    if blocks:
        data["blocks"] = {
            block.id: {
                "k": keys.blocks[block.id],
                "t": block.kind,
                "s": block_types()[block.kind].codec,
                "n": model.state_size(),
                "req": model.required,
            }
            for block, model in blocks
        }
    settings = course_settings(course)
    if settings:
        data["settings"] = settings
    return data


DESCRIPTION_MAX = 250
"""Characters of a quiz question's description: the prompt as an LMS shows it in interaction reports."""


def _description(prompt: str) -> str:
    """The prompt on one line, without Markdown emphasis marks, at most DESCRIPTION_MAX characters."""
    text = " ".join(re.sub(r"[*_`]+", "", prompt).split())
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "\u2026"


def question_fingerprint(question: AnyQuestion) -> str:
    """Return what gives a stored answer its meaning: type, shape and answer key.

    Rewording a prompt or an option keeps the learner's answer; adding an option or
    changing which one is right drops it.
    """
    return json.dumps(_answer_key(question), sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def quiz_key(
    quiz_id: str,
    attempts: int,
    shuffle: bool,
    question_keys: Sequence[str],
    draws: Sequence[tuple[int, Sequence[str]]] = (),
) -> str:
    """Return the quiz key; it changes with the questions, their order, its draws (count and pool) or settings.

    A quiz without draws keeps the key it had before banks existed.
    """
    drawn = "".join(f":{count}/{','.join(pool)}" for count, pool in draws)
    return _hash_key(f"quiz:{quiz_id}:{attempts}:{shuffle}:{','.join(question_keys)}{drawn}")


def item_keys(kind: str, items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each item id to a short key from (kind, id, fingerprint), unique in the list.

    On a clash the later item (in course order) gets a re-salted key, deterministically.
    """
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for item_id, fingerprint in items:
        salt = 0
        key = _hash_key(f"{kind}:{item_id}:{fingerprint}")
        while key in taken:
            salt += 1
            key = _hash_key(f"{kind}:{item_id}:{fingerprint}:{salt}")
        keys[item_id] = key
        taken.add(key)
    return keys


def display_permutation(seed: str, length: int) -> list[int]:
    """Return a fixed shuffle of range(length); never the identity if length > 1."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    order = list(range(length))
    for i in range(length - 1, 0, -1):
        j = digest[i % len(digest)] % (i + 1)
        order[i], order[j] = order[j], order[i]
    if length >= 2 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def _hash_key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    digits = []
    for _ in range(KEY_LENGTH):
        number, digit = divmod(number, 64)
        digits.append(KEY_ALPHABET[digit])
    return "".join(digits)


def _answer_key(question: AnyQuestion) -> dict[str, object]:
    """Return the compact answer key the runtime checks answers against."""
    match question:
        case SingleChoice():
            return {
                "t": "single",
                "n": len(question.options),
                "c": _correct_indices(question)[0],
            }
        case MultipleResponse():
            return {
                "t": "multiple",
                "n": len(question.options),
                "c": _correct_indices(question),
            }
        case TrueFalse():
            return {"t": "true-false", "c": question.answer}
        case FillIn():
            return {
                "t": "fill-in",
                "acc": list(question.accepted),
                "cs": question.case_sensitive,
                "max": question.max_length,
            }
        case Matching():
            # Right item i belongs with left item i; the runtime lists the right items
            # in this fixed, never-identity order so the key is not on display.
            return {
                "t": "matching",
                "n": len(question.pairs),
                "perm": display_permutation(f"matching:{question.id}", len(question.pairs)),
            }
        case Sequencing():
            # The (shuffled) order the learner starts from; the answer is 0, 1, 2, ...
            return {
                "t": "sequencing",
                "n": len(question.items),
                "perm": display_permutation(f"sequencing:{question.id}", len(question.items)),
            }


def _correct_indices(question: SingleChoice | MultipleResponse) -> list[int]:
    return [index for index, option in enumerate(question.options) if option.correct]
