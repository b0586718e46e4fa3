"""Shared pytest options: --update-golden rewrites golden and diagnostics expectations."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/*/expected and tests/diagnostics/*/expected.txt from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites expected files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
