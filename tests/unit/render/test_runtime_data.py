from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from compiler.model.course import (
    Assignment,
    AssignmentBlock,
    ChoiceOption,
    Course,
    CourseConfig,
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
from compiler.render.runtime_data import (
    KEY_ALPHABET,
    _hash_key,
    display_permutation,
    item_keys,
    runtime_data,
    runtime_data_json,
)

AnyQuestion = SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing


def single(question_id: str = "kleur", correct: int = 1, prompt: str = "Welke kleur?") -> SingleChoice:
    options = [ChoiceOption(text=t, correct=i == correct) for i, t in enumerate(["Rood", "Blauw", "Geel"])]
    return SingleChoice(id=question_id, type="single", prompt=prompt, options=options)


def make_course(
    checks: list[AnyQuestion] | None = None,
    quiz: list[AnyQuestion] | None = None,
    attempts: int = 2,
    shuffle: bool = False,
    lesson_title: str = "Les",
) -> Course:
    blocks: list[Any] = [QuestionBlock(question=q, line=1) for q in (checks or [])]
    blocks.append(AssignmentBlock(assignment=Assignment(id="opdracht", prompt="Schrijf.", max_length=300), line=9))
    lesson = Lesson(id="les", title=lesson_title, objectives=["Doel"], blocks=blocks, source_path="lessons/les.md")
    config = CourseConfig(
        id="cursus",
        title="Cursus",
        language="nl",
        version="1.0.0",
        description="Test.",
        lessons=["les"],
        completion={"lessons": True, "quiz": quiz is not None},
        mastery_score=70 if quiz is not None else None,
    )
    test = None
    if quiz is not None:
        test = Quiz(id="toets", title="Toets", attempts=attempts, shuffle=shuffle, questions=quiz)
    return Course(config=config, lessons=[lesson], quiz=test)


def data_of(course: Course) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(runtime_data_json(course))
    return result


def test_json_is_safe_inside_a_script_element_and_round_trips() -> None:
    tricky = FillIn(id="tag", type="fill-in", prompt="Typ", accepted=["</script><b>&amp;"], max_length=50)
    text = runtime_data_json(make_course([tricky]))
    assert not set(text) & {"<", ">", "&"}
    assert text.isascii()
    assert json.loads(text)["questions"]["tag"]["acc"] == ["</script><b>&amp;"]


def test_output_is_deterministic() -> None:
    assert runtime_data_json(make_course([single()])) == runtime_data_json(make_course([single()]))


def test_course_settings_reach_the_runtime() -> None:
    data = data_of(make_course([single()], quiz=[single("q1")], attempts=3, shuffle=True))
    assert data["graded"] is True
    assert data["mastery"] == 70
    assert data["storage"] == "coursec:cursus:1.0.0"
    assert data["completion"] == {"lessons": True, "quiz": True}
    assert data["lessons"][0]["checks"] == ["kleur"]
    assert data["lessons"][0]["assignments"] == ["opdracht"]
    assert data["assignments"]["opdracht"]["max"] == 300
    assert data["quiz"]["attempts"] == 3
    assert data["quiz"]["shuffle"] is True
    assert data["quiz"]["questions"] == ["q1"]


def test_course_without_quiz_is_not_graded() -> None:
    data = data_of(make_course([single()]))
    assert data["graded"] is False
    assert data["mastery"] is None
    assert data["quiz"] is None


def test_answer_keys_per_question_type() -> None:
    questions: list[AnyQuestion] = [
        single(correct=2),
        MultipleResponse(
            id="meer",
            type="multiple",
            prompt="Welke?",
            options=[
                ChoiceOption(text="a", correct=True),
                ChoiceOption(text="b"),
                ChoiceOption(text="c", correct=True),
            ],
        ),
        TrueFalse(id="waar", type="true-false", prompt="Klopt?", answer=False),
        FillIn(
            id="vul", type="fill-in", prompt="Typ", accepted=["Parijs", "Paris"], case_sensitive=True, max_length=20
        ),
        Matching(
            id="paar",
            type="matching",
            prompt="Koppel",
            pairs=[MatchPair(left=str(i), right=f"r{i}") for i in range(4)],
        ),
        Sequencing(id="volg", type="sequencing", prompt="Orden", items=["een", "twee", "drie"]),
    ]
    q = data_of(make_course(questions))["questions"]
    assert (q["kleur"]["t"], q["kleur"]["n"], q["kleur"]["c"]) == ("single", 3, 2)
    assert (q["meer"]["t"], q["meer"]["c"]) == ("multiple", [0, 2])
    assert (q["waar"]["t"], q["waar"]["c"]) == ("true-false", False)
    assert (q["vul"]["acc"], q["vul"]["cs"], q["vul"]["max"]) == (["Parijs", "Paris"], True, 20)
    assert sorted(q["paar"]["perm"]) == [0, 1, 2, 3]
    assert q["paar"]["perm"] != [0, 1, 2, 3]  # the right-hand items are not shown in key order
    assert sorted(q["volg"]["perm"]) == [0, 1, 2]
    assert q["volg"]["perm"] != [0, 1, 2]  # a sequencing question never starts solved


@pytest.mark.parametrize("length", range(2, 9))
def test_display_permutation_is_a_fixed_non_identity_shuffle(length: int) -> None:
    for seed in ("a", "b", "sequencing:volgorde"):
        order = display_permutation(seed, length)
        assert sorted(order) == list(range(length))
        assert order != list(range(length))
        assert order == display_permutation(seed, length)


def test_keys_are_short_and_unique() -> None:
    data = data_of(make_course([single("a"), single("b")], quiz=[single("c")]))
    keys = [data["lessons"][0]["k"], data["quiz"]["k"]]
    keys += [q["k"] for q in data["questions"].values()]
    keys += [a["k"] for a in data["assignments"].values()]
    assert all(re.fullmatch(f"[{re.escape(KEY_ALPHABET)}]{{4}}", key) for key in keys)
    assert len({q["k"] for q in data["questions"].values()}) == 3


def _clashing_ids() -> tuple[str, str]:
    """Two question ids whose first-choice keys are equal (found by search: keys are 24 bits)."""
    seen: dict[str, str] = {}
    for number in itertools.count():
        item_id = f"q{number}"
        key = _hash_key(f"question:{item_id}:f")
        if key in seen:
            return seen[key], item_id
        seen[key] = item_id
    raise AssertionError("unreachable")


def test_clashing_keys_are_resalted() -> None:
    first, second = _clashing_ids()
    clashing = _hash_key(f"question:{first}:f")
    assert _hash_key(f"question:{second}:f") == clashing  # a real clash, not two equal inputs
    keys = item_keys("question", [(first, "f"), (second, "f")])
    assert keys[first] == clashing  # the earlier item keeps its key
    assert keys[second] == _hash_key(f"question:{second}:f:1")  # the later one is re-salted
    assert keys[second] != clashing
    assert item_keys("question", [(first, "f"), (second, "f")]) == keys  # deterministically
    # In the other order the other item is re-salted.
    assert item_keys("question", [(second, "f"), (first, "f")])[second] == clashing


def test_rewording_keeps_a_question_key_but_a_new_answer_key_changes_it() -> None:
    base = data_of(make_course([single(prompt="Welke kleur?")]))["questions"]["kleur"]["k"]
    reworded = data_of(make_course([single(prompt="Welke kleur heeft de lucht?")]))["questions"]["kleur"]["k"]
    new_answer = data_of(make_course([single(correct=0)]))["questions"]["kleur"]["k"]
    assert base == reworded
    assert base != new_answer


def test_lesson_key_survives_content_changes() -> None:
    before = data_of(make_course([single()]))["lessons"][0]["k"]
    after = data_of(make_course([single(), single("nieuw")], lesson_title="Andere titel"))["lessons"][0]["k"]
    assert before == after


def test_quiz_key_changes_with_questions_attempts_and_shuffle() -> None:
    def key(**changes: Any) -> str:
        settings: dict[str, Any] = {"quiz": [single("q1"), single("q2")], "attempts": 2, "shuffle": False}
        settings.update(changes)
        return str(data_of(make_course(**settings))["quiz"]["k"])

    base = key()
    assert base == key()
    assert base != key(attempts=3)
    assert base != key(shuffle=True)
    assert base != key(quiz=[single("q2"), single("q1")])
    assert base != key(quiz=[single("q1"), single("q2", correct=0)])


def test_runtime_data_matches_its_json() -> None:
    course = make_course([single()], quiz=[single("q1")])
    assert json.loads(runtime_data_json(course)) == runtime_data(course)


def test_blocks_reach_the_runtime_only_when_the_course_has_them() -> None:
    from compiler.render.runtime_data import runtime_data

    from ..blocks.helpers import ACCORDION, TABS, course_from

    plain = runtime_data(course_from("Tekst.\n"))
    assert "blocks" not in plain
    assert all("blocks" not in lesson for lesson in plain["lessons"])  # type: ignore[attr-defined]
    data = runtime_data(course_from(TABS, ACCORDION))
    assert data["lessons"][0]["blocks"] == ["apps"]  # type: ignore[index]
    assert data["lessons"][1]["blocks"] == ["les-2-accordion-1"]  # type: ignore[index]
    blocks = data["blocks"]
    assert isinstance(blocks, dict)
    assert {id: {k: v for k, v in spec.items() if k != "k"} for id, spec in blocks.items()} == {
        "apps": {"t": "tabs", "s": "panels", "n": 3, "req": True},
        "les-2-accordion-1": {"t": "accordion", "s": "panels", "n": 2, "req": False},
    }


def test_a_block_key_changes_with_its_panel_count_but_not_its_text() -> None:
    from compiler.render.runtime_data import course_keys

    from ..blocks.helpers import TABS, course_from

    key = course_keys(course_from(TABS)).blocks["apps"]
    assert course_keys(course_from(TABS.replace("Open de App Store.", "Ga naar de App Store."))).blocks["apps"] == key
    fewer = TABS.replace("  - title: Computer\n    body: Open WhatsApp Web.\n", "")
    assert course_keys(course_from(fewer)).blocks["apps"] != key
