"""Who may do what in a network: a user's roles, one membership per role.

The rules themselves live in `planea.accounts.policy`; these rows only say
which role a user holds in which network (and, for a coordinator, for which
organisation).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    COMMITTEE = "committee", _("Committee member")
    COORDINATOR = "coordinator", _("Coordinator")
    VIEWER = "viewer", _("Viewer")


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
            ),
            models.UniqueConstraint(
                fields=["user", "network", "role"],
                condition=Q(organisation__isnull=True),
                name="membership_unique_role",
            ),
            models.UniqueConstraint(
                fields=["user", "network", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_coordination",
            ),
        ]

    def __str__(self) -> str:
        role = self.get_role_display()
        if self.organisation_id:
            return f"{self.user} — {role} ({self.organisation}) — {self.network}"
        return f"{self.user} — {role} — {self.network}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation_id and self.organisation.network_id != self.network_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same network.")}
            )
