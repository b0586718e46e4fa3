"""Course + source positions -> its translatable texts as units with stable ids, and a translated Course; pure.

Which texts are translatable is read from the models: a field whose `json_schema_extra` carries
`TRANSLATABLE_TEXT` is one unit, `TRANSLATABLE_MARKDOWN` one unit per paragraph, heading, list
item or table cell (`compiler/source/markdown_segments.py`). The walk recurses into every nested
model, so a block type (`compiler/blocks/<name>/block.py`) that marks its fields is extracted with
no change here. Only the course's outline (course.yaml, lessons, their blocks, quiz.yaml) is known
by name, because it names the units.

Unit ids come from the structure, never from line numbers: `course/title`,
`lessons/<lesson id>/title`, `lessons/<lesson id>/text/<n>` (the n-th prose segment of the lesson),
`lessons/<lesson id>/question/<question id>/options/2/text`, `quiz/questions/<id>/prompt`,
`banks/<bank name>/questions/<id>/prompt`,
`lessons/<lesson id>/tabs/<block id>/panels/1/body/1`. List items with an `id` are named by it,
others by their position (from 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from compiler.diagnostics import Diagnostic, SourceSpan, error, warning
from compiler.model.course import (
    AssignmentBlock,
    Callout,
    Course,
    Lesson,
    MediaBlock,
    Prose,
    QuestionBlock,
    RegisteredBlock,
)
from compiler.model.validate import SourceIndex
from compiler.source.files import BANKS_FOLDER
from compiler.source.markdown_segments import Code, Segment, join_pieces, protect_inline, split_markdown
from compiler.source.xliff import REVIEW_STATE, Content, Tag, UnitToWrite, XliffDocument, XliffUnit, tags_of
from compiler.source.yaml_positions import Loc, PositionMap

MARKER_KEY = "translatable"
"""The `json_schema_extra` key that marks a translatable field ("text" or "markdown")."""


@dataclass(frozen=True)
class TextUnit:
    """One translatable text of the course: its stable id, its source text and where it was written."""

    id: str
    text: str
    """The source text (inline Markdown; one segment of block Markdown)."""
    span: SourceSpan
    document: str
    """The course file it comes from (the XLIFF <file original=...>)."""

    @property
    def source_hash(self) -> str:
        """The hash a translation records of the text it was made from."""
        return source_hash(self.text)


def source_hash(text: str) -> str:
    """SHA-256 of a source text (UTF-8), the first 16 hex digits: enough to see any edit."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


Emit = Callable[[TextUnit], str | None]
"""Called for each unit in course order; returns its translation (None keeps the source text)."""


def marker(model: type[BaseModel], name: str) -> str | None:
    """The translatable marker of a model field ("text", "markdown") or None."""
    extra = model.model_fields[name].json_schema_extra
    value = extra.get(MARKER_KEY) if isinstance(extra, dict) else None
    return value if isinstance(value, str) else None


