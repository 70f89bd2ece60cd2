"""A plan's health, and a person's commitments, as plain data.

The dashboard page, "my commitments", the annual report and the reminders
all read the same figures, so they are computed here, once, with no HTML:
every result is a frozen dataclass of `str`, `int`, `date`, tuples and
dicts of those, ready for a template, a PDF or a JSON API.

Two promises hold for every function here:

- The number of SQL queries is fixed whatever the size of the plan: every
  figure comes from a grouped aggregate (`values(...).annotate(Count(...))`)
  or from one flat query, never from a query per activity, area or lead.
- `today` is a parameter (the local date by default), so that figures can be
  computed as of any day, and tests need no clock.

The words used throughout:

- *open*, *overdue*, *due soon*: as `planea.plans.models` rules them
  (`Activity.deadline_state`, `ActivityQuerySet.overdue` and the rest): open
  is neither done nor cancelled; overdue, open and due before `today`; due
  soon, open and due from `today` to `today + window` days, both included
  (`DUE_SOON_DAYS`, 30, by default);
- *delivered*: how many pieces of evidence a product has; it counts toward
  the product's `target` (the plan's number, or 1) up to the target only, so
  that ten newsletters cannot make up for a missing report.

Percentages are whole numbers rounded down: a plan is never shown as 100%
done while something is missing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from planea.accounts.policy import coordinated_organisations, managed_networks
from planea.core import clock
from planea.governance.roles import role_holders, roles_held_by
from planea.plans.models import (
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    Activity,
    ActivityLead,
    ActivityStatus,
    Area,
    Contribution,
    Deadline,
    FundingTotals,
    Network,
    Organisation,
    Plan,
    PlanStatus,
    Product,
    open_condition,
    overdue_condition,
)
from planea.plans.translations import PlanTexts, Shown

from .models import with_delivered

# Every status, in the order a bar stacks them: finished work first, then
# what is moving, then what is stuck; dropped work last.
STATUS_ORDER: tuple[str, ...] = (
    ActivityStatus.DONE,
    ActivityStatus.ON_TRACK,
    ActivityStatus.AT_RISK,
    ActivityStatus.DELAYED,
    ActivityStatus.NOT_STARTED,
    ActivityStatus.CANCELLED,
)


def _label(status: str) -> str:
    """The status's name in the active language, as a plain string."""
    return str(ActivityStatus(status).label)


def _percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percent, rounded down; 0 of nothing is 0."""
    return part * 100 // whole if whole else 0


def _css_percent(part: int, whole: int) -> str:
    """A width for a style attribute: a dot, never a localised comma."""
    return f"{part * 100 / whole:.3f}" if whole else "0"


# ---------------------------------------------------------------------------
# The shapes of the results.


@dataclass(frozen=True)
class StatusCount:
    """How many activities stand at one status."""

    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Segment:
    """One status's share of a stacked bar; `width` is a CSS percentage."""

    status: str
    label: str
    count: int
    width: str


@dataclass(frozen=True)
class GroupProgress:
    """Where the activities of one area, lead or funding source stand.

    `counts` has every status, zeros included, in `STATUS_ORDER`. For a lead
    that is a role ("País presidente"), `stands_for` names the country that
    holds the role in the plan's year, when the records say.
    """

    key: str
    name: str
    total: int
    done: int
    overdue: int
    counts: dict[str, int]
    kind: str = ""
    slug: str = ""
    stands_for: str = ""
    # The language `name` is in, for an area's title (translated or not).
    language: str = ""

    @property
    def cancelled(self) -> int:
        return self.counts.get(ActivityStatus.CANCELLED, 0)

    @property
    def open(self) -> int:
        return self.total - self.done - self.cancelled

    @property
    def percent_done(self) -> int:
        """Done, of what was not cancelled."""
        return _percent(self.done, self.total - self.cancelled)

    @property
    def segments(self) -> list[Segment]:
        """The non-empty statuses, in order, as the parts of a stacked bar."""
        return [
            Segment(status, _label(status), count, _css_percent(count, self.total))
            for status, count in self.counts.items()
            if count
        ]


