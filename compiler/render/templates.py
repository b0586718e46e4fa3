"""Template texts of the search path -> a jinja Environment that loads them from memory; template diagnostics.

Template lookup is a search path of *levels*, first match wins:

1. `course`: the course's own `templates/` folder (course-local overrides);
2. the chosen theme, then each theme it `extends`, in order;
3. `default`, when it is not already in the chain.

Template names may carry a prefix, `"<level>:<template>"`:

- `"<theme name>:index.html"` (or `"course:index.html"`) loads exactly that level's file;
- `"parent:index.html"` loads the nearest version *below the template that names it*, so an
  override extends the file it replaces instead of copying it: a course override of
  `index.html` that says `{% extends "parent:index.html" %}` gets the theme's `index.html`,
  and a theme that extends `default` and says the same gets default's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType

import jinja2
from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, select_autoescape

from compiler.diagnostics import Diagnostic, SourceSpan, did_you_mean, error
from compiler.render.markdown import render_inline, render_markdown
from compiler.source.themes import PARENT_PREFIX


@dataclass(frozen=True)
class TemplateLevel:
    """One folder of the template search path: its prefix name, diagnostic label and template texts."""

    name: str
    label: str
    sources: Mapping[str, str]


class _SearchPathLoader(BaseLoader):
    """Loads templates from memory along the search path, with '<level>:' prefixes."""

    def __init__(self, levels: Sequence[TemplateLevel]) -> None:
        self.levels = tuple(levels)
        self._by_name = {level.name: index for index, level in enumerate(self.levels)}

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        prefix, separator, rest = template.partition(":")
        if separator and prefix in self._by_name:
            candidates: Sequence[TemplateLevel] = (self.levels[self._by_name[prefix]],)
            name = rest
        else:
            candidates, name = self.levels, template
        for level in candidates:
            source = level.sources.get(name)
            if source is not None:
                return source, f"{level.label}/{name}", lambda: True
        searched = ", ".join(f"{level.label}/" for level in candidates) or "no template folders"
        raise TemplateNotFound(template, f"template '{template}' not found (searched {searched})")

    def list_templates(self) -> list[str]:
        return sorted({f"{level.name}:{name}" for level in self.levels for name in level.sources})

    def level_of(self, template: str) -> int | None:
        """Index of the level that provides a loaded template name."""
        prefix, separator, _ = template.partition(":")
        if separator and prefix in self._by_name:
            return self._by_name[prefix]
        return next((i for i, level in enumerate(self.levels) if template in level.sources), None)

    def below(self, template: str, parent: str) -> str:
        """Resolve 'parent:<template>' named in `parent` to the next level that has it."""
        start = self.level_of(parent)
        for level in self.levels[(start if start is not None else -1) + 1 :]:
            if template in level.sources:
                return f"{level.name}:{template}"
        raise TemplateNotFound(
            f"{PARENT_PREFIX}:{template}",
            f"no level below '{parent}' provides '{template}' (levels: "
            + ", ".join(level.name for level in self.levels)
            + ")",
        )


class ThemeEnvironment(Environment):
    """A jinja Environment whose `parent:` template prefix is relative to the naming template."""

    search_path: _SearchPathLoader

    def join_path(self, template: str, parent: str) -> str:
        """Resolve 'parent:<name>' against the level of the template that names it."""
        prefix, separator, rest = template.partition(":")
        if separator and prefix == PARENT_PREFIX:
            return self.search_path.below(rest, parent)
        return template


def build_environment(
    levels: Sequence[TemplateLevel], bytecode_cache: jinja2.BytecodeCache | None = None
) -> ThemeEnvironment:
    """The theme's one Environment: autoescape for HTML/XML, StrictUndefined, templates from memory."""
    search_path = _SearchPathLoader(levels)
    environment = ThemeEnvironment(
        loader=search_path,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache,
    )
    environment.search_path = search_path
    environment.filters["markdown"] = render_markdown
    environment.filters["inline"] = render_inline
    return environment


