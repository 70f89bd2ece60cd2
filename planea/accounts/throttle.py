"""Slowing down password guessing, and the e-mails a stranger can make us send.

Failed sign-ins (django-axes) are counted three ways at once, each with its
own limit within the cool-off period:

- one account from one address: `AXES_FAILURE_LIMIT` (5), a person mistyping;
- one account from any address: `LOGIN_FAILURES_PER_ACCOUNT` (10), someone
  guessing one password from many machines;
- one address on any account: `LOGIN_FAILURES_PER_ADDRESS` (20), one machine
  trying a common password on many accounts (password spraying); higher, as
  an office behind one address shares it.

Axes compares one count with one limit, so each count is scaled to the
account-and-address limit before the highest is taken.

Password-reset e-mails are limited per address and per account through the
cache (`allow_reset_email`).
"""

from __future__ import annotations

import hashlib

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest

# The order of settings.AXES_LOCKOUT_PARAMETERS, and each one's limit setting.
LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
_LIMITS = ["AXES_FAILURE_LIMIT", "LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_FAILURES_PER_ADDRESS"]


class Throttle(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each way of counting."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        base = get_failure_limit(request, credentials)
        scaled = 0
        counted = self.get_user_attempts(request, credentials)
        for attempts, name in zip(counted, _LIMITS, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            # Rounded down: the scaled count reaches `base` exactly when the
            # count reaches its own limit.
            scaled = max(scaled, count * base // max(1, getattr(settings, name)))
        return scaled

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in, forget only that account's failures from
        that address: otherwise a sprayer would clear their address's count by
        signing in to an account of their own now and then."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def _over(key: str, limit: int, window: int) -> bool:
    """Count one more use of `key` within `window` seconds; True past `limit`."""
    if cache.add(key, 1, window):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return limit < 1


def allow_reset_email(request: HttpRequest, email: str) -> bool:
    """Whether one more password-reset e-mail may be sent for `email` from
    this request's address: at most `PASSWORD_RESET_EMAILS_PER_ACCOUNT` per
    address e-mailed and `PASSWORD_RESET_EMAILS_PER_ADDRESS` per client address
    within `PASSWORD_RESET_WINDOW` seconds, so that nobody can flood an inbox
    or make us a mail cannon."""
    from axes.helpers import get_client_ip_address

    window = settings.PASSWORD_RESET_WINDOW
    mailbox = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    client = get_client_ip_address(request) or "unknown"
    # Both are counted, even when the first already refuses.
    per_client = settings.PASSWORD_RESET_EMAILS_PER_ADDRESS
    by_client = _over(f"planea:reset:ip:{client}", per_client, window)
    by_mailbox = _over(
        f"planea:reset:to:{mailbox}", settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT, window
    )
    return not (by_client or by_mailbox)
