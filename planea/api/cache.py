"""Public answers, kept until the data they were built from changes.

Most API traffic is anonymous reading of adopted plans: the same pages of
activities, asked again and again. Such an answer is cached under the data
stamp (planea.api.stamp): a counter that a database trigger moves in the
same transaction as every write to the tables public answers are built from
— saves, bulk imports, queryset updates and deletes alike; triggers rather
than signals, which bulk writes and raw updates never send — read in one
primary-key lookup on every request. Commits move it in commit order, so a
stamp never names data that is not all there yet: once a write has
committed, the next request reads a new stamp and builds afresh. Nothing
stale is served, and nothing is invalidated by hand.

The answer is read after the stamp, so at worst it is newer than its stamp
— harmless, since that newer write has moved the stamp for everyone after.

The key holds the scheme and host as well as the path: answers carry
absolute links (`web_url`), and a site answering on two names, or on both
http and https, must not hand one name's links to the other.

Only anonymous answers are cached whole: what a signed-in caller sees also
depends on who they are (drafts, members-only evidence, what they may report
on). For them, `stamped` keeps the part of an answer that does not depend on
the caller -- a page of activities for everyone the policy lets read the same
plans, written out as JSON -- and the router asks the policy the rest (may
this caller report on each activity?) on every request.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from . import stamp
from .auth import user_of
from .language import request_language

CACHE_SECONDS = 600  # a stamp changes with the data; this only frees memory
_MISSING = object()
T = TypeVar("T")


def data_stamp() -> str:
    """A short text that changes whenever public data may have changed."""
    return str(stamp.read())


def stamped(
    key: str,
    build: Callable[[], T],
    also: Callable[[T], dict[str, Any]] | None = None,
) -> T:
    """`build()`'s value, kept under the data stamp and `key` (which must
    name everything the value depends on but the data): built again once any
    write to public data has committed. For parts of answers that are the
    same for every caller `key` names; never for a decision about one.

    `also(value)` names other entries a build yields ({key: value}), kept
    under the same stamp: a page of activities holds each activity as
    `/activities/{id}` would build it."""
    store = caches["default"]
    stamp = data_stamp()
    full = _stamped_key(stamp, key)
    value = store.get(full, _MISSING)
    if value is _MISSING:
        value = build()
        entries = {_stamped_key(stamp, k): v for k, v in (also(value) if also else {}).items()}
        store.set_many({**entries, full: value}, CACHE_SECONDS)
    return value


def _stamped_key(stamp: str, key: str) -> str:
    return f"api-stamped:{stamp}:{hashlib.sha256(key.encode()).hexdigest()}"


def public_cached(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """`build()`'s answer, served from the cache to anonymous callers while
    the data stamp stays the same -- compressed once, when the caller
    accepts gzip, since a page of activities is tens of kilobytes of JSON."""
    if request.method != "GET" or user_of(request).is_authenticated:
        return build()
    store = caches["default"]
    # Hashed: a long query string must not make a key some cache backends refuse.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # The texts are in the language asked for, by `?lang=` or by Accept-Language
    # (planea.api.language): a French answer is never served to a Spanish reader.
    language = request_language(request)
    digest = hashlib.sha256(address.encode()).hexdigest()
    key = f"api-public:{data_stamp()}:{language}:{digest}"
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
    patch_vary_headers(answer, ["Accept-Encoding", "Accept-Language"])
    return answer


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()
