"""Next year's plan, drafted from this year's (`planea rollover`, or the
button on the plan page).

The draft for YEAR + 1 holds:

- every recurring activity, renewed whatever its status, with its full
  targets: recurring when the Secretariat marked it so (`Activity.recurring`),
  or when it spans the whole year (ANNUAL) and one of its products has a
  recurring target ("Actas de reuniones bimensuales": six, every two months);
- every other unfinished activity (neither done nor cancelled), carried over
  with what it still owes: a product's target less the evidence delivered
  for it ("Tres intercambios", one reported: two carried), a product already
  delivered in full left behind with its evidence;
- every work area, with its objective and note, even if it is left empty;
- the plan's background, purpose and other text, copied to be rewritten.

Each carried or renewed activity links to its origin (`carried_from`), whose
page keeps its history and its original targets. Its leads and funding are
copied; no progress report and no evidence moves to the new year. Its dates
move to the new year (a 29 February to the 28th). Finished, non-recurring
activities stay behind. Nothing of the text is rewritten here: what still
speaks of the old year (years, ordinals such as "Quinto taller") is flagged
to review in the draft (planea.governance.review), not silently carried.

The draft then follows the same cycle: proposed, approved, started, closed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from planea import planfile
from planea.accounts.policy import Action, require, require_step, starts_from
from planea.plans.document import plan_document
from planea.plans.importer import names_for
from planea.plans.models import CLOSED_STATUSES, Activity, Plan, PlanStatus, Product
from planea.plans.writing import (
    BATCH_SIZE,
    History,
    NewActivity,
    audited,
    create_activities,
    create_areas,
)
from planea.plans.writing import history as write_history

from .lifecycle import locked, record
from .models import TransitionError
from .review import year_bound

# The history rows' reason (machine-read, never shown as such).
ROLLOVER_REASON = "rollover from"

# Products annotated with `delivered`, how many pieces of evidence they have:
# tracking's count, handed over at start-up (TrackingConfig.ready), since
# evidence lives above governance. Without it, nothing counts as delivered.
_with_delivered: Callable[[QuerySet[Product]], QuerySet[Product]] | None = None


def count_delivered_with(annotate: Callable[[QuerySet[Product]], QuerySet[Product]]) -> None:
    global _with_delivered
    _with_delivered = annotate


@dataclass(frozen=True)
class Rollover:
    plan: Plan
    carried: tuple[str, ...]  # keys of the unfinished activities carried over
    renewed: tuple[str, ...]  # keys of the recurring ones renewed
    left_behind: tuple[str, ...]  # keys of the finished ones not renewed
    reduced: tuple[str, ...] = ()  # keys of the carried ones whose targets were cut to what is owed
    flagged: tuple[str, ...] = ()  # keys of those whose text is tied to a year, to review


def next_year(date: dt.date | None, years: int = 1) -> dt.date | None:
    if date is None:
        return None
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def next_title(title: str, year: int) -> str:
    """ "PLAN ANUAL DE TRABAJO 2017" → "PLAN ANUAL DE TRABAJO 2018"."""
    renamed, count = re.subn(rf"\b{year}\b", str(year + 1), title)
    if count:
        return renamed
    return _("Annual work plan %(year)s") % {"year": year + 1}


def rollover(plan: Plan, user=None) -> Rollover:
    """Draft next year's plan from `plan` (see the module's docstring), in
    one transaction. `user` None is the command line, which answers to no
    policy; anyone else needs ROLLOVER_PLAN. Refused (TransitionError) if
    the plan is not adopted yet or next year's plan exists."""
    with locked(plan) as fresh:
        if user is not None:
            require_step(user, Action.ROLLOVER_PLAN, fresh)
        if fresh.status not in starts_from(Action.ROLLOVER_PLAN):
            raise TransitionError(
                _(
                    "Only an adopted plan (approved, in execution or closed) is rolled over; "
                    "this plan is %(status)s."
                )
                % {"status": PlanStatus(fresh.status).label}
            )
        if user is not None:
            require(user, Action.ROLLOVER_PLAN, fresh)
        year = fresh.year + 1
        existing = Plan.objects.filter(network_id=fresh.network_id, year=year).first()
        if existing is not None:
            raise TransitionError(
                _("%(network)s already has a plan for %(year)s: %(title)s.")
                % {"network": fresh.network, "year": year, "title": existing.title}
            )
        return _rollover(fresh, user)


def _rollover(origin: Plan, user) -> Rollover:
    history = write_history(f"{ROLLOVER_REASON} {origin.year}", user)
    carried, renewed, left_behind = _sort_out(origin)
    moving = {activity.key: activity for activity in [*carried, *renewed]}
    document = plan_document(origin)
    # What was spent was the past year's; pledges carry over, as funding does.
    for activity in document.activities:
        activity.contributions = [c for c in activity.contributions if c.stage == "planned"]
    owed = _still_owed(origin, carried)
    reduced = tuple(
        a.key for a in document.activities if a.key in owed and owed_activity(a, owed[a.key]) != a
    )
    areas = _next_year_areas(document, moving, owed)
    plan = _draft(origin, history)
    _copy_activities(plan, areas, moving, {a.key for a in renewed}, history)
    # No note: the life cycle's log says "drafted from the plan for 2017"
    # in the reader's language.
    record(plan, "", user)
    return Rollover(
        plan=plan,
        carried=tuple(a.key for a in carried),
        renewed=tuple(a.key for a in renewed),
        left_behind=tuple(a.key for a in left_behind),
        reduced=reduced,
        flagged=tuple(a.key for area in areas for a in area.activities if _mentions_the_year(a)),
    )