@dataclass
class _Walk:
    index: SourceIndex
    sources: Mapping[str, str]
    emit: Emit

    def _lines(self, path: str) -> list[str]:
        return self.sources.get(path, "").split("\n")

    def _segment_span(self, path: str, first_line: int, segment: Segment) -> SourceSpan:
        """The span of a segment's first line, given the file line (1-based) where its text starts."""
        line = first_line + segment.line
        lines = self._lines(path)
        head = segment.text.split("\n", 1)[0]
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        column = max(source_line.find(head), 0) + 1
        return SourceSpan(path, line, column, line, column + len(head))

    def markdown(self, unit_id: str, text: str, path: str, first_line: int) -> str:
        """Emit each segment of block Markdown as `<unit_id>/<n>`; the text with the translations."""
        pieces = split_markdown(text)
        translated: dict[int, str] = {}
        number = 0
        for position, piece in enumerate(pieces):
            if isinstance(piece, Segment):
                number += 1
                unit = TextUnit(f"{unit_id}/{number}", piece.text, self._segment_span(path, first_line, piece), path)
                replacement = self.emit(unit)
                if replacement is not None:
                    translated[position] = replacement
        return join_pieces(pieces, translated) if translated else text

    def _field_start(self, positions: PositionMap, loc: Loc) -> int:
        """The file line (1-based) where a YAML text value's first line stands (after '|' or '>')."""
        span = positions.span(loc)
        lines = self._lines(positions.path)
        rest = lines[span.line - 1][span.column - 1 :] if 0 < span.line <= len(lines) else ""
        return span.line + 1 if rest[:1] in ("|", ">") else span.line

    def _text(self, kind: str, unit_id: str, text: str, positions: PositionMap, loc: Loc) -> str:
        if kind == "markdown":
            return self.markdown(unit_id, text, positions.path, self._field_start(positions, loc))
        span = positions.span(loc)
        start = self._field_start(positions, loc)
        if start != span.line:  # a '>' or '|' scalar: point at its first line of text
            line = self._lines(positions.path)[start - 1] if start <= len(self._lines(positions.path)) else ""
            column = len(line) - len(line.lstrip()) + 1
            span = SourceSpan(positions.path, start, column, start, len(line) + 1)
        replacement = self.emit(TextUnit(unit_id, text, span, positions.path))
        return text if replacement is None else replacement

    def fields(
        self, model: BaseModel, base: str, positions: PositionMap, loc: Loc, skip: tuple[str, ...] = ()
    ) -> BaseModel:
        """Every marked field of a model and of the models inside it; the model with the translations."""
        changes: dict[str, object] = {}
        for name in type(model).model_fields:
            if name in skip:
                continue
            value = getattr(model, name)
            kind = marker(type(model), name)
            here = (*loc, name)
            new: object = value
            if kind is not None and isinstance(value, str):
                new = self._text(kind, f"{base}/{name}", value, positions, here)
            elif kind is not None and isinstance(value, list):
                new = [
                    self._text(kind, f"{base}/{name}/{i + 1}", item, positions, (*here, i))
                    if isinstance(item, str)
                    else item
                    for i, item in enumerate(value)
                ]
            elif isinstance(value, BaseModel):
                new = self.fields(value, f"{base}/{name}", positions, here)
            elif isinstance(value, list) and any(isinstance(item, BaseModel) for item in value):
                new = [
                    self.fields(item, f"{base}/{name}/{_item_key(item, i)}", positions, (*here, i))
                    if isinstance(item, BaseModel)
                    else item
                    for i, item in enumerate(value)
                ]
            if new != value:
                changes[name] = new
        return model.model_copy(update=changes) if changes else model

    def lesson(self, lesson: Lesson) -> Lesson:
        base = f"lessons/{lesson.id}"
        path = lesson.source_path
        front = self.index.documents.get(path, PositionMap(path))
        translated = self.fields(lesson, base, front, (), skip=("blocks",))
        assert isinstance(translated, Lesson)
        blocks = []
        prose = 0
        counts: dict[str, int] = {}
        for block in lesson.blocks:
            if isinstance(block, Prose):
                pieces = split_markdown(block.markdown)
                translations: dict[int, str] = {}
                for position, piece in enumerate(pieces):
                    if isinstance(piece, Segment):
                        prose += 1
                        span = self._segment_span(path, block.line, piece)
                        replacement = self.emit(TextUnit(f"{base}/text/{prose}", piece.text, span, path))
                        if replacement is not None:
                            translations[position] = replacement
                if translations:
                    block = block.model_copy(update={"markdown": join_pieces(pieces, translations)})
            elif isinstance(block, Callout):
                counts["callout"] = counts.get("callout", 0) + 1
                unit = f"{base}/callout/{counts['callout']}"
                changes: dict[str, object] = {}
                if block.title is not None:
                    fence = self._lines(path)[block.line - 1] if block.line <= len(self._lines(path)) else ""
                    column = max(fence.find(block.title), 0) + 1
                    span = SourceSpan(path, block.line, column, block.line, column + len(block.title))
                    title = self.emit(TextUnit(f"{unit}/title", block.title, span, path))
                    if title is not None:
                        changes["title"] = title
                body = self.markdown(unit, block.markdown, path, block.line + 1)
                if body != block.markdown:
                    changes["markdown"] = body
                block = block.model_copy(update=changes) if changes else block
            else:
                block = self._yaml_block(block, base, path, counts)
            blocks.append(block)
        return translated.model_copy(update={"blocks": blocks}) if blocks != lesson.blocks else translated

    def _yaml_block(
        self,
        block: MediaBlock | AssignmentBlock | QuestionBlock | RegisteredBlock,
        base: str,
        path: str,
        counts: dict[str, int],
    ) -> MediaBlock | AssignmentBlock | QuestionBlock | RegisteredBlock:
        positions = self.index.blocks.get((path, block.line), PositionMap(path))
        if isinstance(block, MediaBlock):
            counts["media"] = counts.get("media", 0) + 1
            media = self.fields(block.media, f"{base}/media/{counts['media']}", positions, ())
            return block.model_copy(update={"media": media}) if media is not block.media else block
        if isinstance(block, AssignmentBlock):
            inner = self.fields(block.assignment, f"{base}/assignment/{block.assignment.id}", positions, ())
            return block.model_copy(update={"assignment": inner}) if inner is not block.assignment else block
        if isinstance(block, QuestionBlock):
            question = self.fields(block.question, f"{base}/question/{block.question.id}", positions, ())
            return block.model_copy(update={"question": question}) if question is not block.question else block
        registered = self.fields(block.block, f"{base}/{block.kind}/{block.id}", positions, ())
        return block.model_copy(update={"block": registered}) if registered is not block.block else block


