"""A network's transparency page as plain data: its public plans at a glance
(commitments, delivered against targets, funding by source and kind), its
recent public evidence and progress, and every download with its format and
licence.

Everything here is what the public may read, whoever looks: the plans are
`visible_plans(AnonymousUser())`, the evidence `visible_evidence(...)` of
the same anonymous reader. A member looking at the page sees exactly what
the public sees, so that the page, its embeddable summary and its feed can
be cached and copied anywhere. A fixed number of queries whatever the number
of plans and activities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from planea.plans.models import (
    CLOSED_STATUSES,
    Activity,
    ActivityStatus,
    Contribution,
    ContributionKind,
    ContributionStage,
    Network,
    Plan,
    Product,
)
from planea.tracking.models import Evidence, ProgressUpdate, with_delivered

from .opendata import Licence, evidence_url, licence_of

RECENT = 10


@dataclass(frozen=True)
class Download:
    label: str
    format: str  # what the file is: "PDF", "IATI 2.03 (XML)"
    url: str  # a path on this site
    media_type: str


@dataclass(frozen=True)
class Funding:
    """What one source puts into a plan, of one kind, at one stage: an
    amount in one currency, or hours, or a pledge to be defined."""

    source: str
    kind: str
    kind_label: str
    stage: str
    stage_label: str
    currency: str
    amount: Decimal | None
    hours: Decimal | None
    count: int


@dataclass(frozen=True)
class PlanGlance:
    year: int
    title: str
    status: str
    status_label: str
    language: str
    url: str
    activities: int
    done: int
    cancelled: int
    open: int
    delivered: int
    target: int
    funding: tuple[Funding, ...]
    downloads: tuple[Download, ...]

    @property
    def percent_done(self) -> int:
        return self.done * 100 // self.activities if self.activities else 0

    @property
    def percent_delivered(self) -> int:
        return self.delivered * 100 // self.target if self.target else 0


@dataclass(frozen=True)
class EvidenceNews:
    id: int
    title: str
    date: dt.date
    created: dt.datetime
    url: str
    activity: str  # "1.1.i Quinto taller regional…"
    activity_url: str
    year: int


@dataclass(frozen=True)
class ProgressNews:
    id: int
    date: dt.date
    created: dt.datetime
    status: str
    status_label: str
    note: str
    activity: str
    activity_url: str
    year: int


@dataclass(frozen=True)
class Transparency:
    network_name: str
    network_acronym: str
    network_slug: str
    licence: Licence
    plans: tuple[PlanGlance, ...]
    evidence: tuple[EvidenceNews, ...]
    progress: tuple[ProgressNews, ...] = field(default=())

    @property
    def current(self) -> PlanGlance | None:
        return self.plans[0] if self.plans else None

    @property
    def past(self) -> tuple[PlanGlance, ...]:
        return self.plans[1:]


def public_plans(network: Network):
    return Plan.objects.visible_to(AnonymousUser()).filter(network=network).order_by("-year", "pk")


def downloads(network: Network, plan: Plan) -> tuple[Download, ...]:
    """Every file a public plan is published as, with its format: all of
    them under the network's licence, as they are made of the same public
    data."""
    slug, year = network.slug, plan.year

    def report(fmt: str) -> str:
        return reverse("report", kwargs={"network": slug, "year": year, "fmt": fmt})

    def export(fmt: str) -> str:
        return reverse("export", kwargs={"network": slug, "year": year, "fmt": fmt})

    kwargs = {"network": slug, "year": year}
    return (
        Download(_("The annual report"), "PDF", report("pdf"), "application/pdf"),
        Download(
            _("The annual report"),
            _("Word (DOCX)"),
            report("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Download(_("The annual report"), _("Web page (HTML)"), report("html"), "text/html"),
        Download(_("The annual report"), "Markdown", report("md"), "text/markdown"),
        Download(_("Activities"), "CSV", export("csv"), "text/csv"),
        Download(
            _("Activities"),
            "Excel (XLSX)",
            export("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Download(
            _("The whole plan"), _("JSON, the plan format"), export("json"), "application/json"
        ),
        Download(
            _("Calendar"), "iCalendar (ICS)", reverse("calendar", kwargs=kwargs), "text/calendar"
        ),
        Download(
            _("Activities, budgets and results"),
            "IATI 2.03 (XML)",
            reverse("iati", kwargs=kwargs),
            "application/xml",
        ),
        Download(
            _("Open data: activities, targets, progress, evidence, contributions"),
            _("Frictionless data package (CSV, ZIP)"),
            reverse("datapackage", kwargs=kwargs),
            "application/zip",
        ),
    )


def _counts(plans: list[Plan]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Activity.objects.filter(plan__in=plans)
        .values_list("plan_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for plan_id, status, n in rows:
        found[plan_id][status] = n
    return found


def _delivery(plans: list[Plan]) -> dict[int, tuple[int, int]]:
    """(delivered, target) by plan: each product counts up to its target."""
    found: dict[int, tuple[int, int]] = {}
    products = with_delivered(Product.objects.filter(activity__plan__in=plans)).only(
        "activity_id", "target_quantity"
    )
    plan_of = dict(Activity.objects.filter(plan__in=plans).values_list("pk", "plan_id"))
    for product in products:
        target = product.target
        delivered = product.delivered  # type: ignore[attr-defined]  # annotated by with_delivered
        done, whole = found.get(plan_of[product.activity_id], (0, 0))
        found[plan_of[product.activity_id]] = (done + min(delivered, target), whole + target)
    return found


def _funding(plans: list[Plan]) -> dict[int, list[Funding]]:
    found: dict[int, list[Funding]] = defaultdict(list)
    rows = (
        Contribution.objects.filter(activity__plan__in=plans)
        .values_list("activity__plan_id", "source__name", "kind", "stage", "currency")
        .annotate(amount=Sum("amount"), hours=Sum("hours"), n=Count("pk"))
        .order_by("activity__plan_id", "source__name", "kind", "stage", "currency")
    )
    for plan_id, source, kind, stage, currency, amount, hours, n in rows:
        found[plan_id].append(
            Funding(
                source=source,
                kind=kind,
                kind_label=str(ContributionKind(kind).label),
                stage=stage,
                stage_label=str(ContributionStage(stage).label),
                currency=currency,
                amount=amount,
                hours=hours,
                count=n,
            )
        )
    return found


def _label(activity: Activity) -> str:
    return f"{activity.code or activity.key} {activity.title}"


def recent_evidence(network: Network, base_url: str, limit: int = RECENT) -> list[EvidenceNews]:
    rows = (
        Evidence.objects.visible_to(AnonymousUser())
        .filter(product__activity__plan__network=network)
        .select_related("product__activity__plan")
        .order_by("-date", "-created", "-pk")[:limit]
    )
    found = []
    for evidence in rows:
        activity = evidence.product.activity
        found.append(
            EvidenceNews(
                id=evidence.pk,
                title=evidence.title,
                date=evidence.date,
                created=evidence.created,
                url=evidence_url(
                    base_url,
                    evidence.pk,
                    evidence.file.name if evidence.file else "",
                    evidence.url,
                    evidence.meeting_id,
                    network.slug,
                ),
                activity=_label(activity),
                activity_url=base_url.rstrip("/") + activity_path(network, activity),
                year=activity.plan.year,
            )
        )
    return found


def activity_path(network: Network, activity: Activity) -> str:
    return reverse(
        "activity",
        kwargs={"network": network.slug, "year": activity.plan.year, "key": activity.key},
    )


def recent_progress(network: Network, base_url: str, limit: int = RECENT) -> list[ProgressNews]:
    """The latest progress reports on the network's public plans."""
    rows = (
        ProgressUpdate.objects.filter(
            activity__plan__in=public_plans(network).values("pk"),
        )
        .standing()  # a withdrawn report is no news
        .select_related("activity__plan")
        .order_by("-date", "-created", "-pk")[:limit]
    )
    return [
        ProgressNews(
            id=update.pk,
            date=update.date,
            created=update.created,
            status=update.status,
            status_label=str(ActivityStatus(update.status).label),
            note=update.note,
            activity=_label(update.activity),
            activity_url=base_url.rstrip("/") + activity_path(network, update.activity),
            year=update.activity.plan.year,
        )
        for update in rows
    ]


