"""Finding what an address names, as the user may see it: one rule for every
page of every app, so that a draft is a 404 to whoever may not read it."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Plan


def plan_or_404(request: HttpRequest, network: str, year: int) -> Plan:
    """The plan of `network` (its slug) for `year`, if `request.user` may read it."""
    return get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("network"),
        network__slug=network,
        year=year,
    )
