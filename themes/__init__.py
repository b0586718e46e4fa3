"""Themes shipped with coursec (package data; installed as `compiler.themes`, see setup.py)."""
