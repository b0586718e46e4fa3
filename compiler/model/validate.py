"""Plain data + position maps -> Course; pydantic error type/loc -> Diagnostic with a span."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict, ValidationError

from compiler.blocks.registry import block_types
from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error, warning
from compiler.model.course import (
    QUESTION_TYPES,
    Assignment,
    AssignmentBlock,
    Bank,
    Block,
    Callout,
    CalloutVariant,
    CourseConfig,
    Lesson,
    LessonFrontMatter,
    Media,
    MediaBlock,
    Prose,
    Question,
    QuestionBlock,
    Quiz,
    RegisteredBlock,
)
from compiler.source.files import bank_name
from compiler.source.markdown_blocks import LessonSource, RawBlock, Reference
from compiler.source.yaml_positions import Loc, PositionMap, quote

_TYPE_NAMES = {
    "string": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping (key: value lines)",
    "model": "a mapping (key: value lines)",
}
_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and '-' only",
    "^#[0-9a-fA-F]{6}$": "write the colour as #rrggbb in quotes, e.g. '#1d5fa8'",
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "use a language tag such as 'nl', 'en' or 'nl-BE'",
    "^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$": "use letters, digits, '.' and '-' without spaces, e.g. '1.0.0'",
    "^https?://\\S+$": "write a full web address starting with https://",
}


@dataclass
class SourceIndex:
    """Positions of everything validated, so later checks can point at the source."""

    documents: dict[str, PositionMap] = field(default_factory=dict)
    """course.yaml, quiz.yaml and each lesson's front matter, by file path."""
    blocks: dict[tuple[str, int], PositionMap] = field(default_factory=dict)
    """Each YAML block of a lesson, by (lesson path, block line)."""
    references: list[Reference] = field(default_factory=list)
    """Files referenced from Markdown prose."""

    def span(self, path: str, loc: Loc = (), *, key: bool = False) -> SourceSpan:
        """Where loc of a document stands (or the file's start)."""
        positions = self.documents.get(path)
        return positions.span(loc, key=key) if positions else SourceSpan(path, 1, 1)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _display(loc: Loc) -> str:
    """A loc as authors read it: 'options[1].text'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "document"


def _step(node: object, part: int | str) -> tuple[bool, object]:
    """Go one level down into YAML data, if that key or index exists."""
    if isinstance(node, dict) and isinstance(part, str) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _walk_loc(data: object, loc: Sequence[int | str]) -> tuple[Loc, object]:
    """Map a pydantic loc onto the data, dropping union tags (not present in the data)."""
    real: list[int | str] = []
    current = data
    for index, part in enumerate(loc):
        found, child = _step(current, part)
        if found:
            current = child
            real.append(part)
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and part not in current
            and part not in QUESTION_TYPES
            and index == len(loc) - 1
        ):
            real.append(part)  # a missing key (always the last part): keep it so the message can name it
            current = None
    return tuple(real), current


def _model_fields(model: type[BaseModel] | None, data: object, loc: Loc) -> list[str]:
    """Valid keys at loc, for 'did you mean' hints on unknown keys."""
    if model is None:
        return []
    current: Any = model
    node = data
    for part in loc:
        node = _step(node, part)[1]
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        current = _innermost_model(field_info.annotation, node)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _innermost_model(annotation: Any, node: object) -> Any:
    """Find the model class behind an annotation like list[X] | None or a question union."""
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        return _innermost_model(annotation.__origin__, node)
    if args:
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                type_field = arg.model_fields.get("type")
                wanted = node.get("type") if isinstance(node, dict) else None
                if (
                    type_field is not None
                    and wanted is not None
                    and wanted not in getattr(type_field.annotation, "__args__", ())
                ):
                    continue
                return arg
            found = _innermost_model(arg, node)
            if found is not None:
                return found
    return None


def _slug_hint(found: object) -> str:
    """The slug rule, with the author's own value turned into a slug as the example."""
    rule = "use lower-case letters, digits and '-' only"
    slug = re.sub(r"[^a-z0-9]+", "-", str(found).lower()).strip("-") if isinstance(found, str) else ""
    return f"{rule}, e.g. '{slug}'" if slug and slug != found else rule


