"""Course + rendered files -> what one standard adds and checks; the protocol every target implements.

A target is a subpackage of `compiler.targets` whose `__init__` exposes `TARGET`. It says which
files it adds (manifest or course structure, schema files), which tracker adapter the learner
runtime reports through, how much learner state its LMS keeps (the E308 budget) and how the course's
one declared completion rule maps onto its status values, and how `coursec inspect` reads a zip of
its kind (`reader`, compiler/package/reader.py). The orchestrator and inspect loop over the targets
and know no standard; a new target is a new subpackage and touches no other (CONTRIBUTING.md,
"Adding a target").
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from compiler.diagnostics import Diagnostic, SourceSpan, error
from compiler.model.course import AssignmentBlock, Course
from compiler.model.validate import ValidatedParts
from compiler.package.reader import PackageReader
from compiler.render.suspend_budget import WorstCase

DEFAULT_TARGET = "scorm12"
"""The target when neither the command line nor course.yaml (`targets:`) chooses one."""

DEFAULT_PUBLISHER_IRI = "urn:coursec:"
"""IRI base when course.yaml names none: unique among courses with different ids, not across publishers."""


@dataclass(frozen=True)
class RuleRow:
    """One line of `coursec explain`: a situation of the learner and what the LMS sees."""

    situation: str
    reported: str


@runtime_checkable
class Target(Protocol):
    """What a target packages, its limits and how the declared completion rule maps."""

    @property
    def name(self) -> str:
        """Command-line name and zip suffix: build/<id>-<version>-<name>.zip."""
        ...

    @property
    def title(self) -> str:
        """The standard's name for people, e.g. 'SCORM 1.2'."""
        ...

    @property
    def tracker(self) -> str:
        """The runtime's tracker adapter (compiler/runtime/trackers/<tracker>.js)."""
        ...

    @property
    def tracker_scripts(self) -> tuple[str, ...]:
        """Adapter scripts under compiler/runtime/, in load order (the core comes first by itself)."""
        ...

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """What the tracker adapter needs to know of the course beyond the page's data (C.targetSettings)."""
        ...

    def state_limit(self, course: Course) -> int:
        """Characters of learner state (suspend_data) the LMS is sure to keep for this course."""
        ...

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case learner state does not fit `state_limit` (see check_state_budget)."""
        ...

    def package_files(self, course: Course, paths: Sequence[str]) -> dict[str, bytes]:
        """The files the target adds (manifest, schemas), given the archive paths of the rendered course."""
        ...

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """Check the whole package as an LMS (or a web server) will read it."""
        ...

    @property
    def reader(self) -> PackageReader:
        """How `coursec inspect` recognises, checks and describes a zip of this kind (reader.py)."""
        ...

    def completion_rule(self, course: Course) -> tuple[RuleRow, ...]:
        """How the declared completion rule shows in this standard, situation by situation."""
        ...


@dataclass(frozen=True)
class StateLimit:
    """Characters of learner state a target keeps, and who sets that figure (E308 names it)."""

    characters: int
    owner: str
    """The end of "... allows N characters": 'SCORM 1.2 allows', 'the cmi5 target keeps'."""
    raisable: bool = True
    """Whether course.yaml's `suspend_data_limit` (what the LMS is known to store) replaces it."""


@dataclass(frozen=True)
class TargetBase:
    """What every target is (its names, tracker scripts, reader, state limit) and what they share.

    A target subclasses it with the two parts that are its own, `package_files` and
    `completion_rule`, and exports one instance as `TARGET`.
    """

    name: str
    title: str
    trackers: tuple[str, ...]
    """The tracker scripts, compiler/runtime/trackers/<name>.js, in load order; the adapter last."""
    reader: PackageReader
    limit: StateLimit

    @property
    def tracker(self) -> str:
        """The runtime's tracker adapter: the last of `trackers`."""
        return self.trackers[-1]

    @property
    def tracker_scripts(self) -> tuple[str, ...]:
        """The tracker scripts as paths under compiler/runtime/."""
        return tuple(f"trackers/{name}.js" for name in self.trackers)

    def check_package(self, files: Mapping[str, bytes]) -> list[Diagnostic]:
        """The package as its reader checks any zip of the kind (`coursec inspect`), to coursec's own standard."""
        return self.reader.check(files, strict=True)

    def tracker_settings(self, course: Course) -> Mapping[str, str]:
        """Nothing: the tracker finds what it needs in the page's data and the LMS's launch."""
        return {}

    def state_limit(self, course: Course) -> int:
        """The target's limit, or what course.yaml says the LMS stores (`suspend_data_limit`)."""
        raised = course.config.suspend_data_limit if self.limit.raisable else None
        return raised or self.limit.characters

    def check_state(self, course: Course, parts: ValidatedParts, state: WorstCase) -> list[Diagnostic]:
        """E308 when the worst-case state exceeds the limit."""
        raised = self.limit.raisable and course.config.suspend_data_limit
        allowed = "'suspend_data_limit' allows" if raised else self.limit.owner
        return check_state_budget(course, parts, state, self.state_limit(course), allowed)


