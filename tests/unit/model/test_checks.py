from __future__ import annotations

import json

from compiler.diagnostics import Diagnostic
from compiler.model.checks import (
    assemble_course,
    check_course,
    check_media_content,
    fold_name,
    sniff_media,
    svg_script,
)
from compiler.model.validate import ValidatedParts, validate_sources
from compiler.source.files import SourceFile
from compiler.source.markdown_blocks import parse_lesson
from compiler.source.yaml_positions import parse_yaml

COURSE = """id: demo
title: Demo
language: nl
version: 1.0.0
description: Een demo.
lessons: [een, twee]
"""


def _lesson(path: str, lesson_id: str, body: str = "Tekst.\n") -> SourceFile:
    return SourceFile(path, f"---\nid: {lesson_id}\ntitle: Les\nobjectives: [Leren]\n---\n\n{body}")


def _parts(
    course: str = COURSE,
    lessons: list[SourceFile] | None = None,
    quiz: str | None = None,
    banks: dict[str, str] | None = None,
) -> ValidatedParts:
    sources = lessons if lessons is not None else [_lesson("lessons/01.md", "een"), _lesson("lessons/02.md", "twee")]
    parsed = []
    for source in sources:
        lesson, errors = parse_lesson(source)
        assert errors == []
        assert lesson is not None
        parsed.append(lesson)
    data, positions, _ = parse_yaml(course, "course.yaml")
    quiz_doc = None
    if quiz is not None:
        quiz_data, quiz_positions, _ = parse_yaml(quiz, "quiz.yaml")
        quiz_doc = (quiz_data, quiz_positions)
    bank_docs = {}
    for path, text in (banks or {}).items():
        bank_data, bank_positions, _ = parse_yaml(text, path)
        bank_docs[path] = (bank_data, bank_positions)
    parts, errors = validate_sources((data, positions), quiz_doc, parsed, banks=bank_docs)
    assert errors == []
    return parts


def _check(parts: ValidatedParts, inventory: set[str] | None = None, links: set[str] | None = None) -> list[Diagnostic]:
    _, diagnostics = check_course(parts, frozenset(inventory or set()), frozenset(links or set()))
    return diagnostics


def _codes(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int]]:
    return [(d.code, d.span.path if d.span else "", d.span.line if d.span else 0) for d in diagnostics]


def test_a_consistent_course_has_no_findings_and_assembles_in_authored_order() -> None:
    parts = _parts(lessons=[_lesson("lessons/a.md", "twee"), _lesson("lessons/b.md", "een")])
    assert _check(parts) == []
    assert [lesson.id for lesson in assemble_course(parts).lessons] == ["een", "twee"]


def test_dangling_unlisted_and_duplicate_lessons() -> None:
    parts = _parts(
        course=COURSE.replace("[een, twee]", "[een, twe, een]"),
        lessons=[_lesson("lessons/01.md", "een"), _lesson("lessons/02.md", "twee"), _lesson("lessons/03.md", "een")],
    )
    diagnostics = _check(parts)
    assert _codes(diagnostics) == [
        ("E301", "lessons/03.md", 2),
        ("E302", "course.yaml", 6),
        ("E301", "course.yaml", 6),
        ("E303", "lessons/02.md", 2),
    ]
    assert diagnostics[1].hint == "did you mean 'twee'?"
    assert diagnostics[0].hint == "the lesson in lessons/01.md at line 2 already uses it; ids must be unique"


def test_duplicate_question_ids_across_lessons_and_quiz() -> None:
    block = "```question\nid: dubbel\ntype: true-false\nprompt: Waar?\nanswer: true\n```\n"
    quiz = "id: toets\ntitle: T\nquestions:\n  - id: dubbel\n    type: true-false\n    prompt: P\n    answer: false\n"
    parts = _parts(
        course=COURSE + "completion: {quiz: true}\nmastery_score: 70\n",
        lessons=[_lesson("lessons/01.md", "een", block), _lesson("lessons/02.md", "twee")],
        quiz=quiz,
    )
    assert [(code, path) for code, path, _ in _codes(_check(parts))] == [
        ("E301", "quiz.yaml"),
        ("W302", "lessons/01.md"),
        ("W302", "quiz.yaml"),
    ]


