"""Meetings as the plan sees them: series scheduled from one rule, minutes
that count toward products' targets, and the meetings of a plan's year for
its calendar.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from planea.plans.models import Plan
from planea.tracking.models import Evidence

from .models import Meeting, MeetingSeries


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


def minutes_title(meeting: Meeting) -> str:
    return _("Minutes: %(meeting)s") % {"meeting": meeting.title}


def sync_minutes_evidence(meeting: Meeting, user=None) -> list[Evidence]:
    """Once a meeting has minutes, they count toward the target of every
    product it is linked to: one piece of evidence per product, pointing at
    the meeting. Unlinking a product, or removing the minutes, takes its
    piece away. Returns the meeting's pieces of evidence."""
    with transaction.atomic():
        wanted = set()
        if meeting.has_minutes:
            wanted = set(meeting.products.values_list("pk", flat=True))
        current = {e.product_id: e for e in Evidence.objects.filter(meeting=meeting)}
        for product_id in set(current) - wanted:
            current.pop(product_id).delete()
        title = minutes_title(meeting)[:300]
        for product_id in wanted:
            piece = current.get(product_id)
            if piece is None:
                current[product_id] = Evidence.objects.create(
                    product_id=product_id,
                    meeting=meeting,
                    title=title,
                    date=meeting.date,
                    is_public=meeting.minutes_public,
                    added_by=user if getattr(user, "is_authenticated", False) else None,
                )
                continue
            # The title is written once, in the language of the day; it is
            # renamed only when the meeting is.
            values = (
                piece.title if meeting.title in piece.title else title,
                meeting.date,
                meeting.minutes_public,
            )
            if (piece.title, piece.date, piece.is_public) != values:
                piece.title, piece.date, piece.is_public = values
                piece.save(update_fields=["title", "date", "is_public"])
    return list(current.values())


def record_minutes(meeting: Meeting, user, minutes: str, *, public: bool | None = None) -> None:
    """Record the minutes' text and let them count (see sync_minutes_evidence)."""
    with transaction.atomic():
        meeting.minutes = minutes
        fields = ["minutes", "updated"]
        if public is not None:
            meeting.minutes_public = public
            fields.append("minutes_public")
        meeting.save(update_fields=fields)
        sync_minutes_evidence(meeting, user)


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
