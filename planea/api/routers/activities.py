"""Activities: the plan's commitments, filtered and paged.

A page of activities costs a fixed number of queries whatever its size:
the count, the page, its leads, its funding, and its products with their
evidence counted. They are read as plain values, not model instances, and
written out without a second pass through the schema: a page of a hundred
is most of what this API serves. What a page or an activity says is the
same for every caller the policy lets read the same plans, so it is kept,
already written out, until the data changes (planea.api.cache.stamped);
whether the caller may report on each activity is still the permission
policy's answer, asked of each one on every request.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote

from django.db.models import Model
from django.db.models.base import ModelState
from django.http import HttpRequest, HttpResponse
from django.utils.http import RFC3986_SUBDELIMS
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from planea.accounts.policy import Action, can, visible_plans
from planea.core.compiled import CompiledQuery
from planea.plans.models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    ActivityQuerySet,
    Area,
    Organisation,
    Plan,
    Product,
)
from planea.plans.translations import PlanTexts
from planea.tracking.models import current_evidence_count

from ..cache import public_cached, stamped
from ..common import user_of
from ..language import request_language, translated
from ..pagination import PageParams, paginate
from ..schemas import (
    ERRORS_READ,
    ActivityOut,
    ActivityPage,
    ActivityStatusValue,
    Id,
    Line,
    PeriodValue,
)

router = Router(tags=["activities"])
M = TypeVar("M", bound=Model)


class ActivityFilters(Schema):
    plan: Id | None = Field(None, description="A plan's id.")
    network: Line | None = Field(None, max_length=80, description="A network's slug.")
    year: int | None = Field(None, ge=1900, le=2200, description="The plan's year.")
    area: Id | None = Field(None, description="A work area's id.")
    period: PeriodValue | None = Field(None, description="First half, second half or the year.")
    lead: Id | None = Field(None, description="The id of an organisation leading it.")
    funding_source: Id | None = Field(None, description="The id of a funding source.")
    status: ActivityStatusValue | None = None
    due_before: dt.date | None = Field(None, description="Due on or before this day.")
    due_after: dt.date | None = Field(None, description="Due on or after this day.")
    q: Line | None = Field(
        None, max_length=200, description="Words in its text, whatever accents or case."
    )


def visible_activities(request: HttpRequest) -> ActivityQuerySet:
    """The activities the caller may read (the policy's `visible_plans`)."""
    return Activity.objects.visible_to(user_of(request))


def filtered(activities: ActivityQuerySet, filters: ActivityFilters) -> ActivityQuerySet:
    if filters.q:
        activities = activities.matching(filters.q)
    if filters.plan is not None:
        activities = activities.filter(plan_id=filters.plan)
    if filters.network:
        activities = activities.filter(plan__network__slug=filters.network)
    if filters.year is not None:
        activities = activities.filter(plan__year=filters.year)
    if filters.area is not None:
        activities = activities.filter(area_id=filters.area)
    if filters.period is not None:
        activities = activities.in_period(filters.period.value)
    if filters.lead is not None:
        activities = activities.led_by(filters.lead)
    if filters.funding_source is not None:
        activities = activities.funded_by(filters.funding_source)
    if filters.status is not None:
        activities = activities.filter(status=filters.status.value)
    if filters.due_before is not None:
        activities = activities.filter(due__lte=filters.due_before)
    if filters.due_after is not None:
        activities = activities.filter(due__gte=filters.due_after)
    # The plan's own order, the primary key settling ties: a stable order.
    return activities.order_by("plan_id", "order", "pk")


_FIELDS = (
    "id", "plan_id", "plan__network_id", "plan__network__slug", "plan__year", "plan__status",
    "plan__language", "area_id", "area__number", "area__title", "code", "key", "section",
    "period", "title", "details", "location", "starts", "due", "status", "status_date", "version",
)  # fmt: skip
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # as Django's reverse() quotes a path


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# A lead as a page reads it: (id, network_id, name, key, kind), the fields
# an Organisation is rebuilt from for the policy.
_LEAD_FIELDS = ("id", "network_id", "name", "key", "kind")
LeadRow = tuple[int, int, str, str, str]


def _leads_of(ids: list[int]) -> dict[int, list[LeadRow]]:
    """Each activity's leads, in the plan's order. One query."""
    leads: dict[int, list[LeadRow]] = defaultdict(list)
    for activity_id, *organisation in (
        ActivityLead.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "order", "pk")
        .values_list(
            "activity_id",
            "organisation_id",
            "organisation__network_id",
            "organisation__name",
            "organisation__key",
            "organisation__kind",
        )
    ):
        leads[activity_id].append(tuple(organisation))  # type: ignore[arg-type]  # five fields, as listed
    return leads


