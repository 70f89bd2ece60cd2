"""Who governs a network, year by year.

For now only the seats of a body (the Executive Committee) and which country
chairs it; a later issue adds the assembly, meetings and their minutes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planea.planfile import organisation_key
from planea.plans.models import Network, Organisation


class BodySeatQuerySet(models.QuerySet["BodySeat"]):
    def of_network(self, network: Network) -> BodySeatQuerySet:
        return self.filter(body__network=network)

    def chairs(self) -> BodySeatQuerySet:
        return self.filter(is_chair=True)


class BodySeat(models.Model):
    """A country's seat on a body of the network for one year."""

    body = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="seats",
        limit_choices_to={"kind": "body"},
    )
    country = models.ForeignKey(
        Organisation,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="body_seats",
        limit_choices_to={"kind": "country"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    is_chair = models.BooleanField(_("chairs the body"), default=False)

    objects = BodySeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "-year", "-is_chair", "country__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "country", "year"], name="body_seat_unique"),
            # A body has at most one chair in a year.
            models.UniqueConstraint(
                fields=["body", "year"], condition=Q(is_chair=True), name="body_one_chair_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200), name="body_seat_year_plausible"
            ),
            models.CheckConstraint(
                condition=~Q(body=models.F("country")), name="body_seat_not_itself"
            ),
        ]

    def __str__(self) -> str:
        chair = " ★" if self.is_chair else ""
        return f"{self.body} {self.year}: {self.country}{chair}"


def chair_of(body: Organisation, year: int) -> Organisation | None:
    """The country chairing `body` in `year`, if the records say."""
    seat = BodySeat.objects.filter(body=body, year=year, is_chair=True).select_related("country")
    found = seat.first()
    return found.country if found else None


# Roles a plan names instead of a country, and the body whose chair fills
# them in a given year. "País anfitrión" (the host of the annual meeting)
# waits for the meetings of a later issue.
ROLE_CHAIRED_BODY: dict[str, str] = {
    organisation_key("País presidente"): organisation_key("Comité Ejecutivo"),
}


def resolve_role(role: Organisation, year: int) -> Organisation | None:
    """The country that holds `role` in `year`, when the records say."""
    body_key = ROLE_CHAIRED_BODY.get(role.key)
    if body_key is None:
        return None
    seat = (
        BodySeat.objects.filter(
            body__network_id=role.network_id, body__key=body_key, year=year, is_chair=True
        )
        .select_related("country")
        .first()
    )
    return seat.country if seat else None


def committees(network: Network) -> list[dict]:
    """Each body's membership per year, newest first, chair first:
    [{"body": …, "year": 2017, "chair": …, "members": [...]}, …]."""
    groups: dict[tuple[int, int], dict] = {}
    seats = (
        BodySeat.objects.of_network(network)
        .select_related("body", "country")
        .order_by("-year", "body__name", "-is_chair", "country__name")
    )
    for seat in seats:
        group = groups.setdefault(
            (seat.body_id, seat.year),
            {"body": seat.body, "year": seat.year, "chair": None, "members": []},
        )
        group["members"].append(seat.country)
        if seat.is_chair:
            group["chair"] = seat.country
    return list(groups.values())
