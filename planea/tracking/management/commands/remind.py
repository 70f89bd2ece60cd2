"""`planea remind [--dry-run] [--background] [--today YYYY-MM-DD] [--days 30]`:
e-mail each lead's coordinators a digest of their overdue and upcoming
commitments; with --background, queue that for the worker (`planea worker`).

Run daily or weekly by cron or a systemd timer (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planea.core import clock
from planea.plans.models import DUE_SOON_DAYS
from planea.tracking.reminders import digests, send_reminders
from planea.tracking.tasks import send_reminders_task


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "E-mail each coordinator one digest of the commitments their organisation leads "
        "that are overdue or due soon, in their language."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say who would get what, and send nothing",
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="the date to count from (default: today, in the site's time zone)",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the round for the background worker (planea worker) instead",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DUE_SOON_DAYS,
            help=f"how far ahead a commitment counts as upcoming (default: {DUE_SOON_DAYS})",
        )

    def handle(self, *args, **options) -> None:
        today = _date(options["today"]) if options["today"] else clock.today()
        days = options["days"]
        if days < 0:
            raise CommandError("--days cannot be negative")
        found = digests(today, days)
        if options["dry_run"]:
            for digest in found:
                self.stdout.write(
                    f"would send to {digest.user.email} ({digest.language}): "
                    f"{len(digest.overdue)} overdue, {len(digest.upcoming)} upcoming"
                )
            self.stdout.write(f"Dry run: {len(found)} reminder(s) would be sent; none was.")
            return
        if options["background"]:
            result = send_reminders_task.enqueue(today.isoformat(), days)
            self.stdout.write(
                f"Queued {len(found)} reminder(s) for {today.isoformat()} (task {result.id}): "
                "the worker sends them."
            )
            return
        outcome = send_reminders(today, days)
        self.stdout.write(f"Sent {outcome.sent} reminder(s) for {today.isoformat()}.")
        if outcome.failed:
            for line in outcome.failed:
                self.stderr.write(f"not sent to {line}")
            raise CommandError(f"{len(outcome.failed)} reminder(s) could not be sent")
