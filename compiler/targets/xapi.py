"""xAPI 1.0.3 statements as strict pydantic models: what an AU may send to the statements resource.

Shared by the xAPI targets' LRSs: the preview's (compiler/targets/cmi5/preview.py) and the test LRS
(tests/lrs/server.py); compiler/targets/cmi5/rules.py builds the cmi5 session rules on it.

Only what an AU sends is modelled: Agent actors, Activity objects (with interaction definitions) or
statement references, result, context and timestamp. Unknown properties are errors, as xAPI requires
an LRS to reject them (xAPI-Data 2.2, "Statement Requirements").
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

# An absolute IRI: a scheme, a colon and no white space (RFC 3987, as far as an LRS can tell cheaply).
Iri = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")]
Uuid = Annotated[
    str,
    StringConstraints(
        pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
    ),
]
LanguageMap = dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")], str]
Extensions = dict[Iri, object]
# ISO 8601 duration as xAPI uses it (xAPI-Data 4.6): PnYnMnDTnHnMnS, a fraction only on seconds.
_DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


def is_duration(value: str) -> bool:
    """Whether value is an ISO 8601 duration as xAPI accepts it."""
    return _DURATION.match(value) is not None


def parse_timestamp(value: str) -> datetime:
    """Parse an xAPI (ISO 8601) timestamp that carries a time zone; ValueError otherwise."""
    if _TIMESTAMP.match(value) is None:
        raise ValueError(f"not an ISO 8601 date-time with a time zone: {value!r}")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class _Strict(BaseModel):
    # strict: JSON types as sent (a "true" string is not a boolean).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Account(_Strict):
    homePage: Iri
    name: Annotated[str, StringConstraints(min_length=1)]


class Agent(_Strict):
    """An Agent with exactly one inverse functional identifier."""

    objectType: Literal["Agent"] | None = None
    name: str | None = None
    mbox: Annotated[str, StringConstraints(pattern=r"^mailto:\S+@\S+$")] | None = None
    mbox_sha1sum: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")] | None = None
    openid: Iri | None = None
    account: Account | None = None

    @model_validator(mode="after")
    def _one_identifier(self) -> Agent:
        found = [self.mbox, self.mbox_sha1sum, self.openid, self.account]
        if sum(value is not None for value in found) != 1:
            raise ValueError("an Agent needs exactly one of mbox, mbox_sha1sum, openid, account")
        return self


class Verb(_Strict):
    id: Iri
    display: LanguageMap | None = None


class InteractionComponent(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^\S+$")]
    description: LanguageMap | None = None


InteractionType = Literal[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
]
_COMPONENT_LISTS: dict[str, tuple[str, ...]] = {
    "choice": ("choices",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "matching": ("source", "target"),
    "performance": ("steps",),
}


class ActivityDefinition(_Strict):
    name: LanguageMap | None = None
    description: LanguageMap | None = None
    type: Iri | None = None
    moreInfo: Iri | None = None
    extensions: Extensions | None = None
    interactionType: InteractionType | None = None
    correctResponsesPattern: list[str] | None = None
    choices: list[InteractionComponent] | None = None
    scale: list[InteractionComponent] | None = None
    source: list[InteractionComponent] | None = None
    target: list[InteractionComponent] | None = None
    steps: list[InteractionComponent] | None = None

    @model_validator(mode="after")
    def _components_fit_the_type(self) -> ActivityDefinition:
        allowed = _COMPONENT_LISTS.get(self.interactionType or "", ())
        for name in ("choices", "scale", "source", "target", "steps"):
            components = getattr(self, name)
            if components is None:
                continue
            if name not in allowed:
                raise ValueError(f"{name!r} is not allowed with interactionType {self.interactionType!r}")
            if len({component.id for component in components}) != len(components):
                raise ValueError(f"the ids in {name!r} must be unique")
        if self.correctResponsesPattern is not None and self.interactionType is None:
            raise ValueError("correctResponsesPattern needs an interactionType")
        return self


class Activity(_Strict):
    objectType: Literal["Activity"] | None = None
    id: Iri
    definition: ActivityDefinition | None = None


class Score(_Strict):
    scaled: Annotated[float, Field(ge=-1, le=1)] | None = None
    raw: float | None = None
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Score:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("score min is greater than max")
        if self.raw is not None:
            if self.min is not None and self.raw < self.min:
                raise ValueError("score raw is below min")
            if self.max is not None and self.raw > self.max:
                raise ValueError("score raw is above max")
        return self


class Result(_Strict):
    score: Score | None = None
    success: bool | None = None
    completion: bool | None = None
    response: str | None = None
    duration: str | None = None
    extensions: Extensions | None = None

    @field_validator("duration")
    @classmethod
    def _iso_duration(cls, value: str | None) -> str | None:
        if value is not None and not is_duration(value):
            raise ValueError(f"duration is not an ISO 8601 duration: {value!r}")
        return value


ActivityList = list[Activity] | Activity


class ContextActivities(_Strict):
    parent: ActivityList | None = None
    grouping: ActivityList | None = None
    category: ActivityList | None = None
    other: ActivityList | None = None


class StatementRef(_Strict):
    objectType: Literal["StatementRef"]
    id: Uuid


class Context(_Strict):
    registration: Uuid | None = None
    instructor: Agent | None = None
    team: dict[str, object] | None = None
    contextActivities: ContextActivities | None = None
    revision: str | None = None
    platform: str | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")] | None = None
    statement: StatementRef | None = None
    extensions: Extensions | None = None


class Statement(_Strict):
    """A statement as an AU sends it (no stored, authority or attachments)."""

    id: Uuid | None = None
    actor: Agent
    verb: Verb
    object: Activity | StatementRef
    result: Result | None = None
    context: Context | None = None
    timestamp: str | None = None
    version: Annotated[str, StringConstraints(pattern=r"^1\.0(\.\d+)?$")] | None = None

    @field_validator("timestamp")
    @classmethod
    def _iso_timestamp(cls, value: str | None) -> str | None:
        if value is not None:
            parse_timestamp(value)
        return value


def statement_problems(document: object) -> list[str]:
    """Return what makes document an invalid xAPI statement; empty when it is valid."""
    try:
        Statement.model_validate(document)
    except ValidationError as error:
        return [f"{'.'.join(map(str, item['loc'])) or 'statement'}: {item['msg']}" for item in error.errors()]
    return []
