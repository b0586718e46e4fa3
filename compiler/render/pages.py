"""Course + Theme + Runtime -> {archive path: bytes} of index.html, the runtime and the theme's assets; pure."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import partial

import jinja2

from compiler.diagnostics import Diagnostic, SourceSpan, error
from compiler.model.course import Course
from compiler.model.links import CourseLinks
from compiler.render import context
from compiler.render.context import build_index_page
from compiler.render.font_cache import FontCache
from compiler.render.fonts import FontError, build_font_files, page_font, text_codepoints
from compiler.render.images import image_sizes
from compiler.render.markdown import LinkContext, render_inline, render_markdown
from compiler.render.messages import MessageKeyError, bind_messages
from compiler.render.minify import minify_assets
from compiler.render.page_bodies import LOADER, split_page_bodies
from compiler.render.runtime_files import (
    COURSE_SCRIPT,
    COURSE_STYLE,
    Runtime,
    build_block_assets,
    build_runtime,
    join_assets,
    runtime_file,
)
from compiler.render.templates import template_location
from compiler.render.theme import Theme

INDEX_TEMPLATE = "index.html"
"""The one page of the package (a single SCO with client-side navigation)."""

# Errors a template can raise while rendering: jinja's own, and Python errors from expressions
# (e.g. `{{ 1 / 0 }}`, a filter given None). They become E404 only when raised in a template frame.
_EXPRESSION_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError)


_MISSING_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$")


def _explain_undefined(
    message: str, span: SourceSpan | None, sources: Mapping[str, str]
) -> tuple[str, str | None, SourceSpan | None]:
    """Turn jinja's "'compiler...IndexPage object' has no attribute 'x'" into the template's own words."""
    match = _MISSING_ATTRIBUTE.match(message)
    if match is None:
        return f"template error: {message}", None, span
    class_name, attribute = match.groups()
    context_type = getattr(context, class_name, None)
    fields = sorted(f.name for f in dataclasses.fields(context_type)) if dataclasses.is_dataclass(context_type) else []
    hint = ("it has: " + ", ".join(fields)) if fields else None
    expression = attribute
    if span is not None and span.line > 0:
        line = sources.get(span.path, "").split("\n")[span.line - 1 : span.line]
        found = re.search(rf"[\w.]*\.{attribute}\b", line[0]) if line else None
        if found is not None:
            expression = found.group(0)
            span = dataclasses.replace(span, column=found.start() + 1, end_line=span.line, end_column=found.end() + 1)
    owner = expression.rsplit(".", 1)[0] if "." in expression else class_name
    return f"template error: '{owner}' has no attribute '{attribute}'", hint, span


def _is_course_template(exc: BaseException, known: frozenset[str]) -> bool:
    """Whether the error is in the course's own templates/ (labelled by their course-relative path)."""
    span = template_location(exc, known)
    return span is not None and span.path.startswith("templates/")