def _as_written(loc: Loc, found: object, positions: PositionMap) -> tuple[str, str] | None:
    """For a value YAML read as another type: how the author wrote it and the quoted fix."""
    original = positions.originals.get(loc)
    if original is None or not original or found is None:
        return None
    if isinstance(found, bool):
        shown = f"{original}, which YAML reads as {str(found).lower()}"
    elif str(found) == original:
        shown = f"{original}, which YAML reads as a number"
    else:
        shown = f"{original}, which YAML reads as the number {found}"
    name = next((part for part in reversed(loc) if isinstance(part, str)), None)
    lead = f"{name}:" if isinstance(loc[-1], str) else "-"
    return shown, f"quote it: {lead} {quote(original)}"


def _marker_item_hint(key: str, parent: Loc, data: object) -> str | None:
    """`- correct: true` written as a list item of its own: say where it belongs instead of 'missing text'."""
    if key != "text" or len(parent) < 2 or parent[-2] != "options" or not isinstance(parent[-1], int):
        return None
    item = _walk_loc(data, parent)[1]
    if not isinstance(item, dict) or not item or not set(item) <= {"correct", "feedback"}:
        return None
    written = ", ".join(f"'{name}:'" for name in item)
    if parent[-1] == 0:
        return (
            f"{written} belongs under the option it marks: put it below that option's 'text:', without a '-' of its own"
        )
    return (
        f"{written} is a list item of its own here; to mark option {parent[-1]}, remove the '-' and indent it to "
        "line up with that option's 'text:'"
    )


PERCENT_KEYS = ("mastery_score",)
"""Settings in percent (docs/course-format.md): 0.8 and "80%" are refused with the number to write."""


def _percent_fix(found: object) -> str | None:
    """For a pass mark written as a fraction (0.8), with a % sign ("80%", "80 %") or a decimal comma, what to write."""
    if isinstance(found, bool):
        return None
    if isinstance(found, float):
        if 0 < found < 1:
            return f"{round(found * 100)}"  # 0.8 -> 80: a fraction of one
        if 1 < found <= 100:
            return f"{round(found)}"  # 80.5: pass marks are whole percents
        return None
    if isinstance(found, str):
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%?\s*", found)
        if match is None:
            return None
        number = float(match.group(1).replace(",", "."))
        if "%" not in found and 0 < number < 1:
            number *= 100
        return f"{round(number)}" if 0 <= number <= 100 else None
    return None


_OPTION_KEYS = ("answer", "answers", "correct", "correct_answer")
"""Keys authors put on a choice question for its right answer; the format marks the option instead."""


