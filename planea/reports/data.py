"""The annual report of a plan as plain data: what every format writes.

`annual_report(plan, user, today)` reads the database once, in a fixed
number of queries whatever the size of the plan, and returns frozen
dataclasses of `str`, `int`, `date` and tuples of those. The HTML, PDF,
DOCX and Markdown writers, and the charts, only ever read this; none of
them touches a model.

Two things the reader decides:

- Evidence: only what `visible_evidence(user)` allows is listed (members-only
  evidence is counted toward its product's target for everyone, as the
  activity page counts it, but its title and link are for members). Files
  are linked through the permission-checked download view, `/evidence/<id>/`,
  never to the stored file.
- Language: every label Planea writes (statuses, periods) is taken in the
  active language, so the report is built inside `translation.override`;
  the plan's own texts (titles, objectives, details, products) are taken in
  the report's `language` (`PlanTexts`): the translation where there is
  one, else the original followed by a note of its language, "(original en
  espagnol)", in the text itself, so that every format says it.

The figures of the executive summary are the dashboard's
(`planea.tracking.dashboard.plan_dashboard`), not computed again here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import get_language

from planea.accounts.policy import Action, require, visible_evidence
from planea.core.text import clean_deep
from planea.plans.models import (
    CLOSED_STATUSES,
    Activity,
    ActivityFunding,
    ActivityLead,
    ActivityStatus,
    Area,
    FundingTotals,
    Period,
    Plan,
    Product,
)
from planea.plans.templatetags.translated import note
from planea.plans.timeline import bar_for
from planea.plans.translations import PlanTexts, Shown
from planea.tracking.dashboard import (
    Dashboard,
    GroupProgress,
    ProductProgress,
    StatusCount,
    TargetCounter,
    plan_dashboard,
)
from planea.tracking.models import Evidence, ProgressUpdate


def _flagged(shown: Shown) -> str:
    """The text in the report's language; an original left untranslated
    with the note of its language after it."""
    return f"{shown.text} {note(shown)}" if shown.is_original else shown.text


def _percent(part: int, whole: int) -> int:
    """Whole percent rounded down, as the dashboard rounds: never 100% early."""
    return part * 100 // whole if whole else 0


# ---------------------------------------------------------------------------
# The shapes of the report.


@dataclass(frozen=True)
class Cover:
    network_name: str
    network_acronym: str
    network_slug: str
    plan_title: str
    year: int
    status: str
    status_label: str
    generated: dt.date
    plan_url: str
    # The language the plan is written in ("es"), for `lang` attributes.
    plan_language: str


@dataclass(frozen=True)
class EvidenceItem:
    """A piece of evidence the reader may see, and where to get it."""

    title: str
    date: dt.date
    url: str  # absolute; empty for a link a browser should not follow
    is_file: bool
    is_public: bool


@dataclass(frozen=True)
class ProductItem(TargetCounter):
    description: str
    delivered: int
    target: int
    unit: str = ""
    recurrence: str = ""
    evidence: tuple[EvidenceItem, ...] = ()

    @property
    def hidden(self) -> int:
        """Pieces counted but not shown to this reader (members only)."""
        return max(self.delivered - len(self.evidence), 0)


@dataclass(frozen=True)
class ActivityItem:
    key: str
    code: str
    title: str
    area_number: int
    area_title: str
    period: str
    period_label: str
    details: str
    location: str
    starts: dt.date | None
    due: dt.date | None
    status: str
    status_label: str
    status_date: dt.date | None
    note: str
    note_date: dt.date | None
    leads: tuple[str, ...]
    funding: tuple[str, ...]
    products: tuple[ProductItem, ...]
    url: str
    # Where the activity stands on the year's timeline (see plans.timeline).
    span_start: dt.date
    span_end: dt.date
    is_event: bool
    is_dated: bool
    # Open, and due this many days before the report's day; 0 otherwise.
    days_late: int

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def label(self) -> str:
        """The code as the plan wrote it, or the key when it wrote none."""
        return self.code or self.key

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def counted(self) -> int:
        return sum(p.counted for p in self.products)

    @property
    def target(self) -> int:
        return sum(p.target for p in self.products)


@dataclass(frozen=True)
class AreaSummary:
    """One area's figures: activities by status, products against targets."""

    number: int
    title: str
    progress: GroupProgress
    products_counted: int
    products_target: int

    @property
    def products_percent(self) -> int:
        return _percent(self.products_counted, self.products_target)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class StatusShare:
    """How many activities stand at one status, and their share of the plan."""

    status: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Summary:
    total: int
    statuses: tuple[StatusCount, ...]
    done: int
    cancelled: int
    open: int
    percent_done: int
    overdue: int
    products: int
    products_complete: int
    products_counted: int
    products_target: int
    by_area: tuple[AreaSummary, ...]

    @property
    def products_percent(self) -> int:
        return _percent(self.products_counted, self.products_target)

    @property
    def status_shares(self) -> tuple[StatusShare, ...]:
        return tuple(
            StatusShare(s.status, s.label, s.count, _percent(s.count, self.total))
            for s in self.statuses
        )


