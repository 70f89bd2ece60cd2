"""Meetings as the plan sees them: series scheduled from one rule, minutes
that count toward products' targets, and the meetings of a plan's year for
its calendar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal

from planea.accounts import policy
from planea.accounts.policy import Action
from planea.core import uploads
from planea.plans.models import Plan

from .models import Meeting, MeetingSeries

if TYPE_CHECKING:
    from .forms import MeetingForm

# Sent with `meeting` and `user` whenever a meeting's minutes or products change.
MINUTES_CHANGED = Signal()


def meetings_for_plan(plan: Plan) -> QuerySet[Meeting]:
    """The meetings of `plan`'s year, for its calendar feed: those of its
    network dated in the plan's year, and any other that served one of its
    activities or products. In date order, with what a calendar entry shows
    fetched: `title`, `date`, `start_time`/`end_time` (None for all day),
    `place`, `link`, `kind`, `organisation.name`, `host_country`,
    `get_absolute_url()`, and `calendar_uid` for a stable UID."""
    in_year = Q(network_id=plan.network_id, date__year=plan.year)
    served = Q(activities__plan=plan) | Q(products__activity__plan=plan)
    ids = Meeting.objects.filter(in_year | served).values("pk")
    return (
        Meeting.objects.filter(pk__in=ids)
        .select_related("network", "organisation", "host_country")
        .order_by("date", "start_time", "pk")
    )


def minutes_changed(meeting: Meeting, user=None) -> None:
    """Say that `meeting`'s minutes, or the products it serves, changed. The
    minutes count toward those products' targets as evidence, which tracking
    keeps (planea.tracking.minutes answers this signal, in the same
    transaction): the meeting's record does not know how progress is kept."""
    MINUTES_CHANGED.send(sender=Meeting, meeting=meeting, user=user)


def record_minutes(meeting: Meeting, user, minutes: str, *, public: bool | None = None) -> None:
    """Record the minutes' text and let them count (see minutes_changed)."""
    with transaction.atomic():
        meeting.minutes = minutes
        fields = ["minutes", "updated"]
        if public is not None:
            meeting.minutes_public = public
            fields.append("minutes_public")
        meeting.save(update_fields=fields)
        minutes_changed(meeting, user)


def save_meeting(form: MeetingForm, user, previous_file: str = "") -> Meeting:
    """Save what the meeting's form says (the meeting's page and the API
    alike), with the signed minutes if a file came, in one transaction that
    keeps the minutes' evidence in step; refused (PermissionDenied) unless
    `user` may record this meeting. A replaced file is deleted once the
    transaction has committed."""
    meeting = form.save(commit=False)
    policy.require(user, Action.RECORD_MEETING, meeting)
    with uploads.atomic_with_upload(meeting.minutes_file):
        if meeting.pk is None:
            meeting.created_by = user
        if form.checked is not None:
            upload = form.cleaned_data["minutes_file"]
            meeting.minutes_file.save(upload.name, upload, save=False)
        elif not meeting.minutes_file:
            meeting.minutes_content_type = ""
            meeting.minutes_size = None
            meeting.minutes_original_name = ""
        meeting.save()
        form.save_m2m()
        minutes_changed(meeting, user)
    if previous_file and previous_file != meeting.minutes_file.name:
        storage = meeting.minutes_file.storage
        transaction.on_commit(lambda: storage.delete(previous_file))
    return meeting


def generate_meetings(series: MeetingSeries, user=None) -> list[Meeting]:
    """The series' meetings, created from its rule: one per date, with the
    countries of that date's semester, the series' activities and products.
    Dates already generated are left as they are (running it again adds
    nothing); returns the meetings created."""
    created: list[Meeting] = []
    with transaction.atomic():
        done = set(series.meetings.values_list("sequence", flat=True))
        activities = list(series.activities.all())
        products = list(series.products.all())
        for number, date in enumerate(series.dates(), start=1):
            if number in done:
                continue
            meeting = Meeting.objects.create(
                network_id=series.network_id,
                organisation_id=series.organisation_id,
                title=series.title,
                kind=series.kind,
                date=date,
                start_time=series.start_time,
                end_time=series.end_time,
                place=series.place,
                link=series.link,
                series=series,
                sequence=number,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
            meeting.countries.set(series.countries_for(date))
            meeting.activities.set(activities)
            meeting.products.set(products)
            created.append(meeting)
    return created