def translate_errors(
    exc: ValidationError, data: object, positions: PositionMap, model: type[BaseModel] | None
) -> list[Diagnostic]:
    """Turn pydantic errors into diagnostics by their stable 'type', pointing at the source."""
    found_errors: list[_Found] = []
    for item in exc.errors(include_url=False):
        kind = item["type"]
        loc, value = _walk_loc(data, item["loc"])
        # Question blocks are validated under a 'question' key that authors never wrote.
        shown = loc[1:] if model is _QuestionHolder else loc
        where = _display(shown)
        span = positions.span(loc)
        ctx = item.get("ctx", {})
        found = item.get("input")
        hint: str | None = None
        if kind == "extra_forbidden":
            key = str(loc[-1])
            span = positions.span(loc, key=True)
            code, message = "E201", f"unknown key '{key}'"
            hint = did_you_mean(key, _model_fields(model, data, loc[:-1]))
            parent = _walk_loc(data, loc[:-1])[1]
            if key in _OPTION_KEYS and isinstance(parent, dict) and parent.get("type") in ("single", "multiple"):
                hint = (
                    "mark the right option itself: add 'correct: true' under that option in 'options:' "
                    "('answer:' belongs to true-false questions)"
                )
        elif kind == "missing":
            key = str(loc[-1]) if loc else "?"
            parent = loc[:-1]
            span = positions.span(parent, key=True) if parent else positions.span(())
            if not parent and model in (CourseConfig, Quiz, Bank):
                span = SourceSpan(positions.path, 0, 0)  # the whole file; line 1 would blame its first key
            code, message = "E202", f"missing required key '{key}'"
            if shown[:-1]:
                message += f" in '{_display(shown[:-1])}'"
            hint = _marker_item_hint(key, parent, data)
        elif kind == "union_tag_invalid":
            tag = str(ctx.get("tag", found))
            span = positions.span((*loc, "type"))
            code, message = "E205", f"unknown question type '{tag}'"
            hint = did_you_mean(tag, QUESTION_TYPES)
        elif kind == "union_tag_not_found":
            code, message = "E202", "missing required key 'type'"
            hint = "expected one of: " + ", ".join(QUESTION_TYPES)
        elif kind in ("literal_error", "enum"):
            expected = str(ctx.get("expected", ""))
            code, message = "E204", f"'{where}' must be {expected}, found {_describe(found)}"
        elif loc and loc[-1] in PERCENT_KEYS and (fix := _percent_fix(found)) is not None:
            key = str(loc[-1])
            code, message = "E207", f"'{where}' is a percentage, a whole number from 0 to 100; found {_describe(found)}"
            hint = f"write '{key}: {fix}'" + (f" ({fix} %)" if fix.isdigit() else "")
        elif kind.endswith("_type") or kind.endswith("_parsing") or kind == "model_attributes_type":
            expected = _TYPE_NAMES.get(kind.split("_")[0], kind.split("_")[0])
            written = _as_written(loc, found, positions) if kind.startswith("string") else None
            if written is not None:
                code, message, hint = "E203", f"'{where}' must be {expected}, found {written[0]}", written[1]
            elif kind.startswith("int") and isinstance(found, float):
                code, message = "E203", f"'{where}' must be a whole number, found {_describe(found)}"
            else:
                code, message = "E203", f"'{where}' must be {expected}, found {_describe(found)}"
        elif kind == "string_pattern_mismatch":
            code, message = "E204", f"'{where}' has an invalid value {_describe(found)}"
            pattern = str(ctx.get("pattern"))
            hint = _slug_hint(found) if pattern == "^[a-z0-9][a-z0-9-]*$" else None
            hint = hint or _PATTERN_HINTS.get(pattern, f"it must match {pattern}")
        elif kind in ("too_short", "too_long"):
            size = "at least" if kind == "too_short" else "at most"
            limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
            unit = "item" if isinstance(found, list) else "character"
            code, message = "E204", f"'{where}' needs {size} {limit} {unit}{'s' if limit != 1 else ''}"
        elif kind in ("string_too_short", "string_too_long"):
            size = "at least" if kind == "string_too_short" else "at most"
            limit = ctx.get("min_length") if kind == "string_too_short" else ctx.get("max_length")
            code, message = "E204", f"'{where}' needs {size} {limit} character{'s' if limit != 1 else ''}"
            if kind == "string_too_short" and limit == 1:
                message = f"'{where}' must not be empty"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            bound = {
                "greater_than_equal": "at least",
                "less_than_equal": "at most",
                "greater_than": "more than",
                "less_than": "less than",
            }[kind]
            limit = next(iter(ctx.values()), "?")
            code, message = "E204", f"'{where}' must be {bound} {limit}, found {_describe(found)}"
        elif kind == "course_rule":
            code, message, hint = "E204", item["msg"], str(ctx.get("hint")) if ctx.get("hint") else None
            if shown:
                message = f"'{where}': {message}"
            if ctx.get("at"):
                span = positions.span((*loc, *ctx["at"]))
            if ctx.get("first"):
                first = positions.span((*loc, *ctx["first"]))
                message += f" (the first is at line {first.line})"
        elif kind == "value_error":
            reason = str(ctx.get("error", item["msg"]))
            code, message = "E204", reason or item["msg"]
            if shown:
                message = f"'{where}': {reason}"
        else:
            code, message = "E204", f"'{where}': {item['msg']}"
        del value
        key_name = str(loc[-1]) if loc and code in ("E201", "E202") else ""
        found_errors.append(_Found(error(code, message, span, hint), loc[:-1], key_name))
    return _merge_typos(found_errors)


@dataclass(frozen=True)
class _Found:
    diagnostic: Diagnostic
    parent: Loc
    key: str


