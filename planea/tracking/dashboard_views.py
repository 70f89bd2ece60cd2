"""The plan's dashboard and "my commitments": thin pages over `dashboard`.

Both run a fixed number of queries whatever the size of the plans: the
figures come from `planea.tracking.dashboard`, which promises it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from planea.accounts.policy import Action, require
from planea.core import clock
from planea.plans.models import Plan
from planea.plans.translations import PlanTexts

from .dashboard import commitments_for, plan_dashboard


@require_safe
def plan_dashboard_page(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """Where the plan stands today: for whoever may read the plan."""
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("network"),
        network__slug=network,
        year=year,
    )
    require(request.user, Action.VIEW_PLAN, plan)
    texts = PlanTexts.load(plan, get_language())
    context = {
        "plan": plan,
        "network": plan.network,
        "dashboard": plan_dashboard(plan, plan.as_of(), texts=texts),
        "plan_texts": texts,
    }
    return render(request, "tracking/dashboard.html", context)


@require_safe
@login_required
def my_commitments(request: HttpRequest) -> HttpResponse:
    """What the signed-in person answers for, most urgent first."""
    context = {"mine": commitments_for(request.user, clock.today(), language=get_language())}
    return render(request, "tracking/my_commitments.html", context)
