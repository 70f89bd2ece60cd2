"""The public pages: thin views over the models' querysets."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from planea.accounts import policy
from planea.accounts.policy import Action

from . import timeline as timelines
from .forms import ActivityFilterForm
from .lookups import plan_or_404
from .models import (
    Activity,
    Area,
    FundingSource,
    Network,
    Organisation,
    Plan,
    Product,
    group_by_area_and_period,
)
from .paging import paginate
from .translations import PlanTexts


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page names:
    the site's icon, at its address among the static files (read per
    request: the static files' manifest may not exist when URLs load)."""
    return redirect(static("planea/favicon.svg"), permanent=True)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    networks = Network.objects.prefetch_related(
        Prefetch(
            "plans",
            queryset=Plan.objects.visible_to(request.user).order_by("-year"),
            to_attr="visible_plans",
        )
    )
    # The user's roles are read once: no query per network.
    importable = {n.pk for n in networks if policy.can(request.user, Action.IMPORT_PLAN, n)}
    PlanTexts.titles([plan for n in networks for plan in n.visible_plans], get_language())
    return render(request, "plans/home.html", {"networks": networks, "importable": importable})


@require_safe
def plan_detail(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The plan with its activities by area and period, filtered by the GET
    form, `paging.PER_PAGE` at a time. A fixed number of queries whatever the
    plan's size."""
    plan = plan_or_404(request, network, year)
    areas = list(plan.areas.all())
    leads = list(
        Organisation.objects.filter(lead_links__activity__plan=plan).distinct().order_by("name")
    )
    funding_sources = list(
        FundingSource.objects.filter(funding_links__activity__plan=plan).distinct().order_by("name")
    )
    # The plan's own day: its deadlines are judged as the dashboard judges them.
    today = plan.as_of()
    form = ActivityFilterForm(
        request.GET, areas=areas, leads=leads, funding_sources=funding_sources, today=today
    )
    # Each product with how many pieces of evidence it has (tracking's rows,
    # counted through the relation: "2 of 5" on every card); removed pieces
    # are kept for the Secretariat to restore, and never counted.
    current = Q(evidence__removed_at__isnull=True)
    products = Product.objects.annotate(
        delivered=Count("evidence", filter=current, distinct=True)
    ).order_by("order")
    # The filters run over every activity; only the page asked for is drawn.
    paged = paginate(
        plan.activities.all(),
        form.apply(plan.activities.all()),
        areas,
        request.GET,
        listing=plan.activities.for_listing(products),
    )
    for activity in paged.activities:
        activity.overdue = activity.is_overdue(today)
    context = {
        "plan": plan,
        "network": plan.network,
        "form": form,
        "filtering": form.is_filtering,
        "groups": group_by_area_and_period(paged.areas, paged.activities),
        "paged": paged,
        "shown": paged.page.paginator.count,
        "total": paged.total,
        # The translations of what the page shows, not of the whole plan.
        "plan_texts": PlanTexts.load(
            plan,
            get_language(),
            only={
                Plan: [plan.pk],
                Area: [area.pk for area in areas],
                Activity: [activity.pk for activity in paged.activities],
                Product: [p.pk for activity in paged.activities for p in activity.products.all()],
            },
        ),
    }
    return render(request, "plans/plan.html", context)


@require_safe
def organisation_detail(request: HttpRequest, network: str, organisation: str) -> HttpResponse:
    org = get_object_or_404(
        Organisation.objects.select_related("network"), network__slug=network, slug=organisation
    )
    led = (
        Activity.objects.visible_to(request.user)
        .led_by(org)
        .select_related("plan", "area")
        .order_by("-plan__year", "order")
    )
    by_plan: dict[int, dict] = {}
    for activity in led:
        by_plan.setdefault(activity.plan_id, {"plan": activity.plan, "activities": []})[
            "activities"
        ].append(activity)
    # Each plan's texts in the reader's language: one query for them all.
    texts = PlanTexts.load_many(
        [group["plan"] for group in by_plan.values()],
        get_language(),
        only={
            Plan: list(by_plan),
            Activity: [a.pk for g in by_plan.values() for a in g["activities"]],
        },
    )
    for plan_id, group in by_plan.items():
        group["texts"] = texts[plan_id]
    context = {
        "network": org.network,
        "organisation": org,
        "plans": list(by_plan.values()),
        "seats": org.body_seats.select_related("body").order_by("-year", "body__name"),
        "members": org.seats.select_related("country").order_by(
            "-year", "-is_chair", "country__name"
        ),
        "funding_sources": org.funding_sources.order_by("name"),
    }
    return render(request, "plans/organisation.html", context)


@require_safe
def timeline(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    areas = list(plan.areas.all())
    context = {
        "plan": plan,
        "network": plan.network,
        "months": timelines.months(plan.year),
        "rows": timelines.rows_by_area(plan.year, areas, plan.activities.all()),
        "plan_texts": PlanTexts.load(plan, get_language()),
    }
    return render(request, "plans/timeline.html", context)
