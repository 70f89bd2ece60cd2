"""Who is asking: a personal token, a browser session, or the public.

Every operation of the API runs the three in order. A request carrying an
`Authorization` header is judged by it alone: a valid `Bearer` token
stands for its user, anything else is refused with 401 (never quietly
treated as anonymous). Without the header, a signed-in browser session is
honoured, with Django's CSRF check on writes; and without either, the
request is the public's. What each may then see or do is for the
permission policy (`planea.accounts.policy`) to say, not for this module.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from .models import ApiToken


class TokenError(Exception):
    """The request's credentials are refused: 401, with this message."""


class TokenAuth(AuthBase):
    """`Authorization: Bearer <token>`, a personal token made on the tokens page."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_description = (
        "A personal API token, made on the page /accounts/tokens/ or with "
        "`planea token create USER`: `Authorization: Bearer <token>`."
    )

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise TokenError("The Authorization header must read 'Bearer <token>'.")
        token = ApiToken.authenticate(secret.strip())
        if token is None:
            raise TokenError("Unknown API token.")
        if token.revoked_at is not None:
            raise TokenError("This API token has been revoked.")
        if token.is_expired:
            raise TokenError(
                f"This API token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC: "
                "make a new one on /accounts/tokens/."
            )
        if not token.user.is_active:
            raise TokenError("The account this API token belongs to is disabled.")
        request.user = token.user
        request.api_token = token
        return token.user


class SessionAuth(APIKeyCookie):
    """A browser signed in to Planea (the interactive docs, say). Writes made
    this way must carry Django's CSRF token, like any form of the site."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The session of a browser signed in to Planea; writes need CSRF."

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # Not signed in: the public, and no CSRF check to fail (a write
            # from the public is refused with 401, not 403).
            return None
        if self.csrf and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        return None


class _Public(AnonymousUser):
    """The public, as an authentication result: ninja takes a falsy result
    for a refusal, and the public is always let in to read."""

    def __bool__(self) -> bool:
        return True


def public(request: HttpRequest) -> Any:
    """No credentials at all: the public, who sees what the website shows."""
    if "Authorization" in request.headers:
        return None
    return _Public()


# Reading: a token, a session, or the public. Writing: a token or a session
# (the public is told to authenticate, 401, before its input is even read).
AUTH = [TokenAuth(), SessionAuth(), public]
WRITE_AUTH = [TokenAuth(), SessionAuth()]


def signed_in_caller(request: HttpRequest) -> Any:
    """The user a token or session stands for, or None; never raises."""
    for check in WRITE_AUTH:
        try:
            user = check(request)
        except Exception:
            return None
        if user:
            return user
    return None


def user_of(request: HttpRequest) -> Any:
    """The user a request acts as (an anonymous user for the public)."""
    user = getattr(request, "auth", None)
    return user if user is not None else AnonymousUser()
