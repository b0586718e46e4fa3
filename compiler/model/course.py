"""Frozen pydantic v2 models of a course: Course, Lesson, blocks, questions, Quiz."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from compiler.blocks.base import TRANSLATABLE_MARKDOWN, TRANSLATABLE_TEXT, InteractiveBlock, PlacedBlock

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
    Field(description="Lower-case identifier: letters a-z, digits and '-', at most 64 characters."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Non-empty text; Markdown where the field says so."""
PublisherIri = Annotated[
    str,
    # An absolute IRI (scheme first), no white space, query or fragment; ids are appended to it.
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s?#<>\"{}|\\^`]*[/:]$", max_length=200),
    Field(description="Absolute IRI ending in '/' or ':', e.g. 'https://learning.example.org/courses/'."),
]
RelativePath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255),
    Field(description="Path of a file inside the course folder, with '/' separators and exact case."),
]


def rule_error(
    message: str, hint: str, *, at: tuple[str | int, ...] = (), first: tuple[str | int, ...] = ()
) -> PydanticCustomError:
    """A course rule broken; hint and places travel in the error context to the diagnostic.

    `at` is the key path (below the model) where the mistake is, `first` that of the earlier value it repeats:
    the diagnostic points at `at` and names the line of `first`.
    """
    context = {"hint": hint, "at": at, "first": first}
    return PydanticCustomError("course_rule", message.replace("{", "{{").replace("}", "}}"), context)


def _repeat(values: list[str]) -> tuple[int, int] | None:
    """The indices of the first value that repeats an earlier one, and of that earlier one."""
    seen: dict[str, int] = {}
    for number, value in enumerate(values):
        if value in seen:
            return number, seen[value]
        seen[value] = number
    return None


class StrictModel(BaseModel):
    """Base for every source model: unknown keys are errors, and values never change after validation."""

    # defer_build: schemas are built on first use, so models never validated (Course, Lesson) cost nothing.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


# ---------------------------------------------------------------------------- questions


class Feedback(StrictModel):
    """Feedback shown after the learner checks an answer (Markdown)."""

    correct: Text | None = Field(
        None, description="Shown when the answer is right; explain why.", json_schema_extra=TRANSLATABLE_MARKDOWN
    )
    incorrect: Text | None = Field(
        None,
        description="Shown when the answer is wrong; explain the right answer.",
        json_schema_extra=TRANSLATABLE_MARKDOWN,
    )


class ChoiceOption(StrictModel):
    """One option of a single- or multiple-choice question."""

    text: Text = Field(
        description="The option as the learner sees it (Markdown, inline).", json_schema_extra=TRANSLATABLE_TEXT
    )
    correct: bool = Field(False, description="Whether this option is (one of) the right answer(s).")
    feedback: Text | None = Field(
        None, description="Shown when the learner chooses this option.", json_schema_extra=TRANSLATABLE_MARKDOWN
    )


class _QuestionBase(StrictModel):
    id: Slug = Field(description="Unique id of the question in the course.")
    prompt: Text = Field(description="The question (Markdown).", json_schema_extra=TRANSLATABLE_MARKDOWN)
    feedback: Feedback = Field(default_factory=Feedback, description="Feedback for a right or wrong answer.")
    points: int = Field(
        1,
        ge=1,
        le=100,
        description="Points the question counts for in the graded quiz's score (1 to 100, default 1); "
        "knowledge checks are not scored.",
    )
    tags: list[Slug] = Field(
        default_factory=list,
        max_length=10,
        description="Tags a quiz draw can select questions of a bank by, e.g. [privacy] (at most 10).",
    )


def _distinct_options(options: list[ChoiceOption]) -> None:
    repeat = _repeat([option.text for option in options])
    if repeat is not None:
        raise rule_error(
            f"options {repeat[1] + 1} and {repeat[0] + 1} have the same text",
            "give every option its own text, so learners (and the LMS report) can tell them apart",
            at=("options", repeat[0], "text"),
            first=("options", repeat[1], "text"),
        )


class SingleChoice(_QuestionBase):
    """Pick the one right option."""

    type: Literal["single"] = Field(description="Question type.")
    options: list[ChoiceOption] = Field(min_length=2, max_length=10, description="2 to 10 options.")

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        _distinct_options(self.options)
        if sum(option.correct for option in self.options) != 1:
            raise rule_error(
                "a single-choice question needs exactly one option with 'correct: true'",
                "mark one option 'correct: true'; use type 'multiple' for more than one right answer",
            )
        return self


