"""Tests marked `postgres` are skipped on SQLite, as the tracking tests' are.

These tests read pages in English (their text is stable across translation
passes); a request leaves its language active in the thread, so each test
puts the default back for whatever test runs next in the same worker."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.tracking.conftest import _postgres_only  # noqa: F401  (an autouse fixture)


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    yield
    translation.deactivate()
