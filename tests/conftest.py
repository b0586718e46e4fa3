"""Shared pytest options (--update-golden rewrites golden and diagnostics expectations) and fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

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


@pytest.fixture(autouse=True, scope="session")
def _template_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates go to a folder of this test session, not the user's cache (COURSEC_CACHE_DIR)."""
    before = os.environ.get("COURSEC_CACHE_DIR")
    os.environ["COURSEC_CACHE_DIR"] = str(tmp_path_factory.mktemp("coursec-cache"))
    yield
    if before is None:
        del os.environ["COURSEC_CACHE_DIR"]
    else:
        os.environ["COURSEC_CACHE_DIR"] = before