def _item_key(item: BaseModel, position: int) -> str:
    """A list item's name in a unit id: its own id when it has one, else its position from 1."""
    own = getattr(item, "id", None)
    return own if isinstance(own, str) and own else str(position + 1)


def walk_course(course: Course, index: SourceIndex, sources: Mapping[str, str], emit: Emit) -> Course:
    """Call `emit` for every translatable text in course order; the course with what it returned."""
    walk = _Walk(index, sources, emit)
    course_yaml = index.documents.get("course.yaml", PositionMap("course.yaml"))
    config = walk.fields(course.config, "course", course_yaml, ())
    lessons = [walk.lesson(lesson) for lesson in course.lessons]
    quiz = course.quiz
    if quiz is not None:
        quiz = walk.fields(quiz, "quiz", index.documents.get("quiz.yaml", PositionMap("quiz.yaml")), ())  # type: ignore[assignment]
    # Question banks after the quiz, by name: units 'banks/<name>/questions/<question id>/prompt'.
    banks = {
        name: walk.fields(bank, f"banks/{name}", index.documents.get(path, PositionMap(path)), ())
        for name, bank in course.banks.items()
        for path in (f"{BANKS_FOLDER}/{name}.yaml",)
    }
    return course.model_copy(update={"config": config, "lessons": lessons, "quiz": quiz, "banks": banks})


def text_units(course: Course, index: SourceIndex, sources: Mapping[str, str]) -> list[TextUnit]:
    """Every translatable text of the course, in course order."""
    found: list[TextUnit] = []

    def collect(unit: TextUnit) -> None:
        found.append(unit)

    walk_course(course, index, sources, collect)
    return found


# ------------------------------------------------------------------------ a translation file against the course


def _plain(content: Content) -> tuple[object, ...]:
    """A source or target without the lines its tags were read on, to compare two of them."""
    return tuple(part if isinstance(part, str) else (part.id, part.role, part.ctype) for part in content)


def unit_source(unit: TextUnit) -> Content:
    """The unit's text as XLIFF content (text and tags)."""
    return tags_of(protect_inline(unit.text))