def test_media_references_exact_case_missing_escaping_and_external() -> None:
    body = (
        "![a](media/Foto.svg) ![b](media/weg.svg) ![c](../geheim.svg) ![d](https://cdn.example/x.png)"
        " ![e](media/link.svg) [f](media/folder.pdf) ![g](C:\\Users\\jan\\foto.png)\n\n"
        "```media\ntype: image\nsrc: media/ok.svg\nalt: ok\n```\n"
    )
    parts = _parts(lessons=[_lesson("lessons/01.md", "een", body), _lesson("lessons/02.md", "twee")])
    needed, diagnostics = check_course(
        parts,
        frozenset({"media/foto.svg", "media/ok.svg", "media/folder.pdf", "media/ongebruikt.svg"}),
        frozenset({"media/link.svg"}),
    )
    assert needed == {"media/ok.svg", "media/folder.pdf"}
    assert sorted((d.code, d.message) for d in diagnostics) == [
        ("E304", "image 'media/weg.svg' not found"),
        ("E305", "image 'media/Foto.svg' differs in letter case from the file 'media/foto.svg'"),
        ("E306", "image '../geheim.svg' leaves the course folder"),
        ("E306", "image 'C:\\Users\\jan\\foto.png' is a path on your own computer"),
        ("E306", "image 'media/link.svg' is a symbolic link pointing outside the course folder"),
        ("E307", "image 'https://cdn.example/x.png' would be loaded from outside the package"),
        ("W301", "media file 'media/ongebruikt.svg' is never referenced and will not be packaged"),
    ]


def test_quiz_rule_must_match_the_quiz_file() -> None:
    assert [c for c, _, _ in _codes(_check(_parts(course=COURSE + "completion: {quiz: true}\n")))] == ["E309"]
    assert [c for c, _, _ in _codes(_check(_parts(course=COURSE + "mastery_score: 80\n")))] == ["E309"]


def test_brand_colour_below_aa_contrast_is_refused() -> None:
    parts = _parts(course=COURSE + "branding:\n  primary_color: '#7fb2e5'\n")
    diagnostics = _check(parts)
    assert _codes(diagnostics) == [("E405", "course.yaml", 8)]
    assert "2.23:1" in diagnostics[0].message
    assert _check(_parts(course=COURSE + "branding:\n  primary_color: '#1d5fa8'\n")) == []


PDF = b"%PDF-1.7\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def test_sniffing_names_the_family_of_common_files() -> None:
    assert sniff_media(PNG) == ("image", "a PNG image")
    assert sniff_media(b"ID3\x03") == ("audio", "MP3, FLAC or AAC audio")
    assert sniff_media(PDF) == ("document", "a PDF document")
    assert sniff_media(b"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>") == ("image", "an SVG image")
    assert sniff_media(b"\x00\x00\x00\x18ftypM4A \x00") == ("audio", "M4A audio")
    assert sniff_media(b"WEBVTT\n\n") == ("captions", "WebVTT captions")
    assert sniff_media(b"just some bytes") is None


def test_media_of_the_wrong_kind_by_extension_and_by_content() -> None:
    body = (
        "```media\ntype: image\nsrc: media/beep.mp3\nalt: A beep\n```\n\n"
        "```media\ntype: audio\nsrc: media/talk.mp3\ntranscript: Words.\n```\n\n"
        "```media\ntype: video\nsrc: media/film.mp4\ncaptions: media/film.vtt\n```\n\n"
        "![logo](media/logo.png)\n"
    )
    parts = _parts(lessons=[_lesson("lessons/01.md", "een", body), _lesson("lessons/02.md", "twee")])
    files = {"media/beep.mp3", "media/talk.mp3", "media/film.mp4", "media/film.vtt", "media/logo.png"}
    by_name = sorted((d.code, d.span.line if d.span else 0) for d in _check(parts, files))
    assert by_name == [("E310", 9)]  # the image block at an .mp3
    contents = {
        "media/beep.mp3": b"ID3",
        "media/talk.mp3": PDF,
        "media/film.mp4": b"\x00\x00\x00\x18ftypisom",
        "media/film.vtt": b"1\n00:00.000 --> 00:01.000\nHi\n",
        "media/logo.png": b"",
    }
    by_content = sorted((d.code, d.message) for d in check_media_content(parts, contents))
    assert by_content == [
        ("E310", "audio file 'media/talk.mp3' holds a PDF document, whatever its name says"),
        (
            "E310",
            "captions file 'media/film.vtt' holds text without the 'WEBVTT' header browsers need, "
            "whatever its name says",
        ),
        ("E310", "image file 'media/logo.png' is empty"),
    ]


