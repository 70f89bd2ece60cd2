"""Activities: the plan's commitments, filtered and paged.

A page of activities costs a fixed number of queries whatever its size:
the count, the page, its leads, its funding, and its products with their
evidence counted. They are read as plain values, not model instances, and
written out without a second pass through the schema: a page of a hundred
is most of what this API serves. Whether the caller may report on each
activity is still the permission policy's answer, asked of each one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.http import RFC3986_SUBDELIMS
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from planea.accounts.policy import Action, can
from planea.plans.models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    ActivityQuerySet,
    Organisation,
    Plan,
    Product,
)
from planea.tracking.models import current_evidence_count

from ..cache import public_cached
from ..common import user_of
from ..pagination import PageParams, paginate
from ..schemas import (
    ERRORS_READ,
    ActivityOut,
    ActivityPage,
    ActivityStatusValue,
    Id,
    Line,
    PeriodValue,
)

router = Router(tags=["activities"])


class ActivityFilters(Schema):
    plan: Id | None = Field(None, description="A plan's id.")
    network: Line | None = Field(None, max_length=80, description="A network's slug.")
    year: int | None = Field(None, ge=1900, le=2200, description="The plan's year.")
    area: Id | None = Field(None, description="A work area's id.")
    period: PeriodValue | None = Field(None, description="First half, second half or the year.")
    lead: Id | None = Field(None, description="The id of an organisation leading it.")
    funding_source: Id | None = Field(None, description="The id of a funding source.")
    status: ActivityStatusValue | None = None
    due_before: dt.date | None = Field(None, description="Due on or before this day.")
    due_after: dt.date | None = Field(None, description="Due on or after this day.")
    q: Line | None = Field(
        None, max_length=200, description="Words in its text, whatever accents or case."
    )


def visible_activities(request: HttpRequest) -> ActivityQuerySet:
    """The activities the caller may read (the policy's `visible_plans`)."""
    return Activity.objects.visible_to(user_of(request))


def filtered(activities: ActivityQuerySet, filters: ActivityFilters) -> ActivityQuerySet:
    if filters.q:
        activities = activities.matching(filters.q)
    if filters.plan is not None:
        activities = activities.filter(plan_id=filters.plan)
    if filters.network:
        activities = activities.filter(plan__network__slug=filters.network)
    if filters.year is not None:
        activities = activities.filter(plan__year=filters.year)
    if filters.area is not None:
        activities = activities.filter(area_id=filters.area)
    if filters.period is not None:
        activities = activities.in_period(filters.period.value)
    if filters.lead is not None:
        activities = activities.led_by(filters.lead)
    if filters.funding_source is not None:
        activities = activities.funded_by(filters.funding_source)
    if filters.status is not None:
        activities = activities.filter(status=filters.status.value)
    if filters.due_before is not None:
        activities = activities.filter(due__lte=filters.due_before)
    if filters.due_after is not None:
        activities = activities.filter(due__gte=filters.due_after)
    # The plan's own order, the primary key settling ties: a stable order.
    return activities.order_by("plan_id", "order", "pk")


_FIELDS = (
    "id", "plan_id", "plan__network_id", "plan__network__slug", "plan__year", "plan__status",
    "area_id", "area__number", "area__title", "code", "key", "section", "period", "title",
    "details", "location", "starts", "due", "status", "status_date", "version",
)  # fmt: skip
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # as Django's reverse() quotes a path


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _leads_of(ids: list[int]) -> dict[int, list[Organisation]]:
    """Each activity's leads, in the plan's order, as bare organisations
    (one instance per organisation, however many activities it leads). One query."""
    leads: dict[int, list[Organisation]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for activity_id, *organisation in (
        ActivityLead.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "order", "pk")
        .values_list(
            "activity_id",
            "organisation_id",
            "organisation__network_id",
            "organisation__name",
            "organisation__key",
            "organisation__kind",
        )
    ):
        org = organisations.get(organisation[0])
        if org is None:
            org = organisations[organisation[0]] = Organisation.from_db(
                None, ("id", "network_id", "name", "key", "kind"), organisation
            )
        leads[activity_id].append(org)
    return leads


def _funding_of(ids: list[int]) -> dict[int, list[dict]]:
    """Each activity's funding sources, in the plan's order. One query."""
    funding: dict[int, list[dict]] = defaultdict(list)
    for activity_id, source_id, name, kind in (
        ActivityFunding.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "order", "pk")
        .values_list(
            "activity_id", "funding_source_id", "funding_source__name", "funding_source__kind"
        )
    ):
        funding[activity_id].append({"id": source_id, "name": name, "kind": kind})
    return funding


def _products_of(ids: list[int]) -> dict[int, list[dict]]:
    """Each activity's products with their evidence counted. One query."""
    products: dict[int, list[dict]] = defaultdict(list)
    for activity_id, product_id, description, quantity, unit, recurrence, delivered in (
        Product.objects.filter(activity_id__in=ids)
        .annotate(delivered=current_evidence_count())
        .order_by("activity_id", "order", "pk")
        .values_list(
            "activity_id",
            "id",
            "description",
            "target_quantity",
            "target_unit",
            "recurrence",
            "delivered",
        )
    ):
        products[activity_id].append(
            {
                "id": product_id,
                "description": description,
                "target_quantity": quantity,
                "target_unit": unit,
                "recurrence": recurrence,
                "target": Product(target_quantity=quantity).target,
                "delivered": delivered,
            }
        )
    return products


