"""What changed between two texts of a plan, field by field, as plain data.

Activities are matched by key, work areas by number; an activity that moved
to another area is a change of its "area" field, not a removal and an
addition. Every value is a string (lists one item per line, dates in ISO
8601), so that a page, a report or a test reads the result the same way.
Leads and funding are compared by the organisation's key, so that
"Secretaria Tecnica" and "Secretaría Técnica" are no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from planea import planfile
from planea.planfile import organisation_key

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

PLAN_FIELDS = {
    "title": _("Title"),
    "language": _("Language"),
    "areas_heading": _("Heading of the areas"),
}
AREA_FIELDS = {
    "title": _("Title"),
    "objective": _("Objective"),
    "notes": _("Note"),
}
ACTIVITY_FIELDS = {
    "code": _("Code"),
    "title": _("Title"),
    "area": _("Work area"),
    "section": _("Section"),
    "period": _("Period"),
    "details": _("Details"),
    "location": _("Location"),
    "starts": _("Starts"),
    "due": _("Due"),
    "products": _("Products"),
    "targets": _("Targets"),
    "leads": _("Leads"),
    "resources": _("Funding"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AreaDiff:
    number: int
    title: str
    change: str  # ADDED, REMOVED or CHANGED
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ActivityDiff:
    key: str
    code: str
    title: str
    change: str  # ADDED, REMOVED or CHANGED
    fields: tuple[FieldChange, ...]

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)


@dataclass(frozen=True)
class PlanDiff:
    plan: tuple[FieldChange, ...]
    areas: tuple[AreaDiff, ...]
    activities: tuple[ActivityDiff, ...]

    @property
    def added(self) -> tuple[ActivityDiff, ...]:
        return tuple(a for a in self.activities if a.change == ADDED)

    @property
    def removed(self) -> tuple[ActivityDiff, ...]:
        return tuple(a for a in self.activities if a.change == REMOVED)

    @property
    def changed(self) -> tuple[ActivityDiff, ...]:
        return tuple(a for a in self.activities if a.change == CHANGED)

    @property
    def is_empty(self) -> bool:
        return not (self.plan or self.areas or self.activities)

    def activity(self, key: str) -> ActivityDiff | None:
        return next((a for a in self.activities if a.key == key), None)


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _lines(values: list[str]) -> str:
    return "\n".join(" ".join(v.split()) for v in values if v.strip())


def _target(target: planfile.Target, products: list[str]) -> str:
    text = f"{target.quantity} {target.unit}".strip()
    if target.recurrence:
        text += f" ({target.recurrence})"
    index = target.product if target.product is not None else 0
    if 0 <= index < len(products):
        text += f" → {' '.join(products[index].split())}"
    return text


def _area_label(area: planfile.Area) -> str:
    return f"{area.number}. {' '.join(area.title.split())}"


def _activity_values(activity: planfile.Activity, area: planfile.Area) -> dict[str, str]:
    return {
        "code": _text(activity.code),
        "title": _text(activity.title),
        "area": _area_label(area),
        "section": _text(activity.section),
        "period": activity.period,
        "details": _text(activity.details),
        "location": _text(activity.location),
        "starts": _text(activity.starts),
        "due": _text(activity.due),
        "products": _lines(activity.products),
        "targets": "\n".join(_target(t, activity.products) for t in activity.targets),
        "leads": _lines(activity.leads),
        "resources": _lines(activity.resources),
    }


def _same_names(before: str, after: str) -> bool:
    """Two lists of names that differ only in how they are spelled."""

    def keys(side: str) -> list[str]:
        return [organisation_key(name) for name in side.split("\n") if name]

    return keys(before) == keys(after)


def _changes(
    labels: dict, before: dict[str, str], after: dict[str, str]
) -> tuple[FieldChange, ...]:
    changes = []
    for field, label in labels.items():
        old, new = before.get(field, ""), after.get(field, "")
        if old == new:
            continue
        if field in ("leads", "resources") and _same_names(old, new):
            continue
        changes.append(FieldChange(field, str(label), old, new))
    return tuple(changes)


def _section_values(plan: planfile.Plan) -> dict[str, str]:
    return {section.heading.strip(): section.text.strip() for section in plan.sections}


def _plan_changes(before: planfile.Plan, after: planfile.Plan) -> tuple[FieldChange, ...]:
    def values(plan: planfile.Plan) -> dict[str, str]:
        return {
            "title": _text(plan.title),
            "language": plan.language or "",
            "areas_heading": _text(plan.areas_heading),
        }

    changes = list(_changes(PLAN_FIELDS, values(before), values(after)))
    old, new = _section_values(before), _section_values(after)
    for heading in [*old, *(h for h in new if h not in old)]:
        was, now = old.get(heading, ""), new.get(heading, "")
        if was != now:
            changes.append(FieldChange(f"section:{heading}", heading, was, now))
    return tuple(changes)


def _area_changes(before: planfile.Plan, after: planfile.Plan) -> tuple[AreaDiff, ...]:
    def values(area: planfile.Area) -> dict[str, str]:
        return {
            "title": _text(area.title),
            "objective": _text(area.objective),
            "notes": _text(area.notes),
        }

    old = {area.number: area for area in before.areas}
    new = {area.number: area for area in after.areas}
    diffs = []
    for number, area in new.items():
        if number not in old:
            fields = _changes(AREA_FIELDS, {}, values(area))
            diffs.append(AreaDiff(number, _text(area.title), ADDED, fields))
            continue
        fields = _changes(AREA_FIELDS, values(old[number]), values(area))
        if fields:
            diffs.append(AreaDiff(number, _text(area.title), CHANGED, fields))
    for number, area in old.items():
        if number not in new:
            fields = _changes(AREA_FIELDS, values(area), {})
            diffs.append(AreaDiff(number, _text(area.title), REMOVED, fields))
    return tuple(diffs)


def _activities(plan: planfile.Plan) -> dict[str, dict[str, str]]:
    return {
        activity.key.strip(): _activity_values(activity, area)
        for area in plan.areas
        for activity in area.activities
    }


def diff_documents(before: planfile.Plan, after: planfile.Plan) -> PlanDiff:
    """What changed from `before` to `after`: the plan's own fields and
    free-text sections, its areas, and its activities, in `after`'s order
    (removed activities last, in `before`'s)."""
    old, new = _activities(before), _activities(after)
    activities = []
    for key, values in new.items():
        if key not in old:
            fields = _changes(ACTIVITY_FIELDS, {}, values)
            activities.append(ActivityDiff(key, values["code"], values["title"], ADDED, fields))
            continue
        fields = _changes(ACTIVITY_FIELDS, old[key], values)
        if fields:
            activities.append(ActivityDiff(key, values["code"], values["title"], CHANGED, fields))
    for key, values in old.items():
        if key not in new:
            fields = _changes(ACTIVITY_FIELDS, values, {})
            activities.append(ActivityDiff(key, values["code"], values["title"], REMOVED, fields))
    return PlanDiff(
        plan=_plan_changes(before, after),
        areas=_area_changes(before, after),
        activities=tuple(activities),
    )


def diff_versions(before, after) -> PlanDiff:
    """The diff between two `PlanVersion`s (or anything with `plan_document()`)."""
    return diff_documents(before.plan_document(), after.plan_document())