def _funding_of(ids: list[int]) -> dict[int, list[dict]]:
    """Each activity's funding sources, in the plan's order. One query."""
    funding: dict[int, list[dict]] = defaultdict(list)
    for activity_id, source_id, name, kind in (
        ActivityFunding.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "order", "pk")
        .values_list(
            "activity_id", "funding_source_id", "funding_source__name", "funding_source__kind"
        )
    ):
        funding[activity_id].append({"id": source_id, "name": name, "kind": kind})
    return funding


def _products_of(ids: list[int], texts: dict[int, PlanTexts]) -> dict[int, list[dict]]:
    """Each activity's products with their evidence counted, described in the
    language of `texts` (by plan). One query."""
    products: dict[int, list[dict]] = defaultdict(list)
    for plan_id, activity_id, product_id, description, quantity, unit, recurrence, delivered in (
        Product.objects.filter(activity_id__in=ids)
        .annotate(delivered=current_evidence_count())
        .order_by("activity_id", "order", "pk")
        .values_list(
            "activity__plan_id",
            "activity_id",
            "id",
            "description",
            "target_quantity",
            "target_unit",
            "recurrence",
            "delivered",
        )
    ):
        text = translated(texts[plan_id], Product, product_id, {"description": description})
        products[activity_id].append(
            {
                "id": product_id,
                "description": text.pop("description"),
                "target_quantity": quantity,
                "target_unit": unit,
                "recurrence": recurrence,
                "target": Product(target_quantity=quantity).target,
                "delivered": delivered,
                **text,
            }
        )
    return products


