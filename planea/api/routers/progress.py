"""Progress updates: an activity's reports, and a new one.

A report is written against the activity's `version`, as read: if someone
reported (or edited the activity) since, nothing is saved and the answer is
409 with the version now, so that the caller can read again and retry.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from planea.accounts.policy import Action
from planea.plans.models import ActivityStatus
from planea.tracking.models import DateOutOfRange, ProgressUpdate, record_progress, shortfalls

from ..auth import WRITE_AUTH
from ..common import FieldRefused, allow
from ..pagination import PageParams, paginate
from ..schemas import (
    ERRORS_READ,
    ERRORS_WRITE,
    Conflict,
    Id,
    ProgressIn,
    ProgressPage,
    ProgressRecorded,
)
from .activities import get_visible_activity

router = Router(tags=["progress"])


@router.get(
    "/activities/{activity_id}/progress",
    response={200: ProgressPage, **ERRORS_READ},
    summary="List an activity's progress updates",
)
def list_progress(request: HttpRequest, activity_id: Id, page: Query[PageParams]):
    """Oldest first: the history of where the activity stood. Withdrawn
    reports are listed, marked `withdrawn`; the activity's status follows
    the others."""
    activity = get_visible_activity(request, activity_id)
    updates = ProgressUpdate.objects.filter(activity=activity).select_related("author")
    return paginate(request, updates.order_by("date", "created", "pk"), page)


@router.post(
    "/activities/{activity_id}/progress",
    response={201: ProgressRecorded, 409: Conflict, **ERRORS_WRITE},
    summary="Report progress on an activity",
    auth=WRITE_AUTH,
)
def create_progress(request: HttpRequest, activity_id: Id, payload: ProgressIn):
    """Report where the activity stands. Send the `version` you read with
    the activity: a report written on a stale version is refused (409)."""
    activity = get_visible_activity(request, activity_id, products=False)
    user = allow(
        request,
        Action.REPORT_PROGRESS,
        activity,
        "You may not report progress on this activity: only its lead's coordinators and "
        "the network's Secretariat may, while the plan is adopted and not closed.",
    )
    short = []
    # A stale report is a conflict (409) first, whatever it says.
    if payload.status.value == ActivityStatus.DONE and payload.version == activity.version:
        short = shortfalls(activity)
        if short and not payload.confirm_short_of_target:
            raise FieldRefused(
                "confirm_short_of_target",
                "Some products are short of their target: "
                + "; ".join(f"{s.product.description}: {s.delivered} of {s.target}" for s in short)
                + ". Send confirm_short_of_target: true to report `done` all the same.",
            )
    try:
        update = record_progress(
            activity,
            author=user,
            status=payload.status.value,
            note=payload.note,
            date=payload.date,
            seen_version=payload.version,
            short_of_target_confirmed=bool(short),
            percent_complete=payload.percent_complete,
        )
    except DateOutOfRange as refused:
        raise FieldRefused("date", refused.message) from None
    update.activity_version = activity.version
    return Status(201, update)