class TargetCounter:
    """A product's pieces of evidence against its target (`delivered`,
    `target`), as the dashboard and the annual report both count them."""

    delivered: int
    target: int

    @property
    def counted(self) -> int:
        """What counts toward the target: never more than the target."""
        return min(self.delivered, self.target)

    @property
    def complete(self) -> bool:
        return self.delivered >= self.target


@dataclass(frozen=True)
class ProductProgress(TargetCounter):
    """A product's evidence against its target: "Reporte: 2 of 3"."""

    id: int
    activity_id: int
    activity_key: str
    activity_code: str
    description: str
    delivered: int
    target: int
    unit: str = ""
    recurrence: str = ""
    # The language `description` is in: the reader's, or the plan's when
    # it has no translation.
    language: str = ""

    @property
    def percent(self) -> int:
        return _percent(self.counted, self.target)

    @property
    def width(self) -> str:
        return _css_percent(self.counted, self.target)


@dataclass(frozen=True)
class ProductsSummary:
    """Every product of a plan, and how much of the targets is delivered:
    sum(min(delivered, target)) / sum(target)."""

    items: tuple[ProductProgress, ...]
    counted: int
    target: int

    @property
    def percent(self) -> int:
        return _percent(self.counted, self.target)

    @property
    def width(self) -> str:
        return _css_percent(self.counted, self.target)

    @property
    def complete(self) -> int:
        """How many products have reached their target."""
        return sum(1 for item in self.items if item.complete)


@dataclass(frozen=True)
class Commitment:
    """An activity as a list of commitments shows it, with where it stands
    relative to `today`: `days_late` when overdue, `days_left` when due."""

    id: int
    key: str
    code: str
    title: str
    url: str
    network: str
    network_slug: str
    year: int
    plan_title: str
    language: str
    area: str
    due: dt.date | None
    status: str
    status_label: str
    status_date: dt.date | None
    leads: tuple[str, ...] = ()
    products: tuple[ProductProgress, ...] = ()
    days_late: int = 0
    days_left: int | None = None
    # `Deadline`'s value ("overdue", "today", "soon", "later"); empty when
    # closed or undated.
    deadline: str = ""
    # The language `title` is in: the reader's, or the plan's (`language`)
    # when it has no translation.
    title_language: str = ""

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_due_soon(self) -> bool:
        return self.deadline in (Deadline.TODAY, Deadline.SOON)


@dataclass(frozen=True)
class Dashboard:
    """A plan's health on `today`."""

    plan_id: int
    year: int
    today: dt.date
    window: int
    total: int
    statuses: tuple[StatusCount, ...]
    overdue: tuple[Commitment, ...]
    due_soon: tuple[Commitment, ...]
    by_area: tuple[GroupProgress, ...]
    by_lead: tuple[GroupProgress, ...]
    by_funding: tuple[GroupProgress, ...]
    products: ProductsSummary
    # What the funding sources put in (issue 16): summed by source, by kind
    # and by currency, never across currencies.
    contributions: FundingTotals = field(default_factory=lambda: FundingTotals((), (), ()))

    def count(self, status: str) -> int:
        return next((s.count for s in self.statuses if s.status == status), 0)

    @property
    def done(self) -> int:
        return self.count(ActivityStatus.DONE)

    @property
    def cancelled(self) -> int:
        return self.count(ActivityStatus.CANCELLED)

    @property
    def open(self) -> int:
        return self.total - self.done - self.cancelled

    @property
    def percent_done(self) -> int:
        """Done, of what was not cancelled."""
        return _percent(self.done, self.total - self.cancelled)

    @property
    def overall(self) -> GroupProgress:
        """The whole plan as one bar."""
        return GroupProgress(
            key="plan",
            name=str(self.year),
            total=self.total,
            done=self.done,
            overdue=len(self.overdue),
            counts={s.status: s.count for s in self.statuses},
        )


# ---------------------------------------------------------------------------
# Grouped aggregates.


# What each grouped query counts: activities, and those overdue.
def _counting(today: dt.date) -> dict[str, Any]:
    return {"n": Count("id"), "late": Count("id", filter=overdue_condition(today))}


