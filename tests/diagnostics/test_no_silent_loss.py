"""No silent loss (issue 9): generated author text either reaches the model or is reported.

Hypothesis writes lessons the way authors do, slips included: front matter with unquoted titles and
objectives, prose with Markdown and YAML trap characters, callouts, knowledge checks whose option
texts are unquoted YAML values ('No', '1.10', '9:00', '#1', '&nbsp', ': ', '[x]' ...), ordinary code
blocks, and fences left open. Every line of prose and callouts must reach the validated lesson's
Markdown, every callout title its title, the front matter's title and objective the lesson's, and
every option text its option; or a diagnostic must report it: on its own line, in its block (an error
there means the block is refused as a whole), or as the unclosed fence that swallowed it (E109, at
the opening fence, which says that it swallows what follows).

Two things are not content: a YAML comment written the usual way (' # ' after a value) and the quotes
around a quoted value. Generated values start without a quote mark and hold no ' # '.
Deterministic (derandomize) and bounded, so the lane stays fast and every run checks the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.diagnostics import Diagnostic, Severity
from compiler.model.course import Callout, Lesson, Prose, QuestionBlock
from compiler.model.validate import SourceIndex, validate_lesson
from compiler.source.files import SourceFile
from compiler.source.markdown_blocks import parse_lesson
from compiler.source.yaml_positions import parse_yaml

SETTINGS = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


WORDS = ["Pick", "the", "right", "one", "email", "R&D", "50%", "a:b", "x,y", "(1)", "[2]", "{3}", "*", "_", "<b>"]
TRAPS = [
    "No", "yes", "Off", "true", "~", "null", "1.10", "010", "0x1F", "9:00", "4444", "2026-01-31",
    "#1", "#0b5d4b", "&nbsp", "*ref", "!tag", "@home", "`code`", "%", "|", ">", "?", "- x", ": ",
    "a: b", "[x]", "{x}", "'q'", '"q"', "\\", "é", "\u2013",
]  # fmt: skip
"""Words YAML or Markdown may read as something else."""


def _first_is_not_a_quote(text: str) -> bool:
    return not text.startswith(("'", '"'))


words = st.lists(st.sampled_from(WORDS + TRAPS), min_size=1, max_size=4).map(" ".join)
values = words.filter(lambda t: _first_is_not_a_quote(t) and " # " not in t and t == t.strip())
prose_lines = words.filter(lambda t: not t.lstrip().startswith(("```", "~~~")) and t.strip() != "")


@dataclass
class Expect:
    """A piece of author text and where it must arrive."""

    line: int
    text: str
    where: str  # "markdown", "title", "option", "front title" or "objective"
    block: tuple[int, int] | None = None


@dataclass
class Lesson_:
    lines: list[str] = field(default_factory=list)
    expects: list[Expect] = field(default_factory=list)

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)


@st.composite
def lessons(draw: st.DrawFn) -> Lesson_:
    lesson = Lesson_()
    title, objective = draw(values), draw(values)
    lesson.add("---")
    lesson.add("id: generated")
    lesson.expects.append(Expect(lesson.add(f"title: {title}"), title, "front title", (1, 6)))
    lesson.add("objectives:")
    lesson.expects.append(Expect(lesson.add(f"  - {objective}"), objective, "objective", (1, 6)))
    lesson.add("---")
    for number in range(draw(st.integers(min_value=1, max_value=5))):
        lesson.add("")
        kind = draw(st.sampled_from(["prose", "callout", "question", "code", "quoted question"]))
        closed = draw(st.booleans()) or draw(st.booleans())  # three in four blocks are closed
        if kind == "prose":
            for text in draw(st.lists(prose_lines, min_size=1, max_size=3)):
                lesson.expects.append(Expect(lesson.add(text), text, "markdown"))
        elif kind == "callout":
            title = draw(st.one_of(st.just(""), prose_lines))
            start = lesson.add(f"```tip {title}".rstrip())
            if title.strip():
                lesson.expects.append(Expect(start, title.strip(), "title"))
            for text in draw(st.lists(prose_lines, min_size=1, max_size=3)):
                lesson.expects.append(Expect(lesson.add(text), text, "markdown"))
            if closed:
                lesson.add("```")
        elif kind in ("question", "quoted question"):
            lead = "> " if kind == "quoted question" else ""  # in a quote: shown as code, so E111
            start = lesson.add(f"{lead}```question")
            lesson.add(f"{lead}id: q{number}")
            lesson.add(f"{lead}type: single")
            lesson.add(f"{lead}prompt: Which one?")
            lesson.add(f"{lead}options:")
            options = draw(st.lists(values, min_size=2, max_size=3, unique=True))
            option_lines = []
            for index, text in enumerate(options):
                option_lines.append(lesson.add(f"{lead}  - text: {text}"))
                if index == 0:
                    lesson.add(f"{lead}    correct: true")
            lesson.add(f"{lead}feedback:")
            end = lesson.add(f"{lead}  correct: Right.")
            if closed:
                end = lesson.add(f"{lead}```")
            lesson.expects += [
                Expect(line, text, "option", (start, end)) for line, text in zip(option_lines, options, strict=True)
            ]
        else:
            lesson.add("```text")
            for text in draw(st.lists(prose_lines, min_size=1, max_size=2)):
                lesson.expects.append(Expect(lesson.add(text), text, "markdown"))
            if closed:
                lesson.add("```")
    return lesson


def _model_texts(lesson: Lesson) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {
        "markdown": [],
        "title": [],
        "option": [],
        "front title": [lesson.title],
        "objective": list(lesson.objectives),
    }
    for block in lesson.blocks:
        if isinstance(block, Prose | Callout):
            texts["markdown"].append(block.markdown)
        if isinstance(block, Callout) and block.title:
            texts["title"].append(block.title)
        if isinstance(block, QuestionBlock):
            texts["option"] += [option.text for option in getattr(block.question, "options", [])]
    return texts


def _reported(expect: Expect, diagnostics: list[Diagnostic]) -> bool:
    for diagnostic in diagnostics:
        span = diagnostic.span
        if span is None:
            continue
        if span.line == expect.line:
            return True
        if diagnostic.code == "E109" and span.line <= expect.line:
            return True  # an unclosed fence swallowed it, and says so
        block = expect.block
        if block and diagnostic.severity is Severity.ERROR and block[0] <= span.line <= block[1]:
            return True  # the block is refused as a whole, with the reason
    return False


def _arrived(expect: Expect, texts: dict[str, list[str]]) -> bool:
    if expect.where == "markdown":
        return any(expect.text in markdown.split("\n") for markdown in texts["markdown"])
    return expect.text.strip() in texts[expect.where]


@SETTINGS
@given(lessons())
def test_every_line_of_a_lesson_reaches_the_model_or_is_reported(generated: Lesson_) -> None:
    text = "\n".join(generated.lines) + "\n"
    source, diagnostics = parse_lesson(SourceFile("lessons/generated.md", text))
    assert source is not None
    lesson, errors = validate_lesson(source, SourceIndex())
    diagnostics += errors
    if lesson is None:  # refused as a whole: the front matter's error must say why
        front = [d for d in diagnostics if d.severity is Severity.ERROR and d.span and d.span.line <= 6]
        assert front != [], diagnostics
        return
    texts = _model_texts(lesson)
    lost = [e for e in generated.expects if not _arrived(e, texts) and not _reported(e, diagnostics)]
    assert lost == [], f"silently lost from\n{text}\n{[(e.line, e.text) for e in lost]}\n{diagnostics}"


@SETTINGS
@given(st.lists(values, min_size=1, max_size=6))
def test_every_yaml_value_is_kept_as_written_or_flagged(texts: list[str]) -> None:
    """A YAML document of text values: each is read as exactly its text, or YAML's change is on record.

    'On record' is a diagnostic on its line, the source text kept for E203 (YAML read a number, true/false
    or nothing), or a flow list or mapping ('[2]', '{x}'), which the schema refuses where text belongs.
    """
    document = "".join(f"key{number}: {text}\n" for number, text in enumerate(texts))
    data, positions, diagnostics = parse_yaml(document, "course.yaml")
    for number, text in enumerate(texts):
        line = number + 1
        if any(d.span is not None and d.span.line == line for d in diagnostics):
            continue
        if any(d.severity is Severity.ERROR for d in diagnostics):
            continue  # a syntax error elsewhere: the document is refused as a whole, with the reason
        assert isinstance(data, dict)
        value = data.get(f"key{number}")
        kept = value == text
        on_record = not isinstance(value, str) and positions.originals.get((f"key{number}",)) == text
        structure = isinstance(value, list | dict) and text.startswith(("[", "{"))
        assert kept or on_record or structure, (document, line, value)
