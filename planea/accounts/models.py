"""Who may do what in a network: a user's roles, one membership per role;
and what a user prefers (their language).

The rules themselves live in `planea.accounts.policy`; these rows only say
which role a user holds in which network (and, for a coordinator, for which
organisation).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    COMMITTEE = "committee", _("Committee member")
    COORDINATOR = "coordinator", _("Coordinator")
    VIEWER = "viewer", _("Viewer")
    # Translators of the plans' content, one role per language of the site
    # (settings.LANGUAGES): like every other role, held network-wide and
    # granted on its own, so that a person may translate into French and
    # Portuguese and lose one without the other.
    TRANSLATOR_ES = "translator_es", _("Translator into Spanish")
    TRANSLATOR_PT = "translator_pt", _("Translator into Portuguese")
    TRANSLATOR_EN = "translator_en", _("Translator into English")
    TRANSLATOR_FR = "translator_fr", _("Translator into French")


# Which language each translator's role translates into.
TRANSLATOR_LANGUAGES: dict[str, str] = {
    Role.TRANSLATOR_ES: "es",
    Role.TRANSLATOR_PT: "pt",
    Role.TRANSLATOR_EN: "en",
    Role.TRANSLATOR_FR: "fr",
}


def translator_role(language: str) -> str:
    """The role of who translates into `language` ("fr" → "translator_fr")."""
    return f"translator_{language}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def coordinators_of(self, organisation_ids) -> MembershipQuerySet:
        return self.filter(role=Role.COORDINATOR, organisation_id__in=organisation_ids)


class Membership(models.Model):
    """A user's role in a network. A coordinator coordinates one organisation
    (a working group, a country, a body); a user may hold several roles."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        "plans.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "plans.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("For a coordinator: the organisation whose commitments they report on."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "role", "user"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
            # A coordinator coordinates something; other roles are network-wide.
            models.CheckConstraint(
                condition=Q(role=Role.COORDINATOR, organisation__isnull=False)
                | (~Q(role=Role.COORDINATOR) & Q(organisation__isnull=True)),
                name="membership_organisation_only_for_coordinators",
                violation_error_message=_(
                    "A coordinator coordinates one organisation; the other roles have none."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "network", "role"],
                condition=Q(organisation__isnull=True),
                name="membership_unique_role",
                violation_error_message=_("This user already holds this role in this network."),
            ),
            models.UniqueConstraint(
                fields=["user", "network", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_coordination",
                violation_error_message=_(
                    "This user already coordinates this organisation in this network."
                ),
            ),
        ]

    def __str__(self) -> str:
        role = self.get_role_display()
        if self.organisation_id:
            return f"{self.user} — {role} ({self.organisation}) — {self.network}"
        return f"{self.user} — {role} — {self.network}"

    def clean(self) -> None:
        if self.role == Role.COORDINATOR and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Choose the organisation this coordinator reports for.")}
            )
        if self.role and self.role != Role.COORDINATOR and self.organisation_id:
            raise ValidationError(
                {"organisation": _("Only a coordinator is tied to an organisation.")}
            )
        if self.organisation_id and self.organisation.network_id != self.network_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same network.")}
            )


class Profile(models.Model):
    """What a user prefers. Created when first needed: a user without one
    reads Planea in their browser's language and gets e-mail in the site's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Pages are shown in this language when you log in, and e-mail reminders are "
            "written in it. With none, pages follow the language menu or your browser."
        ),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language="")
                | Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="profile_language_known",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> Profile:
        """The user's profile, created (empty) if they have none yet."""
        try:
            return user.profile
        except cls.DoesNotExist:
            profile, _created = cls.objects.get_or_create(user=user)
            user.profile = profile
            return profile


def preferred_language(user) -> str:
    """The language the user chose, or "" if they chose none (or have no
    profile). Reads `user.profile`: select_related("profile") on lists."""
    try:
        return user.profile.language
    except (Profile.DoesNotExist, AttributeError):
        return ""


def language_of(user) -> str:
    """The language to write to the user in (e-mails such as `planea remind`):
    the one they chose, else the site's default."""
    return preferred_language(user) or settings.LANGUAGE_CODE