@dataclass(frozen=True)
class PreviewEmulation:
    """How `coursec preview` plays one standard: the LMS (or LRS) a target supplies from its own folder.

    A target folder that offers a preview has `preview.py` exporting `PREVIEW`; the preview server
    knows no standard and only serves what this names. `scripts` are files next to preview.py
    (classic scripts registering `CoursecLms.adapters[adapter]`, the interface in
    compiler/preview/assets/lms-host.js); `launch` turns a built package into the settings the
    adapter launches with; `backend` makes the server side of the emulation (cmi5's LRS), None if
    the emulation lives in the page alone.
    """

    adapter: str
    """The name the scripts register in CoursecLms.adapters."""
    label: str
    """What the page calls the emulation, e.g. 'SCORM 2004 4th edition (strict)'."""
    launch: Callable[[Mapping[str, bytes]], Mapping[str, object]]
    """Package files -> the JSON-ready launch settings (mastery score, launch data, AU id, ...)."""
    backend: Callable[[], PreviewBackend] | None = None
    """A fresh server side for one preview server, or None."""
    scripts: tuple[str, ...] = ("preview-api.js",)
    """File names next to preview.py, in load order, served at /_preview/target/<name>."""
    host_scripts: tuple[str, ...] = ()
    """Scripts of the host page (compiler/preview/assets/) loaded before `scripts`: plumbing several
    emulations share, e.g. 'cmi.js' for both SCORM data models."""