@dataclass(frozen=True)
class AreaSection:
    number: int
    title: str
    objective: str
    notes: str
    activities: tuple[ActivityItem, ...]
    summary: AreaSummary

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class AnnualReport:
    cover: Cover
    today: dt.date
    summary: Summary
    areas: tuple[AreaSection, ...]
    # Neither done nor cancelled: candidates to carry over to next year.
    carry_over: tuple[ActivityItem, ...]
    # What the funding sources put in, by source, kind and currency (issue
    # 16); empty, and no section in any format, for a plan that records none.
    funding: FundingTotals = field(default_factory=lambda: FundingTotals((), (), ()))

    @property
    def activities(self) -> tuple[ActivityItem, ...]:
        return tuple(a for area in self.areas for a in area.activities)


# ---------------------------------------------------------------------------
# Building it.


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def _evidence_by_product(plan: Plan, user, base_url: str) -> dict[int, list[EvidenceItem]]:
    """The evidence of `plan` that `user` may see, by product. One query."""
    rows = (
        Evidence.objects.filter(visible_evidence(user))
        .filter(product__activity__plan=plan)
        .order_by("date", "created", "pk")
        .values("pk", "product_id", "title", "date", "file", "url", "is_public")
    )
    found: dict[int, list[EvidenceItem]] = defaultdict(list)
    for row in rows:
        is_file = bool(row["file"])
        if is_file:
            url = _absolute(base_url, reverse("evidence", kwargs={"pk": row["pk"]}))
        else:
            # Only links a browser may safely follow, as the activity page.
            url = row["url"] if row["url"].lower().startswith(("http://", "https://")) else ""
        found[row["product_id"]].append(
            EvidenceItem(
                title=row["title"],
                date=row["date"],
                url=url,
                is_file=is_file,
                is_public=row["is_public"],
            )
        )
    return found


def _activities(plan: Plan):
    """The plan's activities in order, with the latest progress report that
    has a note. One query."""
    # A withdrawn report no longer speaks for the activity.
    with_note = ProgressUpdate.objects.filter(activity=OuterRef("pk")).standing().exclude(note="")
    latest = with_note.order_by("-date", "-created", "-pk")
    return (
        Activity.objects.filter(plan=plan)
        .order_by("order")
        .annotate(
            latest_note=Subquery(latest.values("note")[:1]),
            latest_note_date=Subquery(latest.values("date")[:1]),
        )
    )


