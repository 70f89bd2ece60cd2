"""Tracking's background work (django-tasks): the reminders.

`planea remind --background` queues a round for the worker instead of
sending it from the shell; a scheduler (cron, a systemd timer) may call
either form (docs/operations.md). The round is the same service,
`reminders.send_reminders`, whoever runs it.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .reminders import send_reminders


@task()
def send_reminders_task(today: str, days: int) -> dict:
    """A round of reminders as of `today` (YYYY-MM-DD: task arguments are
    JSON); what it did, kept as the task's result."""
    outcome = send_reminders(dt.date.fromisoformat(today), days)
    if outcome.failed:
        # A failed task: its result names who got nothing, for the operator.
        raise RuntimeError(f"{len(outcome.failed)} reminder(s) not sent: {outcome.failed}")
    return {"sent": outcome.sent}
