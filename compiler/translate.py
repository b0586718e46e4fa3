"""`coursec translate extract`: a course folder -> translations/<language>.xlf, keeping what is translated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.api import CompileResult, read_sources
from compiler.diagnostics import SourceSpan, error, has_errors, sort_unique
from compiler.model.checks import assemble_course, check_course
from compiler.model.translation import Merge, merge_units, text_units
from compiler.package.writer import write_error, write_package
from compiler.source.files import load_course_files, translation_path
from compiler.source.xliff import XliffDocument, parse_xliff, write_xliff


@dataclass(frozen=True)
class Extraction:
    """What extracting did: the diagnostics (as a compile reports them), the merge and the file written."""

    result: CompileResult
    merge: Merge | None = None
    path: Path | None = None


def extract_translation(course_dir: Path, language: str) -> Extraction:
    """Write (or update) translations/<language>.xlf with a unit per translatable text of the course.

    Units already in the file keep their translation; a unit whose source changed keeps it too,
    marked needs-review-translation, with the text it was made from as <alt-trans>. Nothing is
    written when the course or the existing file has errors.
    """
    files, diagnostics = load_course_files(course_dir)
    sources = {**files.undecodable, **{path: source.text for path, source in files.texts.items()}}
    course_paths = files.inventory | files.unreadable | {"course.yaml", "lessons"}
    parts, read_errors = read_sources(files, reported=bool(diagnostics))
    diagnostics += read_errors
    if not has_errors(diagnostics):
        diagnostics += check_course(parts, files.inventory, files.escaping_links)[1]

    def done(merge: Merge | None = None, path: Path | None = None) -> Extraction:
        return Extraction(CompileResult(sort_unique(diagnostics), sources, course_paths), merge, path)

    if has_errors(diagnostics) or parts.config is None:
        return done()
    course = assemble_course(parts)
    relative = translation_path(language)
    if language.lower() == course.config.language.lower():
        positions = parts.index.documents.get("course.yaml")
        span = positions.span(("language",)) if positions else SourceSpan("course.yaml", 0, 0)
        diagnostics.append(
            error(
                "E704",
                f"the course is written in '{language}' already",
                span,
                "name the language to translate into, e.g. --to en",
            )
        )
        return done()
    old: XliffDocument | None = None
    if relative in files.texts:
        old, xliff_errors = parse_xliff(files.texts[relative].text, relative)
        diagnostics += xliff_errors
        if has_errors(xliff_errors):
            return done()
    texts = {name: text.text for name, text in files.texts.items()}
    merge = merge_units(text_units(course, parts.index, texts), old)
    data = write_xliff(course.config.language, language, merge.units)
    target = course_dir / relative
    try:
        write_package(data, target)
    except OSError as exc:
        diagnostics.append(write_error(exc, target))
        return done(merge)
    return done(merge, target)
