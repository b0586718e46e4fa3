"""Targets: one subpackage per standard (SCORM 1.2, SCORM 2004, web, cmi5) behind `base.Target`."""
