"""A site moved from SQLite to PostgreSQL and back with `planea backup` and
`planea restore`, each run as the operator would run it: a command of its
own, pointed at its database by DATABASE_URL.

The PostgreSQL side is a database made for the test on the server the suite
runs on (scripts/with-postgres), so the test is skipped on SQLite runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ops.postgres import database_copy
from tests.ops.site import files_under

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    """Where one copy of the site lives: its database and its MEDIA_ROOT."""

    database: str
    media: Path

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        """`python ARGV` against this copy, as its own process."""
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")},
            "DATABASE_URL": self.database,
            "MEDIA_ROOT": str(self.media),
            "PLANEA_VAR_DIR": str(self.media.parent / "var"),
            "DB_CONN_MAX_AGE": "0",
        }
        done = subprocess.run(
            [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done

    def planea(self, *argv: str) -> subprocess.CompletedProcess:
        return self.run("-m", "planea", *argv)

    def site_script(self, *argv: str) -> dict:
        return json.loads(self.run("-m", "tests.ops.site", *argv).stdout.splitlines()[-1])


def rows(archive: Path) -> dict[str, list]:
    """Every table's rows, as JSON values (so that the key order PostgreSQL
    gives a JSON column does not count), NUL characters left out."""
    with zipfile.ZipFile(archive) as opened:
        return {
            name: [
                json.loads(line.replace("\\u0000", ""))
                for line in opened.read(name).decode().splitlines()
            ]
            for name in opened.namelist()
            if name.startswith("data/")
        }


@pytest.fixture
def postgres_database(tmp_path):
    """The URL of a new, empty, migrated database on the suite's server."""
    with database_copy("planea_restore") as url:
        yield url


def test_a_site_goes_from_sqlite_to_postgresql_and_back_and_reads_the_same(
    tmp_path, postgres_database
):
    first = Site(f"sqlite:///{tmp_path / 'first.sqlite3'}", tmp_path / "uploads-first")
    postgres = Site(postgres_database, tmp_path / "uploads-postgres")
    last = Site(f"sqlite:///{tmp_path / 'last.sqlite3'}", tmp_path / "uploads-last")
    from_sqlite, from_postgres = tmp_path / "from-sqlite.zip", tmp_path / "from-postgres.zip"

    built = first.site_script("build", "--nul", str(tmp_path / "last.sqlite3"))
    first.planea("backup", str(from_sqlite))
    restored = postgres.planea("restore", str(from_sqlite))
    postgres.planea("backup", str(from_postgres))
    last.planea("restore", str(from_postgres))
    after = last.site_script("snapshot", built["secret"])

    # The two NUL characters of one note, and of its row in the audit trail.
    assert "Removed 4 NUL characters from 2 text values (PostgreSQL" in restored.stderr
    assert rows(from_postgres) == rows(from_sqlite)
    assert after["pages"] == built["pages"]
    assert files_under(last.media) == files_under(first.media)
    assert len(files_under(first.media)) == 3
