"""`planea token`: personal API tokens from the command line.

planea token create USER [--name NAME] [--days N]   print a new token's secret, once
planea token revoke PREFIX                revoke the token beginning so
planea token list [USER]                  tokens, without their secrets
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from planea.api.models import PREFIX_LENGTH, ApiToken, TokenLifetimeError


class Command(BaseCommand):
    help = "Create, revoke or list personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = commands.add_parser(
            "create", help="Make a token for USER and print its secret (shown only once)."
        )
        create.add_argument("user", metavar="USER", help="The username.")
        create.add_argument("--name", default="command line", help="What the token is for.")
        create.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days the token works (default API_TOKEN_DAYS, at most API_TOKEN_MAX_DAYS).",
        )
        revoke = commands.add_parser("revoke", help="Revoke the token that begins with PREFIX.")
        revoke.add_argument("prefix", metavar="PREFIX", help="The token's first 8 characters.")
        listing = commands.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("user", metavar="USER", nargs="?", help="Only this user's.")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _user(self, username: str):
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def _create(self, user: str, name: str, days: int | None = None, **options) -> None:
        owner = self._user(user)
        if not owner.is_active:
            raise CommandError(f"The user {user!r} is disabled: a token would not work.")
        if not name.strip():
            raise CommandError("The token's name cannot be blank.")
        try:
            token, secret = ApiToken.issue(owner, name, days)
        except TokenLifetimeError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"Token {token.prefix}… ({token.name}) made for {user}, valid until "
            f"{token.expires_at:%Y-%m-%d %H:%M} UTC. Copy it now: it is shown only this once."
        )
        # The secret alone on stdout, so that `$(planea token create …)` takes it.
        self.stdout.write(secret)

    def _revoke(self, prefix: str, **options) -> None:
        prefix = prefix.strip().rstrip("…")[:PREFIX_LENGTH]
        if len(prefix) < PREFIX_LENGTH:
            raise CommandError(f"Give the token's first {PREFIX_LENGTH} characters.")
        token = ApiToken.objects.filter(prefix=prefix).select_related("user").first()
        if token is None:
            raise CommandError(f"No token begins with {prefix!r}.")
        if token.revoked_at is not None:
            self.stdout.write(f"Token {token.prefix}… ({token.name}) was already revoked.")
            return
        token.revoke()
        self.stdout.write(
            self.style.SUCCESS(
                f"Revoked token {token.prefix}… ({token.name}) of {token.user.get_username()}."
            )
        )

    def _list(self, user: str | None = None, **options) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created")
        if user:
            tokens = tokens.filter(user=self._user(user))
        for token in tokens:
            if token.revoked_at:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            elif token.is_expired:
                state = f"expired {token.expires_at:%Y-%m-%d}"
            else:
                state = f"expires {token.expires_at:%Y-%m-%d}"
            used = f"{token.last_used:%Y-%m-%d %H:%M}" if token.last_used else "never"
            self.stdout.write(
                f"{token.prefix}…  {token.user.get_username():<20} {state:<18} "
                f"last used {used:<16}  {token.name}"
            )
