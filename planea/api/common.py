"""What the routers share: who is asking, and the policy's answers as HTTP.

Each decision is the permission policy's (`planea.accounts.policy`); these
helpers only say it in HTTP: an object the caller may not read does not
exist for them (404), a write needs someone signed in (401), and a write
the policy refuses is a 403.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from planea.accounts.policy import Action, can

from .auth import user_of

AUTHENTICATION_REQUIRED = (
    "Authentication required: send the header 'Authorization: Bearer <token>'."
)

__all__ = ["Action", "FieldRefused", "allow", "signed_in", "user_of"]


class FieldRefused(Exception):
    """One input refused after parsing (a file's content, say): 422, naming it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def signed_in(request: HttpRequest) -> Any:
    """The caller, who must be someone: 401 for the public."""
    user = user_of(request)
    if not user.is_authenticated:
        raise HttpError(401, AUTHENTICATION_REQUIRED)
    return user


def allow(request: HttpRequest, action: Action, obj: Any, message: str) -> Any:
    """The caller, if the policy lets them take `action` on `obj`; else 401
    for the public, 403 with `message` for anyone signed in."""
    user = user_of(request)
    if not can(user, action, obj):
        signed_in(request)
        raise HttpError(403, message)
    return user