def template_location(exc: BaseException, known_paths: Sequence[str] | frozenset[str]) -> SourceSpan | None:
    """Find the innermost template frame of an exception's traceback (paths as the loader named them)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename is not None and exc.filename in known_paths:
        return SourceSpan(exc.filename, exc.lineno or 1, 1)
    found: SourceSpan | None = None
    for tb in _tracebacks(exc.__traceback__):
        filename = tb.tb_frame.f_code.co_filename
        if filename in known_paths:
            found = SourceSpan(filename, tb.tb_lineno, 1)
    return found


def _tracebacks(tb: TracebackType | None) -> Iterator[TracebackType]:
    while tb is not None:
        yield tb
        tb = tb.tb_next


def compile_templates(environment: Environment, levels: Sequence[TemplateLevel]) -> list[Diagnostic]:
    """Compile every template once, so syntax errors surface even in templates no page uses."""
    diagnostics: list[Diagnostic] = []
    known = frozenset(f"{level.label}/{name}" for level in levels for name in level.sources)
    owners = {name: level.name for level in reversed(levels) for name in level.sources}
    for level in levels:
        for name in sorted(level.sources):
            # Load the template under the name pages will ask for, so jinja's cache serves the render too.
            qualified = name if owners[name] == level.name else f"{level.name}:{name}"
            try:
                environment.get_template(qualified)
            except jinja2.TemplateSyntaxError as exc:
                path = f"{level.label}/{name}"
                span = template_location(exc, known) or SourceSpan(path, exc.lineno or 1, 1)
                message, hint = f"template syntax error: {exc.message}", _syntax_hint(exc)
                unclosed = _unclosed_block(environment, level.sources[name])
                if "Unexpected end of template" in (exc.message or "") and unclosed is not None:
                    tag, line, column = unclosed
                    span = SourceSpan(path, line, column)
                    message = f"template syntax error: '{{% {tag} %}}' is never closed"
                    hint = f"add {{% end{tag} %}} where the {tag} block should end"
                diagnostics.append(error("E403", message, span, hint))
    return diagnostics


_BLOCK_TAGS = frozenset({"if", "for", "block", "macro", "call", "filter", "with", "autoescape", "trans", "set"})


def _unclosed_block(environment: Environment, source: str) -> tuple[str, int, int] | None:
    """The innermost block tag still open at the end of a template: (tag, line, column)."""
    stack: list[tuple[str, int]] = []
    try:
        tokens = [(line, kind, value) for line, kind, value in environment.lex(source) if kind != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return None
    for index, (line, kind, _) in enumerate(tokens[:-1]):
        _, next_kind, name = tokens[index + 1]
        if kind != "block_begin" or next_kind != "name":
            continue
        if name == "set" and _sets_inline(tokens[index + 2 :]):
            continue
        if name in _BLOCK_TAGS:
            stack.append((name, line))
        elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
            stack.pop()
    if not stack:
        return None
    tag, line = stack[-1]
    text = source.splitlines()[line - 1] if line <= len(source.splitlines()) else ""
    match = re.search(r"\{%[-+]?\s*" + tag + r"\b", text)
    return tag, line, (match.start() + 1) if match else 1


def _sets_inline(tokens: Sequence[tuple[int, str, str]]) -> bool:
    """Whether a `{% set %}` assigns within its tag (`{% set x = 1 %}`) instead of opening a block."""
    for _, kind, value in tokens:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False


def _syntax_hint(exc: jinja2.TemplateSyntaxError) -> str | None:
    message = exc.message or ""
    match = re.search(r"No filter named '([^']+)'", message)
    if match:
        return did_you_mean(match.group(1), ["markdown", "inline", *sorted(jinja2.filters.FILTERS)])
    if "Unexpected end of template" in message or "unknown tag" in message:
        return "check that every {% if %}, {% for %}, {% block %} and {% macro %} has its end tag"
    return None
