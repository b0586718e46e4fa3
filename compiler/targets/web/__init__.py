"""Plain web: a static site for any web server or intranet page; progress in localStorage, no LMS."""

from compiler.targets.web.target import TARGET

__all__ = ["TARGET"]