class _Tally:
    """Adds up (group, status, n, late) rows into a GroupProgress per group."""

    def __init__(self) -> None:
        self.counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUS_ORDER, 0))
        self.late: dict[Any, int] = defaultdict(int)

    def add(self, group: Any, status: str, n: int, late: int) -> None:
        self.counts[group][status] += n
        self.late[group] += late

    def __contains__(self, group: Any) -> bool:
        return group in self.counts

    def progress(self, group: Any, key: str, name: str, **extra: str) -> GroupProgress:
        counts = dict(self.counts[group])
        return GroupProgress(
            key=key,
            name=name,
            total=sum(counts.values()),
            done=counts[ActivityStatus.DONE],
            overdue=self.late[group],
            counts=counts,
            **extra,
        )


def _shown(
    texts: PlanTexts | None, plan: Plan, model: type, pk: int, field_name: str, text: str
) -> Shown:
    """A text in the reader's language when `texts` are given, else the original."""
    if texts is None:
        return Shown(text, plan.language)
    return texts.shown(model, pk, field_name, text)


def _by_area(
    plan: Plan, today: dt.date, texts: PlanTexts | None = None
) -> tuple[list[GroupProgress], list[StatusCount], int]:
    """Per area, and, adding the areas up, per status for the whole plan.
    Two queries."""
    tally = _Tally()
    rows = plan.activities.order_by().values("area_id", "status").annotate(**_counting(today))
    for row in rows:
        tally.add(row["area_id"], row["status"], row["n"], row["late"])
    areas = []
    for area in plan.areas.order_by("order").values("id", "number", "title"):
        title = _shown(texts, plan, Area, area["id"], "title", area["title"])
        name = f"{area['number']}. {title.text}"
        areas.append(
            tally.progress(area["id"], f"area-{area['id']}", name, language=title.language)
        )
    totals = dict.fromkeys(STATUS_ORDER, 0)
    for area in areas:
        for status, count in area.counts.items():
            totals[status] += count
    statuses = [StatusCount(s, _label(s), totals[s]) for s in STATUS_ORDER]
    return areas, statuses, sum(totals.values())


def _by_name(groups: list[GroupProgress], nobody: GroupProgress | None) -> list[GroupProgress]:
    ordered = sorted(groups, key=lambda g: g.name.casefold())
    return [*ordered, nobody] if nobody else ordered


def _by_lead(plan: Plan, today: dt.date) -> list[GroupProgress]:
    """Per organisation the plan names as lead, in name order; a role counts
    under its own name, with the country holding it that year beside it.
    An activity with two leads counts for both. Two queries."""
    tally = _Tally()
    names: dict[int | None, dict[str, str]] = {}
    rows = (
        plan.activities.order_by()
        .values(
            "lead_links__organisation_id",
            "lead_links__organisation__name",
            "lead_links__organisation__slug",
            "lead_links__organisation__kind",
            "lead_links__organisation__key",
            "status",
        )
        .annotate(**_counting(today))
    )
    roles: dict[int, str] = {}
    for row in rows:
        org = row["lead_links__organisation_id"]
        if row["lead_links__organisation__kind"] == Organisation.Kind.ROLE:
            roles[org] = row["lead_links__organisation__key"]
        tally.add(org, row["status"], row["n"], row["late"])
        names[org] = {
            "name": row["lead_links__organisation__name"] or "",
            "slug": row["lead_links__organisation__slug"] or "",
            "kind": row["lead_links__organisation__kind"] or "",
        }
    holders = role_holders(plan.network_id, plan.year, roles)
    leads = [
        tally.progress(
            org,
            f"lead-{org}",
            info["name"],
            slug=info["slug"],
            kind=info["kind"],
            stands_for=holders.get(org, ""),
        )
        for org, info in names.items()
        if org is not None
    ]
    nobody = tally.progress(None, "lead-none", _("No lead named")) if None in tally else None
    return _by_name(leads, nobody)


def _by_funding(plan: Plan, today: dt.date) -> list[GroupProgress]:
    """Per funding source, in name order. One query."""
    tally = _Tally()
    names: dict[int | None, tuple[str, str]] = {}
    rows = (
        plan.activities.order_by()
        .values(
            "funding_links__funding_source_id",
            "funding_links__funding_source__name",
            "funding_links__funding_source__kind",
            "status",
        )
        .annotate(**_counting(today))
    )
    for row in rows:
        source = row["funding_links__funding_source_id"]
        tally.add(source, row["status"], row["n"], row["late"])
        names[source] = (
            row["funding_links__funding_source__name"] or "",
            row["funding_links__funding_source__kind"] or "",
        )
    sources = [
        tally.progress(source, f"funding-{source}", name, kind=kind)
        for source, (name, kind) in names.items()
        if source is not None
    ]
    nobody = tally.progress(None, "funding-none", _("No funding named")) if None in tally else None
    return _by_name(sources, nobody)


