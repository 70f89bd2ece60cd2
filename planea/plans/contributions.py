"""Changing an activity's contributions from its page: added, changed and
removed in one go, against the version of the activity the editor saw.

The editor of a draft and the importer write contributions through the plan
form (`writing.py`); this is for the year's running record, such as what a
source has spent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from planea.planfile import organisation_key

from .models import Activity, Contribution, FundingSource, StaleVersion
from .organisations import funding_kind_for
from .writing import audited, bulk_create, history

CHANGE_REASON = "contributions changed"


@dataclass(frozen=True)
class ContributionRow:
    """One contribution as the page's form gives it: `pk` of the one it
    changes, or None for a new one."""

    source: str
    kind: str
    stage: str
    amount: Decimal | None = None
    currency: str = ""
    hours: Decimal | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    note: str = ""
    pk: int | None = None


def source_named(network_id: int, name: str, write: dict[str, Any]) -> FundingSource:
    """The network's funding source of that name, whatever its spelling;
    created when the network has none."""
    name = " ".join(name.split())
    found = FundingSource.objects.filter(network_id=network_id, key=organisation_key(name)).first()
    if found is not None:
        return found
    source = FundingSource(network_id=network_id, name=name, kind=funding_kind_for(name))
    audited(source, write).save()
    return source


def set_contributions(
    activity: Activity, rows: list[ContributionRow], *, user: Any, seen_version: int
) -> bool:
    """Make the activity's contributions `rows`, in their order: those with
    a `pk` changed in place, the new ones added, the ones left out removed.
    Raise StaleVersion, writing nothing, if the activity has moved on from
    `seen_version`; whether anything changed."""
    write = history(CHANGE_REASON, user)
    with transaction.atomic():
        moved = Activity.objects.filter(pk=activity.pk, version=seen_version).update(
            version=F("version") + 1
        )
        if not moved:
            now = Activity.objects.filter(pk=activity.pk).values_list("version", flat=True)
            raise StaleVersion(activity, seen_version, now.first() or 0)
        existing = {
            c.pk: c for c in Contribution.objects.select_for_update().filter(activity=activity)
        }
        network_id = activity.plan.network_id
        kept: set[int] = set()
        new: list[Contribution] = []
        changed = False
        for order, row in enumerate(rows):
            source = source_named(network_id, row.source, write)
            values = {name: getattr(row, name) for name in Contribution.VALUE_FIELDS}
            values["currency"] = (values["currency"] or "").strip().upper()
            values["note"] = (values["note"] or "").strip()
            current = existing.get(row.pk) if row.pk is not None else None
            if current is None:
                contribution = Contribution(activity=activity, source=source, order=order, **values)
                contribution.full_clean(exclude=["activity", "source"])
                new.append(contribution)
                continue
            kept.add(current.pk)
            wanted = {**values, "source_id": source.pk, "order": order}
            differs = [name for name, value in wanted.items() if getattr(current, name) != value]
            if differs:
                for name in differs:
                    setattr(current, name, wanted[name])
                current.full_clean(exclude=["activity", "source"])
                audited(current, write).save(update_fields=differs)
                changed = changed or differs != ["order"]
        for pk, gone in existing.items():
            if pk not in kept:
                audited(gone, write).delete()
                changed = True
        if new:
            bulk_create(Contribution, new, write)
        changed = changed or bool(new)
        if not changed:
            # Nothing of substance: the version stays where it was, so that
            # no one else's edit is refused for it.
            Activity.objects.filter(pk=activity.pk).update(version=F("version") - 1)
        else:
            activity.version = seen_version + 1
    return changed
