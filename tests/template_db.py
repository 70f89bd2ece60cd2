"""The SQLite test database, migrated once per state of the code and copied
into every test process after that.

Migrating Planea's fifty migrations costs some five CPU-seconds, and `make
test` used to pay it in each process that opens a test database: the suite's
workers, then the browser tests' workers. On two cores that was over ten
seconds of the five minutes. Now the first process to need the database
migrates it as Django always does and saves a copy under var/test-databases/;
the others wait for it (a file lock) and load the copy with SQLite's backup
API, in milliseconds. A change to any of Planea's Python files or to the
locked packages names a new copy, so a copy never outlives the migrations,
signal handlers (the data stamp's triggers) or third-party apps it was made
with.

Only in-memory SQLite test databases are copied: PostgreSQL and file
databases are created as Django creates them.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.backends.sqlite3.creation import DatabaseCreation

ROOT = Path(__file__).resolve().parents[1]
COPIES = ROOT / "var" / "test-databases"

_create_test_db = DatabaseCreation.create_test_db


def install() -> None:
    """Route SQLite's test-database creation through the saved copy."""
    DatabaseCreation.create_test_db = _create_or_copy  # type: ignore[method-assign]


def _create_or_copy(
    creation: DatabaseCreation,
    verbosity: int = 1,
    autoclobber: bool = False,
    serialize: bool = True,
    keepdb: bool = False,
) -> str:
    name = creation._get_test_db_name()
    if keepdb or not creation.is_in_memory_db(name):
        return _create_test_db(creation, verbosity, autoclobber, serialize, keepdb)
    copy = COPIES / f"{_state_of_the_code()}.sqlite3"
    with _locked(COPIES / "lock"):
        if not copy.exists():
            name = _create_test_db(creation, verbosity, autoclobber, serialize, keepdb)
            _save(creation.connection.connection, copy)
            return name
    connection = creation.connection
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    return name


def _state_of_the_code() -> str:
    """A digest of what a migrated database depends on."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "planea").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "requirements" / "lock-test.txt").read_bytes())
    return digest.hexdigest()[:20]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save(database: sqlite3.Connection, copy: Path) -> None:
    """Write the migrated database to `copy`, replacing older copies; written
    aside and renamed, so a reader never sees half a file."""
    for old in copy.parent.glob("*.sqlite3"):
        old.unlink()
    partial = copy.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        database.backup(target)
    finally:
        target.close()
    partial.replace(copy)
