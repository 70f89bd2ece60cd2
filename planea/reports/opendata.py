"""A public plan as plain data, for the open-data formats: the IATI activity
file (`iati.py`), the data package (`datapackage.py`) and the network's
transparency page.

Open data is what the public may read, whoever asks for it: `open_plan`
refuses a plan the public may not read (a draft, a proposal), and the
evidence listed is `visible_evidence(AnonymousUser())`, never a member's
view, even when a member runs the export. Members-only evidence counts
toward its product's target, as on the activity page for everyone, but its
title, date and link are never here. Progress notes are public, as on the
activity page; who wrote them is not included.

`open_plan` reads the database in a fixed number of queries whatever the
size of the plan, and returns frozen dataclasses of `str`, `int`, `Decimal`,
`date` and tuples of those.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from planea.accounts.policy import Action, require, visible_evidence
from planea.core.text import clean_deep
from planea.plans.models import (
    Activity,
    ActivityLead,
    Contribution,
    DataLicence,
    Network,
    Plan,
    Product,
)
from planea.tracking.models import Evidence, ProgressUpdate, with_delivered

# The licences a network may choose, by SPDX identifier: their names and
# where their text is.
LICENCE_URLS: dict[str, str] = {
    DataLicence.CC_BY_4_0: "https://creativecommons.org/licenses/by/4.0/",
    DataLicence.CC_BY_SA_4_0: "https://creativecommons.org/licenses/by-sa/4.0/",
    DataLicence.CC0_1_0: "https://creativecommons.org/publicdomain/zero/1.0/",
    DataLicence.ODBL_1_0: "https://opendatacommons.org/licenses/odbl/1-0/",
}


@dataclass(frozen=True)
class Licence:
    spdx: str  # "CC-BY-4.0"
    title: str  # "CC BY 4.0"
    url: str


def licence_of(network: Network) -> Licence:
    spdx = network.data_licence or DataLicence.CC_BY_4_0
    title = str(DataLicence(spdx).label) if spdx in DataLicence.values else spdx
    return Licence(spdx=spdx, title=title, url=LICENCE_URLS.get(spdx, ""))


@dataclass(frozen=True)
class Party:
    """An organisation an activity names: a lead, or who funds it."""

    name: str
    kind: str  # Organisation.Kind, or "" when only a funding source's name is known


@dataclass(frozen=True)
class ProductData:
    number: int  # 1, 2, … within the activity, in the plan's order
    description: str
    target_quantity: int | None
    unit: str
    recurrence: str
    target: int
    delivered: int


@dataclass(frozen=True)
class ProgressData:
    number: int  # 1, 2, … within the activity, oldest first
    date: dt.date
    status: str
    note: str


@dataclass(frozen=True)
class EvidenceData:
    id: int
    product_number: int
    title: str
    date: dt.date
    kind: str  # "file", "link" or "minutes"
    url: str  # absolute; empty for a link a browser should not follow
    content_type: str  # of a file; "" otherwise


@dataclass(frozen=True)
class ContributionData:
    number: int  # 1, 2, … within the activity, in the plan's order
    source: str
    source_kind: str  # FundingSource.Kind
    funder: Party
    kind: str  # Contribution.Kind: cash, in_kind, tbd
    stage: str  # Contribution.Stage: planned, spent
    amount: Decimal | None
    currency: str
    hours: Decimal | None
    period_start: dt.date | None
    period_end: dt.date | None
    note: str


@dataclass(frozen=True)
class ActivityData:
    key: str
    code: str
    area_number: int
    area_title: str
    area_objective: str
    period: str
    period_start: dt.date  # the first and last day of its period in the plan's year
    period_end: dt.date
    title: str
    details: str
    location: str
    starts: dt.date | None
    due: dt.date | None
    status: str
    status_date: dt.date | None
    url: str
    leads: tuple[Party, ...]
    products: tuple[ProductData, ...]
    progress: tuple[ProgressData, ...]
    evidence: tuple[EvidenceData, ...]
    contributions: tuple[ContributionData, ...]

    @property
    def funders(self) -> tuple[Party, ...]:
        """Who contributes, each once, in the plan's order."""
        seen: dict[str, Party] = {}
        for contribution in self.contributions:
            seen.setdefault(contribution.funder.name, contribution.funder)
        return tuple(seen.values())


@dataclass(frozen=True)
class OpenPlan:
    network_name: str
    network_acronym: str
    network_slug: str
    licence: Licence
    year: int
    title: str
    status: str
    language: str
    purpose: str
    url: str
    activities: tuple[ActivityData, ...]


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def _leads(plan: Plan) -> dict[int, list[Party]]:
    found: dict[int, list[Party]] = defaultdict(list)
    rows = (
        ActivityLead.objects.filter(activity__plan=plan)
        .order_by("activity_id", "order", "pk")
        .values_list("activity_id", "organisation__name", "organisation__kind")
    )
    for activity_id, name, kind in rows:
        found[activity_id].append(Party(name=name, kind=kind))
    return found


def _products(plan: Plan) -> tuple[dict[int, list[ProductData]], dict[int, int]]:
    """The products by activity, and each product's number by its id."""
    found: dict[int, list[ProductData]] = defaultdict(list)
    number_of: dict[int, int] = {}
    products = with_delivered(
        Product.objects.filter(activity__plan=plan).order_by("activity_id", "order", "pk")
    )
    for product in products:
        items = found[product.activity_id]
        number_of[product.pk] = len(items) + 1
        items.append(
            ProductData(
                number=len(items) + 1,
                description=product.description,
                target_quantity=product.target_quantity,
                unit=product.target_unit,
                recurrence=product.recurrence,
                target=product.target,
                delivered=product.delivered,  # type: ignore[attr-defined]  # annotated by with_delivered
            )
        )
    return found, number_of