def _merge_typos(found: list[_Found]) -> list[Diagnostic]:
    """A misspelt key gives 'unknown key' and 'missing key' for one mistake: report it once, with the hint."""
    dropped: set[int] = set()
    hinted: dict[int, str] = {}
    for parent in {f.parent for f in found}:
        unknown = [i for i, f in enumerate(found) if f.parent == parent and f.diagnostic.code == "E201"]
        missing = {found[i].key: i for i, f in enumerate(found) if f.parent == parent and f.diagnostic.code == "E202"}
        for i in unknown:
            hint = found[i].diagnostic.hint or ""
            guess = hint.split("'")[1] if hint.startswith("did you mean") else None
            if guess in missing:
                dropped.add(missing.pop(guess))
        unhinted = [i for i in unknown if not (found[i].diagnostic.hint or "").startswith("did you mean")]
        if len(unhinted) == 1 and len(missing) == 1:
            # e.g. 'omschrijving:' for 'description:': the one unknown key is most likely the one missing.
            key, index = next(iter(missing.items()))
            dropped.add(index)
            hinted[unhinted[0]] = f"did you mean '{key}'? it is required and missing"
    result = []
    for i, f in enumerate(found):
        if i in dropped:
            continue
        diagnostic = f.diagnostic
        if i in hinted:
            diagnostic = replace(diagnostic, hint=hinted[i])
        result.append(diagnostic)
    return result


def _empty_values(
    data: object, positions: PositionMap, reported: Sequence[Diagnostic], loc: Loc = ()
) -> list[Diagnostic]:
    """W102 for each 'key:' written without a value, which YAML reads as nothing and the course ignores."""
    found: list[Diagnostic] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _empty_values(value, positions, reported, (*loc, key))
        return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found += _empty_values(value, positions, reported, (*loc, index))
        return found
    if data is not None or not loc or not isinstance(loc[-1], str) or loc in positions.commented:
        return found
    span = positions.span(loc, key=True)
    if any(d.span is not None and d.span.line == span.line and d.span.path == span.path for d in reported):
        return found  # already an error on that line (a required key without a value)
    written = positions.originals.get(loc, "")
    key = loc[-1]
    how = f"'{key}: {written}' means no value" if written else f"'{key}' has no value"
    found.append(
        warning(
            "W102",
            f"{how}, so the course ignores it",
            span,
            f"write the value after '{key}:' (in quotes if it is the text '{written}')"
            if written
            else f"write the value after '{key}:', or remove the line",
        )
    )
    return found


_DOCUMENT_HINTS = {
    "course.yaml": "write one key per line: 'id:', 'title:', 'language:', 'version:', 'description:', 'lessons:'",
    "quiz.yaml": "start with 'id:', 'title:' and 'questions:' (the list of questions goes under 'questions:')",
    "bank": "start with 'questions:' and list the bank's questions under it, as in quiz.yaml",
}
Document = TypeVar("Document", CourseConfig, Quiz, Bank)


def _validate_document(
    model: type[Document], data: object, positions: PositionMap
) -> tuple[Document | None, list[Diagnostic]]:
    if not isinstance(data, dict):
        what = positions.path
        message = f"{what} must be a mapping of keys to values, found {_describe(data)}"
        hint = _DOCUMENT_HINTS.get(what, _DOCUMENT_HINTS["bank"] if model is Bank else None)
        return None, [error("E106", message, positions.span(()), hint)]
    try:
        return model.model_validate(data), _empty_values(data, positions, ())
    except ValidationError as exc:
        errors = translate_errors(exc, data, positions, model)
        return None, errors + _empty_values(data, positions, errors)


def validate_config(data: object, positions: PositionMap) -> tuple[CourseConfig | None, list[Diagnostic]]:
    """Validate course.yaml data."""
    return _validate_document(CourseConfig, data, positions)


def validate_quiz(data: object, positions: PositionMap) -> tuple[Quiz | None, list[Diagnostic]]:
    """Validate quiz.yaml data."""
    return _validate_document(Quiz, data, positions)


def validate_bank(data: object, positions: PositionMap) -> tuple[Bank | None, list[Diagnostic]]:
    """Validate a question bank file (banks/<name>.yaml)."""
    return _validate_document(Bank, data, positions)


class _QuestionHolder(BaseModel):
    """Lets error translation find question fields (the union sits behind one key)."""

    model_config = ConfigDict(defer_build=True)  # built on the first question block, not at import

    question: Question


