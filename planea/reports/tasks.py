"""The reports' background work (django-tasks): a PDF or Word report is
built by a worker, once per state of the plan (`planea.reports.builds`).

A task is enqueued right after its build's row is committed (the view runs
in autocommit), never inside a transaction a worker could not yet see.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from planea.plans.models import Plan

from . import builds
from .models import ReportBuild


@task()
def build_report(build_id: int) -> None:
    builds.run(build_id)


def request_report(plan: Plan, fmt: str, user: Any) -> ReportBuild:
    """The build of the report `user` would read now: found, or made and
    queued. With a backend that runs tasks at once (the tests') it comes
    back ready."""
    build, created = builds.find_or_create(builds.key_for(plan, fmt, user), user)
    if created:
        _enqueue(build)
        build.refresh_from_db()
    return build


def retry_report(build: ReportBuild, user: Any) -> ReportBuild:
    """Queue a failed or lost build again, to be built as `user` reads it."""
    if builds.requeue(build, user):
        _enqueue(build)
    build.refresh_from_db()
    return build


def _enqueue(build: ReportBuild) -> None:
    result = build_report.enqueue(build.pk)
    # An update, not save(): an immediate backend has already written the
    # build's outcome, which a save of this stale copy would undo.
    ReportBuild.objects.filter(pk=build.pk).update(task_id=str(result.id))
