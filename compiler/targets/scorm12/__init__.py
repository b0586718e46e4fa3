"""SCORM 1.2: imsmanifest.xml with the official XSDs, cmi.core.* tracking, 4,096 characters of state."""

from compiler.targets.scorm12.target import TARGET

__all__ = ["TARGET"]
