"""The forms of the account pages."""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from planea.core.text import ControlCharacterMixin

from .models import Profile


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name ("Español", "English", "Português"),
    after the choice of none."""
    return [
        ("", _("None: follow the language menu or my browser")),
        *(
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES
        ),
    ]


class ProfileForm(ControlCharacterMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=language_choices,
        required=False,
        help_text=_(
            "Pages are shown in this language when you log in, and e-mail reminders are "
            "written in it. With none, pages follow the language menu or your browser."
        ),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        self.profile = Profile.of(user)
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "language": self.profile.language,
            },
        )
        super().__init__(*args, **kwargs)

    def save(self) -> Profile:
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        self.user.save(update_fields=["first_name", "last_name"])
        self.profile.language = self.cleaned_data["language"]
        self.profile.save(update_fields=["language"])
        return self.profile


def _same_address(a: str, b: str) -> bool:
    """Case-insensitive comparison of e-mail addresses (Unicode TR 36)."""
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class PasswordResetForm(ControlCharacterMixin, auth_forms.PasswordResetForm):
    def get_users(self, email: str):
        """Active users with this address, including those the Secretariat
        invited who have not chosen a password yet (Planea has no other way
        of logging in, so an unusable password only means "not chosen")."""
        User = get_user_model()
        field = User.get_email_field_name()
        users = User._default_manager.filter(**{f"{field}__iexact": email, "is_active": True})
        return (user for user in users if _same_address(email, getattr(user, field)))
