"""cmi5: cmi5.xml course structure for one AU, xAPI statements to the LMS's LRS, state in the State API."""

from compiler.targets.cmi5.target import TARGET

__all__ = ["TARGET"]