def _is_current(unit: TextUnit, written: XliffUnit) -> bool:
    """Whether the translation file's unit was made from this source text (its hash, else its <source>)."""
    if written.source_hash is not None:
        return written.source_hash == unit.source_hash
    return _plain(written.source) == _plain(unit_source(unit))


@dataclass(frozen=True)
class Merge:
    """What extracting again did: the units to write and how many of each kind."""

    units: tuple[UnitToWrite, ...]
    new: int
    changed: int
    """Translated units whose source changed: marked needs-review-translation."""
    kept: int
    removed: tuple[str, ...]
    """Ids of units the course no longer has (dropped from the file)."""


def merge_units(units: Sequence[TextUnit], old: XliffDocument | None) -> Merge:
    """The file to write for the course's units, keeping every translation `old` holds."""
    previous = old.units if old is not None else {}
    # Three passes, so a text that moved (its id changed, say after a paragraph was inserted above
    # it) keeps its translation, and the unit now at its old id does not take that translation over.
    chosen: dict[str, tuple[XliffUnit, bool]] = {}
    """Unit id -> (the old unit it takes its translation from, whether that was made from this text)."""
    consumed: set[str] = set()
    for unit in units:
        written = previous.get(unit.id)
        if written is not None and _is_current(unit, written):
            chosen[unit.id] = (written, True)
            consumed.add(written.id)
    by_hash: dict[str, list[XliffUnit]] = {}
    for written in previous.values():
        if written.id not in consumed and written.source_hash and written.translated:
            by_hash.setdefault(written.source_hash, []).append(written)
    for unit in units:
        candidates = by_hash.get(unit.source_hash, [])
        while unit.id not in chosen and candidates:
            moved = candidates.pop(0)
            if moved.id not in consumed:
                chosen[unit.id] = (moved, True)
                consumed.add(moved.id)
    for unit in units:
        written = previous.get(unit.id)
        if unit.id not in chosen and written is not None and written.id not in consumed:
            chosen[unit.id] = (written, False)
            consumed.add(written.id)
    out: list[UnitToWrite] = []
    new = changed = kept = 0
    for unit in units:
        parts = protect_inline(unit.text)
        if unit.id not in chosen:
            new += 1
            out.append(UnitToWrite(unit.id, unit.document, parts, unit.source_hash))
            continue
        written, current = chosen[unit.id]
        if current:
            kept += 1
            out.append(
                UnitToWrite(
                    unit.id, unit.document, parts, unit.source_hash, written.target, written.state, None, written.notes
                )
            )
        else:
            changed += 1 if written.translated else 0
            state = REVIEW_STATE if written.translated else written.state
            out.append(
                UnitToWrite(
                    unit.id,
                    unit.document,
                    parts,
                    unit.source_hash,
                    written.target,
                    state,
                    (written.source, written.target),
                    written.notes,
                )
            )
    removed = tuple(sorted(i for i in previous if i not in consumed))
    return Merge(tuple(out), new, changed, kept, removed)


def _codes_problem(unit: TextUnit, written: XliffUnit, file: str) -> list[Diagnostic]:
    """E702 for a code of the source the target lacks, E703 for one it has that the source does not."""
    assert written.target is not None
    source = {str(part.id): part for part in protect_inline(unit.text) if isinstance(part, Code)}
    seen: dict[str, list[Tag]] = {}
    for part in written.target:
        if isinstance(part, Tag) and part.role != "close":
            seen.setdefault(part.id, []).append(part)
    found: list[Diagnostic] = []
    span = SourceSpan(file, written.target_line, 1)
    for code_id, code in source.items():
        if code_id not in seen:
            element = "<x/>" if code.role == "standalone" else "<g>"
            found.append(
                error(
                    "E702",
                    f"the translation of '{unit.id}' lacks placeholder {code_id} ({element}, {code.markdown!r})",
                    span,
                    f"put placeholder {code_id} back into the translation where it belongs: CAT tools show it as a tag",
                )
            )
    for code_id, tags in seen.items():
        found_code = source.get(code_id)
        where = SourceSpan(file, tags[0].line or written.target_line, 1)
        if found_code is None:
            found.append(
                error(
                    "E703",
                    f"the translation of '{unit.id}' has placeholder {code_id}, which its source does not have",
                    where,
                    "remove it: a translation keeps the source's placeholders, no others",
                )
            )
        elif len(tags) > 1:
            found.append(
                error(
                    "E703",
                    f"the translation of '{unit.id}' has placeholder {code_id} {len(tags)} times",
                    where,
                    "keep each placeholder once, as in the source",
                )
            )
        elif (tags[0].role == "standalone") != (found_code.role == "standalone"):
            want = "<x/>" if found_code.role == "standalone" else "<g>…</g>"
            found.append(
                error(
                    "E703",
                    f"placeholder {code_id} of '{unit.id}' is {want} in the source ({found_code.markdown!r})",
                    where,
                    f"write it as {want}, as in the source",
                )
            )
    return found