@runtime_checkable
class PreviewBackend(Protocol):
    """The server side of an emulation, answering the page at /_preview/lms/<path> (same origin)."""

    def handle(
        self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> tuple[int, str, bytes]:
        """(HTTP status, content type, body) for one request; path is relative to /_preview/lms/."""
        ...


def load_preview(name: str) -> PreviewEmulation | None:
    """The preview emulation of one target (its `preview.py`'s `PREVIEW`), or None if it has none."""
    load_target(name)  # KeyError for a name that is no target
    try:
        module = importlib.import_module(f"compiler.targets.{name}.preview")
    except ModuleNotFoundError as exc:
        if exc.name != f"compiler.targets.{name}.preview":
            raise
        return None
    emulation = getattr(module, "PREVIEW", None)
    if not isinstance(emulation, PreviewEmulation):
        raise TypeError(f"compiler.targets.{name}.preview does not export a PreviewEmulation named PREVIEW")
    return emulation


def target_names() -> list[str]:
    """The name of every target subpackage, sorted, without importing any (a compile loads only its own)."""
    import compiler.targets as package

    return sorted(module.name for module in pkgutil.iter_modules(package.__path__) if module.ispkg)


@functools.cache
def load_target(name: str) -> Target:
    """Import one target subpackage and return its `TARGET`; KeyError for a name that is no target."""
    if name not in target_names():
        raise KeyError(name)
    target = getattr(importlib.import_module(f"compiler.targets.{name}"), "TARGET", None)
    if not isinstance(target, Target) or target.name != name:
        raise TypeError(f"compiler.targets.{name} does not export a TARGET named {name!r}")
    return target


def available_targets() -> dict[str, Target]:
    """Every target, by name, sorted (imports them all: for listings and tests, not for one compile)."""
    return {name: load_target(name) for name in target_names()}


def package_name(course: Course, target: Target, edition: str | None = None) -> str:
    """The zip's file name: <course-id>-<version>-<target>.zip; a translated edition adds its language."""
    language = f"{edition}-" if edition else ""
    return f"{course.id}-{course.version}-{language}{target.name}.zip"


def publisher_iri(course: Course) -> str:
    """Return the IRI base of the course's xAPI ids (cmi5 and TinCan): course.yaml's 'publisher_iri'."""
    return course.config.publisher_iri or DEFAULT_PUBLISHER_IRI


def course_iri(course: Course) -> str:
    """Return the course's activity id: the publisher base plus the course id, never the version.

    A new version of a course keeps its identity in the LMS and the LRS, so its learners' records
    and bookmarks carry over (cmi5 13.1.1; the same holds for a TinCan package's activity).
    """
    return publisher_iri(course) + course.id


def finished_condition(course: Course) -> str:
    """The declared completion rule in words: what the learner must do to finish."""
    completion = course.config.completion
    parts = []
    if completion.lessons:
        parts.append("all lessons done")
    if course.has_graded_quiz:
        parts.append(f"quiz passed ({course.config.mastery_score}% or more)")
    return " and ".join(parts) if parts else "the course opened"


def xapi_rule_rows(course: Course, first: RuleRow, mastery: str | None) -> list[RuleRow]:
    """What an xAPI target (cmi5, TinCan) reports per situation, after the row naming its activity.

    `mastery` is the mastery score as the target states it, None when the course has no graded quiz.
    """
    done = finished_condition(course)
    if mastery is None:
        outcome = [RuleRow("mastery score", "none (no score reported)"), RuleRow(done, "completed")]
    else:
        outcome = [
            RuleRow("mastery score", mastery),
            RuleRow(done, "completed (when lessons count), then passed with result.score.scaled = score / 100"),
            RuleRow("quiz failed with no attempts left", "failed with result.score.scaled = last score"),
        ]
    return [
        first,
        *outcome,
        RuleRow("each graded quiz answer", "answered, with the question as an xAPI interaction activity"),
        RuleRow("closed midway", "terminated; bookmark and answers kept in the State API (resumes)"),
    ]


def check_state_budget(
    course: Course, parts: ValidatedParts, state: WorstCase, limit: int, allowed: str
) -> list[Diagnostic]:
    """E308 when the worst-case learner state exceeds `limit`, pointing at what costs most.

    `allowed` names who sets the limit, e.g. "SCORM 1.2 allows".
    """
    if len(state.encoded) <= limit:
        return []
    sizes = {
        "assignments": len(state.assignments),
        "knowledge checks": len(state.checks),
        "quiz": len(state.quiz),
        "lessons": len(state.lessons),
    }
    # Sections a course may not have; named only when they cost something.
    sizes.update(
        (name, size)
        for name, size in (
            ("blocks", len(state.blocks)),
            ("draws", len(state.draws)),
            ("settings", len(state.settings)),
        )
        if size
    )
    breakdown = ", ".join(f"{name} {size:,}" for name, size in sorted(sizes.items(), key=lambda item: -item[1]))
    span = SourceSpan("course.yaml", 0, 0)
    assignments = [
        (block.assignment.max_length, lesson, block)
        for lesson in course.lessons
        for block in lesson.blocks
        if isinstance(block, AssignmentBlock)
    ]
    largest = max(sizes, key=lambda name: sizes[name])
    hint = (
        "assignments take their 'max_length' in full; a fill-in answer up to 2.5 characters per letter "
        "(accents, emoji): lower 'max_length' values, fewer quiz attempts, or split the course"
    )
    if course.quiz is not None and course.quiz.draw and largest in ("quiz", "draws"):
        # A drawing quiz stores each question it asks and its longest answer: its draws are what to lower.
        positions = parts.index.documents.get("quiz.yaml")
        if positions is not None:
            span = positions.span(("draw",), key=True)
        hint = (
            "each drawn question stores its key and its answer (a fill-in up to 2.5 characters per letter): "
            "lower the draws' 'count', draw fewer long fill-in questions, or lower their 'max_length'"
        )
    if assignments and largest == "assignments":
        _, lesson, block = max(assignments, key=lambda item: item[0])
        positions = parts.index.blocks.get((lesson.source_path, block.line))
        if positions is not None:
            span = positions.span(("max_length",))
    return [
        error(
            "E308",
            f"the worst-case learner state needs {len(state.encoded):,} characters of suspend_data ({breakdown}); "
            f"{allowed} {limit:,}",
            span,
            hint,
        )
    ]
