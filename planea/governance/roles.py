"""Roles a plan names as leads ("País presidente") stand for a country each
year. This resolves them, so that the coordinator of the presiding country
reports on what the plan gives the presiding country."""

from __future__ import annotations

from typing import Any


def lead_organisation_ids(activity: Any, cache: dict | None = None) -> frozenset[int]:
    """The organisations that lead `activity`: those the plan names, plus the
    countries that hold, in the plan's year, the roles it names.

    `cache` (one per request) keeps each (role, year) resolved once, so that
    a page of many activities costs one query per role, not per activity.
    """
    from .models import resolve_role

    links = activity.lead_links.all()  # prefetched on lists
    leads = set()
    year = activity.plan.year
    for link in links:
        leads.add(link.organisation_id)
        if link.organisation.kind != "role":
            continue
        key = (link.organisation_id, year)
        if cache is None or key not in cache:
            holder = resolve_role(link.organisation, year)
            resolved = holder.pk if holder else None
            if cache is None:
                cache = {}
            cache[key] = resolved
        if cache[key]:
            leads.add(cache[key])
    return frozenset(leads)
