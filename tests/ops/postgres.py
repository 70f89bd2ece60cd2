"""A database of its own on the suite's PostgreSQL server, for tests whose
processes (servers, workers, `planea` commands) must see committed data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import psycopg
from django.db import connection


@contextmanager
def database_copy(prefix: str) -> Iterator[str]:
    """The URL of a new database named `prefix_…`: a copy of the empty,
    migrated test database (a transactional test starts it empty), dropped
    afterwards."""
    settings = connection.settings_dict
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "dbname": "postgres",
    }
    # A template may have no other connection open: ours is closed here and
    # reopens on its own when next used.
    connection.close()
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    try:
        yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
