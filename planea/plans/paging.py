"""The plan page in pages: a plan of 2,000 activities would be megabytes of
HTML, so the page draws `PER_PAGE` activities at a time, in the order it reads
(by area, then first half, second half, whole year, then as the document
lists them), while the filters and the search still run over every activity
in SQL and the counts cover all of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.http import QueryDict

from .models import Activity, ActivityQuerySet, Area, Period

PER_PAGE = 100


def in_reading_order(activities: ActivityQuerySet) -> ActivityQuerySet:
    """`activities` as the plan page groups them, so that a page boundary in
    SQL falls where it does on screen."""
    period_rank = Case(
        *(When(period=period.value, then=Value(rank)) for rank, period in enumerate(Period)),
        default=Value(len(Period)),
        output_field=IntegerField(),
    )
    return activities.order_by("area__order", period_rank, "order")


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: the gap of an elided range, or the page shown
    current: bool = False


@dataclass(frozen=True)
class AreaEntry:
    """An area in the index of a paged plan: how many of the matching
    activities it holds, and where the first of them is."""

    area: Area
    count: int
    url: str | None


@dataclass(frozen=True)
class ActivityPage:
    page: Page  # of the matching activities
    total: int  # activities in the plan, matching or not
    activities: list[Activity]
    # Of the areas, those with activities on this page, or all of them
    # when the plan fits on one page (empty areas say so there).
    areas: list[Area]
    continued: set[int]  # areas whose first activities are on an earlier page
    index: list[AreaEntry]
    links: list[PageLink]
    previous_url: str | None
    next_url: str | None

    @property
    def paged(self) -> bool:
        return self.page.paginator.num_pages > 1


def page_url(query: QueryDict, number: int) -> str:
    """The page's address with the filters it was reached with."""
    params = query.copy()
    params.pop("page", None)
    params.pop("activity", None)
    if number > 1:
        params["page"] = str(number)
    return f"?{params.urlencode()}" if params else "?"


def paginate(
    activities: ActivityQuerySet,
    matched: ActivityQuerySet,
    areas: list[Area],
    query: QueryDict,
    listing: ActivityQuerySet,
) -> ActivityPage:
    """The page `query` asks for of the `matched` ones of a plan's
    `activities`: one query for the order of all of them, each marked as
    matching or not (three small values a row; the total comes with it), one
    (plus `listing`'s prefetches) for the page's own activities."""
    is_match = ExpressionWrapper(Q(pk__in=matched.values("pk")), output_field=BooleanField())
    every = in_reading_order(activities).annotate(is_match=is_match)
    plan_rows = list(every.values_list("pk", "area_id", "key", "is_match"))
    rows = [(pk, area_id) for pk, area_id, _, matches in plan_rows if matches]
    keys = [key for _, _, key, matches in plan_rows if matches]
    page = Paginator(rows, PER_PAGE).get_page(query.get("page") or page_of(keys, query))
    ids = [pk for pk, _ in page.object_list]
    shown = list(in_reading_order(listing.filter(pk__in=ids))) if ids else []
    on_page = {area_id for _, area_id in page.object_list}
    before = {area_id for _, area_id in rows[: page.start_index() - 1]}
    paged = page.paginator.num_pages > 1
    return ActivityPage(
        page=page,
        total=len(plan_rows),
        activities=shown,
        areas=[a for a in areas if a.pk in on_page] if paged else areas,
        continued=on_page & before,
        index=area_index(rows, areas, query) if paged else [],
        links=page_links(page, query) if paged else [],
        previous_url=page_url(query, page.number - 1) if page.has_previous() else None,
        next_url=page_url(query, page.number + 1) if page.has_next() else None,
    )


def page_of(keys: list[str], query: QueryDict) -> int:
    """The page holding the activity `?activity=KEY` names (the activity
    page's way back to its card), or the first."""
    key = query.get("activity")
    return keys.index(key) // PER_PAGE + 1 if key in keys else 1


def area_index(rows: list[tuple[int, int]], areas: list[Area], query: QueryDict) -> list[AreaEntry]:
    counts: dict[int, int] = {}
    first_page: dict[int, int] = {}
    for position, (_, area_id) in enumerate(rows):
        counts[area_id] = counts.get(area_id, 0) + 1
        first_page.setdefault(area_id, position // PER_PAGE + 1)
    return [
        AreaEntry(
            area=area,
            count=counts.get(area.pk, 0),
            url=(
                f"{page_url(query, first_page[area.pk])}#area-{area.pk}"
                if area.pk in first_page
                else None
            ),
        )
        for area in areas
    ]


def page_links(page: Page, query: QueryDict) -> list[PageLink]:
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            links.append(PageLink(label=str(number), url=None))
        else:
            current = number == page.number
            url = None if current else page_url(query, int(number))
            links.append(PageLink(label=str(number), url=url, current=current))
    return links