def transparency(network: Network, *, base_url: str = "") -> Transparency:
    """The network's transparency page, as the public may read it."""
    plans = list(public_plans(network))
    counts = _counts(plans)
    delivery = _delivery(plans)
    funding = _funding(plans)
    glances = []
    for plan in plans:
        by_status = counts.get(plan.pk, {})
        total = sum(by_status.values())
        closed = sum(by_status.get(s, 0) for s in CLOSED_STATUSES)
        delivered, target = delivery.get(plan.pk, (0, 0))
        glances.append(
            PlanGlance(
                year=plan.year,
                title=plan.title,
                status=plan.status,
                status_label=str(Plan.Status(plan.status).label),
                language=plan.language or "es",
                url=reverse("plan", kwargs={"network": network.slug, "year": plan.year}),
                activities=total,
                done=by_status.get(ActivityStatus.DONE, 0),
                cancelled=by_status.get(ActivityStatus.CANCELLED, 0),
                open=total - closed,
                delivered=delivered,
                target=target,
                funding=tuple(funding.get(plan.pk, ())),
                downloads=downloads(network, plan),
            )
        )
    return Transparency(
        network_name=network.name,
        network_acronym=network.acronym or network.name,
        network_slug=network.slug,
        licence=licence_of(network),
        plans=tuple(glances),
        evidence=tuple(recent_evidence(network, base_url)),
        progress=tuple(recent_progress(network, base_url)),
    )
