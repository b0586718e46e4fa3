"""Fixtures of the test LRS lane: a running LRSServer, stopped after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import LRSServer

PUBLISHER_AU = "https://example.org/cmi5/demo-course/au"
AU_URL = "https://au.coursec-test.invalid/index.html"


@pytest.fixture
def lrs() -> Iterator[LRSServer]:
    """A running test LRS."""
    with LRSServer() as server:
        yield server
