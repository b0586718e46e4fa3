"""Course + theme settings -> typed template contexts, one frozen dataclass per page kind; pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version

from markupsafe import Markup

from compiler.blocks.registry import block_names
from compiler.model.course import AnyQuestion, Block, Callout, Course, Credit, Lesson, Prose, Quiz
from compiler.model.links import text_anchors
from compiler.render.fonts import PageFont
from compiler.render.markdown import LessonMarkdown
from compiler.render.runtime_data import runtime_data_json, script_safe_json

GENERATOR = f"coursec {version('coursec')}"
"""What index.html's <meta name="generator"> says: coursec and its version (packages name their maker)."""


@dataclass(frozen=True)
class Brand:
    """The organisation's look: name, logo and colours (CSS custom properties)."""

    organisation: str | None
    logo: str | None
    """Path of the logo inside the package, as written in course.yaml."""
    primary: str
    """Brand colour, #rrggbb; 4.5:1 or more against white (checked by the model and theme)."""
    primary_dark: str
    """A darker shade for hover and pressed states."""
    primary_tint: str
    """A very light shade for backgrounds under body text."""


@dataclass(frozen=True)
class LessonSummary:
    """A lesson as the start page lists it: page key, number, title and objectives."""

    key: str
    number: int
    title: str
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class StartPage:
    """The start page: what the course is, what you will learn, who made it."""

    anchor: str
    title: str
    description: str
    summary: str
    """The description's first sentence: the one line under the title."""
    about: str
    """The rest of the description (may be empty), shown further down the start page."""
    cover: str | None
    """Path of the cover image inside the package, as written in course.yaml."""
    lessons: tuple[LessonSummary, ...]
    credits: tuple[Credit, ...]
    first_key: str
    """Page key the start button opens (the first lesson)."""
    has_quiz: bool
    mastery_score: int | None


@dataclass(frozen=True)
class LessonPage:
    """One lesson page: heading, objectives and blocks in order."""

    key: str
    anchor: str
    number: int
    total: int
    title: str
    objectives: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class QuizPage:
    """The graded quiz page."""

    anchor: str
    quiz: Quiz
    mastery_score: int | None
    questions: tuple[AnyQuestion, ...] = ()
    """Every question an attempt may ask: the fixed ones, then those its draws choose from (the runtime
    shows an attempt's own); without JavaScript all of them show."""


@dataclass(frozen=True)
class EndPage:
    """The last page: a summary the runtime fills."""

    anchor: str


@dataclass(frozen=True)
class IndexPage:
    """Everything index.html shows: the single page holding all page kinds."""

    language: str
    title: str
    brand: Brand
    start: StartPage
    lessons: tuple[LessonPage, ...]
    quiz: QuizPage | None
    end: EndPage
    styles: tuple[str, ...]
    scripts: tuple[str, ...]
    runtime_data: Markup
    """`#coursec-data` JSON, already safe inside <script>."""
    strings: Markup
    """`#coursec-strings` JSON of the catalogue, already safe inside <script>."""
    image_sizes: Mapping[str, tuple[int, int]]
    """Width and height in pixels of the course's images, by path as written in the course."""
    font: PageFont | None = None
    """The theme's typeface (preloaded, @font-face); None for the system font."""
    generator: str = GENERATOR
    """`<meta name="generator">`: 'coursec 0.1.0'; `coursec inspect` names coursec's own packages by it."""


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00c0-\u024f0-9'\"\u2018\u201c(])")


def split_summary(description: str) -> tuple[str, str]:
    """Split a description into its first sentence and the rest (both whitespace-normalised)."""
    text = " ".join(description.split())
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def page_anchor(key: str) -> str:
    """The id of a page section for a page key ('start', a lesson id, 'quiz', 'end')."""
    return f"page-{key}"


def _mix(colour: str, other: str, amount: float) -> str:
    """Blend amount (0-1) of other into colour, both #rrggbb."""
    channels = []
    for i in (1, 3, 5):
        a, b = int(colour[i : i + 2], 16), int(other[i : i + 2], 16)
        channels.append(round(a + (b - a) * amount))
    return "#" + "".join(f"{c:02x}" for c in channels)


def build_brand(course: Course, default_colour: str) -> Brand:
    """Branding from course.yaml, with the theme's colour when the course sets none."""
    branding = course.config.branding
    primary = (branding.primary_color or default_colour).lower()
    return Brand(
        organisation=branding.organisation,
        logo=branding.logo,
        primary=primary,
        primary_dark=_mix(primary, "#000000", 0.25),
        primary_tint=_mix(primary, "#ffffff", 0.92),
    )


def lesson_blocks(lesson: Lesson) -> tuple[Block, ...]:
    """The lesson's blocks, with prose and callout texts that know their lesson (for links and heading ids)."""
    anchors = iter(text_anchors(lesson))
    blocks: list[Block] = []
    for block in lesson.blocks:
        if isinstance(block, Prose | Callout):
            text = LessonMarkdown(block.markdown, lesson.id, lesson.source_path, next(anchors))
            block = block.model_copy(update={"markdown": text})
        blocks.append(block)
    return tuple(blocks)


def runtime_strings(course: Course, catalogue: Mapping[str, str]) -> dict[str, str]:
    """The catalogue the runtime reads (`#coursec-strings`), sorted by key.

    A block's own texts, `blocks.<block type>_...`, go only to packages whose course uses that
    block type, so a course without scenarios carries none of the scenario's texts.
    """
    unused = tuple(f"blocks.{name}_" for name in block_names() if name not in course.block_kinds())
    return {key: text for key, text in sorted(catalogue.items()) if not key.startswith(unused)}


def build_index_page(
    course: Course,
    *,
    catalogue: Mapping[str, str],
    default_colour: str,
    styles: tuple[str, ...],
    scripts: tuple[str, ...],
    image_sizes: Mapping[str, tuple[int, int]] | None = None,
    font: PageFont | None = None,
) -> IndexPage:
    """Build the context of index.html from the course and the chosen catalogue."""
    config = course.config
    total = len(course.lessons)
    lessons = tuple(
        LessonPage(
            key=lesson.id,
            anchor=page_anchor(lesson.id),
            number=number,
            total=total,
            title=lesson.title,
            objectives=tuple(lesson.objectives),
            blocks=lesson_blocks(lesson),
        )
        for number, lesson in enumerate(course.lessons, start=1)
    )
    quiz = (
        QuizPage(
            anchor=page_anchor("quiz"),
            quiz=course.quiz,
            mastery_score=config.mastery_score,
            questions=tuple(course.quiz_questions()),
        )
        if course.quiz is not None
        else None
    )
    summary, about = split_summary(config.description)
    start = StartPage(
        anchor=page_anchor("start"),
        title=config.title,
        description=config.description,
        summary=summary,
        about=about,
        cover=config.cover,
        lessons=tuple(LessonSummary(lesson.key, lesson.number, lesson.title, lesson.objectives) for lesson in lessons),
        credits=tuple(config.credits),
        first_key=lessons[0].key if lessons else "end",
        has_quiz=quiz is not None,
        mastery_score=config.mastery_score,
    )
    return IndexPage(
        language=config.language,
        title=config.title,
        brand=build_brand(course, default_colour),
        start=start,
        lessons=lessons,
        quiz=quiz,
        end=EndPage(anchor=page_anchor("end")),
        styles=styles,
        scripts=scripts,
        runtime_data=Markup(runtime_data_json(course)),
        strings=Markup(script_safe_json(runtime_strings(course, catalogue))),
        image_sizes=dict(image_sizes or {}),
        font=font,
    )
