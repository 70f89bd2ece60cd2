"""The annual report built once per state of the plan, and kept.

A PDF of a large plan takes seconds to make (48 s for 2,000 activities
before issue 13), and nobody's click should wait for it, nor should the same
bytes be made twice. So a PDF or Word report is a `ReportBuild`: found by
its key (`key_for`), made in the background by a worker (`run`, called by
`planea.reports.tasks.build_report`), and served from storage after that.

The key holds everything the bytes depend on, so that a stored build is
never served to someone who would have been shown something else:

- the audience: the report lists the evidence its reader may see, and a
  member of the plan's network (or a superuser) sees members-only evidence
  the public does not (`policy.visible_evidence`); nothing else in it
  depends on the reader;
- the language: every label Planea writes is in the reader's;
- the plan's day: what is overdue is counted as of it;
- the data stamp: a counter every write to public data moves
  (`planea.core.stamp`); a progress report, a contribution, a translation or
  a new piece of evidence moves it, and the next request asks for a new build.

Links in a stored report point at SITE_URL, as the command line's do: the
bytes are the same whichever server made them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from planea.accounts.policy import roles_of
from planea.core import stamp
from planea.plans.models import Plan

from .data import annual_report
from .formats import REPORTS, render_report
from .models import Audience, BuildStatus, ReportBuild, report_storage

# Made in the background: the formats that take seconds on a large plan.
# The HTML page and the Markdown take a fraction of one and stay immediate.
BACKGROUND_FORMATS = frozenset({"pdf", "docx"})
# What an operator reads in the admin; the reader is told only that it failed.
ERROR_CHARS = 2000


@dataclass(frozen=True)
class Key:
    plan_id: int
    fmt: str
    language: str
    audience: str
    day: date
    stamp: int


def audience_of(user: Any, plan: Plan) -> Audience:
    """The readers `user` reads the report with: whoever may see members-only
    evidence of the plan's network (its members, a superuser) reads what
    the members read; anyone else what the public reads. The same rule as
    `policy.visible_evidence`, for a plan the reader may see."""
    if roles_of(user).is_member(plan.network_id):
        return Audience.MEMBERS
    return Audience.PUBLIC


def key_for(plan: Plan, fmt: str, user: Any, language: str | None = None) -> Key:
    """The state of the report `user` would read now: one query, the stamp."""
    return Key(
        plan_id=plan.pk,
        fmt=fmt,
        language=language or translation.get_language() or "es",
        audience=audience_of(user, plan),
        day=plan.as_of(),
        stamp=stamp.read(),
    )


def find_or_create(key: Key, user: Any) -> tuple[ReportBuild, bool]:
    """The build of `key`, and whether this call made it. Two servers asked
    at once both try to insert; the unique key lets one through and the
    other reads its row, so each state is built once."""
    fields = asdict(key)
    found = ReportBuild.objects.filter(**fields).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return ReportBuild.objects.create(**fields, requested_by=_asker(user)), True
    except IntegrityError:
        return ReportBuild.objects.get(**fields), False


def requeue(build: ReportBuild, user: Any) -> bool:
    """Put a failed or lost build back in the queue, to be built as `user`
    reads it (the reader who asked first may have left the network since);
    whether it was one."""
    if not build.may_retry:
        return False
    changes: dict[str, Any] = {"requested_by": _asker(user)} if _asker(user) else {}
    ReportBuild.objects.filter(pk=build.pk).update(
        status=BuildStatus.QUEUED, error="", created=timezone.now(), finished=None, **changes
    )
    return True


def _asker(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def read(build: ReportBuild) -> bytes:
    """The stored bytes of a ready build; FileNotFoundError if its file is
    gone (a restore, a cleaned disk): `forget` it and build again."""
    with report_storage().open(build.path, "rb") as stored:
        return stored.read()


def forget(build: ReportBuild) -> None:
    ReportBuild.objects.filter(pk=build.pk).delete()


# ---------------------------------------------------------------------------
# In the worker.


def run(build_id: int) -> None:
    """Make the report of build `build_id` and store it. A build is claimed
    by moving it from queued to running, so a task delivered twice, or a
    build another worker holds, is not made again."""
    claimed = ReportBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING
    )
    if not claimed:
        return
    build = ReportBuild.objects.select_related("plan__network", "requested_by").get(pk=build_id)
    try:
        body = render(build)
    except Exception as exc:
        ReportBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:ERROR_CHARS],
            finished=timezone.now(),
        )
        raise
    name = report_storage().save(
        f"builds/{build.plan_id}/{build.pk}.{REPORTS[build.fmt].extension}", ContentFile(body)
    )
    with transaction.atomic():
        ReportBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.READY, path=name, finished=timezone.now()
        )
        build.refresh_from_db()
        _drop_superseded(build)


def render(build: ReportBuild) -> bytes:
    """The report's bytes, as its audience reads it, in its language, as of
    its day. A members' report is built as the member who asked, the policy
    checked again: one who has left the network since gets no build."""
    reader = AnonymousUser() if build.audience == Audience.PUBLIC else build.requested_by
    if reader is None or audience_of(reader, build.plan) != build.audience:
        raise PermissionDenied("no reader of this audience to build the report as")
    with translation.override(build.language):
        return render_report(annual_report(build.plan, reader, build.day), build.fmt)


def _drop_superseded(build: ReportBuild) -> None:
    """Builds of earlier states of the same report, and their files: no one
    is served them again. Unfinished ones are left to their worker."""
    older = ReportBuild.objects.superseded_by(build).filter(
        created__lt=build.created, status__in=(BuildStatus.READY, BuildStatus.FAILED)
    )
    storage = report_storage()
    names = [name for name in older.values_list("path", flat=True) if name]
    older.delete()

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    # After the rows: a file is removed only once nothing can point at it.
    transaction.on_commit(remove_files)
