"""`planea worker`: run the background tasks (report builds, reminders)
queued in the database: django-tasks' `db_worker` under Planea's name.

One per machine beside the app server (docs/operations.md); `make run`
starts one with the development server and stops it with it. `--batch`
runs what is queued and exits (a cron job, a test); `--no-reload` keeps it
from restarting itself on code changes, which it does by default when DEBUG
is on. Every option of `db_worker` applies: `planea worker --help`.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = (
        "Run Planea's background tasks (report builds, reminders) as they are queued "
        "in the database; stop with Ctrl+C or SIGTERM, which lets a running task finish."
    )