class MultipleResponse(_QuestionBase):
    """Pick all the right options."""

    type: Literal["multiple"] = Field(description="Question type.")
    options: list[ChoiceOption] = Field(min_length=2, max_length=10, description="2 to 10 options.")

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleResponse:
        _distinct_options(self.options)
        if not any(option.correct for option in self.options):
            raise rule_error(
                "a multiple-response question needs at least one option with 'correct: true'",
                "mark the right options with 'correct: true'",
            )
        return self


class TrueFalse(_QuestionBase):
    """Decide whether a statement is true."""

    type: Literal["true-false"] = Field(description="Question type.")
    answer: bool = Field(description="Whether the statement in the prompt is true.")


class FillIn(_QuestionBase):
    """Type a short answer."""

    type: Literal["fill-in"] = Field(description="Question type.")
    accepted: list[Text] = Field(
        min_length=1, max_length=10, description="Accepted answers (1 to 10).", json_schema_extra=TRANSLATABLE_TEXT
    )
    case_sensitive: bool = Field(False, description="Whether letter case must match.")
    max_length: int = Field(100, ge=1, le=200, description="Characters the learner may type.")
    # How accepted answers fold, fit max_length and can be typed: compiler/model/checks.py (located E206, W201, W202).


class MatchPair(StrictModel):
    """A left item and the right item it belongs with."""

    left: Text = Field(description="Item shown on the left (Markdown, inline).", json_schema_extra=TRANSLATABLE_TEXT)
    right: Text = Field(description="Item it matches (Markdown, inline).", json_schema_extra=TRANSLATABLE_TEXT)


class Matching(_QuestionBase):
    """Match each left item with its right item."""

    type: Literal["matching"] = Field(description="Question type.")
    pairs: list[MatchPair] = Field(min_length=2, max_length=8, description="2 to 8 pairs in any order.")

    @model_validator(mode="after")
    def _one_to_one(self) -> Matching:
        for side in ("left", "right"):
            repeat = _repeat([getattr(pair, side) for pair in self.pairs])
            if repeat is not None:
                raise rule_error(
                    f"each '{side}' item of a matching question must be different: pairs {repeat[1] + 1} and "
                    f"{repeat[0] + 1} share one",
                    f"make every '{side}' text unique" + ("; matching pairs are one-to-one" if side == "right" else ""),
                    at=("pairs", repeat[0], side),
                    first=("pairs", repeat[1], side),
                )
        return self


class Sequencing(_QuestionBase):
    """Put items in the right order."""

    type: Literal["sequencing"] = Field(description="Question type.")
    items: list[Text] = Field(
        min_length=2,
        max_length=8,
        description="2 to 8 items, in the correct order.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )

    @model_validator(mode="after")
    def _distinct(self) -> Sequencing:
        repeat = _repeat(list(self.items))
        if repeat is not None:
            raise rule_error(
                f"the items of a sequencing question must all be different: items {repeat[1] + 1} and "
                f"{repeat[0] + 1} are the same",
                "make every item unique so the order can be checked",
                at=("items", repeat[0]),
                first=("items", repeat[1]),
            )
        return self


Question = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing,
    Field(discriminator="type"),
]
AnyQuestion = SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing
"""Any question, as a plain union (for signatures; validation uses the tagged Question)."""
QUESTION_TYPES = ("single", "multiple", "true-false", "fill-in", "matching", "sequencing")


# ---------------------------------------------------------------------------- lesson blocks


class Prose(StrictModel):
    """Markdown text between special blocks."""

    kind: Literal["prose"] = "prose"
    markdown: str = Field(description="The Markdown text.", json_schema_extra=TRANSLATABLE_MARKDOWN)
    line: int = Field(description="Line in the lesson file where this text starts.")


CalloutVariant = Literal["tip", "warning", "note"]


class Callout(StrictModel):
    """A highlighted box: tip, warning or note (Markdown body)."""

    kind: Literal["callout"] = "callout"
    variant: CalloutVariant
    title: str | None = Field(None, description="Title on the fence line.", json_schema_extra=TRANSLATABLE_TEXT)
    markdown: str = Field(description="The Markdown body.", json_schema_extra=TRANSLATABLE_MARKDOWN)
    line: int