def _names_by_activity(links, name: str) -> dict[int, list[tuple[int, str]]]:
    """{activity id: [(organisation or source id, name), …]} in the plan's
    order, from plain rows: a plan's thousands of links, as model instances
    through `prefetch_related`, would cost more than the rest of the report."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = links.order_by("activity_id", "order", "pk").values_list(
        "activity_id", f"{name}_id", f"{name}__name"
    )
    for activity_id, pk, label in rows:
        found[activity_id].append((pk, label))
    return found


def _lead_names(leads: list[tuple[int, str]], stands_for: dict[int, str]) -> tuple[str, ...]:
    """Each lead's name; a role with the country holding it that year:
    "País presidente (Uruguay)"."""
    return tuple(f"{name} ({stands_for[pk]})" if pk in stands_for else name for pk, name in leads)


def _product_item(
    progress: ProductProgress, evidence: list[EvidenceItem], texts: PlanTexts
) -> ProductItem:
    product = Product(pk=progress.id, description=progress.description)
    return ProductItem(
        description=_flagged(texts.get(product, "description")),
        delivered=progress.delivered,
        target=progress.target,
        unit=progress.unit,
        recurrence=progress.recurrence,
        evidence=tuple(evidence),
    )


def _summary(dashboard: Dashboard, by_area: tuple[AreaSummary, ...]) -> Summary:
    products = dashboard.products
    return Summary(
        total=dashboard.total,
        statuses=dashboard.statuses,
        done=dashboard.done,
        cancelled=dashboard.cancelled,
        open=dashboard.open,
        percent_done=dashboard.percent_done,
        overdue=len(dashboard.overdue),
        products=len(products.items),
        products_complete=products.complete,
        products_counted=products.counted,
        products_target=products.target,
        by_area=by_area,
    )


@dataclass(frozen=True)
class _Lookups:
    """What the report reads about the plan's activities, fetched once each:
    their products' figures, the evidence the reader may see, leads,
    funding, and the country holding each role that leads."""

    products_of: dict[int, list[ProductProgress]]
    evidence: dict[int, list[EvidenceItem]]
    leads: dict[int, list[tuple[int, str]]]
    funding: dict[int, list[tuple[int, str]]]
    stands_for: dict[int, str]
    # The plan's texts in the report's language.
    texts: PlanTexts


def _lookups(plan: Plan, user, dashboard: Dashboard, base_url: str, texts: PlanTexts) -> _Lookups:
    products_of: dict[int, list[ProductProgress]] = defaultdict(list)
    for item in dashboard.products.items:
        products_of[item.activity_id].append(item)
    return _Lookups(
        products_of=products_of,
        evidence=_evidence_by_product(plan, user, base_url),
        leads=_names_by_activity(ActivityLead.objects.filter(activity__plan=plan), "organisation"),
        funding=_names_by_activity(
            ActivityFunding.objects.filter(activity__plan=plan), "funding_source"
        ),
        # Roles ("País presidente") and the country holding each in the plan's year.
        stands_for={
            int(group.key.removeprefix("lead-")): group.stands_for
            for group in dashboard.by_lead
            if group.stands_for
        },
        texts=texts,
    )


def _activity_item(
    activity: Activity, area: dict, plan: Plan, found: _Lookups, today: dt.date, base_url: str
) -> ActivityItem:
    bar = bar_for(activity, plan.year)
    path = reverse(
        "activity",
        kwargs={"network": plan.network.slug, "year": plan.year, "key": activity.key},
    )
    return ActivityItem(
        key=activity.key,
        code=activity.code,
        title=_flagged(found.texts.get(activity, "title")),
        area_number=area["number"],
        area_title=area["title"],
        period=activity.period,
        period_label=str(Period(activity.period).label),
        details=_flagged(found.texts.get(activity, "details")),
        location=activity.location,
        starts=activity.starts,
        due=activity.due,
        status=activity.status,
        status_label=str(ActivityStatus(activity.status).label),
        status_date=activity.status_date,
        note=activity.latest_note or "",
        note_date=activity.latest_note_date,
        leads=_lead_names(found.leads.get(activity.pk, []), found.stands_for),
        funding=tuple(name for _pk, name in found.funding.get(activity.pk, [])),
        products=tuple(
            _product_item(p, found.evidence.get(p.id, []), found.texts)
            for p in found.products_of.get(activity.pk, ())
        ),
        url=_absolute(base_url, path),
        span_start=bar.start,
        span_end=bar.end,
        is_event=bar.is_event,
        is_dated=activity.is_dated,
        days_late=activity.days_late(today),
    )


def _section(
    area: dict, activities: tuple[ActivityItem, ...], progress: GroupProgress
) -> AreaSection:
    summary = AreaSummary(
        number=area["number"],
        title=area["title"],
        progress=progress,
        products_counted=sum(a.counted for a in activities),
        products_target=sum(a.target for a in activities),
    )
    return AreaSection(
        number=area["number"],
        title=area["title"],
        objective=area["objective"],
        notes=area["notes"],
        activities=activities,
        summary=summary,
    )


def _sections(
    plan: Plan, dashboard: Dashboard, found: _Lookups, today: dt.date, base_url: str
) -> list[AreaSection]:
    """The plan's areas in order, each with its activities and figures."""
    areas = list(plan.areas.order_by("order").values("id", "number", "title", "objective", "notes"))
    for area in areas:
        shown = Area(pk=area["id"], title=area["title"], objective=area["objective"])
        area["title"] = _flagged(found.texts.get(shown, "title"))
        area["objective"] = _flagged(found.texts.get(shown, "objective"))
    area_of = {area["id"]: area for area in areas}
    by_area: dict[int, list[ActivityItem]] = {area["id"]: [] for area in areas}
    for activity in _activities(plan):
        area = area_of[activity.area_id]
        by_area[area["id"]].append(_activity_item(activity, area, plan, found, today, base_url))
    progress_of = {group.key: group for group in dashboard.by_area}
    return [
        _section(area, tuple(by_area[area["id"]]), progress_of[f"area-{area['id']}"])
        for area in areas
    ]


