"""`planea backup FILE`: the database and every stored file in one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from planea.ops.archive import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write the whole site -- every table and every file under MEDIA_ROOT -- to one zip "
        "archive, read in one transaction, with a manifest and a SHA-256 of every member."
    )

    # A backup must run even when a system check fails: that is when one is
    # needed most.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write, e.g. planea-2017-06-30.zip")
        parser.add_argument(
            "--force", action="store_true", help="replace FILE if it already exists"
        )

    def handle(self, *args, file: str, force: bool, **options) -> None:
        path = Path(file)
        if path.is_dir():
            raise CommandError(f"{file} is a directory: name the archive to write")
        if path.exists() and not force:
            raise CommandError(f"{file} already exists: choose another name, or --force")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such directory")
        try:
            summary = write_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:
            raise CommandError(f"the database could not be read ({_first_line(exc)})") from None
        except OSError as exc:
            raise CommandError(f"{file} could not be written ({exc})") from None
        for name in summary.missing_files:
            self.stderr.write(f"warning: {name} is named in the database but missing on disk")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.rows} rows of {summary.models} tables and "
                f"{summary.files} files ({summary.bytes:,} bytes) to {file}."
            )
        )


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
