"""The demo's users: one per role in Red GEALC, and an administrator.

Their passwords are fixed and published (`demo-<username>-2017`) because the
demo runs on 127.0.0.1 for someone trying Planea. They are created by
`planea demo` only (planea.ops.demo), and never for a server that answers to
any other host; here is who they are, and the rule that keeps them out of
production.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from .models import Role

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})

SOFTWARE_GROUP = "Grupo de Trabajo de Red Gealc en software público"
OPEN_DATA_GROUP = "Grupo de trabajo en datos abiertos"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role, or "" for the superuser
    organisation: str = ""  # for a coordinator: the organisation's name in the plan
    language: str = "es"

    @property
    def password(self) -> str:
        return f"demo-{self.username}-2017"

    @property
    def email(self) -> str:
        return f"{self.username}@demo.planea.invalid"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Administración", "Planea", ""),
    DemoUser("secretaria", "Sofía", "Secretaría Técnica", Role.SECRETARIAT),
    DemoUser("comite", "Carlos", "Comité Ejecutivo", Role.COMMITTEE),
    DemoUser("coordinador", "Pedro", "Software Público", Role.COORDINATOR, SOFTWARE_GROUP),
    DemoUser("coordinadora-datos", "Dora", "Datos Abiertos", Role.COORDINATOR, OPEN_DATA_GROUP),
    DemoUser("lector", "Lúcia", "Leitora", Role.VIEWER, language="pt"),
)


def is_local() -> bool:
    """Whether this server only answers on the local machine: the only place
    where users with published passwords may exist."""
    return all(host in LOCAL_HOSTS for host in settings.ALLOWED_HOSTS)


# ---------------------------------------------------------------------------
# Production refuses the demo's accounts.
#
# A demo account is one of DEMO_USERS still holding its published password:
# that is what makes it dangerous, and it survives a renamed e-mail or a
# copied database. An operator who gives `admin` a password of their own has
# an ordinary account again.


def demo_accounts_with_published_passwords() -> list[str]:
    """The usernames of active demo accounts whose password is still the
    published one. Six password checks at most, whatever the database."""
    User = get_user_model()
    passwords = {demo.username: demo.password for demo in DEMO_USERS}
    found = []
    for user in User._default_manager.filter(username__in=passwords, is_active=True).order_by(
        "username"
    ):
        if user.has_usable_password() and user.check_password(passwords[user.username]):
            found.append(user.username)
    return found


def check_no_demo_accounts(app_configs=None, databases=None, **kwargs) -> list:
    """`planea check --deploy`: a database holding the demo's accounts with
    their published passwords is not fit for production."""
    from django.core import checks
    from django.db import DatabaseError

    try:
        found = demo_accounts_with_published_passwords()
    except DatabaseError:
        # No database yet (or not migrated): nothing to find in it.
        return []
    if not found:
        return []
    return [
        checks.Error(
            "The database holds the demo's accounts with their published passwords: "
            + ", ".join(found)
            + ".",
            hint=(
                "This database was loaded with `planea demo`. Serve a database of your own, "
                "or delete these accounts (or give each a password of its own) in the admin "
                "or with `planea changepassword USERNAME`."
            ),
            id="planea.E001",
        )
    ]


def is_published_demo_password(username: str | None, password: str | None) -> bool:
    return any(demo.username == username and demo.password == password for demo in DEMO_USERS)


class RefuseDemoPasswords:
    """An authentication backend, first in line: with DEBUG off, the demo's
    published passwords sign no one in, whichever database holds them.

    Raising PermissionDenied stops Django from asking the other backends; the
    attempt is logged and the person told why."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if settings.DEBUG or not is_published_demo_password(username, password):
            return None
        import logging

        from django.core.exceptions import PermissionDenied

        logging.getLogger("planea.accounts").warning(
            "Refused a sign-in as %r with the demo's published password (DEBUG is off): "
            "change that account's password or delete it.",
            username,
        )
        if request is not None and hasattr(request, "_messages"):
            from django.contrib import messages
            from django.utils.translation import gettext as _

            messages.error(
                request,
                _(
                    "This is a demo account with a published password: it cannot sign in "
                    "on this server. An administrator must give it a password of its own."
                ),
            )
        raise PermissionDenied

    # No get_user(): this backend signs no one in, and Django keeps a session
    # with (and force_login picks) the first backend that has one.
