"""`python -m compiler`: the same entry point as the `coursec` script."""

from compiler.cli import run

run()