def _validate_block(raw: RawBlock, path: str) -> tuple[Block | None, list[Diagnostic]]:
    if raw.kind == "prose":
        return Prose.model_construct(markdown=raw.markdown, line=raw.line), []
    if raw.kind in ("tip", "warning", "note"):
        variant = cast(CalloutVariant, raw.kind)  # the source stage emits callouts only for these kinds
        return Callout.model_construct(variant=variant, title=raw.title, markdown=raw.markdown, line=raw.line), []
    positions = raw.positions or PositionMap(path)
    if raw.broken:
        return None, []
    registered = block_types().get(raw.kind)
    data = raw.data
    if (
        data is None
        and registered is not None
        and not any(f.is_required() for f in registered.model.model_fields.values())
    ):
        data = {}  # a registered block whose keys are all optional (a continue divider) may be an empty fence
    if data is None:
        return None, [
            error(
                "E202", f"the {raw.kind} block is empty", positions.span(()), "write its keys as YAML inside the block"
            )
        ]
    if not isinstance(data, dict):
        return None, [
            error(
                "E106",
                f"the {raw.kind} block must hold key: value lines, found {_describe(data)}",
                positions.span(()),
            )
        ]
    empty = _empty_values(data, positions, ())
    if registered is not None:
        try:
            placed = registered.model.model_validate(data)
        except ValidationError as exc:
            errors = translate_errors(exc, data, positions, registered.model)
            return None, errors + _empty_values(data, positions, errors)
        # The id is settled once the lesson's id is known (validate_lesson).
        return RegisteredBlock.model_construct(kind=raw.kind, id=placed.id or "", block=placed, line=raw.line), empty
    try:
        if raw.kind == "question":
            holder = _QuestionHolder.model_validate({"question": raw.data})
            return QuestionBlock.model_construct(question=holder.question, line=raw.line), empty
        if raw.kind == "media":
            return MediaBlock.model_construct(media=Media.model_validate(raw.data), line=raw.line), empty
        return AssignmentBlock.model_construct(assignment=Assignment.model_validate(raw.data), line=raw.line), empty
    except ValidationError as exc:
        if raw.kind == "question":
            # Errors come back under a 'question' key; graft the block's positions there to match.
            shifted = PositionMap(path)
            shifted.merge(("question",), positions)
            errors = translate_errors(exc, {"question": raw.data}, shifted, _QuestionHolder)
        else:
            model: type[BaseModel] = Media if raw.kind == "media" else Assignment
            errors = translate_errors(exc, raw.data, positions, model)
        return None, errors + _empty_values(raw.data, positions, errors)


def _with_block_ids(blocks: list[Block], lesson_id: str) -> list[Block]:
    """Give each registered block without an id of its own '<lesson id>-<kind>-<n>' (n counts that kind)."""
    counts: dict[str, int] = {}
    settled: list[Block] = []
    for block in blocks:
        if isinstance(block, RegisteredBlock):
            counts[block.kind] = counts.get(block.kind, 0) + 1
            if not block.id:
                block = block.model_copy(update={"id": f"{lesson_id}-{block.kind}-{counts[block.kind]}"})
        settled.append(block)
    return settled


def validate_lesson(source: LessonSource, index: SourceIndex) -> tuple[Lesson | None, list[Diagnostic]]:
    """Validate a parsed lesson: its front matter and every block."""
    diagnostics: list[Diagnostic] = []
    index.documents[source.path] = source.front_positions
    index.references.extend(source.references)
    front: LessonFrontMatter | None = None
    if source.front_matter is None:
        diagnostics.append(
            error(
                "E202",
                "front matter is empty",
                source.front_positions.span(()),
                "add 'id:', 'title:' and 'objectives:'",
            )
        )
    elif not isinstance(source.front_matter, dict):
        diagnostics.append(error("E106", "front matter must be key: value lines", source.front_positions.span(())))
    else:
        try:
            front = LessonFrontMatter.model_validate(source.front_matter)
            errors: list[Diagnostic] = []
        except ValidationError as exc:
            errors = translate_errors(exc, source.front_matter, source.front_positions, LessonFrontMatter)
        diagnostics += errors + _empty_values(source.front_matter, source.front_positions, errors)
    blocks: list[Block] = []
    for raw in source.blocks:
        if raw.positions is not None:
            index.blocks[(source.path, raw.line)] = raw.positions
        block, block_errors = _validate_block(raw, source.path)
        diagnostics.extend(block_errors)
        if block is not None:
            blocks.append(block)
    if front is None:
        return None, diagnostics
    blocks = _with_block_ids(blocks, front.id)
    # Keep the lesson (with its valid blocks) even when a block failed, so whole-course checks
    # still see it; the course is only assembled when there are no errors at all.
    # The parts are validated already; construct() skips re-validating them (and building these schemas).
    lesson = Lesson.model_construct(
        id=front.id, title=front.title, objectives=front.objectives, blocks=blocks, source_path=source.path
    )
    return lesson, diagnostics