def _progress(plan: Plan) -> dict[int, list[ProgressData]]:
    found: dict[int, list[ProgressData]] = defaultdict(list)
    rows = (
        # A withdrawn report was taken back by who made it: not published.
        ProgressUpdate.objects.filter(activity__plan=plan)
        .standing()
        .order_by("activity_id", "date", "created", "pk")
        .values_list("activity_id", "date", "status", "note")
    )
    for activity_id, date, status, note in rows:
        items = found[activity_id]
        items.append(ProgressData(number=len(items) + 1, date=date, status=status, note=note))
    return found


def public_evidence(plan: Plan):
    """The plan's evidence the public may see, oldest first."""
    return (
        Evidence.objects.filter(visible_evidence(AnonymousUser()))
        .filter(product__activity__plan=plan)
        .order_by("date", "created", "pk")
    )


def evidence_url(base_url: str, pk: int, file: str, url: str, meeting_id: int | None, slug: str):
    """Where the public gets a piece of evidence: the permission-checked
    download for a file, the meeting's page for minutes, the link itself
    when a browser may safely follow it."""
    if file:
        return _absolute(base_url, reverse("evidence", kwargs={"pk": pk}))
    if meeting_id:
        return _absolute(base_url, reverse("meeting", kwargs={"network": slug, "pk": meeting_id}))
    return url if url.lower().startswith(("http://", "https://")) else ""


def _evidence(
    plan: Plan, number_of: dict[int, int], base_url: str
) -> dict[int, list[EvidenceData]]:
    found: dict[int, list[EvidenceData]] = defaultdict(list)
    rows = public_evidence(plan).values_list(
        "pk",
        "product_id",
        "product__activity_id",
        "title",
        "date",
        "file",
        "url",
        "meeting_id",
        "content_type",
    )
    slug = plan.network.slug
    for pk, product_id, activity_id, title, date, file, url, meeting_id, content_type in rows:
        kind = "file" if file else "minutes" if meeting_id else "link"
        found[activity_id].append(
            EvidenceData(
                id=pk,
                product_number=number_of[product_id],
                title=title,
                date=date,
                kind=kind,
                url=evidence_url(base_url, pk, file, url, meeting_id, slug),
                content_type=content_type if file else "",
            )
        )
    return found


def _contributions(plan: Plan) -> dict[int, list[ContributionData]]:
    found: dict[int, list[ContributionData]] = defaultdict(list)
    rows = (
        Contribution.objects.filter(activity__plan=plan)
        .select_related("source__organisation")
        .order_by("activity_id", "order", "pk")
    )
    for row in rows:
        source = row.source
        funder = (
            Party(name=source.organisation.name, kind=source.organisation.kind)
            if source.organisation
            else Party(name=source.name, kind="")
        )
        items = found[row.activity_id]
        items.append(
            ContributionData(
                number=len(items) + 1,
                source=source.name,
                source_kind=source.kind,
                funder=funder,
                kind=row.kind,
                stage=row.stage,
                amount=row.amount,
                currency=row.currency,
                hours=row.hours,
                period_start=row.period_start,
                period_end=row.period_end,
                note=row.note,
            )
        )
    return found


def open_plan(plan: Plan, *, base_url: str | None = None) -> OpenPlan:
    """`plan` as the public may read it. Raises PermissionDenied for a plan
    the public may not read. Seven queries (select the plan's network with
    the plan to save one)."""
    require(AnonymousUser(), Action.VIEW_PLAN, plan)
    base = (base_url if base_url is not None else settings.SITE_URL).rstrip("/")
    network = plan.network
    leads = _leads(plan)
    products, number_of = _products(plan)
    progress = _progress(plan)
    evidence = _evidence(plan, number_of, base)
    contributions = _contributions(plan)
    activities = []
    for activity in (
        Activity.objects.filter(plan=plan).select_related("area").order_by("order", "pk")
    ):
        first, last = activity.period_bounds(plan.year)
        path = reverse(
            "activity", kwargs={"network": network.slug, "year": plan.year, "key": activity.key}
        )
        activities.append(
            ActivityData(
                key=activity.key,
                code=activity.code,
                area_number=activity.area.number,
                area_title=activity.area.title,
                area_objective=activity.area.objective,
                period=activity.period,
                period_start=first,
                period_end=last,
                title=activity.title,
                details=activity.details,
                location=activity.location,
                starts=activity.starts,
                due=activity.due,
                status=activity.status,
                status_date=activity.status_date,
                url=_absolute(base, path),
                leads=tuple(leads.get(activity.pk, ())),
                products=tuple(products.get(activity.pk, ())),
                progress=tuple(progress.get(activity.pk, ())),
                evidence=tuple(evidence.get(activity.pk, ())),
                contributions=tuple(contributions.get(activity.pk, ())),
            )
        )
    result = OpenPlan(
        network_name=network.name,
        network_acronym=network.acronym or network.name,
        network_slug=network.slug,
        licence=licence_of(network),
        year=plan.year,
        title=plan.title,
        status=plan.status,
        language=plan.language or "es",
        purpose=plan.purpose,
        url=_absolute(base, plan.get_absolute_url()),
        activities=tuple(activities),
    )
    # Text stored before the text rule may hold control characters, which
    # XML refuses and CSV readers trip on.
    return clean_deep(result)
