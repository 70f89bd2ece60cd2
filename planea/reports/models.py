"""Stored builds of the annual report: a PDF or Word report is made once per
state of the plan, in the background, and served from storage after that
(`planea.reports.builds` says how; `planea.reports.tasks` runs it).

A build's key is what its bytes depend on: the plan, the format, the
language, the audience (what the reader may see of the plan's evidence),
the plan's day (overdue counts move with it) and the data stamp (every
write to public data moves it, `planea.core.stamp`). The key is unique in
the database, so two servers asked for the same report at once make one
build between them: the second insert fails and reads the first's row.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone

from planea.plans.models import Plan

# Queued or running this long, a build is taken as lost (a worker that died
# with it) and may be asked for again: well beyond the 2,000-activity PDF,
# which takes some 90 CPU-seconds, minutes on a busy machine.
STALE_AFTER = dt.timedelta(minutes=30)


def report_storage() -> Storage:
    """Where built reports are kept (STORAGES["reports"]), looked up each
    time, so that a test or a deployment may point it elsewhere."""
    return storages["reports"]


class Audience(models.TextChoices):
    """What a reader may see of a plan's evidence: the one thing in the
    report that depends on who reads it (`planea.reports.data`)."""

    PUBLIC = "public"
    MEMBERS = "members"


# Seen by operators only (the admin, the shell): the reader is told in words.
class BuildStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


class ReportBuildQuerySet(models.QuerySet["ReportBuild"]):
    def superseded_by(self, build: ReportBuild) -> ReportBuildQuerySet:
        """Earlier builds of the same report for the same readers: once
        `build` is ready, nobody is served them again."""
        return self.filter(
            plan_id=build.plan_id,
            fmt=build.fmt,
            language=build.language,
            audience=build.audience,
        ).exclude(pk=build.pk)


class ReportBuild(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_builds")
    fmt = models.CharField(max_length=8)
    language = models.CharField(max_length=8)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    day = models.DateField()
    stamp = models.BigIntegerField()
    status = models.CharField(max_length=8, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    # The reader who asked first: a members' report is built as someone
    # who may read it, the policy checked again when it is built.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The file's name in report_storage(); a plain name rather than a
    # FileField, whose storage would be looked up once, at import.
    path = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    objects = ReportBuildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fmt", "language", "audience", "day", "stamp"],
                name="reports_build_once_per_state",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.fmt} {self.language} {self.audience} @{self.stamp}"

    @property
    def is_ready(self) -> bool:
        return self.status == BuildStatus.READY

    @property
    def has_failed(self) -> bool:
        return self.status == BuildStatus.FAILED

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """Queued or running for longer than any build takes."""
        unfinished = self.status in (BuildStatus.QUEUED, BuildStatus.RUNNING)
        return unfinished and (now or timezone.now()) - self.created > STALE_AFTER

    @property
    def may_retry(self) -> bool:
        return self.has_failed or self.is_stale()
