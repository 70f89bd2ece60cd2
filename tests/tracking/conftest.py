"""Tests marked `postgres` need a real PostgreSQL server: they are skipped
on SQLite (run them with scripts/with-postgres)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run under scripts/with-postgres")
