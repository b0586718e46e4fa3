"""SCORM 2004 4th Edition: imsmanifest.xml with sequencing for one SCO, API_1484_11, 64,000 characters of state."""

from compiler.targets.scorm2004.target import TARGET

__all__ = ["TARGET"]
