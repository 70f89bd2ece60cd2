"""Roles a plan names as leads ("País presidente", "País anfitrión") stand
for a country each year. This is the one place that resolves them, for the
activity page, the permission policy, the dashboard and "my commitments":

- "País presidente" is the country chairing the Executive Committee that
  year (its `BodySeat` with `is_chair`);
- "País anfitrión" (or "País sede") is the host country of that year's
  meeting of the Assembly (the annual meeting), from its `Meeting`.

`role_holders` and `roles_held_by` answer for many roles or countries at
once in one query each, whatever the number of roles, years and networks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, DateField, Value
from django.db.models.functions import ExtractYear

from planea.planfile import organisation_key
from planea.plans.models import Organisation

from .models import ASSEMBLY_KEY_PREFIX, BodySeat, Meeting

PRESIDING_COUNTRY = organisation_key("País presidente")
HOST_COUNTRY = organisation_key("País anfitrión")

# Roles filled by the chair of a body that year: role key → body key.
ROLE_CHAIRED_BODY: dict[str, str] = {
    PRESIDING_COUNTRY: organisation_key("Comité Ejecutivo"),
}
# Roles filled by the host of that year's Assembly meeting.
HOST_ROLES: frozenset[str] = frozenset({HOST_COUNTRY, organisation_key("País sede")})

ROLE_KEYS: frozenset[str] = frozenset(ROLE_CHAIRED_BODY) | HOST_ROLES

_CHAIR, _HOST = "chair", "host"


@dataclass(frozen=True)
class _Holder:
    network_id: int
    year: int
    source: str  # _CHAIR or _HOST
    body_key: str
    country_id: int
    country_name: str
    date: Any  # the Assembly meeting's date, for a host


def _holders(*, network_ids: Iterable[int] | None = None, years: Iterable[int] | None = None,
             countries: Iterable[int] | None = None) -> list[_Holder]:  # fmt: skip
    """Chairs of the bodies roles name, and hosts of Assembly meetings, in
    one query (a UNION), filtered by network, year or country."""
    chairs = BodySeat.objects.order_by().filter(
        is_chair=True, body__key__in=sorted(set(ROLE_CHAIRED_BODY.values()))
    )
    hosts = Meeting.objects.order_by().filter(
        host_country__isnull=False, organisation__key__startswith=ASSEMBLY_KEY_PREFIX
    )
    if network_ids is not None:
        network_ids = sorted(set(network_ids))
        chairs = chairs.filter(body__network_id__in=network_ids)
        hosts = hosts.filter(network_id__in=network_ids)
    if years is not None:
        years = sorted(set(years))
        chairs = chairs.filter(year__in=years)
        hosts = hosts.filter(date__year__in=years)
    if countries is not None:
        countries = sorted(set(countries))
        chairs = chairs.filter(country_id__in=countries)
        hosts = hosts.filter(host_country_id__in=countries)
    chairs = chairs.annotate(
        source=Value(_CHAIR, CharField()), on=Value(None, DateField())
    ).values_list("body__network_id", "year", "source", "body__key", "country_id",
                  "country__name", "on")  # fmt: skip
    hosts = hosts.annotate(
        held_in=ExtractYear("date"), source=Value(_HOST, CharField()), body=Value("", CharField())
    ).values_list("network_id", "held_in", "source", "body", "host_country_id",
                  "host_country__name", "date")  # fmt: skip
    return [_Holder(*row) for row in chairs.union(hosts, all=True)]


def _by_role(holders: Iterable[_Holder]) -> dict[tuple[int, int, str], tuple[int, str]]:
    """{(network, year, role key): (country id, name)}. Of several Assembly
    meetings in a year with a host, the last one's host holds the role."""
    found: dict[tuple[int, int, str], tuple[int, str]] = {}
    latest: dict[tuple[int, int], Any] = {}
    for holder in holders:
        if holder.source == _CHAIR:
            for role, body in ROLE_CHAIRED_BODY.items():
                if body == holder.body_key:
                    found[(holder.network_id, holder.year, role)] = (
                        holder.country_id,
                        holder.country_name,
                    )
            continue
        key = (holder.network_id, holder.year)
        if key in latest and latest[key] >= holder.date:
            continue
        latest[key] = holder.date
        for role in HOST_ROLES:
            found[(holder.network_id, holder.year, role)] = (
                holder.country_id,
                holder.country_name,
            )
    return found


def resolve_role(role: Organisation, year: int) -> Organisation | None:
    """The country that holds `role` in `year`, when the records say."""
    if role.key in ROLE_CHAIRED_BODY:
        seat = (
            BodySeat.objects.filter(
                body__network_id=role.network_id,
                body__key=ROLE_CHAIRED_BODY[role.key],
                year=year,
                is_chair=True,
            )
            .select_related("country")
            .first()
        )
        return seat.country if seat else None
    if role.key in HOST_ROLES:
        meeting = (
            Meeting.objects.assemblies()
            .in_year(year)
            .filter(network_id=role.network_id, host_country__isnull=False)
            .select_related("host_country")
            .order_by("-date", "-pk")
            .first()
        )
        return meeting.host_country if meeting else None
    return None


def role_holders(network_id: int, year: int, roles: dict[int, str]) -> dict[int, str]:
    """The country holding each of `roles` ({organisation id: key}) in `year`:
    {role's id: country's name}. One query, however many roles there are
    (even none, so that the number of queries never depends on the data)."""
    holders = _by_role(_holders(network_ids=[network_id], years=[year]))
    return {
        pk: holders[(network_id, year, key)][1]
        for pk, key in roles.items()
        if (network_id, year, key) in holders
    }


def roles_held_by(countries: Iterable[int]) -> list[tuple[int, int, frozenset[str]]]:
    """The roles `countries` hold: [(network id, year, role keys)], for the
    activities "my commitments" counts. One query."""
    countries = set(countries)
    held: dict[tuple[int, int], set[str]] = {}
    for (network_id, year, role), (country_id, _name) in _by_role(
        _holders(countries=countries)
    ).items():
        if country_id in countries:
            held.setdefault((network_id, year), set()).add(role)
    return [(network_id, year, frozenset(roles)) for (network_id, year), roles in held.items()]


def terms(network_id: int) -> list[dict]:
    """Year by year, newest first, who presides and who hosts the Assembly:
    [{"year": 2017, "presiding": "Uruguay", "host": "Chile"}, …]. One query."""
    holders = _by_role(_holders(network_ids=[network_id]))
    years: dict[int, dict] = {}
    for (_network, year, role), (_pk, name) in holders.items():
        row = years.setdefault(year, {"year": year, "presiding": "", "host": ""})
        if role == PRESIDING_COUNTRY:
            row["presiding"] = name
        elif role == HOST_COUNTRY:
            row["host"] = name
    return [years[year] for year in sorted(years, reverse=True)]


def lead_organisation_ids(activity: Any, cache: dict | None = None) -> frozenset[int]:
    """The organisations that lead `activity`: those the plan names, plus the
    countries that hold, in the plan's year, the roles it names.

    `cache` (one per request) keeps each (role, year) resolved once, so that
    a page of many activities costs one query per role, not per activity.
    """
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
