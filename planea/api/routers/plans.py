"""Plans, their work areas and their activities."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from planea.plans.models import Area, Plan

from ..common import user_of
from ..language import texts_for
from ..pagination import PageParams, paginate
from ..schemas import (
    ERRORS_READ,
    ActivityPage,
    AreaOut,
    Id,
    Line,
    PlanDetailOut,
    PlanPage,
    PlanStatusValue,
)
from .activities import ActivityFilters, activity_page, filtered, visible_activities

router = Router(tags=["plans"])


class PlanFilters(Schema):
    network: Line | None = Field(None, max_length=80, description="A network's slug.")
    year: int | None = Field(None, ge=1900, le=2200)
    status: PlanStatusValue | None = None


def visible_plans(request: HttpRequest):
    return (
        Plan.objects.visible_to(user_of(request))
        .select_related("network")
        .annotate(activity_count=Count("activities"))
    )


def _areas():
    return Area.objects.annotate(activity_count=Count("activities")).order_by("order", "pk")


def get_visible_plan(request: HttpRequest, plan_id: Id, *, with_areas: bool = False) -> Plan:
    plans = visible_plans(request)
    if with_areas:
        plans = plans.prefetch_related(Prefetch("areas", queryset=_areas()))
    plan = plans.filter(pk=plan_id).first()
    if plan is None:
        raise HttpError(404, "No such plan.")
    return plan


@router.get("/plans", response={200: PlanPage, **ERRORS_READ}, summary="List plans")
def list_plans(request: HttpRequest, filters: Query[PlanFilters], page: Query[PageParams]):
    """The plans the caller may read: adopted plans for everyone, drafts too
    for the network's Secretariat and Committee. Newest first."""
    plans = visible_plans(request)
    if filters.network:
        plans = plans.filter(network__slug=filters.network)
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.status is not None:
        plans = plans.filter(status=filters.status.value)
    answer = paginate(request, plans.order_by("-year", "network_id", "pk"), page)
    texts_for(request, answer["results"])  # the page's titles, in one query
    return answer


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS_READ},
    summary="Get a plan, with its work areas",
)
def get_plan(request: HttpRequest, plan_id: Id):
    return get_visible_plan(request, plan_id, with_areas=True)


@router.get(
    "/plans/{plan_id}/areas",
    response={200: list[AreaOut], **ERRORS_READ},
    summary="List a plan's work areas",
)
def list_areas(request: HttpRequest, plan_id: Id):
    plan = get_visible_plan(request, plan_id)
    areas = list(_areas().filter(plan=plan))
    for area in areas:
        area.plan = plan  # for their texts in the language asked for
    return areas


@router.get(
    "/plans/{plan_id}/activities",
    response={200: ActivityPage, **ERRORS_READ},
    summary="List a plan's activities",
)
def list_plan_activities(
    request: HttpRequest, plan_id: Id, filters: Query[ActivityFilters], page: Query[PageParams]
):
    """The plan's activities, with the same filters as `/activities`."""
    plan = get_visible_plan(request, plan_id)
    activities = visible_activities(request).filter(plan=plan)
    return activity_page(request, filtered(activities, filters), page)
