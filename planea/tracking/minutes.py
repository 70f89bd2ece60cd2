"""A meeting's minutes as evidence: once a meeting has minutes, they count
toward the target of every product it serves, of the activities it served.

The meeting is governance's record; the evidence is tracking's. Governance
says when minutes or a meeting's products change (`MINUTES_CHANGED`), and
this module keeps the evidence in step, inside the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from planea.governance.meetings import MINUTES_CHANGED
from planea.governance.models import Meeting

from .models import Evidence


def minutes_title(meeting: Meeting) -> str:
    return _("Minutes: %(meeting)s") % {"meeting": meeting.title}


def sync_minutes_evidence(meeting: Meeting, user=None) -> list[Evidence]:
    """Once a meeting has minutes, they count toward the target of every
    product it is linked to whose activity the meeting served: one piece of
    evidence per product, pointing at the meeting (minutes of a meeting on
    1.3.i do not count toward 1.1.iii). Unlinking a product or its activity,
    or removing the minutes, takes its piece away. Returns the meeting's
    pieces of evidence."""
    with transaction.atomic():
        wanted = set()
        if meeting.has_minutes:
            served = meeting.products.filter(activity__meetings=meeting)
            wanted = set(served.values_list("pk", flat=True))
        # Removed pieces too: one per product and meeting, restored rather than made twice.
        current = {e.product_id: e for e in Evidence.all_objects.filter(meeting=meeting)}
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


@receiver(MINUTES_CHANGED)
def _keep_evidence_in_step(sender, meeting: Meeting, user=None, **kwargs) -> None:
    sync_minutes_evidence(meeting, user)