# ---------------------------------------------------------------------------
# Products and commitments.


def _product(row: dict[str, Any], texts: PlanTexts | None = None) -> ProductProgress:
    # A transient Product lends its rules: the target (one when the plan
    # names no number) and the words for the recurrence.
    model = Product(target_quantity=row["target_quantity"], recurrence=row["recurrence"])
    description = (
        texts.shown(Product, row["id"], "description", row["description"])
        if texts
        else Shown(row["description"], "")
    )
    return ProductProgress(
        id=row["id"],
        activity_id=row["activity_id"],
        activity_key=row["activity__key"],
        activity_code=row["activity__code"],
        description=description.text,
        delivered=row["delivered"],
        target=model.target,
        unit=row["target_unit"],
        recurrence=model.recurrence_label,
        language=description.language,
    )


def product_progress(products, texts: PlanTexts | None = None) -> list[ProductProgress]:
    """`products` (a queryset) with their evidence counted, in the plan's
    order, described in the language of `texts` if given. One query."""
    rows = (
        with_delivered(products)
        .order_by("activity__order", "order", "pk")
        .values(
            "id",
            "activity_id",
            "activity__key",
            "activity__code",
            "description",
            "target_quantity",
            "target_unit",
            "recurrence",
            "delivered",
        )
    )
    return [_product(row, texts) for row in rows]


def products_summary(plan: Plan, texts: PlanTexts | None = None) -> ProductsSummary:
    """Every product of `plan` against its target. One query."""
    items = tuple(product_progress(Product.objects.filter(activity__plan=plan), texts))
    return ProductsSummary(
        items=items,
        counted=sum(item.counted for item in items),
        target=sum(item.target for item in items),
    )


def _commitment(
    activity: Activity,
    today: dt.date,
    window: int,
    *,
    leads: Iterable[str] = (),
    products: Iterable[ProductProgress] = (),
    network: Any = None,
    plan: Plan | None = None,
    texts: PlanTexts | None = None,
) -> Commitment:
    plan = plan or activity.plan
    network = network or plan.network
    title = _shown(texts, plan, Activity, activity.pk, "title", activity.title)
    area = _shown(texts, plan, Area, activity.area_id, "title", activity.area.title)
    left = activity.days_to_due(today)
    deadline = activity.deadline_state(today, window)
    return Commitment(
        id=activity.pk,
        key=activity.key,
        code=activity.code,
        title=title.text,
        title_language=title.language,
        url=reverse(
            "activity", kwargs={"network": network.slug, "year": plan.year, "key": activity.key}
        ),
        network=str(network.acronym or network.name),
        network_slug=network.slug,
        year=plan.year,
        plan_title=plan.title,
        language=plan.language,
        area=f"{activity.area.number}. {area.text}",
        due=activity.due,
        status=activity.status,
        status_label=_label(activity.status),
        status_date=activity.status_date,
        leads=tuple(leads),
        products=tuple(products),
        days_late=activity.days_late(today),
        days_left=left if left is not None and left >= 0 else None,
        deadline=deadline.value if deadline else "",
    )