def _markdown_of(target: Content, unit: TextUnit) -> str:
    """The translated Markdown: the target's text with each tag replaced by the source's code."""
    codes: dict[tuple[str, str], str] = {}
    for part in protect_inline(unit.text):
        if isinstance(part, Code):
            codes[(str(part.id), part.role)] = part.markdown
    return "".join(part if isinstance(part, str) else codes[(part.id, part.role)] for part in target)


def translate_course(
    course: Course, index: SourceIndex, sources: Mapping[str, str], document: XliffDocument, language: str
) -> tuple[Course, list[Diagnostic]]:
    """The course in `language` from its translation file, with a diagnostic for each unit that is not right."""
    file = document.path
    diagnostics: list[Diagnostic] = []
    if document.target_language is not None and document.target_language.lower() != language.lower():
        diagnostics.append(
            error(
                "E704",
                f"{file} translates into '{document.target_language}', not '{language}'",
                SourceSpan(file, document.line, 1),
                f'set target-language="{language}" on its <file> elements, or name the file after its language',
            )
        )
    if document.source_language is not None and document.source_language.lower() != course.config.language.lower():
        diagnostics.append(
            error(
                "E704",
                f"{file} translates from '{document.source_language}', but the course is in '{course.config.language}'",
                SourceSpan(file, document.line, 1),
                f"extract it again: coursec translate extract COURSE --to {language}",
            )
        )
    met: set[str] = set()

    def emit(unit: TextUnit) -> str | None:
        met.add(unit.id)
        written = document.units.get(unit.id)
        if written is None or not written.translated or written.target is None:
            where = f" (line {written.line})" if written is not None else ""
            diagnostics.append(
                warning(
                    "W701",
                    f"'{unit.id}' is not translated into {language}, so learners see the source text",
                    unit.span,
                    f"translate it in {file}{where}"
                    + (
                        ""
                        if written is not None
                        else f"; run 'coursec translate extract COURSE --to {language}' to add it"
                    ),
                )
            )
            return None
        problems = _codes_problem(unit, written, file)
        if problems:
            diagnostics.extend(problems)
            return None
        if written.state == REVIEW_STATE or not _is_current(unit, written):
            diagnostics.append(
                warning(
                    "W702",
                    f"the source of '{unit.id}' changed since it was translated ({file}:{written.line})",
                    unit.span,
                    'check the translation against the new source, then set its state to "translated" '
                    "(your CAT tool does this when you confirm it); "
                    f"'coursec translate extract COURSE --to {language}' puts the new source in the file",
                )
            )
        return _markdown_of(written.target, unit)

    translated = walk_course(course, index, sources, emit)
    for unit_id, written in document.units.items():
        if unit_id not in met:
            diagnostics.append(
                warning(
                    "W703",
                    f"unit '{unit_id}' is no text of the course (any more), so it is not used",
                    SourceSpan(file, written.line, 1),
                    f"run 'coursec translate extract COURSE --to {language}' to drop it, or fix its id",
                )
            )
    config = translated.config.model_copy(update={"language": language})
    return translated.model_copy(update={"config": config}), diagnostics
