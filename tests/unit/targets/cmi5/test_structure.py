from __future__ import annotations

import hashlib

import pytest
from lxml import etree

from compiler.model.course import Completion, Course, CourseConfig, Lesson, Prose, Quiz, TrueFalse
from compiler.targets.cmi5.structure import (
    DEFAULT_PUBLISHER_IRI,
    NS_CMI5,
    au_iri,
    build_course_structure,
    check_course_structure,
    course_iri,
    schema_bytes,
)

NS = {"c": NS_CMI5}
FILES = ["index.html", "runtime/core.js"]
# The official file's digest, as recorded in compiler/schemas/README.md.
XSD_SHA256 = "6a0b04962f5baa4603ee28e84ce4c74a122f322a548c8fdc14d93b2a23781d75"


def make_course(
    *,
    lessons_count: bool = True,
    quiz: bool = False,
    mastery_score: int | None = None,
    version: str = "1.0.0",
    publisher_iri: str | None = None,
    language: str = "nl",
) -> Course:
    config = CourseConfig(
        id="veilig-werken",
        title="Veilig werken in de zorg",
        language=language,
        version=version,
        description="Korte lessen over veilig werken.",
        publisher_iri=publisher_iri,
        lessons=["welkom", "melden"],
        completion=Completion(lessons=lessons_count, quiz=quiz),
        mastery_score=mastery_score,
    )
    lessons = [
        Lesson(
            id=lesson_id,
            title=title,
            objectives=objectives,
            blocks=[Prose(markdown="Hallo!", line=5)],
            source_path=f"lessons/{lesson_id}.md",
        )
        for lesson_id, title, objectives in (
            ("welkom", "Welkom", ["Je weet waar de cursus over gaat."]),
            ("melden", "Incidenten melden", ["Je weet wat een incident is.", "Je kunt een incident melden."]),
        )
    ]
    final_quiz = None
    if quiz:
        question = TrueFalse(id="vraag-1", type="true-false", prompt="Is dit waar?", answer=True)
        final_quiz = Quiz(id="eindtoets", title="Eindtoets", questions=[question])
    return Course(config=config, lessons=lessons, quiz=final_quiz)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def nodes(root: etree._Element, path: str) -> list[object]:
    found = root.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return list(found)


def texts(root: etree._Element, path: str) -> list[str]:
    return [str(value) for value in nodes(root, path)]


@pytest.mark.parametrize(
    "course",
    [
        make_course(),
        make_course(quiz=True, mastery_score=80),
        make_course(lessons_count=False, quiz=True, mastery_score=0),
    ],
    ids=["lessons-only", "lessons-and-quiz", "quiz-only"],
)
def test_the_course_structure_is_xsd_valid_and_passes_every_check(course: Course) -> None:
    assert check_course_structure(build_course_structure(course), FILES) == []


def test_the_bundled_xsd_is_the_official_file_unchanged() -> None:
    assert hashlib.sha256(schema_bytes()).hexdigest() == XSD_SHA256


def test_one_au_launches_index_html_in_any_window() -> None:
    root = parse(build_course_structure(make_course()))
    assert root.tag == f"{{{NS_CMI5}}}courseStructure"
    assert texts(root, "c:au/c:url/text()") == ["index.html"]
    assert texts(root, "c:au/@launchMethod") == ["AnyWindow"]
    assert len(nodes(root, "//c:au")) == 1
    assert nodes(root, "//c:block") == []


def test_titles_and_descriptions_are_langstrings_in_the_course_language() -> None:
    root = parse(build_course_structure(make_course(language="nl-BE")))
    for owner in ("c:course", "c:au"):
        assert texts(root, f"{owner}/c:title/c:langstring/text()") == ["Veilig werken in de zorg"]
        assert texts(root, f"{owner}/c:description/c:langstring/text()") == ["Korte lessen over veilig werken."]
    assert set(texts(root, "//c:langstring/@lang")) == {"nl-BE"}


def test_ids_come_from_the_course_id_and_the_publisher_base() -> None:
    default = make_course()
    assert course_iri(default) == DEFAULT_PUBLISHER_IRI + "veilig-werken"
    published = make_course(publisher_iri="https://learning.example.org/courses/")
    root = parse(build_course_structure(published))
    assert texts(root, "c:course/@id") == ["https://learning.example.org/courses/veilig-werken"]
    assert texts(root, "c:au/@id") == [au_iri(published)] == ["https://learning.example.org/courses/veilig-werken/au"]
    assert texts(root, "c:objectives/c:objective/@id") == [
        "https://learning.example.org/courses/veilig-werken/objectives/welkom/1",
        "https://learning.example.org/courses/veilig-werken/objectives/melden/1",
        "https://learning.example.org/courses/veilig-werken/objectives/melden/2",
    ]
    # The AU refers to every objective of the course, in order.
    assert texts(root, "c:au/c:objectives/c:objective/@idref") == texts(root, "c:objectives/c:objective/@id")
    assert texts(root, "c:objectives/c:objective/c:description/c:langstring/text()") == [
        "Welkom",
        "Incidenten melden",
        "Incidenten melden",
    ]