def _activity_dict(
    row: dict[str, Any], leads: list[LeadRow], site: str, texts: PlanTexts
) -> dict[str, Any]:
    """One activity's own fields and leads, as `ActivityOut` has them, its
    texts in the language of `texts`."""
    slug, year, key = row["plan__network__slug"], row["plan__year"], row["key"]
    area = translated(texts, Area, row["area_id"], {"title": row["area__title"]})
    own = translated(texts, Activity, row["id"], {"title": row["title"], "details": row["details"]})
    return {
        "id": row["id"],
        "plan": row["plan_id"],
        "network": slug,
        "year": year,
        "area": {"id": row["area_id"], "number": row["area__number"], **area},
        "code": row["code"],
        "key": key,
        "section": row["section"],
        "period": row["period"],
        "title": own["title"],
        "details": own["details"],
        "location": row["location"],
        "starts": _date(row["starts"]),
        "due": _date(row["due"]),
        "status": row["status"],
        "status_date": _date(row["status_date"]),
        "version": row["version"],
        "language": own["language"],
        "original_language": own["original_language"],
        "untranslated": own["untranslated"],
        "leads": [{"id": lead[0], "name": lead[2], "kind": lead[4]} for lead in leads],
        "web_url": f"{site}/{slug}/{year}/{quote(key, safe=_SAFE)}/",
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


class Piece(NamedTuple):
    """One activity as the API writes it, but for `can_report`, which is the
    caller's own: its JSON before that field and after it, and what the
    policy reads of the activity (id, plan, area, the plan's network, year
    and status, the leads). The same for every caller, so it is kept under
    the data stamp (planea.api.cache.stamped) and only `can_report` is asked
    of the policy on each request."""

    head: str
    tail: str
    policy: tuple[int, int, int, int, int, str, tuple[LeadRow, ...]]


def activity_pieces(site: str, page: ActivityQuerySet, language: str) -> list[Piece]:
    """The activities of `page` (an ordered, possibly sliced queryset),
    whoever asks, in four queries, and one more for their texts when
    `language` is not their plans' own; `site` begins their `web_url`."""
    rows = list(page.values(*_FIELDS))
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    plans = {
        row["plan_id"]: Plan(id=row["plan_id"], language=row["plan__language"]) for row in rows
    }
    # The translations of these activities, their areas and products only.
    only = {
        Activity: ids,
        Area: {row["area_id"] for row in rows},
        Product: Product.objects.filter(activity_id__in=ids).values("pk"),
    }
    texts = PlanTexts.load_many(plans.values(), language, only=only)
    leads, funding, products = _leads_of(ids), _funding_of(ids), _products_of(ids, texts)
    pieces = []
    for row in rows:
        mine = leads[row["id"]]
        item = _activity_dict(row, mine, site, texts[row["plan_id"]])
        web_url = item.pop("web_url")  # last, as the schema lists it, after can_report
        item["funding"] = funding[row["id"]]
        item["products"] = products[row["id"]]
        policy = (
            row["id"], row["plan_id"], row["area_id"], row["plan__network_id"],
            row["plan__year"], row["plan__status"], tuple(mine),
        )  # fmt: skip
        pieces.append(Piece(_dumps(item)[:-1], f',"web_url":{_dumps(web_url)}}}', policy))
    return pieces


def finished(request: HttpRequest, pieces: list[Piece]) -> list[str]:
    """Each activity's JSON, with `can_report` for this caller: the policy's
    answer, asked of each one."""
    user = user_of(request)
    plans: dict[int, Plan] = {}
    organisations: dict[int, Organisation] = {}
    texts = []
    for piece in pieces:
        allowed = can(user, Action.REPORT_PROGRESS, _for_policy(piece, plans, organisations))
        texts.append(f'{piece.head},"can_report":{"true" if allowed else "false"}{piece.tail}')
    return texts


def _bare(model: type[M], **values: Any) -> M:
    """An instance of `model` holding only `values`, made as Django unpickles
    one, without running `__init__` over every field: a page asks the policy
    about a hundred activities, and building full instances for it cost more
    than the rest of the page. Read by the policy, never saved; a field left
    out is read from the database if ever asked for, as a deferred one is."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    instance._state.adding = False
    return instance


def _plan_of(piece: Piece, plans: dict[int, Plan]) -> Plan:
    """The piece's plan, as much of it as the policy reads, one per plan."""
    _id, plan_id, _area, network_id, year, status, _leads = piece.policy
    plan = plans.get(plan_id)
    if plan is None:
        plan = plans[plan_id] = _bare(
            Plan, id=plan_id, network_id=network_id, year=year, status=status
        )
    return plan


class _Lead:
    """A lead link as the policy reads one: the organisation and its id."""

    __slots__ = ("organisation", "organisation_id")

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.organisation_id = organisation.pk


def _for_policy(
    piece: Piece, plans: dict[int, Plan], organisations: dict[int, Organisation]
) -> Activity:
    """An unsaved Activity holding what the policy reads of one: its plan,
    and its leads (whose kind, key and network resolve roles such as "País
    presidente" to the country holding them that year), one Organisation
    per organisation however many activities it leads."""
    activity_id, plan_id, area_id, _network, _year, _status, leads = piece.policy
    activity = _bare(Activity, id=activity_id, plan_id=plan_id, area_id=area_id)
    activity._state.fields_cache["plan"] = _plan_of(piece, plans)
    links = []
    for lead in leads:
        organisation = organisations.get(lead[0])
        if organisation is None:
            organisation = organisations[lead[0]] = _bare(
                Organisation, **dict(zip(_LEAD_FIELDS, lead, strict=True))
            )
        links.append(_Lead(organisation))
    activity._prefetched_objects_cache = {"lead_links": links}
    return activity


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def json_response(text: str) -> HttpResponse:
    """JSON already in the API's shape, written out as is: validating it
    again would cost more than building it (the tests hold it to the schema)."""
    return HttpResponse(text, content_type="application/json; charset=utf-8")


def _activity_key(activity_id: int, site: str, language: str) -> str:
    """What one activity's pieces are kept under: they hold absolute links
    and texts in one language."""
    return f"activity:{activity_id}:{site}:{language}"


def activity_page(
    request: HttpRequest,
    activities: ActivityQuerySet | Callable[[], ActivityQuerySet],
    page: PageParams,
) -> Any:
    """A page of `activities` (the caller's visible ones, filtered). What it
    holds is the same for every caller whom the policy lets read the same
    plans, so that part is kept under the data stamp, keyed by the policy's
    own filter and the address; `can_report` is asked afresh. `activities`
    may be a function making the queryset: made only if the page is built."""
    site = _site(request)
    language = request_language(request)
    key = f"activities:{visible_plans(user_of(request))!r}:{request.build_absolute_uri()}"
    shared = stamped(
        f"{key}:{language}",
        lambda: paginate(
            request,
            activities() if callable(activities) else activities,
            page,
            rows=lambda sliced: activity_pieces(site, sliced, language),
        ),
        # Each activity of the page, as reading it alone would build it.
        also=lambda built: {
            _activity_key(piece.policy[0], site, language): [piece] for piece in built["results"]
        },
    )
    links = _dumps({name: shared[name] for name in ("count", "next", "previous")})[:-1]
    return json_response(f'{links},"results":[{",".join(finished(request, shared["results"]))}]}}')


def get_visible_activity(
    request: HttpRequest, activity_id: int, *, products: bool = True
) -> Activity:
    """The activity as a model instance, if the caller may read it, with what
    the policy reads of it (its plan, its leads) and, with `products`, its
    funding, products, network and area too; 404 otherwise."""
    if not products:
        return _reportable_activity(request, activity_id)
    activities = visible_activities(request).for_listing().select_related("plan__network", "area")
    # Unordered: one row needs no ORDER BY (the model's default would join
    # the plan's network to sort by its name).
    activity = next(iter(activities.filter(pk=activity_id).order_by()[:1]), None)
    if activity is None:
        raise HttpError(404, "No such activity.")
    return activity


# What a progress report reads of its activity, on every write: the activity
# with its plan, then its leads with their organisations, by SQL written once.
_ACTIVITY_WITH_PLAN = CompiledQuery(
    lambda: Activity.objects.select_related("plan").filter(pk=0).order_by()
)
_LEADS_OF_ONE = CompiledQuery(
    lambda: (
        ActivityLead.objects.select_related("organisation")
        .filter(activity_id=0)
        .order_by("order", "pk")
    )
)


def _reportable_activity(request: HttpRequest, activity_id: int) -> Activity:
    """The activity with its plan and leads, if the caller may read its plan
    (the policy's VIEW_PLAN, as `visible_plans` filters lists); 404 otherwise."""
    activity = _ACTIVITY_WITH_PLAN.first(activity_id)
    if activity is None or not can(user_of(request), Action.VIEW_PLAN, activity.plan):
        raise HttpError(404, "No such activity.")
    links = _LEADS_OF_ONE.all(activity.pk)
    for link in links:
        link._state.fields_cache["activity"] = activity
    # As prefetch_related leaves them: a queryset already holding its rows.
    leads = activity.lead_links.all()
    leads._result_cache, leads._prefetch_done = links, True
    activity._prefetched_objects_cache = {"lead_links": leads}
    return activity


@router.get("/activities", response={200: ActivityPage, **ERRORS_READ}, summary="List activities")
def list_activities(request: HttpRequest, filters: Query[ActivityFilters], page: Query[PageParams]):
    """The activities of every plan the caller may read, in plan order; the
    filters combine (all must hold)."""
    return public_cached(
        request,
        lambda: activity_page(
            request, lambda: filtered(visible_activities(request), filters), page
        ),
    )


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **ERRORS_READ},
    summary="Get an activity",
)
def get_activity(request: HttpRequest, activity_id: Id):
    # Read whoever asks, kept under the data stamp; whether this caller may
    # read it at all (its plan) and report on it is the policy's, each time.
    site = _site(request)
    language = request_language(request)
    pieces = stamped(
        _activity_key(activity_id, site, language),
        lambda: activity_pieces(site, Activity.objects.filter(pk=activity_id).order_by(), language),
    )
    if not pieces or not can(user_of(request), Action.VIEW_PLAN, _plan_of(pieces[0], {})):
        raise HttpError(404, "No such activity.")
    return json_response(finished(request, pieces)[0])
