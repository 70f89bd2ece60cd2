"""The draft editor's verbs, on a plan as a document (`planfile.Plan`).

The editor never writes rows itself: it changes the plan's document (what
`plan_document` gives) and hands the result on, so that a draft and an
amendment go through one path. planea.governance.editor applies the
document to a draft in place (matched by activity key, as an amendment is),
or keeps it as the working copy of an amendment to an adopted plan.

Every verb changes the document in place and raises `EditError` (with the
form field it is about) for what the plan cannot hold. Areas have no key of
their own: they are named by their position, which the caller checks
against the area's fingerprint before acting, so that a position that moved
meanwhile is a conflict, not an edit of the wrong area.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from planea import planfile

# Fields of the document an activity may have taken from its area's note;
# once edited on the activity, they are its own.
_INHERITABLE = ("details", "location", "starts", "due", "products", "resources", "leads")


class EditError(Exception):
    """The change cannot be made; `message` says why, `field` where."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class ProductFields:
    description: str
    quantity: int | None = None
    unit: str = ""
    recurrence: str = ""


@dataclass
class ActivityFields:
    """What the activity form gives: `area` is the area's position."""

    area: int
    code: str
    key: str
    period: str
    title: str
    details: str = ""
    location: str = ""
    starts: dt.date | None = None
    due: dt.date | None = None
    products: list[ProductFields] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    # None leaves the activity's contributions as they are (a form that
    # does not show them); a list replaces them.
    contributions: list[planfile.Contribution] | None = None


def fingerprint(item: planfile.Activity | planfile.Area) -> str:
    """What an activity or an area says, in 16 characters: the version a
    form carries, compared before a change is made (lines and an area's
    activities left out: moving them is no change of the item)."""
    data = item.to_dict()
    data.pop("line", None)
    data.pop("activities", None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def find_activity(document: planfile.Plan, key: str) -> tuple[planfile.Area, planfile.Activity]:
    for area in document.areas:
        for activity in area.activities:
            if activity.key == key:
                return area, activity
    raise LookupError(key)


def area_at(document: planfile.Plan, index: int) -> planfile.Area:
    if not 0 <= index < len(document.areas):
        raise LookupError(index)
    return document.areas[index]


# ---------------------------------------------------------------------------
# Work areas.


def _check_area_number(document: planfile.Plan, number: int, itself: planfile.Area | None) -> None:
    # Areas are matched to their rows by number when numbers are unique.
    if any(area.number == number and area is not itself for area in document.areas):
        raise EditError(
            _("Work area %(number)s is already in the plan: choose another number.")
            % {"number": number},
            "number",
        )


def add_area(
    document: planfile.Plan, *, number: int, title: str, objective: str = "", notes: str = ""
) -> planfile.Area:
    _check_area_number(document, number, None)
    area = planfile.Area(number=number, title=title, objective=objective or None, notes=notes)
    document.areas.append(area)
    return area


def change_area(
    document: planfile.Plan, index: int, *, number: int, title: str, objective: str, notes: str
) -> planfile.Area:
    area = area_at(document, index)
    _check_area_number(document, number, area)
    area.number, area.title = number, title
    area.objective, area.notes = objective or None, notes
    return area


def move_area(document: planfile.Plan, index: int, step: int) -> int:
    """Move the area `step` places (-1 up, 1 down); its new position."""
    area_at(document, index)
    target = min(max(index + step, 0), len(document.areas) - 1)
    document.areas.insert(target, document.areas.pop(index))
    return target


def remove_area(document: planfile.Plan, index: int) -> planfile.Area:
    """Remove the area with its activities (whether that may be done is
    the amendment's rule, checked where the document is applied)."""
    area_at(document, index)
    return document.areas.pop(index)


# ---------------------------------------------------------------------------
# Activities.


def _targets(products: list[ProductFields]) -> list[planfile.Target]:
    return [
        planfile.Target(p.quantity, p.unit, p.recurrence or None, index)
        for index, p in enumerate(products)
        if p.quantity
    ]


def _written(activity: planfile.Activity) -> dict:
    return {
        "details": activity.details,
        "location": activity.location,
        "starts": activity.starts,
        "due": activity.due,
        "products": (list(activity.products), [t.to_dict() for t in activity.targets]),
        "resources": list(activity.resources),
        "leads": list(activity.leads),
    }


def _fill(activity: planfile.Activity, fields: ActivityFields) -> None:
    before = _written(activity)
    activity.code = fields.code
    activity.period = fields.period  # type: ignore[assignment]
    activity.title = fields.title
    activity.details = fields.details
    activity.location = fields.location
    activity.starts = fields.starts
    activity.due = fields.due
    activity.products = [p.description for p in fields.products]
    activity.targets = _targets(fields.products)
    activity.leads = list(fields.leads)
    activity.resources = list(fields.funding)
    if fields.contributions is not None:
        activity.contributions = list(fields.contributions)
    after = _written(activity)
    # A field edited here is written on the activity now, not inherited.
    activity.inherited = [
        name
        for name in activity.inherited
        if name not in _INHERITABLE or before[name] == after[name]
    ]


def add_activity(document: planfile.Plan, fields: ActivityFields) -> planfile.Activity:
    area = area_at(document, fields.area)
    key = fields.key.strip() or fields.code.strip()
    if not key:
        raise EditError(_("Give the activity a key, or a code to use as its key."), "key")
    if any(a.key == key for a in document.activities):
        raise EditError(
            _("An activity with the key %(key)s is already in the plan: keys are unique.")
            % {"key": key},
            "key",
        )
    activity = planfile.Activity(code=fields.code, key=key, period=fields.period, title="")  # type: ignore[arg-type]
    _fill(activity, fields)
    area.activities.append(activity)
    return activity


def change_activity(document: planfile.Plan, key: str, fields: ActivityFields) -> planfile.Activity:
    area, activity = find_activity(document, key)
    _fill(activity, fields)
    target = area_at(document, fields.area)
    if target is not area:
        area.activities.remove(activity)
        target.activities.append(activity)
    return activity


def move_activity(document: planfile.Plan, key: str, step: int) -> None:
    """Move the activity `step` places within its area; past the area's
    first or last place, to the end of the area before or the start of the
    area after."""
    area, activity = find_activity(document, key)
    index = area.activities.index(activity)
    target = index + step
    if 0 <= target < len(area.activities):
        area.activities.insert(target, area.activities.pop(index))
        return
    position = document.areas.index(area) + (1 if step > 0 else -1)
    if not 0 <= position < len(document.areas):
        return
    area.activities.pop(index)
    neighbour = document.areas[position].activities
    if step > 0:
        neighbour.insert(0, activity)
    else:
        neighbour.append(activity)


def remove_activity(document: planfile.Plan, key: str) -> planfile.Activity:
    area, activity = find_activity(document, key)
    area.activities.remove(activity)
    return activity
