"""An activity's audit trail, read back from django-simple-history: who changed
what and when, field by field, for the activity and everything hanging from
it (products, leads, funding, contributions, progress updates, evidence).

Six queries, whatever the length of the history: one per history table, each
with its users joined.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from planea.plans.models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    Area,
    Contribution,
    Product,
)

from .models import Evidence, ProgressUpdate

# Fields that say nothing to a reader: keys, counters, derived or random values.
# Who made a change is the entry's author, so "author" and "added by" are not
# repeated as fields.
HIDDEN_FIELDS = {
    *("id", "version", "created", "search_text", "file", "size"),
    *("activity", "plan", "order", "author", "added_by"),
    # Said by the entry's title and its own lines (planea.tracking.models).
    *("corrected_at", "withdrawn_at", "withdrawn_by", "withdrawal_reason"),
    *("removed_at", "removed_by"),
}
# The activity's status moved by a report: made, corrected, or withdrawn.
PROGRESS_REASON = re.compile(r"^progress (update|correction|withdrawal) (\d+)$")
IMPORT_REASON = re.compile(r"^import\b ?(.*)$")


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: dt.datetime
    user: Any
    # "created", "changed", "deleted", "progress", "imported", "corrected",
    # "withdrawn", "removed", "restored"
    action: str
    title: str
    changes: list[Change] = field(default_factory=list)
    order: tuple = ()


def _name(row: Any) -> str:
    """What a history row is about, named as a reader knows it."""
    model = row.instance_type
    if model is Product:
        return row.description
    if model is ActivityLead:
        return str(row.organisation)
    if model is ActivityFunding:
        return str(row.funding_source)
    if model is Contribution:
        return str(row.source)
    if model is ProgressUpdate:
        return formats.date_format(row.date, "DATE_FORMAT")
    if model is Evidence:
        return row.title
    return ""


def _title(row: Any, action: str) -> str:
    """ "Evidence added: Relatoría del taller", one whole sentence per kind of
    thing and action, so that each language can agree its words."""
    titles = {
        Activity: (_("Activity created"), _("Activity changed"), _("Activity deleted")),
        Product: (
            _("Product added: %(name)s"),
            _("Product changed: %(name)s"),
            _("Product removed: %(name)s"),
        ),
        ActivityLead: (
            _("Lead added: %(name)s"),
            _("Lead changed: %(name)s"),
            _("Lead removed: %(name)s"),
        ),
        ActivityFunding: (
            _("Funding added: %(name)s"),
            _("Funding changed: %(name)s"),
            _("Funding removed: %(name)s"),
        ),
        Contribution: (
            _("Contribution added: %(name)s"),
            _("Contribution changed: %(name)s"),
            _("Contribution removed: %(name)s"),
        ),
        ProgressUpdate: (
            _("Progress report of %(name)s added"),
            _("Progress report of %(name)s changed"),
            _("Progress report of %(name)s removed"),
        ),
        Evidence: (
            _("Evidence added: %(name)s"),
            _("Evidence changed: %(name)s"),
            _("Evidence removed: %(name)s"),
        ),
    }
    created, changed, deleted = titles[row.instance_type]
    text = {"created": created, "changed": changed, "deleted": deleted}[action]
    return text % {"name": _name(row)} if "%(name)s" in text else text


class Formatter:
    """Values as a reader should see them: choices by label, dates in the
    page's language, related rows by name."""

    def __init__(self, lookups: dict[type, dict[int, str]]) -> None:
        self.lookups = lookups

    def __call__(self, row: Any, model_field: models.Field) -> str:
        value = getattr(row, model_field.attname)
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(model_field, models.ForeignKey):
            if model_field.is_cached(row):
                return str(getattr(row, model_field.name))
            return self.lookups.get(model_field.related_model, {}).get(value, f"#{value}")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(value, dt.datetime):
            return formats.date_format(value, "DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return formats.date_format(value, "DATE_FORMAT")
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value) or "—"
        return str(value)


def _fields(row: Any) -> list[models.Field]:
    return [f for f in row.tracked_fields if f.name not in HIDDEN_FIELDS]


def _diff(old: Any | None, new: Any, fmt: Formatter) -> list[Change]:
    changes = []
    for model_field in _fields(new):
        before = fmt(old, model_field) if old is not None else "—"
        after = fmt(new, model_field)
        if old is not None and getattr(old, model_field.attname) == getattr(
            new, model_field.attname
        ):
            continue
        if old is None and after == "—":
            continue
        changes.append(Change(str(model_field.verbose_name).capitalize(), before, after))
    return changes