def _mentions_the_year(activity: planfile.Activity) -> bool:
    texts = [activity.title, activity.details, activity.location, *activity.products]
    return any(year_bound(text) for text in texts)


def _sort_out(origin: Plan) -> tuple[list[Activity], list[Activity], list[Activity]]:
    """The plan's activities, in order: unfinished (carried over),
    recurring whatever their status (renewed), finished (left behind)."""
    recurring = set(origin.activities.recurring().values_list("pk", flat=True))
    carried, renewed, left_behind = [], [], []
    for activity in origin.activities.order_by("order").only(
        "pk", "key", "status", "order", "recurring"
    ):
        if activity.pk in recurring:
            renewed.append(activity)
        elif activity.status not in CLOSED_STATUSES:
            carried.append(activity)
        else:
            left_behind.append(activity)
    return carried, renewed, left_behind


def _still_owed(origin: Plan, carried: list[Activity]) -> dict[str, list[int]]:
    """For each carried activity's key, how many pieces of evidence each of
    its products (in order) has: one query."""
    products = Product.objects.filter(activity__in=[a.pk for a in carried])
    delivered: dict[str, list[int]] = {a.key: [] for a in carried}
    if _with_delivered is None:
        return delivered
    for key, count in (
        _with_delivered(products)
        .order_by("activity__order", "order")
        .values_list("activity__key", "delivered")
    ):
        delivered[key].append(count)
    return delivered


def owed_activity(activity: planfile.Activity, delivered: list[int]) -> planfile.Activity:
    """`activity` with what it still owes: each product's target less the
    evidence delivered for it (a product named without a number owes one);
    a product delivered in full is dropped."""
    targets = {t.product: t for t in activity.targets if t.product is not None}
    products: list[str] = []
    owed_targets: list[planfile.Target] = []
    for index, description in enumerate(activity.products):
        target = targets.get(index)
        planned = target.quantity if target is not None else 1
        done = delivered[index] if index < len(delivered) else 0
        owed = planned - min(done, planned)
        if owed <= 0:
            continue
        if target is not None:
            owed_targets.append(replace(target, quantity=owed, product=len(products)))
        products.append(description)
    # Targets the reader could not tie to a product stay as they were.
    owed_targets += [t for t in activity.targets if t.product is None]
    return replace(activity, products=products, targets=owed_targets)


def _next_year_areas(
    document: planfile.Plan, moving: dict[str, Activity], owed: dict[str, list[int]]
) -> list[planfile.Area]:
    """Every area (even left empty) with the activities that move to next
    year, dated a year later, the carried ones with what they still owe.
    Nothing keeps a line: next year's plan has no document yet."""
    return [
        replace(
            area,
            line=None,
            activities=[
                replace(
                    owed_activity(activity, owed[activity.key])
                    if activity.key in owed
                    else activity,
                    starts=next_year(activity.starts),
                    due=next_year(activity.due),
                    line=None,
                )
                for activity in area.activities
                if activity.key in moving
            ],
        )
        for area in document.areas
    ]


def _draft(origin: Plan, history: History) -> Plan:
    """Next year's plan, a draft, with this year's text around the areas."""
    plan = Plan(
        network_id=origin.network_id,
        year=origin.year + 1,
        title=next_title(origin.title, origin.year),
        status=PlanStatus.DRAFT,
        language=origin.language,
        background=origin.background,
        purpose=origin.purpose,
        sections=origin.sections,
        areas_heading=origin.areas_heading,
        source_name=f"{origin.network.acronym} {origin.year}"[:300],
    )
    audited(plan, history).save()
    return plan


def _copy_activities(
    plan: Plan,
    areas: list[planfile.Area],
    moving: dict[str, Activity],
    renewed: set[str],
    history: History,
) -> None:
    """The areas and the moving activities written into `plan`, each
    activity in its old place, linked to its origin, with its leads,
    funding and products (targets counted from zero); a renewed one is
    marked recurring, to be renewed again the year after."""
    area_of = create_areas(plan, areas, history)
    parsed = [activity for area in areas for activity in area.activities]
    names = names_for(plan.network, parsed, history)
    rows = sorted(
        (
            NewActivity(
                activity,
                area_of[id(activity)],
                moving[activity.key].order,
                {"carried_from": moving[activity.key], "recurring": activity.key in renewed},
            )
            for activity in parsed
        ),
        key=lambda row: row.order,
    )
    for start in range(0, len(rows), BATCH_SIZE):
        create_activities(plan, rows[start : start + BATCH_SIZE], names, history)