def _activity_dict(row: dict[str, Any], leads: list[Organisation], site: str) -> dict[str, Any]:
    """One activity's own fields and leads, as `ActivityOut` has them."""
    slug, year, key = row["plan__network__slug"], row["plan__year"], row["key"]
    return {
        "id": row["id"],
        "plan": row["plan_id"],
        "network": slug,
        "year": year,
        "area": {"id": row["area_id"], "number": row["area__number"], "title": row["area__title"]},
        "code": row["code"],
        "key": key,
        "section": row["section"],
        "period": row["period"],
        "title": row["title"],
        "details": row["details"],
        "location": row["location"],
        "starts": _date(row["starts"]),
        "due": _date(row["due"]),
        "status": row["status"],
        "status_date": _date(row["status_date"]),
        "version": row["version"],
        "leads": [{"id": org.pk, "name": org.name, "kind": org.kind} for org in leads],
        "web_url": f"{site}/{slug}/{year}/{quote(key, safe=_SAFE)}/",
    }


def _plan_of(row: dict[str, Any], plans: dict[int, Plan]) -> Plan:
    """The row's plan, as much of it as the policy reads, one per plan."""
    plan = plans.get(row["plan_id"])
    if plan is None:
        plan = plans[row["plan_id"]] = Plan(
            id=row["plan_id"],
            network_id=row["plan__network_id"],
            year=row["plan__year"],
            status=row["plan__status"],
        )
    return plan


def activity_dicts(request: HttpRequest, page: ActivityQuerySet) -> list[dict[str, Any]]:
    """The activities of `page` (an ordered, possibly sliced queryset) as the
    API shows them (the `ActivityOut` schema), in four queries."""
    rows = list(page.values(*_FIELDS))
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    leads, funding, products = _leads_of(ids), _funding_of(ids), _products_of(ids)
    user = user_of(request)
    site = request.build_absolute_uri("/").rstrip("/")
    plans: dict[int, Plan] = {}
    result = []
    for row in rows:
        mine = leads[row["id"]]
        item = _activity_dict(row, mine, site)
        item["funding"] = funding[row["id"]]
        item["products"] = products[row["id"]]
        item["can_report"] = can(
            user, Action.REPORT_PROGRESS, _for_policy(row, _plan_of(row, plans), mine)
        )
        item["web_url"] = item.pop("web_url")  # last, as the schema lists it
        result.append(item)
    return result


class _Lead:
    """A lead link as the policy reads one: the organisation and its id."""

    __slots__ = ("organisation", "organisation_id")

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.organisation_id = organisation.pk


def _for_policy(row: dict, plan: Plan, leads: list[Organisation]) -> Activity:
    """An unsaved Activity holding what the policy reads of one: its plan,
    and its leads (whose kind, key and network resolve roles such as "País
    presidente" to the country holding them that year)."""
    activity = Activity.from_db(
        None, ("id", "plan_id", "area_id"), (row["id"], plan.pk, row["area_id"])
    )
    activity.plan = plan
    activity._prefetched_objects_cache = {"lead_links": [_Lead(org) for org in leads]}
    return activity


def json_page(page: dict[str, Any]) -> HttpResponse:
    """A page already in the API's shape, written out as is: validating it
    again would cost more than building it (the tests hold it to the schema)."""
    return HttpResponse(
        json.dumps(page, separators=(",", ":")), content_type="application/json; charset=utf-8"
    )


def activity_page(request: HttpRequest, activities: ActivityQuerySet, page: PageParams) -> Any:
    return json_page(
        paginate(request, activities, page, rows=lambda sliced: activity_dicts(request, sliced))
    )


def get_visible_activity(request: HttpRequest, activity_id: int) -> Activity:
    """The activity as a model instance, if the caller may read it, with what
    the policy reads of it (its plan, its leads); 404 otherwise."""
    activity = (
        visible_activities(request)
        .for_listing()
        .select_related("plan__network", "area")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise HttpError(404, "No such activity.")
    return activity


@router.get("/activities", response={200: ActivityPage, **ERRORS_READ}, summary="List activities")
def list_activities(request: HttpRequest, filters: Query[ActivityFilters], page: Query[PageParams]):
    """The activities of every plan the caller may read, in plan order; the
    filters combine (all must hold)."""
    return public_cached(
        request,
        lambda: activity_page(request, filtered(visible_activities(request), filters), page),
    )


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **ERRORS_READ},
    summary="Get an activity",
)
def get_activity(request: HttpRequest, activity_id: Id):
    found = activity_dicts(request, visible_activities(request).filter(pk=activity_id))
    if not found:
        raise HttpError(404, "No such activity.")
    return found[0]
