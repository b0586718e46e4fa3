"""The timeline block's model and its rules: an event needs a date or a label (E217), an image its alt text
(E218), and dated events should be in date order (W329)."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints, field_validator

from compiler.blocks.base import (
    TRANSLATABLE_MARKDOWN,
    TRANSLATABLE_TEXT,
    BlockModel,
    BlockText,
    Finding,
    StaticBlock,
)
from compiler.blocks.registry import BlockType

MAX_EVENTS = 40
"""Events a timeline may have: more is a chapter, not a timeline."""


def _year_as_text(value: object) -> object:
    """YAML reads `date: 2019` as a number; a year is a date like any other."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


EventDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(strip_whitespace=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    Field(description="A date as YYYY, YYYY-MM or YYYY-MM-DD."),
]


class Event(BlockModel):
    """One event of a timeline: when (a date, a label or both), what, and optionally a text and an image."""

    date: EventDate | None = Field(
        None,
        description=(
            "When it happened: YYYY, YYYY-MM or YYYY-MM-DD. Shown as written unless 'label' is given; "
            "dated events are expected in date order (W329)."
        ),
    )
    label: BlockText | None = Field(
        None,
        description=(
            "What is shown for when (plain text), e.g. 'maart 2019' or 'Dag 1'; "
            "with a date, the label is shown and the date is the machine-readable <time>."
        ),
        json_schema_extra=TRANSLATABLE_TEXT,
    )
    title: BlockText = Field(
        description="What happened (plain text), the event's heading.", json_schema_extra=TRANSLATABLE_TEXT
    )
    body: BlockText | None = Field(
        None, description="More about it (Markdown).", json_schema_extra=TRANSLATABLE_MARKDOWN
    )
    image: BlockText | None = Field(None, description="Optional image: a course file, e.g. media/2019.svg.")
    alt: BlockText | None = Field(
        None,
        description="What the image shows (plain text); required with an image (E218).",
        json_schema_extra=TRANSLATABLE_TEXT,
    )

    @field_validator("date")
    @classmethod
    def _a_real_day(cls, value: str | None) -> str | None:
        if value is not None and len(value) > 4:
            parts = [int(part) for part in value.split("-")] + [1]
            try:
                datetime.date(parts[0], parts[1], parts[2])
            except ValueError:
                raise ValueError(f"{value} is not in the calendar (month 1-12, a day the month has)") from None
        return value


def out_of_order(earlier: str, later: str) -> bool:
    """True when `later` lies before `earlier`, compared at the precision both have ('2019' vs '2019-03': equal)."""
    width = min(len(earlier), len(later))
    return later[:width] < earlier[:width]


class Timeline(StaticBlock):
    """Events in the order they happened, as an ordered list; each with a date or a label."""

    title: BlockText | None = Field(
        None, description="Optional heading of the timeline (plain text).", json_schema_extra=TRANSLATABLE_TEXT
    )
    events: list[Event] = Field(
        min_length=2, max_length=MAX_EVENTS, description=f"2 to {MAX_EVENTS} events, in the order they happened."
    )

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        previous: tuple[int, str] | None = None
        for number, event in enumerate(self.events):
            if event.date is None and event.label is None:
                found.append(
                    Finding(
                        "E217",
                        f"event {number + 1}, '{event.title}', has neither a date nor a label",
                        ("events", number, "title"),
                        "add 'date: YYYY-MM-DD' (or YYYY-MM, YYYY), or a 'label:' such as 'Step 1'",
                    )
                )
            if event.image is not None and event.alt is None:
                found.append(
                    Finding(
                        "E218",
                        f"the image of event {number + 1} has no alt text",
                        ("events", number, "image"),
                        "add 'alt:' saying what the image shows, for learners who cannot see it",
                    )
                )
            if event.date is None:
                continue
            if previous is not None and out_of_order(previous[1], event.date):
                found.append(
                    Finding(
                        "W329",
                        f"event {number + 1} ({event.date}) comes after event {previous[0] + 1} ({previous[1]}), "
                        "which is later",
                        ("events", number, "date"),
                        "put the events in date order: the list is read from top to bottom as time goes on",
                        "warning",
                    )
                )
            previous = (number, event.date)
        return found


BLOCK = BlockType(
    "timeline",
    Timeline,
    styles=("timeline.css",),
    markdown_fields=(("events", "*", "body"),),
    image_fields=(("events", "*", "image"),),
)