class Media(StrictModel):
    """An image, audio or video file from the course folder."""

    type: Literal["image", "audio", "video"] = Field(description="Kind of media.")
    src: RelativePath = Field(description="The media file.")
    alt: Text | None = Field(
        None, description="Text alternative; required for images.", json_schema_extra=TRANSLATABLE_TEXT
    )
    caption: Text | None = Field(
        None, description="Caption shown under the media (Markdown, inline).", json_schema_extra=TRANSLATABLE_TEXT
    )
    captions: RelativePath | None = Field(None, description="WebVTT captions file (audio/video).")
    poster: RelativePath | None = Field(
        None,
        description="An image shown in the player until the video plays (video only, e.g. its first frame); "
        "its pixel size also reserves the player's space.",
    )
    transcript: Text | None = Field(
        None, description="Transcript (Markdown) for audio/video.", json_schema_extra=TRANSLATABLE_MARKDOWN
    )
    size: Literal["column", "wide", "full", "banner"] = Field(
        "column",
        description=(
            "How wide the media shows: 'column' (the text column), 'wide' (wider than the text), 'full' "
            "(the whole page width) or 'banner' (an image as a full-width strip, cropped to 3:1)."
        ),
    )

    @model_validator(mode="after")
    def _accessible(self) -> Media:
        if self.type == "image" and self.alt is None:
            raise rule_error(
                "an image needs 'alt' text for learners who cannot see it",
                "add 'alt:' with a short text that says what the image shows",
            )
        if self.poster is not None and self.type != "video":
            raise rule_error(
                f"'poster' is for a video; this media is '{self.type}'",
                "remove 'poster:', or make this media 'type: video'",
                at=("poster",),
            )
        if self.type != "image" and self.captions is None and self.transcript is None:
            raise rule_error(
                f"{self.type} needs 'captions' (a .vtt file) or a 'transcript'",
                "add 'captions: media/name.vtt' or 'transcript: ...' for learners who cannot hear it",
            )
        return self


class MediaBlock(StrictModel):
    """A media block placed in a lesson."""

    kind: Literal["media"] = "media"
    media: Media
    line: int


class Assignment(StrictModel):
    """A reflective exercise whose typed answer the learner keeps."""

    id: Slug = Field(description="Unique id of the assignment in the course.")
    prompt: Text = Field(
        description="What the learner should write about (Markdown).", json_schema_extra=TRANSLATABLE_MARKDOWN
    )
    max_length: int = Field(
        ge=1,
        le=20000,
        description="Room for the learner's text, in stored characters (1 to 20000): plain letters, digits and "
        "punctuation take one each, other characters (accents, emoji) up to four; the course's worst case must fit "
        "the target's state budget.",
    )


class AssignmentBlock(StrictModel):
    """An assignment placed in a lesson."""

    kind: Literal["assignment"] = "assignment"
    assignment: Assignment
    line: int


class QuestionBlock(StrictModel):
    """An ungraded knowledge check placed in a lesson."""

    kind: Literal["question"] = "question"
    question: Question
    line: int


class RegisteredBlock(StrictModel):
    """A block of a registered type (compiler/blocks/<kind>/) placed in a lesson."""

    kind: str = Field(description="The block type: the fence name, e.g. 'tabs'.")
    id: str = Field(description="The block's id: its own, or '<lesson id>-<kind>-<n>'.")
    block: PlacedBlock = Field(description="The validated model of the block's type.")
    line: int

    @property
    def interactive(self) -> InteractiveBlock | None:
        """The model when the learner works with the block (it has state); None for a block that only shows."""
        return self.block if isinstance(self.block, InteractiveBlock) else None


Block = Prose | Callout | MediaBlock | AssignmentBlock | QuestionBlock | RegisteredBlock


class LessonFrontMatter(StrictModel):
    """The YAML front matter of a lesson file."""

    id: Slug = Field(description="Unique id of the lesson; listed in course.yaml 'lessons'.")
    title: Text = Field(description="Lesson title, shown as its heading and in the table of contents.")
    objectives: list[Text] = Field(min_length=1, description="What the learner can do after the lesson.")


class Lesson(StrictModel):
    """A lesson: front matter plus its blocks in order."""

    id: Slug
    title: str = Field(description="Lesson title.", json_schema_extra=TRANSLATABLE_TEXT)
    objectives: list[str] = Field(
        description="What the learner can do after the lesson.", json_schema_extra=TRANSLATABLE_TEXT
    )
    blocks: list[Block]
    source_path: str

    def questions(self) -> list[SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing]:
        """The knowledge checks of this lesson, in order."""
        return [block.question for block in self.blocks if isinstance(block, QuestionBlock)]

    def assignments(self) -> list[Assignment]:
        """The assignments of this lesson, in order."""
        return [block.assignment for block in self.blocks if isinstance(block, AssignmentBlock)]

    def registered_blocks(self) -> list[RegisteredBlock]:
        """The blocks of registered types (tabs, accordion, ...) of this lesson, in order."""
        return [block for block in self.blocks if isinstance(block, RegisteredBlock)]

    def interactive_blocks(self) -> list[tuple[RegisteredBlock, InteractiveBlock]]:
        """The registered blocks with learner state (not the static ones: statement, quote, ...), with their model."""
        return [(block, model) for block in self.registered_blocks() if (model := block.interactive) is not None]