def render_course(
    course: Course,
    theme: Theme,
    runtime: Runtime | None = None,
    media: Mapping[str, bytes] | None = None,
    font_cache: FontCache | None = None,
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Render index.html with the shared runtime and the theme's assets (not the media); the same for every target.

    The target's part (`runtime/target.js`, runtime_files.build_tracker_part) is not among the files:
    the orchestrator adds it per package. `media` are the course files the package will hold, by
    path; images among them get explicit sizes. `font_cache` keeps the typeface's subsets between
    compiles (`compiler.render.font_cache`).
    """
    if runtime is None:
        runtime = build_runtime()
    language = theme.select_language(course.config.language)
    if language is None:
        return {}, [
            error(
                "E404",
                f"theme '{theme.name}' has no messages for '{course.config.language}' nor for English",
                SourceSpan(f"{theme.chain[0].label}/messages", 0, 0),
                f"add messages/{course.config.language}/*.yaml to the theme",
            )
        ]
    catalogue = theme.messages[language]
    # Only the blocks the course uses: a course without tabs carries no tabs script or style.
    blocks = build_block_assets(course.block_kinds())
    # One stylesheet and one script per package (bench/weight.py: each file is gzipped on its own, so
    # files joined weigh less, and are one request): the blocks' and the theme's scripts travel
    # inside runtime/target.js, after the core and the target's tracker (api.py joins them per target).
    joined_styles = (*(theme.config.styles or ()), *blocks.styles)
    joined_scripts = (*blocks.scripts, *(theme.config.scripts or ()))
    page = build_index_page(
        course,
        catalogue=catalogue,
        default_colour=theme.primary_color,
        styles=(COURSE_STYLE,) if joined_styles else (),
        scripts=runtime.scripts,
        image_sizes=image_sizes(media or {}),
        font=page_font(theme.config.font),
    )
    environment = bind_messages(theme.environment, catalogue, language)
    links = LinkContext(
        CourseLinks.build(course.lessons, course.quiz is not None),
        catalogue.get("layout.new_window", "(opens in a new window)"),
    )
    # The overlay's own filters: links resolve against this course, in its language.
    environment.filters = {
        **environment.filters,
        "markdown": partial(render_markdown, context=links),
        "inline": partial(render_inline, context=links),
    }
    known = frozenset(theme.sources)
    try:
        html = environment.get_template(INDEX_TEMPLATE).render(page=page)
    except jinja2.TemplateSyntaxError as exc:
        span = template_location(exc, known)
        return {}, [error("E403", f"template syntax error: {exc.message}", span)]
    except jinja2.UndefinedError as exc:
        span = template_location(exc, known)
        message, hint, span = _explain_undefined(exc.message or "", span, theme.sources)
        return {}, [error("E404", message, span, hint)]
    except MessageKeyError as exc:
        if exc.placeholder is None:
            hint = f"add '{exc.key}: …' to messages/{language}/ of the theme"
            if _is_course_template(exc, known):
                hint = (
                    f"your template asks the theme for '{exc.key}': write the text in the template, or add "
                    f"the key to messages/{language}/ of a theme that extends the default"
                )
        else:
            hint = f'write t("{exc.key}", {exc.placeholder}=…) in the template'
        return {}, [error("E404", str(exc), template_location(exc, known), hint)]
    except jinja2.TemplateError as exc:
        return {}, [
            error("E404", f"template error: {exc.message or type(exc).__name__}", template_location(exc, known))
        ]
    except RecursionError as exc:
        return {}, [
            error(
                "E404",
                "template error: a template extends or includes itself without end",
                template_location(exc, known),
                'to build on the theme\'s version of a template, write {% extends "parent:<name>" %}',
            )
        ]
    except _EXPRESSION_ERRORS as exc:
        span = template_location(exc, known)
        if span is None:
            raise  # not raised by a template: a bug in coursec, not in the theme
        return {}, [error("E404", f"template error: {type(exc).__name__}: {exc}", span)]
    # The compiler's runtime wins over a theme file at the same path: themes own presentation only.
    # A long course's lesson bodies load when the lesson is opened, not with index.html.
    html, page_files = split_page_bodies(html, runtime_file(LOADER))
    assets = minify_assets({**theme.assets, **blocks.files, **runtime.files, **page_files})
    assets = join_assets(assets, joined_styles, COURSE_STYLE)
    assets = join_assets(assets, joined_scripts, COURSE_SCRIPT)
    files = {INDEX_TEMPLATE: html.encode("utf-8"), **assets}
    if page.font is not None:
        # Every text the package can show: the page, and what the stylesheets and scripts write into it.
        scripts = (data for path, data in files.items() if path.endswith((".css", ".js")))
        texts = [html, *(data.decode("utf-8", "replace") for data in scripts)]
        try:
            files.update(build_font_files(page.font, theme.fonts, text_codepoints(texts), font_cache))
        except FontError as exc:
            label = theme.font_labels.get(exc.path, exc.path)
            return {}, [
                error(
                    "E402",
                    f"cannot read this font file: {exc}",
                    SourceSpan(label, 0, 0),
                    "give a TrueType, OpenType or WOFF file, or set 'font: system' in theme.yaml",
                )
            ]
    return dict(sorted(files.items())), []