@dataclass(frozen=True)
class ValidatedParts:
    """What validated, even when other parts failed, so whole-course checks can still run on it."""

    config: CourseConfig | None = None
    lessons: tuple[Lesson, ...] = ()
    quiz: Quiz | None = None
    quiz_present: bool = False
    """quiz.yaml is there (even broken or misnamed): the author wants a quiz."""
    index: SourceIndex = field(default_factory=SourceIndex)
    theme: str = "default"
    """The theme course.yaml asks for, even when the rest of course.yaml is invalid."""
    incomplete: bool = False
    """Some part failed validation, so checks that need the whole course (unused files) must not run."""
    broken_lesson_ids: frozenset[str] = frozenset()
    """Ids of lessons whose front matter failed validation (already reported; not 'missing')."""
    unreadable_lessons: bool = False
    """A lesson file could not be read or split, so its id is unknown: lessons are not 'missing'."""
    banks: dict[str, Bank] = field(default_factory=dict)
    """The question banks that validated, by name (banks/<name>.yaml), in name order."""
    broken_banks: frozenset[str] = frozenset()
    """Names of bank files that exist but did not validate (already reported; not 'unknown')."""


def validate_sources(
    course_yaml: tuple[object, PositionMap] | None,
    quiz_yaml: tuple[object, PositionMap] | None,
    lessons: Sequence[LessonSource],
    *,
    quiz_wanted: bool = False,
    unreadable_lessons: bool = False,
    reported: bool = False,
    banks: Mapping[str, tuple[object, PositionMap]] | None = None,
    banks_broken: frozenset[str] = frozenset(),
) -> tuple[ValidatedParts, list[Diagnostic]]:
    """Validate course.yaml, quiz.yaml and every lesson; collect every error.

    What only the reader knows comes in as arguments, so the parts are complete when made:
    `quiz_wanted` (a quiz file that did not parse or is misnamed), `unreadable_lessons` (a lesson
    file that could not be read or split) and `reported` (errors found before validation).
    `banks` are the parsed bank files by path (banks/<name>.yaml), `banks_broken` the names of
    bank files that did not parse.
    """
    diagnostics: list[Diagnostic] = []
    index = SourceIndex()
    config: CourseConfig | None = None
    theme = "default"
    if course_yaml is not None:
        data, positions = course_yaml
        index.documents["course.yaml"] = positions
        config, errors = validate_config(data, positions)
        diagnostics.extend(errors)
        if config is not None:
            theme = config.theme
        elif isinstance(data, dict) and isinstance(data.get("theme"), str):
            theme = data["theme"]
    quiz: Quiz | None = None
    if quiz_yaml is not None:
        data, positions = quiz_yaml
        index.documents["quiz.yaml"] = positions
        quiz, errors = validate_quiz(data, positions)
        diagnostics.extend(errors)
    valid_banks: dict[str, Bank] = {}
    broken_banks = set(banks_broken)
    for path, (data, positions) in sorted((banks or {}).items()):
        index.documents[path] = positions
        bank, errors = validate_bank(data, positions)
        diagnostics.extend(errors)
        name = bank_name(path)
        if bank is not None:
            valid_banks[name] = bank
        else:
            broken_banks.add(name)
    valid: list[Lesson] = []
    broken: set[str] = set()
    for source in lessons:
        lesson, errors = validate_lesson(source, index)
        diagnostics.extend(errors)
        if lesson is not None:
            valid.append(lesson)
        elif isinstance(source.front_matter, dict) and isinstance(source.front_matter.get("id"), str):
            broken.add(source.front_matter["id"])
    parts = ValidatedParts(
        config=config,
        lessons=tuple(valid),
        quiz=quiz,
        quiz_present=quiz_yaml is not None or quiz_wanted,
        index=index,
        theme=theme,
        incomplete=reported or bool(diagnostics) or course_yaml is None,
        broken_lesson_ids=frozenset(broken),
        unreadable_lessons=unreadable_lessons,
        banks=valid_banks,
        broken_banks=frozenset(broken_banks),
    )
    return parts, diagnostics
