"""`planea restore FILE`: an archive made by `planea backup` into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from planea.ops.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `planea backup` into an empty database made by "
        "`planea migrate` (SQLite or PostgreSQL, whichever made the archive), and its "
        "files into MEDIA_ROOT. All or nothing."
    )

    # Restoring is how a broken site is mended: no system check may stand in
    # its way (the archive and the database are checked below).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive made by `planea backup`")

    def handle(self, *args, file: str, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            summary = restore_backup(path)
        except BackupError as exc:
            raise CommandError(f"{file}: {exc}. Nothing was restored.") from None
        except OSError as exc:
            raise CommandError(f"{file} could not be read ({exc}). Nothing was restored.") from None
        except DatabaseError as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(
                f"the database could not be read ({first}). Nothing was restored."
            ) from None
        if summary.nul_characters:
            self.stderr.write(
                f"Removed {summary.nul_characters} NUL characters from {summary.nul_values} "
                "text values (PostgreSQL cannot store them)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows} rows of {summary.models} tables and {summary.files} "
                f"files from {file} (made {summary.created_at} on {summary.engine} "
                f"by Planea {summary.planea_version})."
            )
        )
