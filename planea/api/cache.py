"""Public answers, kept until the data they were built from changes.

Most API traffic is anonymous reading of adopted plans: the same pages of
activities, asked again and again. Such an answer is cached under a stamp of
the data — the newest row of every audit-trail table the public answers are
built from, plus the plans' life-cycle record — read in one small query on
every request. Any write that can change a public answer adds a row to one of
those tables (the audit trail records every create, update and delete, bulk
imports included, and a life-cycle step records a transition), so the stamp
moves and the next request builds afresh: nothing stale is ever served, and
nothing is invalidated by hand.

Only anonymous answers are cached: what a signed-in caller sees also depends
on who they are (drafts, members-only evidence, what they may report on).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import cache

from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .auth import user_of

# The audit-trail tables (planea.tracking registers them) and the life-cycle
# record whose newest rows make the stamp.
STAMP_MODELS = (
    "tracking.HistoricalNetwork",
    "tracking.HistoricalPlan",
    "tracking.HistoricalArea",
    "tracking.HistoricalActivity",
    "tracking.HistoricalProduct",
    "tracking.HistoricalActivityLead",
    "tracking.HistoricalActivityFunding",
    "tracking.HistoricalOrganisation",
    "tracking.HistoricalFundingSource",
    "tracking.HistoricalEvidence",
    "governance.PlanTransition",
)
CACHE_SECONDS = 600  # a stamp changes with the data; this only frees memory


@cache
def _stamp_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for label in STAMP_MODELS:
        model = apps.get_model(label)
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        # Names from the models themselves, quoted: no input reaches this SQL.
        parts.append(f"(SELECT MAX({pk}) FROM {table})")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def data_stamp() -> str:
    """A short text that changes whenever public data may have changed."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        row = cursor.fetchone()
    return ".".join(str(value or 0) for value in row)


def public_cached(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """`build()`'s answer, served from the cache to anonymous callers while
    the data stamp stays the same -- compressed once, when the caller
    accepts gzip, since a page of activities is tens of kilobytes of JSON."""
    if request.method != "GET" or user_of(request).is_authenticated:
        return build()
    store = caches["default"]
    key = f"api-public:{data_stamp()}:{request.get_full_path()}"
    cached = store.get(key)
    if cached is None:
        response = build()
        if response.status_code != 200:
            return response
        content = response.content
        cached = (content, gzip.compress(content, compresslevel=6), response["Content-Type"])
        store.set(key, cached, CACHE_SECONDS)
    plain, compressed, content_type = cached
    if _accepts_gzip(request) and len(compressed) < len(plain):
        answer = HttpResponse(compressed, content_type=content_type)
        answer["Content-Encoding"] = "gzip"
    else:
        answer = HttpResponse(plain, content_type=content_type)
    patch_vary_headers(answer, ["Accept-Encoding"])
    return answer


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()