def plan_dashboard(
    plan: Plan,
    today: dt.date | None = None,
    *,
    window: int = DUE_SOON_DAYS,
    texts: PlanTexts | None = None,
) -> Dashboard:
    """Everything the dashboard of `plan` shows, as of `today`: counts by
    status; what is overdue (most overdue first) and due within `window`
    days (soonest first); progress by area, by lead and by funding source;
    and products delivered against their targets.

    Nine queries, whatever the size of the plan. `plan.network` is read
    from the plan (select it with the plan to save one more). Areas, titles
    and products in the language of `texts` (`PlanTexts.load(plan, language)`)
    when given.
    """
    today = today or plan.as_of()
    areas, statuses, total = _by_area(plan, today, texts)
    by_lead = _by_lead(plan, today)
    by_funding = _by_funding(plan, today)
    products = products_summary(plan, texts)

    attention = (
        plan.activities.needing_attention(today, window)
        .select_related("area")
        .with_leads()
        .order_by("due", "order")
    )
    by_activity: dict[int, list[ProductProgress]] = defaultdict(list)
    for item in products.items:
        by_activity[item.activity_id].append(item)
    network = plan.network
    overdue, due_soon = [], []
    for activity in attention:
        commitment = _commitment(
            activity,
            today,
            window,
            leads=[lead.name for lead in activity.ordered_leads],
            products=by_activity.get(activity.pk, ()),
            network=network,
            plan=plan,
            texts=texts,
        )
        (overdue if activity.is_overdue(today) else due_soon).append(commitment)

    return Dashboard(
        plan_id=plan.pk,
        year=plan.year,
        today=today,
        window=window,
        total=total,
        statuses=tuple(statuses),
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        by_area=tuple(areas),
        by_lead=tuple(by_lead),
        by_funding=tuple(by_funding),
        products=products,
        contributions=Contribution.objects.filter(activity__plan=plan).funding_totals(),
    )


# ---------------------------------------------------------------------------
# A person's commitments.


@dataclass(frozen=True)
class MyCommitments:
    """What one person answers for, as of `today`, across the plans being
    carried out (approved or in execution) of the networks they belong to.

    A coordinator answers for every activity an organisation they coordinate
    leads, directly or through a role (the presiding country) it holds in
    the plan's year: open and closed. The Secretariat follows every open
    commitment of its networks. `organisations` names whom a coordinator
    coordinates; `networks` the networks a secretary follows.
    """

    today: dt.date
    window: int
    is_coordinator: bool
    is_secretariat: bool
    organisations: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    overdue: tuple[Commitment, ...] = ()
    due_soon: tuple[Commitment, ...] = ()
    later: tuple[Commitment, ...] = ()
    closed: tuple[Commitment, ...] = ()

    @property
    def concerned(self) -> bool:
        """Whether the person answers for anything at all: coordinators and
        the Secretariat do; the page explains itself to everyone else."""
        return self.is_coordinator or self.is_secretariat

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.later) + len(self.closed)


def _led_by(organisations) -> Q:
    """Activities one of `organisations` (ids, or a queryset of them) leads,
    as an uncorrelated subquery on the narrow table of leads."""
    return Q(pk__in=ActivityLead.objects.filter(organisation__in=organisations).values("activity"))


def _roles_held(countries: Iterable[int]) -> list[Q]:
    """Filters on activities for those led by a role ("País presidente",
    "País anfitrión") that one of `countries` holds in the plan's year. One
    query (planea.governance.roles says who holds what)."""
    return [
        Q(plan__year=year, plan__network_id=network_id)
        & _led_by(
            Organisation.objects.filter(
                network_id=network_id, kind=Organisation.Kind.ROLE, key__in=sorted(roles)
            ).values("pk")
        )
        for network_id, year, roles in roles_held_by(countries)
    ]


def _group_of(commitment: Commitment) -> str:
    """Which list of `MyCommitments` a commitment goes in."""
    if commitment.is_closed:
        return "closed"
    if commitment.deadline == Deadline.OVERDUE:
        return "overdue"
    return "soon" if commitment.is_due_soon else "later"


def _answered_for(coordinated: frozenset[int], secretariat: list[int] | None) -> Q:
    """The activities a coordinator of `coordinated` and a secretary of
    `secretariat` (None: every network) answer for, as one filter.

    Each way of answering for an activity is a condition on the activity's
    own columns or an uncorrelated subquery on the leads, never a join:
    OR-ed joins let a planner with stale statistics (a fresh PostgreSQL)
    pick a nested loop over every activity and lead, which never ends."""
    scopes: list[Q] = []
    if coordinated:
        scopes += [_led_by(sorted(coordinated))]
        scopes += _roles_held(coordinated)
    if secretariat is None:
        scopes += [open_condition()]
    elif secretariat:
        scopes += [Q(plan__network_id__in=secretariat) & open_condition()]
    scope = scopes[0]
    for more in scopes[1:]:
        scope |= more
    return scope


