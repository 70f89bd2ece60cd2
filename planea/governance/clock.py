"""The day a closed plan was closed: the date its closing step took effect
(`PlanTransition.effective_on`). `Plan.as_of()` asks it (told so in
GovernanceConfig.ready): a 2017 plan closed in December 2017 is judged
against that day, not "3,439 days overdue" years later, and its report is
dated as of its close.
"""

from __future__ import annotations

import datetime as dt

from planea.plans.models import Plan, PlanStatus

from .models import PlanTransition


def closed_on(plan: Plan) -> dt.date | None:
    """When `plan`'s latest closing step took effect; None if none is on record."""
    return (
        PlanTransition.objects.filter(plan=plan, to_status=PlanStatus.CLOSED)
        .order_by("-effective_on", "-created")
        .values_list("effective_on", flat=True)
        .first()
    )