def test_file_names_fold_case_and_unicode_normalisation() -> None:
    assert fold_name("Media/Cafe\u0301.SVG") == fold_name("media/caf\u00e9.svg") == "media/caf\u00e9.svg"
    assert fold_name("media/cafe.svg") != fold_name("media/caf\u00e9.svg")


def test_svg_script_finds_what_runs_when_the_file_is_opened_by_itself() -> None:
    head = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">\n'
    cases = {
        b"<script>alert(1)</script>": ("a <script> element", 2, 1),
        b'<g><rect onLoad="alert(1)"/></g>': ("an event handler attribute (onLoad=) on <rect>", 2, 1),
        b'<a x:href=" Java\tScript:alert(1)">x</a>': ("a 'javascript:' link (href=) on <a>", 2, 1),
        b'<set attributeName="href" to="javascript:alert(1)"/>': ("a 'javascript:' link (to=) on <set>", 2, 1),
        b"<foreignObject><p>x</p></foreignObject>\n<script/>": ("a <foreignObject> element", 2, 2),
    }
    for body, found in cases.items():
        assert svg_script(head + body + b"\n</svg>") == found, body
    assert svg_script(head + b'<a x:href="#part"><text>JavaScript: a language</text></a></svg>') is None
    assert svg_script(b"not xml <script>") is None  # no browser runs anything in it either
    # An entity is neither expanded nor fetched: the defence against XXE and entity bombs.
    doctype = b'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    assert svg_script(doctype + head + b"<text>&e;</text></svg>") is None


def _fill_in(accepted: list[str], extra: str = "") -> list[Diagnostic]:
    items = "".join(f"  - {json.dumps(answer, ensure_ascii=False)}\n" for answer in accepted)
    block = (
        f"```question\nid: invullen\ntype: fill-in\nprompt: Typ.\n{extra}accepted:\n{items}"
        "feedback:\n  correct: Ja.\n```\n"
    )
    parts = _parts(lessons=[_lesson("lessons/01.md", "een", block), _lesson("lessons/02.md", "twee")])
    return _check(parts)


def test_accepted_answers_the_same_once_folded_warn_at_the_second_naming_the_first() -> None:
    # Typed in the YAML and pasted from Word: a no-break space, a curly apostrophe, a zero-width space.
    diagnostics = _fill_in(["I don't know", "I\u00a0don\u2019t\u200b know", "I DON'T KNOW"])
    assert _codes(diagnostics) == [("W201", "lessons/01.md", 13), ("W201", "lessons/01.md", 14)]
    assert "(line 12)" in diagnostics[0].message
    assert "<U+200B>" in diagnostics[0].message
    assert _codes(_fill_in(["Paris", "PARIS"], "case_sensitive: true\n")) == []
    assert _codes(_fill_in(["café", "cafe", "U.S.", "US"])) == []


def test_an_answer_that_cannot_be_typed_in_the_field_is_an_error_with_the_length_that_fits() -> None:
    diagnostics = _fill_in(["abcdef", "ab"], "max_length: 3\n")
    assert _codes(diagnostics) == [("E206", "lessons/01.md", 13)]
    assert diagnostics[0].hint is not None
    assert diagnostics[0].hint.startswith("set 'max_length: 6'")
    # The field counts UTF-16 code units as a browser's maxlength does: an emoji takes two.
    assert _codes(_fill_in(["\U0001f600\U0001f600"], "max_length: 3\n")) == [("E206", "lessons/01.md", 13)]
    # Invisible characters and extra spaces need no room: the learner leaves them out.
    assert _codes(_fill_in(["  ab\u200b\u200b  c "], "max_length: 4\n")) == []
    assert _codes(_fill_in(["\u200b\u2060"])) == [("E206", "lessons/01.md", 12)]


def test_an_answer_with_a_character_no_learner_can_type_warns_naming_it() -> None:
    diagnostics = _fill_in(["ja\x07ja", "objet\ufffc"])
    assert _codes(diagnostics) == [("W202", "lessons/01.md", 12), ("W202", "lessons/01.md", 13)]
    assert "U+0007" in diagnostics[0].message
    assert "U+FFFC (OBJECT REPLACEMENT CHARACTER)" in diagnostics[1].message
    # What folding removes is no reason to warn.
    assert _codes(_fill_in(["zorg\u00adverlener\u200e"])) == []