def _running_activities(user: Any, scope: Q):
    """The activities of `scope` in plans being carried out that `user` may
    read, with what a commitment shows, soonest due first. Four queries."""
    return (
        Activity.objects.visible_to(user)
        .filter(plan__status__in=PlanStatus.reportable())
        .filter(scope)
        .select_related("plan__network", "area")
        .with_leads()
        .prefetch_related(
            Prefetch(
                "products",
                queryset=with_delivered(Product.objects.order_by("order", "pk")),
                to_attr="counted_products",
            ),
        )
        .order_by(F("due").asc(nulls_last=True), "plan__year", "plan__network__acronym", "order")
    )


def _counted_products(activity: Activity, texts: PlanTexts | None) -> list[ProductProgress]:
    described = {
        p.pk: _shown(texts, activity.plan, Product, p.pk, "description", p.description)
        for p in activity.counted_products
    }
    return [
        ProductProgress(
            id=p.pk,
            activity_id=activity.pk,
            activity_key=activity.key,
            activity_code=activity.code,
            description=described[p.pk].text,
            delivered=p.delivered,
            target=p.target,
            unit=p.target_unit,
            recurrence=p.recurrence_label,
            language=described[p.pk].language,
        )
        for p in activity.counted_products
    ]


def _grouped(
    activities: Iterable[Activity], today: dt.date, window: int, language: str | None = None
) -> dict[str, tuple]:
    """Commitments by `MyCommitments` list; the closed, latest report first.
    In `language` when given (one more query)."""
    groups: dict[str, list[Commitment]] = {"overdue": [], "soon": [], "later": [], "closed": []}
    activities = list(activities)
    plans = {activity.plan_id: activity.plan for activity in activities}
    texts = PlanTexts.load_many(plans.values(), language) if language else {}
    for activity in activities:
        commitment = _commitment(
            activity,
            today,
            window,
            leads=[o.name for o in activity.ordered_leads],
            products=_counted_products(activity, texts.get(activity.plan_id)),
            texts=texts.get(activity.plan_id),
        )
        groups[_group_of(commitment)].append(commitment)
    groups["closed"].sort(key=lambda c: c.status_date or dt.date.min, reverse=True)
    return {name: tuple(items) for name, items in groups.items()}


def _names(coordinated: frozenset[int], secretariat: list[int] | None) -> dict[str, tuple]:
    """Whom a coordinator coordinates and which networks a secretary follows,
    for the page to say. Up to two queries."""
    organisations = Organisation.objects.filter(pk__in=coordinated).order_by("name")
    networks = Network.objects.filter(pk__in=secretariat or []).order_by("acronym")
    return {
        "organisations": tuple(organisations.values_list("name", flat=True)) if coordinated else (),
        "networks": tuple(networks.values_list("acronym", flat=True)) if secretariat else (),
    }


def commitments_for(
    user: Any,
    today: dt.date | None = None,
    *,
    window: int = DUE_SOON_DAYS,
    language: str | None = None,
) -> MyCommitments:
    """The commitments `user` answers for (see `MyCommitments`), grouped:
    overdue (most overdue first), due within `window` days (soonest first),
    later (by due date, undated last), and done or cancelled (latest report
    first; coordinators only).

    Beyond reading the user's roles: none for someone who answers for
    nothing, else at most six queries, whatever the number of plans and
    activities."""
    today = today or clock.today()
    coordinated = coordinated_organisations(user)
    # The Secretariat's networks; None stands for every network (a superuser).
    secretariat = managed_networks(user)
    is_secretariat = secretariat is None or bool(secretariat)
    if not coordinated and not is_secretariat:
        return MyCommitments(today=today, window=window, is_coordinator=False, is_secretariat=False)
    activities = _running_activities(user, _answered_for(coordinated, secretariat))
    groups = _grouped(activities, today, window, language)
    return MyCommitments(
        today=today,
        window=window,
        is_coordinator=bool(coordinated),
        is_secretariat=is_secretariat,
        **_names(coordinated, secretariat),
        overdue=groups["overdue"],
        due_soon=groups["soon"],
        later=groups["later"],
        closed=groups["closed"],
    )
