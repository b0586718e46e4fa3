"""Render stage: validated Course + theme -> {archive path: bytes} of pages and assets."""
