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
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from planea.accounts.policy import Action, require, require_step, starts_from
from planea.plans.models import (
    CLOSED_STATUSES,
    Activity,
    ActivityFunding,
    ActivityLead,
    Area,
    Plan,
    PlanStatus,
    Product,
)

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
    year = origin.year + 1
    now = timezone.now()
    acting = user if getattr(user, "is_authenticated", False) else None
    reason = f"{ROLLOVER_REASON} {origin.year}"
    history = {"default_date": now, "default_change_reason": reason, "default_user": acting}

    plan = Plan(
        network_id=origin.network_id,
        year=year,
        title=next_title(origin.title, origin.year),
        status=PlanStatus.DRAFT,
        language=origin.language,
        background=origin.background,
        purpose=origin.purpose,
        sections=origin.sections,
        areas_heading=origin.areas_heading,
        source_name=f"{origin.network.acronym} {origin.year}"[:300],
    )
    plan._change_reason = reason
    plan._history_user = acting
    plan.save()

    areas = list(origin.areas.order_by("order"))
    bulk_create_with_history(
        [
            Area(
                plan=plan,
                number=area.number,
                title=area.title,
                objective=area.objective,
                notes=area.notes,
                order=area.order,
            )
            for area in areas
        ],
        Area,
        **history,
    )
    new_area = dict(Area.objects.filter(plan=plan).values_list("order", "pk"))
    area_of = {area.pk: new_area[area.order] for area in areas}

    activities = list(origin.activities.for_listing().order_by("order"))
    recurring = set(origin.activities.recurring().values_list("pk", flat=True))
    carried, renewed, left_behind, copies = [], [], [], []
    for activity in activities:
        if activity.status not in CLOSED_STATUSES:
            carried.append(activity)
        elif activity.pk in recurring:
            renewed.append(activity)
        else:
            left_behind.append(activity.key)
            continue
        copies.append(
            Activity(
                plan=plan,
                area_id=area_of[activity.area_id],
                code=activity.code,
                key=activity.key,
                section=activity.section,
                period=activity.period,
                title=activity.title,
                details=activity.details,
                location=activity.location,
                starts=next_year(activity.starts),
                due=next_year(activity.due),
                order=activity.order,
                inherited_fields=list(activity.inherited_fields or []),
                search_text=activity.search_text,
                carried_from=activity,
                recurring=activity.recurring,
            )
        )
    bulk_create_with_history(copies, Activity, batch_size=500, **history)
    new_id = dict(Activity.objects.filter(plan=plan).values_list("key", "pk"))

    leads, funding, products = [], [], []
    for activity in [*carried, *renewed]:
        pk = new_id[activity.key]
        leads += [
            ActivityLead(activity_id=pk, organisation_id=link.organisation_id, order=link.order)
            for link in activity.lead_links.all()
        ]
        funding += [
            ActivityFunding(
                activity_id=pk, funding_source_id=link.funding_source_id, order=link.order
            )
            for link in activity.funding_links.all()
        ]
        products += [
            Product(
                activity_id=pk,
                description=product.description,
                order=product.order,
                target_quantity=product.target_quantity,
                target_unit=product.target_unit,
                recurrence=product.recurrence,
            )
            for product in activity.products.all()
        ]
    bulk_create_with_history(leads, ActivityLead, batch_size=500, **history)
    bulk_create_with_history(funding, ActivityFunding, batch_size=500, **history)
    bulk_create_with_history(products, Product, batch_size=500, **history)

    record(plan, "", user, decision=reason)
    return Rollover(
        plan=plan,
        carried=tuple(a.key for a in carried),
        renewed=tuple(a.key for a in renewed),
        left_behind=tuple(left_behind),
    )
