"""Tests marked `postgres` are skipped on SQLite, as the tracking tests' are."""

from tests.tracking.conftest import _postgres_only  # noqa: F401  (an autouse fixture)