def test_a_file_among_the_lessons_that_is_no_lesson_and_never_referenced_is_reported() -> None:
    body = "![Schema](lessons/schema.svg)\n"
    parts = _parts(lessons=[_lesson("lessons/01.md", "een", body), _lesson("lessons/02.md", "twee")])
    inventory = {"lessons/01.md", "lessons/02.md", "lessons/schema.svg", "lessons/03-concept.docx"}
    diagnostics = _check(parts, inventory)
    assert _codes(diagnostics) == [("W107", "lessons/03-concept.docx", 0)]


def test_a_video_poster_must_exist_and_be_an_image() -> None:
    body = (
        "```media\ntype: video\nsrc: media/film.mp4\nposter: media/film.mp4\ncaptions: media/film.vtt\n```\n\n"
        "```media\ntype: video\nsrc: media/film.mp4\nposter: media/beeld.jpg\ntranscript: Stil.\n```\n"
    )
    parts = _parts(lessons=[_lesson("lessons/01.md", "een", body)])
    found = [
        (d.code, d.span.line if d.span else 0, d.message) for d in _check(parts, {"media/film.mp4", "media/film.vtt"})
    ]
    # The first poster is a video file (E310 at its line), the second is missing (E304 at its line).
    assert [f for f in found if f[0] != "E302"] == [
        ("E310", 10, "image 'media/film.mp4' is not an image file (.mp4)"),
        ("E304", 17, "image 'media/beeld.jpg' not found"),
    ]


def _bank(*questions: tuple[str, list[str]]) -> str:
    """A bank file of true-false questions: (id, tags)."""
    lines = ["questions:"]
    for question_id, tags in questions:
        lines += [
            f"  - id: {question_id}",
            "    type: true-false",
            f"    tags: [{', '.join(tags)}]",
            "    prompt: Klopt dit?",
            "    answer: true",
            "    feedback:",
            "      correct: Ja.",
        ]
    return "\n".join(lines) + "\n"


def _draw_findings(draws: str, banks: dict[str, str], attempts: int = 2) -> list[tuple[str, str, int]]:
    quiz = f"id: toets\ntitle: Toets\nattempts: {attempts}\ndraw:\n{draws}"
    parts = _parts(quiz=quiz, banks=banks)
    return [c for c in _codes(_check(parts)) if c[0] in ("E119", "E208", "E209", "W109", "E301")]


def test_draws_from_pools_that_share_questions_count_what_earlier_draws_may_take() -> None:
    banks = {
        "banks/a.yaml": _bank(("a1", ["x"]), ("a2", ["x", "y"]), ("a3", ["y"]), ("a4", [])),
    }
    # Tag x has a1, a2; tag y has a2, a3. Drawing 2 of x may take a2, so y can promise only 1; and
    # x takes its whole pool, so every attempt asks a1 and a2.
    findings = _draw_findings("  - tag: x\n    count: 2\n  - tag: y\n    count: 2\n", banks)
    assert findings == [("W109", "quiz.yaml", 6), ("E209", "quiz.yaml", 8)]
    # 1 of x leaves y at least 1 of its 2, and which one depends on x's draw: no finding.
    assert _draw_findings("  - tag: x\n    count: 1\n  - tag: y\n    count: 1\n", banks) == []
    # One attempt only: a draw that takes its whole pool repeats nothing, so no warning.
    assert _draw_findings("  - bank: a\n    count: 4\n", banks, attempts=1) == []
    assert _draw_findings("  - bank: a\n    count: 4\n", banks) == [("W109", "quiz.yaml", 6)]


def test_unknown_bank_unknown_tag_and_ids_repeated_across_banks_are_located() -> None:
    banks = {"banks/a.yaml": _bank(("v1", ["x"])), "banks/b.yaml": _bank(("v1", ["z"]), ("v2", ["z"]))}
    findings = _draw_findings(
        "  - bank: c\n    count: 1\n  - bank: b\n    tag: x\n    count: 1\n  - tag: z\n    count: 1\n", banks
    )
    assert findings == [
        ("E301", "banks/b.yaml", 2),
        ("E119", "quiz.yaml", 5),
        ("E208", "quiz.yaml", 8),
    ]
