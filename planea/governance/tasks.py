"""Governance's background work (django-tasks): a large plan document,
confirmed on the import page, stored by a worker (`intake.run_job`, the
same store the page calls for a small one).

A task is enqueued once its job's row is committed (the view runs in
autocommit), never inside a transaction a worker could not yet see.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from . import intake
from .models import ImportJob

logger = logging.getLogger(__name__)


@task()
def store_import(job_id: int) -> None:
    intake.run_job(job_id)


def queue_import(job: ImportJob) -> ImportJob:
    """Queue `job` for a worker; with a backend that runs tasks at once (the
    tests') it comes back stored or failed."""
    try:
        result = store_import.enqueue(job.pk)
    except Exception:
        # The queue's store is down: the job's page says so, the log why.
        logger.exception("import job %s could not be queued", job.pk)
        intake.abandon(job, _("The import could not be queued."))
        job.refresh_from_db()
        return job
    # An update, not save(): an immediate backend has already written the
    # job's outcome, which a save of this stale copy would undo.
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job