def _content_language(plan: Plan, texts: PlanTexts) -> str:
    """The language the plan's texts are shown in, for `lang` attributes:
    the report's once the plan is translated into it (its title first, as
    translators begin), else the plan's own, each original left marked in
    its text."""
    shown = texts.get(plan, "title")
    return texts.language if not shown.is_original else plan.language or "es"


def _cover(plan: Plan, today: dt.date, base_url: str, texts: PlanTexts) -> Cover:
    network = plan.network
    return Cover(
        network_name=network.name,
        network_acronym=network.acronym or network.name,
        network_slug=network.slug,
        plan_title=_flagged(texts.get(plan, "title")),
        year=plan.year,
        status=plan.status,
        status_label=str(Plan.Status(plan.status).label),
        generated=today,
        plan_url=_absolute(base_url, plan.get_absolute_url()),
        plan_language=_content_language(plan, texts),
    )


def annual_report(
    plan: Plan,
    user,
    today: dt.date | None = None,
    *,
    base_url: str | None = None,
    language: str | None = None,
) -> AnnualReport:
    """The annual report of `plan` as `user` may read it, as of `today`,
    with the plan's texts in `language` (by default, the active language;
    build it inside `translation.override(language)` for the labels too).

    Raises PermissionDenied if `user` may not read the plan. Links are made
    absolute with `base_url` (the site's address, `SITE_URL`, by default).
    A fixed number of queries whatever the size of the plan; select the
    plan's network with the plan to save one.
    """
    require(user, Action.VIEW_PLAN, plan)
    today = today or plan.as_of()
    base_url = (base_url if base_url is not None else settings.SITE_URL).rstrip("/")
    dashboard = plan_dashboard(plan, today)
    texts = PlanTexts.load(plan, language or get_language())
    sections = _sections(
        plan, dashboard, _lookups(plan, user, dashboard, base_url, texts), today, base_url
    )
    report = AnnualReport(
        cover=_cover(plan, today, base_url, texts),
        today=today,
        summary=_summary(dashboard, tuple(s.summary for s in sections)),
        areas=tuple(sections),
        carry_over=tuple(a for s in sections for a in s.activities if a.is_open),
        funding=dashboard.contributions,
    )
    # Every format is written from this: text stored before the text rule
    # may hold control characters, which XML (Word, the PDF's HTML) refuses.
    return clean_deep(report)