# ---------------------------------------------------------------------------- quiz and course


MAX_QUIZ_QUESTIONS = 100
"""Questions in one quiz attempt: the fixed ones plus every draw's count."""


class Draw(StrictModel):
    """Questions drawn from a bank for each quiz attempt (by bank, by tag, or both)."""

    bank: Slug | None = Field(
        None, description="The bank to draw from: the file banks/<bank>.yaml. Without it, every bank (by 'tag')."
    )
    tag: Slug | None = Field(None, description="Draw only questions with this tag (in 'bank', or in every bank).")
    count: int = Field(ge=1, le=MAX_QUIZ_QUESTIONS, description="How many questions to draw for each attempt.")

    @model_validator(mode="after")
    def _names_a_pool(self) -> Draw:
        if self.bank is None and self.tag is None:
            raise rule_error(
                "a draw needs a 'bank', a 'tag' or both",
                "add 'bank: <name>' (the file banks/<name>.yaml) or 'tag: <tag>' (questions with that tag in any bank)",
            )
        return self


class Quiz(StrictModel):
    """The graded final quiz (quiz.yaml)."""

    id: Slug = Field(description="Id of the quiz.")
    title: Text = Field(description="Title shown to learners.", json_schema_extra=TRANSLATABLE_TEXT)
    intro: Text | None = Field(None, description="Introduction (Markdown).", json_schema_extra=TRANSLATABLE_MARKDOWN)
    attempts: int = Field(1, ge=1, le=10, description="Attempts allowed (1 to 10).")
    shuffle: bool = Field(False, description="Shuffle the question order for each attempt.")
    feedback: Literal["end", "each"] = Field(
        "end",
        description="When the learner sees whether an answer is right: 'end' (on the result screen, after "
        "submitting) or 'each' (after each question: the answer locks and its feedback shows before the next).",
    )
    questions: list[Question] = Field(
        default_factory=list,
        max_length=MAX_QUIZ_QUESTIONS,
        description="The questions every attempt asks, in order (required unless the quiz draws).",
    )
    draw: list[Draw] = Field(
        default_factory=list,
        max_length=20,
        description="Questions drawn anew for each attempt from banks/<name>.yaml, after the fixed 'questions'.",
    )

    @model_validator(mode="after")
    def _has_questions(self) -> Quiz:
        if not self.questions and not self.draw:
            raise rule_error(
                "a quiz needs 'questions', 'draw' or both",
                "list the questions under 'questions:', or draw them from a bank under 'draw:'",
            )
        total = len(self.questions) + sum(draw.count for draw in self.draw)
        if total > MAX_QUIZ_QUESTIONS:
            raise rule_error(
                f"an attempt would ask {total} questions; a quiz asks at most {MAX_QUIZ_QUESTIONS}",
                "lower the draws' 'count' values or list fewer questions",
            )
        return self

    def attempt_size(self) -> int:
        """Questions in one attempt: the fixed ones plus every draw's count."""
        return len(self.questions) + sum(draw.count for draw in self.draw)


class Bank(StrictModel):
    """A question bank (banks/<name>.yaml): questions a quiz draws from, with the same schema as quiz.yaml's."""

    questions: list[Question] = Field(
        min_length=1, max_length=500, description="The bank's questions (1 to 500); give them 'tags' to draw by."
    )


def draw_pool(draw: Draw, banks: dict[str, Bank]) -> list[AnyQuestion]:
    """The questions a draw chooses from: its bank's (or every bank's, by name), with its tag when it has one."""
    names = [draw.bank] if draw.bank is not None else sorted(banks)
    return [
        question
        for name in names
        if name in banks
        for question in banks[name].questions
        if draw.tag is None or draw.tag in question.tags
    ]


class Credit(StrictModel):
    """Who contributed what."""

    role: Text = Field(description="What they did, e.g. 'Original module'.", json_schema_extra=TRANSLATABLE_TEXT)
    name: Text = Field(description="Person or organisation.")
    note: Text | None = Field(None, description="Optional detail.", json_schema_extra=TRANSLATABLE_TEXT)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        None, description="Optional web address (shown as a link, never loaded)."
    )


