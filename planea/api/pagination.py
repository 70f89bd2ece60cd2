"""Pages of a list: `?page=2&page_size=100`, with `count`, `next` and `previous`.

Every list is ordered by a key that ends in the primary key, so that a page
holds the same rows however often it is read and no row is skipped or
repeated from one page to the next while the data stays the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import create_model

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page, at most {MAX_PAGE_SIZE}.",
    )


class PageBase(Schema):
    count: int = Field(..., description="How many items the whole list holds.")
    next: str | None = Field(None, description="The next page's address, if any.")
    previous: str | None = Field(None, description="The previous page's address, if any.")


def page_schema(name: str, item: type) -> type[PageBase]:
    """A page of `item`s, named `name` in the OpenAPI document."""
    return create_model(name, __base__=PageBase, results=(list[item], ...))


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    params: PageParams,
    rows: Callable[[QuerySet], list] = list,
) -> dict[str, Any]:
    """One page of `queryset` (already ordered) as {count, next, previous,
    results}, the results read by `rows` from the page's slice.

    A page past the last is a 404; the first page of an empty list is not.
    """
    count = queryset.count()
    last = max(1, -(-count // params.page_size))
    if params.page > last:
        raise HttpError(404, f"There is no page {params.page}: the list has {last} page(s).")
    start = (params.page - 1) * params.page_size
    results = rows(queryset[start : start + params.page_size]) if count else []
    return {
        "count": count,
        "next": _link(request, params.page + 1) if params.page < last else None,
        "previous": _link(request, params.page - 1) if params.page > 1 else None,
        "results": results,
    }
