"""Build a validated lesson or course from lesson text, through the real source and model stages."""

from __future__ import annotations

from compiler.diagnostics import Diagnostic
from compiler.model.course import Course, CourseConfig, Lesson
from compiler.model.validate import SourceIndex, validate_lesson
from compiler.source.files import SourceFile
from compiler.source.markdown_blocks import parse_lesson


def lesson_from(body: str, lesson_id: str = "les") -> tuple[Lesson | None, list[Diagnostic]]:
    """A lesson with this Markdown body, validated."""
    text = f"---\nid: {lesson_id}\ntitle: Les\nobjectives: [Iets leren.]\n---\n{body}"
    source, errors = parse_lesson(SourceFile(f"lessons/{lesson_id}.md", text))
    assert source is not None, errors
    lesson, more = validate_lesson(source, SourceIndex())
    return lesson, errors + more


def course_from(*bodies: str) -> Course:
    """A course of one lesson per body (lesson ids les-1, les-2, ...); fails on any error."""
    lessons = []
    for number, body in enumerate(bodies, start=1):
        lesson, errors = lesson_from(body, f"les-{number}")
        assert lesson is not None, errors
        assert not [e for e in errors if e.severity == "error"], errors
        lessons.append(lesson)
    config = CourseConfig(
        id="cursus",
        title="Cursus",
        language="nl",
        version="1.0.0",
        description="Test.",
        lessons=[lesson.id for lesson in lessons],
    )
    return Course(config=config, lessons=lessons)


TABS = """
```tabs
id: apps
required: true
panels:
  - title: Android
    body: Open de **Play Store**.
  - title: iPhone
    body: Open de App Store.
  - title: Computer
    body: Open WhatsApp Web.
```
"""

ACCORDION = """
```accordion
panels:
  - title: Een vinkje
    body: Verstuurd.
  - title: Twee vinkjes
    body: Bezorgd.
```
"""