class Completion(StrictModel):
    """What the learner must do to finish the course."""

    lessons: bool = Field(True, description="Every lesson must be done.")
    quiz: bool = Field(False, description="The graded quiz must be passed (needs quiz.yaml).")

    @model_validator(mode="after")
    def _something_required(self) -> Completion:
        if not (self.lessons or self.quiz):
            raise rule_error(
                "at least one of 'lessons' and 'quiz' must be true",
                "set 'lessons: true' (all lessons done), 'quiz: true' (quiz passed), or both",
            )
        return self


class Branding(StrictModel):
    """An organisation's look for the course."""

    organisation: Text | None = Field(None, description="Organisation name shown in the header.")
    logo: RelativePath | None = Field(None, description="Logo file inside the course folder.")
    primary_color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = Field(
        None, description="Brand colour as #rrggbb; needs 4.5:1 contrast with white."
    )


class CourseConfig(StrictModel):
    """course.yaml: the course's metadata, lesson order and completion rule."""

    id: Slug = Field(description="Course id; names the package and its identifiers in the LMS.")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = Field(
        description="Course title (at most 200 characters).", json_schema_extra=TRANSLATABLE_TEXT
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = Field(
        description="BCP 47 language tag, e.g. 'nl' or 'en'."
    )
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$")] = Field(
        description="Course version, e.g. '1.0.0'."
    )
    description: Text = Field(
        description="Short description for learners and the LMS; its first sentence is the start page's tagline.",
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    cover: RelativePath | None = Field(
        None, description="Cover image of the start page (a file inside the course folder), shown above the title."
    )
    publisher_iri: PublisherIri | None = Field(
        None,
        description=(
            "Base of the course's xAPI ids (cmi5 course, AU, objectives; the TinCan activity), e.g. "
            "'https://learning.example.org/courses/'; "
            "an IRI your organisation controls, ending in '/' or ':'. Default 'urn:coursec:'. Keep it when you "
            "publish a new version, so learning records stay with the course."
        ),
    )
    credits: list[Credit] = Field(default_factory=list, description="Authors, sources and sponsors.")
    lessons: list[Slug] = Field(min_length=1, description="Lesson ids in the order learners take them.")
    completion: Completion = Field(default_factory=Completion, description="What finishes the course.")
    mastery_score: int | None = Field(
        None, ge=0, le=100, description="Pass mark of the graded quiz in percent; only with quiz.yaml."
    )
    suspend_data_limit: int | None = Field(
        None,
        ge=4096,
        le=64000,
        description=(
            "Characters of learner state (suspend_data) your LMS stores, when it stores more than the target "
            "standard guarantees; leave it out to use the standard's own limit (see `coursec explain`)."
        ),
    )
    targets: list[Slug] | None = Field(
        None,
        min_length=1,
        description="Packages 'coursec compile' builds when the command line names none, e.g. [scorm12, web].",
    )
    theme: Slug = Field("default", description="Theme name.")
    branding: Branding = Field(default_factory=Branding, description="Logo, colour and organisation name.")


class Course(StrictModel):
    """The whole validated course, ready to render."""

    config: CourseConfig
    lessons: list[Lesson]
    quiz: Quiz | None = None
    banks: dict[str, Bank] = Field(default_factory=dict, description="Question banks by name (banks/<name>.yaml).")

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def version(self) -> str:
        return self.config.version

    @property
    def has_graded_quiz(self) -> bool:
        """Whether the package reports passed/failed (a quiz that counts for completion)."""
        return self.quiz is not None and self.config.completion.quiz

    def block_kinds(self) -> tuple[str, ...]:
        """The registered block types the course uses, sorted (their assets go into the package)."""
        return tuple(sorted({block.kind for lesson in self.lessons for block in lesson.registered_blocks()}))

    def draw_pools(self) -> list[list[AnyQuestion]]:
        """For each draw of the quiz, the questions it chooses from (see draw_pool)."""
        return [draw_pool(draw, self.banks) for draw in self.quiz.draw] if self.quiz is not None else []

    def quiz_questions(self) -> list[AnyQuestion]:
        """Every question an attempt of the quiz may ask: the fixed ones, then each pool's in bank order."""
        if self.quiz is None:
            return []
        questions: dict[str, AnyQuestion] = {q.id: q for q in self.quiz.questions}
        for pool in self.draw_pools():
            questions.update((q.id, q) for q in pool if q.id not in questions)
        return list(questions.values())

    def all_questions(self) -> list[SingleChoice | MultipleResponse | TrueFalse | FillIn | Matching | Sequencing]:
        """Every question: knowledge checks in lesson order, then the quiz's (fixed, then drawable ones)."""
        questions = [q for lesson in self.lessons for q in lesson.questions()]
        questions.extend(self.quiz_questions())
        return questions