def activity_history(activity: Activity, products: list[Product]) -> list[Entry]:
    """The activity's history, newest first."""
    activity_rows = list(
        Activity.history.filter(id=activity.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    product_rows = list(
        Product.history.filter(activity_id=activity.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    lead_rows = list(
        ActivityLead.history.filter(activity_id=activity.pk)
        .select_related("history_user", "organisation")
        .order_by("history_date", "history_id")
    )
    funding_rows = list(
        ActivityFunding.history.filter(activity_id=activity.pk)
        .select_related("history_user", "funding_source")
        .order_by("history_date", "history_id")
    )
    contribution_rows = list(
        Contribution.history.filter(activity_id=activity.pk)
        .select_related("history_user", "source")
        .order_by("history_date", "history_id")
    )
    update_rows = list(
        ProgressUpdate.history.filter(activity_id=activity.pk)
        .select_related("history_user", "author")
        .order_by("history_date", "history_id")
    )
    evidence_rows = list(
        Evidence.history.filter(
            product_id__in=Product.history.filter(activity_id=activity.pk).values("id")
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    products_by_id = {row.id: row.description for row in product_rows}
    products_by_id.update({p.pk: p.description for p in products})
    lookups: dict[type, dict[int, str]] = {Product: products_by_id}
    if _area_changed(activity_rows):
        lookups[Area] = {
            area.pk: str(area) for area in Area.objects.filter(plan_id=activity.plan_id)
        }
    fmt = Formatter(lookups)

    entries: list[Entry] = []
    # By (what the report did, its number): the status changes it made, in order.
    status_changes: dict[tuple[str, int], list[list[Change]]] = {}
    imports: dict[dt.datetime, Entry] = {}

    previous = None
    for row in activity_rows:
        reason = row.history_change_reason or ""
        progress = PROGRESS_REASON.match(reason)
        imported = IMPORT_REASON.match(reason)
        if progress:
            key = (progress.group(1), int(progress.group(2)))
            status_changes.setdefault(key, []).append(_diff(previous, row, fmt))
        elif imported and row.history_type == "+":
            _import_entry(imports, entries, row, imported.group(1))
        elif row.history_type == "+":
            entries.append(_entry(row, "created", []))
        elif row.history_type == "-":
            entries.append(_entry(row, "deleted", []))
        else:
            entries.append(_entry(row, "changed", _diff(previous, row, fmt)))
        previous = row

    for rows in (product_rows, lead_rows, funding_rows, contribution_rows, evidence_rows):
        _add_related_entries(rows, fmt, imports, entries)

    # A progress report is one event: its status change on the activity and
    # the report itself.
    by_object: dict[int, Any] = {}
    for row in update_rows:
        earlier = by_object.get(row.id)
        by_object[row.id] = row
        order = (row.history_date, 1, row.history_id)
        if row.history_type == "+" and status_changes.get(("update", row.id)):
            changes = status_changes[("update", row.id)].pop(0)
            if row.note:
                changes.append(Change(_("Note"), "—", row.note))
            if row.short_of_target_confirmed:
                changes.append(_short_confirmed(row))
            entries.append(
                Entry(
                    row.history_date,
                    row.history_user,
                    "progress",
                    _("Progress reported"),
                    changes,
                    order,
                )
            )
            continue
        if row.history_type == "~" and earlier is not None:
            if row.withdrawn_at is not None and earlier.withdrawn_at is None:
                changes = _pop(status_changes, "withdrawal", row.id)
                changes.append(Change(_("Reason for withdrawal"), "—", row.withdrawal_reason))
                title = _("Progress report of %(name)s withdrawn") % {"name": _name(row)}
                entries.append(
                    Entry(row.history_date, row.history_user, "withdrawn", title, changes, order)
                )
                continue
            if row.corrected_at != earlier.corrected_at:
                changes = _pop(status_changes, "correction", row.id) + _diff(earlier, row, fmt)
                title = _("Progress report of %(name)s corrected") % {"name": _name(earlier)}
                entries.append(
                    Entry(row.history_date, row.history_user, "corrected", title, changes, order)
                )
                continue
        entries.append(_related_entry(row, earlier, fmt))

    entries.sort(key=lambda entry: entry.order, reverse=True)
    return entries


def _pop(status_changes: dict, kind: str, pk: int) -> list[Change]:
    """The status change the report's correction or withdrawal made, if any."""
    queue = status_changes.get((kind, pk))
    return queue.pop(0) if queue else []


def _short_confirmed(row: Any) -> Change:
    """The author's word that "done" stands with products short of their target."""
    field = ProgressUpdate._meta.get_field("short_of_target_confirmed")
    return Change(str(field.verbose_name).capitalize(), "—", _("yes"))


def _area_changed(rows: list[Any]) -> bool:
    return any(a.area_id != b.area_id for a, b in itertools.pairwise(rows))


def _entry(row: Any, action: str, changes: list[Change]) -> Entry:
    return Entry(
        row.history_date,
        row.history_user,
        action,
        _title(row, action),
        changes,
        (row.history_date, 0, row.history_id),
    )


def _import_entry(imports: dict, entries: list[Entry], row: Any, source: str) -> None:
    """Everything one import created is one entry."""
    if row.history_date in imports:
        return
    title = (
        _("Created by the import of %(source)s") % {"source": source}
        if source
        else _("Created by an import")
    )
    entry = Entry(
        row.history_date, row.history_user, "imported", title, [], (row.history_date, -1, 0)
    )
    imports[row.history_date] = entry
    entries.append(entry)


def _related_entry(row: Any, earlier: Any | None, fmt: Formatter) -> Entry:
    if row.instance_type is Evidence and row.history_type == "~" and earlier is not None:
        was_removed, is_removed = earlier.removed_at is not None, row.removed_at is not None
        if is_removed != was_removed:
            text = (
                _("Evidence removed: %(name)s") if is_removed else _("Evidence restored: %(name)s")
            )
            action = "removed" if is_removed else "restored"
            changes = _diff(earlier, row, fmt)
            return Entry(
                row.history_date,
                row.history_user,
                action,
                text % {"name": _name(row)},
                changes,
                (row.history_date, 0, row.history_id),
            )
    if row.history_type == "+":
        return _entry(row, "created", _diff(None, row, fmt))
    if row.history_type == "-":
        return _entry(row, "deleted", [])
    return _entry(row, "changed", _diff(earlier, row, fmt))


def _add_related_entries(
    rows: list[Any], fmt: Formatter, imports: dict, entries: list[Entry]
) -> None:
    by_object: dict[int, Any] = {}
    for row in rows:
        earlier = by_object.get(row.id)
        by_object[row.id] = row
        imported = IMPORT_REASON.match(row.history_change_reason or "")
        if imported and row.history_type == "+":
            _import_entry(imports, entries, row, imported.group(1))
        else:
            entries.append(_related_entry(row, earlier, fmt))
