"""The e-mail a new user gets when the Secretariat gives them a role: a
link to choose their password (Django's password-reset link, which expires
after PASSWORD_RESET_TIMEOUT; "Forgotten your password?" sends a new one)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Membership, language_of


def absolute(path: str, request: HttpRequest | None = None) -> str:
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def password_link(user, request: HttpRequest | None = None) -> str:
    """An absolute link where `user` chooses a password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute(path, request)


def send_invitation(user, *, membership: Membership, request: HttpRequest | None = None) -> None:
    """Tell `user` of their new role and how to choose a password, in their language."""
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "membership": membership,
            "role": membership.get_role_display(),
            "network": membership.network,
            "organisation": membership.organisation,
            "link": password_link(user, request),
            "login_url": absolute(reverse("login"), request),
            "timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
