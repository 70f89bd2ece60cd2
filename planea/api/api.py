"""Planea's JSON API, version 1, under /api/v1/.

The OpenAPI document is /api/v1/openapi.json and the interactive docs are
/api/v1/docs, served with Swagger UI from our own static files (the copy
django-ninja ships), so that they work with no network beyond the site.

Every error is JSON: `{"detail": "…"}`, or for refused input
`{"detail": [{"field": "status", "message": "…"}]}`. No traceback ever
leaves the server, and every write is one transaction.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, re_path, reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from planea.core import uploads
from planea.plans.models import StaleVersion

from .auth import AUTH, TokenError
from .common import AUTHENTICATION_REQUIRED, FieldRefused
from .routers import (
    activities,
    editor,
    evidence,
    meetings,
    networks,
    organisations,
    plans,
    progress,
)
from .schemas import Pong

logger = logging.getLogger("planea.api")

DESCRIPTION = """
The annual work plans of intergovernmental networks, and how they are going:
networks, organisations, plans with their areas and activities, progress
updates, evidence, and meetings with their minutes.

**Authentication.** Send a personal token as `Authorization: Bearer <token>`
(make one on the page `/accounts/tokens/`). Without one you see what the
public sees on the website: adopted plans and their public evidence.

**Errors** are JSON: `{"detail": "message"}`, or for refused input
`{"detail": [{"field": "…", "message": "…"}]}`. 401: no or bad token;
403: signed in but not allowed; 404: not found, or not visible to you;
409: the activity changed since you read it; 413: the upload is too big;
422: the input is refused.

**Lists** are paged: `?page=1&page_size=50` (at most 200), answered with
`count`, `next`, `previous` and `results`, in a stable order.
"""


class PlaneaAPI(NinjaAPI):
    def _get_urls(self) -> list:
        """Ninja's routes, answering a method they do not take with a JSON
        405, and then a JSON 404 for any other path under the API."""
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    pattern.callback = _home  # ninja's raises a 404
                pattern.callback = _in_english(_json_405(pattern.callback))
        return [*urls, re_path(r"^.*$", _in_english(_unknown_path))]

    def get_openapi_operation_id(self, operation: Any) -> str:
        # "list_activities", not "planea_api_routers_activities_list_activities".
        return operation.view_func.__name__

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict:
        schema = super().get_openapi_schema(*args, **kwargs)
        # Reading needs no credentials (the public reads what the website
        # shows): say so, with the empty requirement OpenAPI uses for it.
        for path in schema["paths"].values():
            for method, operation in path.items():
                if "responses" in operation:
                    operation["responses"] = _responses_by_code(operation["responses"])
                if method == "get" and "security" in operation:
                    operation["security"] = [*operation["security"], {}]
        return schema


def _responses_by_code(responses: dict) -> dict:
    """One entry per status code. Ninja keeps a code given as a number
    (`response={200: …}`) apart from the same code given as text in
    `openapi_extra`; JSON writes both as "200", a key Swagger UI's YAML
    parser refuses, leaving the docs blank. Merged, the text's words win."""
    merged: dict[str, Any] = {}
    for code, response in responses.items():
        before = merged.get(str(code))
        if isinstance(before, dict) and isinstance(response, dict):
            response = {**before, **response}
        merged[str(code)] = response
    return merged


api = PlaneaAPI(
    title="Planea API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=AUTH,
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _json(request: HttpRequest, body: dict, status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _json_405(view: Callable) -> Callable:
    @functools.wraps(view)  # keeps ninja's csrf_exempt: the auth checks CSRF itself
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = _json(
                request, {"detail": f"Method {request.method} not allowed: use {allowed}."}, 405
            )
            response["Allow"] = allowed
        return response

    return wrapper


def _in_english(view: Callable) -> Callable:
    """The API speaks English, whatever the site's language: its messages
    are for developers, and pydantic's are English anyway."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("en"):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = "en"
        return response

    return wrapper


@csrf_exempt
def _home(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """/api/v1/: where the documentation is."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "docs": request.build_absolute_uri(reverse("api-1:openapi-view")),
            "openapi": request.build_absolute_uri(reverse("api-1:openapi-json")),
        }
    )


@csrf_exempt
def _unknown_path(request: HttpRequest) -> HttpResponse:
    return _json(request, {"detail": "No such endpoint: see /api/v1/docs for its operations."}, 404)


def _field(loc: tuple | list) -> str:
    """ "status" for ("body", "payload", "status"); "page_size" for
    ("query", "page_size"); "file" for ("file", "file")."""
    parts = [str(part) for part in loc]
    source, rest = (parts[0], parts[1:]) if parts else ("", [])
    if source in ("body", "form") and len(rest) > 1:
        rest = rest[1:]  # the view's parameter holding the body
    if source == "file" and len(rest) > 1:
        rest = rest[-1:]
    return ".".join(rest) or source or "body"


def _message(error: dict) -> str:
    message = str(error.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [{"field": _field(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
    return _json(request, {"detail": detail}, 422)


@api.exception_handler(FieldRefused)
def on_field_refused(request: HttpRequest, exc: FieldRefused) -> HttpResponse:
    return _json(request, {"detail": [{"field": exc.field, "message": exc.message}]}, 422)


@api.exception_handler(TokenError)
def on_token_error(request: HttpRequest, exc: TokenError) -> HttpResponse:
    response = _json(request, {"detail": str(exc)}, 401)
    response["WWW-Authenticate"] = 'Bearer realm="planea", error="invalid_token"'
    return response


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _json(request, {"detail": AUTHENTICATION_REQUIRED}, 401)
    response["WWW-Authenticate"] = 'Bearer realm="planea"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = exc.message
    if exc.status_code == 400 and message == "Cannot parse request body":
        message = "The request body cannot be read: send JSON (Content-Type: application/json)."
    response = _json(request, {"detail": message}, exc.status_code)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="planea"'
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _json(request, {"detail": str(exc) or "You are not allowed to do this."}, 403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _json(request, {"detail": "Not found."}, 404)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _json(request, {"detail": "Not found."}, 404)


@api.exception_handler(StaleVersion)
def on_stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    body = {
        "detail": (
            f"The activity changed since you read it (it is now at version {exc.current}, "
            f"you sent {exc.seen}). Nothing was saved: read it again, then retry."
        ),
        "current_version": exc.current,
    }
    return _json(request, body, 409)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _json(request, {"detail": uploads.too_big_message()}, 413)


@api.exception_handler(TooManyFieldsSent)
def on_too_many_fields(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _json(request, {"detail": "The request sends too many fields."}, 400)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _json(request, {"detail": "The request is malformed."}, 400)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered without it."""
    logger.exception("API error on %s %s", request.method, request.path)
    return _json(request, {"detail": "Internal server error: the error has been logged."}, 500)


@api.get("/ping", response=Pong, auth=None, tags=["service"], summary="Ping")
def ping(request: HttpRequest):
    """A no-op: the server is up. Touches no database."""
    return {"ok": True}


api.add_router("", networks.router)
api.add_router("", organisations.router)
api.add_router("", plans.router)
api.add_router("", activities.router)
api.add_router("", progress.router)
api.add_router("", evidence.router)
api.add_router("", meetings.router)
api.add_router("", editor.router)
