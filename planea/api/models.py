"""Personal API tokens: what a script shows the API instead of a password.

A token is a random secret shown once, when it is made; the database keeps
only its SHA-256 and its first eight characters (the prefix), by which its
owner recognises it in lists and revokes it. Whoever reads the database, a
backup or a log of it learns no usable token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planea.core.compiled import CompiledQuery

PREFIX_LENGTH = 8
# 32 random bytes: 43 URL-safe characters, 256 bits.
SECRET_BYTES = 32
# `last_used` is written at most this often per token, so that reading the
# API does not turn every request into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """The SHA-256 of a token's secret, as stored (hex)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenLifetimeError(ValueError):
    """A token's lifetime outside what the settings allow."""


def lifetime(days: int | None) -> dt.timedelta:
    """`days` (the default lifetime when None) as a timedelta, refused outside
    1..API_TOKEN_MAX_DAYS: a token that never expires outlives the script,
    the laptop or the job it was made for."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise TokenLifetimeError(
            _("A token lasts from 1 to %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}
        )
    return dt.timedelta(days=days)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def revoke_all(self, user) -> int:
        """Revoke every token `user` still holds; how many were."""
        return self.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def _draw_secret() -> str:
    """A random secret that does not begin with "-": its prefix is typed on
    command lines (`planea token revoke PREFIX`), where "-…" reads as an option."""
    while True:
        secret = secrets.token_urlsafe(SECRET_BYTES)
        if not secret.startswith("-"):
            return secret


class ApiToken(models.Model):
    """A user's personal API token. The secret itself is never stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “network website”.")
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @classmethod
    def issue(cls, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
        """A new token for `user` and its secret, which is shown once and
        then forgotten: only its hash and prefix are saved. It expires after
        `days` (API_TOKEN_DAYS by default; TokenLifetimeError beyond the maximum)."""
        expires_at = timezone.now() + lifetime(days)
        for _attempt in range(5):
            secret = _draw_secret()
            try:
                with transaction.atomic():
                    token = cls.objects.create(
                        user=user,
                        name=name.strip()[:100],
                        prefix=secret[:PREFIX_LENGTH],
                        key_hash=hash_secret(secret),
                        expires_at=expires_at,
                    )
            except IntegrityError:
                # Two tokens sharing a prefix: vanishingly rare; draw again.
                continue
            return token, secret
        raise RuntimeError("could not draw a token with a unique prefix")

    @classmethod
    def authenticate(cls, secret: str) -> ApiToken | None:
        """The token whose secret is `secret`, with its user, revoked or not;
        None if unknown."""
        if not secret or len(secret) > 200:
            return None
        token = _find_with_user(hash_secret(secret))
        if token is None:
            return None
        now = timezone.now()
        if token.is_active and (
            token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION
        ):
            cls.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token

    def revoke(self) -> None:
        """Revoke the token for good; revoking twice keeps the first date."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
                revoked_at=self.revoked_at
            )


# Every API call with a token runs this lookup: written once per process.
_TOKEN_WITH_USER = CompiledQuery(
    lambda: ApiToken.objects.select_related("user").filter(key_hash="").order_by()
)


def _find_with_user(key_hash: str) -> ApiToken | None:
    return _TOKEN_WITH_USER.first(key_hash)
