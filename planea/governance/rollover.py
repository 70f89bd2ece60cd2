"""Next year's plan, drafted from this year's (`planea rollover`, or the
button on the plan page).

The draft for YEAR + 1 holds:

- every unfinished activity (neither done nor cancelled), carried over;
- every recurring activity, renewed even when it is done. An activity is
  recurring when the Secretariat marked it so (`Activity.recurring`), or
  when it spans the whole year (ANNUAL) and one of its products has a
  recurring target ("Actas de reuniones bimensuales": six, every two months);
- every work area, with its objective and note, even if it is left empty.

Each carried or renewed activity links to its origin (`carried_from`), whose
page keeps its history. Its leads, funding and products are copied, with
the same targets counted from zero: no progress report and no evidence
moves to the new year. Its dates move to the new year (a 29 February to
the 28th). Finished, non-recurring activities stay behind.

The draft then follows the same cycle: proposed, approved, started, closed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from planea import planfile
from planea.accounts.policy import Action, require, require_step, starts_from
from planea.plans.document import plan_document
from planea.plans.importer import names_for
from planea.plans.models import CLOSED_STATUSES, Activity, Plan, PlanStatus
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

ROLLOVER_REASON = "rollover from"


@dataclass(frozen=True)
class Rollover:
    plan: Plan
    carried: tuple[str, ...]  # keys of the unfinished activities carried over
    renewed: tuple[str, ...]  # keys of the finished recurring ones renewed
    left_behind: tuple[str, ...]  # keys of the finished ones not renewed


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
    reason = f"{ROLLOVER_REASON} {origin.year}"
    history = write_history(reason, user)
    carried, renewed, left_behind = _sort_out(origin)
    moving = {activity.key: activity for activity in [*carried, *renewed]}
    areas = _next_year_areas(plan_document(origin), moving)
    plan = _draft(origin, history)
    _copy_activities(plan, areas, moving, history)
    record(plan, "", user, decision=reason)
    return Rollover(
        plan=plan,
        carried=tuple(a.key for a in carried),
        renewed=tuple(a.key for a in renewed),
        left_behind=tuple(a.key for a in left_behind),
    )


def _sort_out(origin: Plan) -> tuple[list[Activity], list[Activity], list[Activity]]:
    """The plan's activities, in order: unfinished (carried over), finished
    but recurring (renewed), finished (left behind)."""
    recurring = set(origin.activities.recurring().values_list("pk", flat=True))
    carried, renewed, left_behind = [], [], []
    for activity in origin.activities.order_by("order").only(
        "pk", "key", "status", "order", "recurring"
    ):
        if activity.status not in CLOSED_STATUSES:
            carried.append(activity)
        elif activity.pk in recurring:
            renewed.append(activity)
        else:
            left_behind.append(activity)
    return carried, renewed, left_behind


def _next_year_areas(document: planfile.Plan, moving: dict[str, Activity]) -> list[planfile.Area]:
    """Every area (even left empty) with the activities that move to next
    year, dated a year later. Nothing keeps a line: next year's plan has no
    document yet."""
    return [
        replace(
            area,
            line=None,
            activities=[
                replace(
                    activity,
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
    plan: Plan, areas: list[planfile.Area], moving: dict[str, Activity], history: History
) -> None:
    """The areas and the moving activities written into `plan`, each
    activity in its old place, linked to its origin, with its leads,
    funding and products (targets counted from zero)."""
    area_of = create_areas(plan, areas, history)
    parsed = [activity for area in areas for activity in area.activities]
    names = names_for(plan.network, parsed, history)
    rows = sorted(
        (
            NewActivity(
                activity,
                area_of[id(activity)],
                moving[activity.key].order,
                {"carried_from": moving[activity.key], "recurring": moving[activity.key].recurring},
            )
            for activity in parsed
        ),
        key=lambda row: row.order,
    )
    for start in range(0, len(rows), BATCH_SIZE):
        create_activities(plan, rows[start : start + BATCH_SIZE], names, history)