def test_a_new_version_keeps_every_id() -> None:
    first = build_course_structure(make_course(version="1.0.0", quiz=True, mastery_score=70))
    second = build_course_structure(make_course(version="2.3.1", quiz=True, mastery_score=70))
    assert first == second
    assert b"1.0.0" not in first


def test_the_structure_is_deterministic() -> None:
    assert build_course_structure(make_course(quiz=True, mastery_score=75)) == build_course_structure(
        make_course(quiz=True, mastery_score=75)
    )


@pytest.mark.parametrize(
    ("lessons_count", "quiz", "mastery_score", "move_on", "mastery"),
    [
        (True, False, None, "Completed", []),
        (True, True, 70, "CompletedAndPassed", ["0.7"]),
        (False, True, 100, "Passed", ["1"]),
        (False, True, 0, "Passed", ["0"]),
        (True, True, 85, "CompletedAndPassed", ["0.85"]),
    ],
    ids=["lessons", "lessons-and-quiz", "quiz-100", "quiz-0", "quiz-85"],
)
def test_the_completion_rule_maps_to_move_on_and_mastery_score(
    lessons_count: bool, quiz: bool, mastery_score: int | None, move_on: str, mastery: list[str]
) -> None:
    root = parse(
        build_course_structure(make_course(lessons_count=lessons_count, quiz=quiz, mastery_score=mastery_score))
    )
    assert texts(root, "c:au/@moveOn") == [move_on]
    assert texts(root, "c:au/@masteryScore") == mastery


# ---------------------------------------------------------------------------- checks

VALID = build_course_structure(make_course(quiz=True, mastery_score=70))


def _problems(data: bytes, files: list[str] = FILES) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in check_course_structure(data, files)]


def _line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


def test_xsd_breaches_are_reported_with_their_line() -> None:
    broken = VALID.replace(b'moveOn="CompletedAndPassed"', b'moveOn="Finished"')
    problems = _problems(broken)
    assert len(problems) == 1
    assert problems[0][0] == _line_of(broken, b"<au ")
    assert "moveOn" in problems[0][1]
    no_url = VALID.replace(b"<url>index.html</url>", b"")
    assert any("url" in message for _, message in _problems(no_url))


def test_a_foreign_root_is_an_xsd_breach() -> None:
    foreign = VALID.replace(NS_CMI5.encode(), b"https://example.org/not-cmi5")
    problems = _problems(foreign)
    assert len(problems) == 1
    assert "courseStructure" in problems[0][1]


def test_xml_that_does_not_parse_is_one_problem() -> None:
    problems = check_course_structure(VALID.replace(b"</course>", b""), FILES)
    assert len(problems) == 1
    assert problems[0].message.startswith("cmi5.xml is not well-formed: ")


def test_duplicate_ids_are_reported_on_the_second_use() -> None:
    au_id = b'id="urn:coursec:veilig-werken/au"'
    duplicate = VALID.replace(au_id, b'id="urn:coursec:veilig-werken"')
    assert _problems(duplicate) == [
        (
            _line_of(duplicate, b"<au "),
            f"au id 'urn:coursec:veilig-werken' is already used on line {_line_of(duplicate, b'<course ')}",
        )
    ]
    objective = b'id="urn:coursec:veilig-werken/objectives/melden/2"'
    twice = VALID.replace(objective, b'id="urn:coursec:veilig-werken/objectives/melden/1"')
    messages = [message for _, message in _problems(twice)]
    assert "objective id 'urn:coursec:veilig-werken/objectives/melden/1' is already used on line" in messages[0]
    assert (
        messages[1]
        == "objective idref 'urn:coursec:veilig-werken/objectives/melden/2' names no objective of the course"
    )


def test_ids_must_be_absolute_iris() -> None:
    relative = VALID.replace(b'<course id="urn:coursec:veilig-werken"', b'<course id="veilig-werken"')
    assert _problems(relative) == [
        (_line_of(relative, b"<course "), "course id 'veilig-werken' is not an absolute IRI")
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            b"https://cdn.example.org/index.html",
            "AU url 'https://cdn.example.org/index.html' is absolute; it must be relative to the package root",
        ),
        (b"/index.html", "AU url '/index.html' is absolute; it must be relative to the package root"),
        (b"../index.html", "AU url '../index.html' uses '..'; it must stay inside the package"),
        (b"start.html", "AU url 'start.html' names no file in the package"),
    ],
)
def test_the_au_url_must_name_a_file_of_the_package(url: bytes, message: str) -> None:
    data = VALID.replace(b"<url>index.html</url>", b"<url>" + url + b"</url>")
    assert _problems(data) == [(_line_of(data, b"<url>"), message)]


def test_an_au_url_may_carry_a_query_and_percent_escapes() -> None:
    data = VALID.replace(b"<url>index.html</url>", b"<url>mijn%20start.html?taal=nl</url>")
    assert _problems(data, ["mijn start.html"]) == []


def test_mastery_score_has_at_most_four_decimals() -> None:
    data = VALID.replace(b'masteryScore="0.7"', b'masteryScore="0.12345"')
    assert _problems(data) == [(_line_of(data, b"<au "), "masteryScore '0.12345' has more than 4 decimal places")]
    assert _problems(VALID.replace(b'masteryScore="0.7"', b'masteryScore="0.1234"')) == []
