"""The plans of a network as data: who the network is, who takes part, what it
committed to do in a year, and who leads and pays for each commitment.

The database, not only the forms, keeps the data sound: every invariant that
can be stated as a constraint is one, so that the importer, the admin and any
later API all meet the same rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from planea.accounts.policy import visible_plans
from planea.core import clock
from planea.core.statuses import PlanStatus
from planea.core.text import fold
from planea.planfile import organisation_key

from . import organisations as kinds

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Network slugs live at the root of the site, beside these paths.
RESERVED_SLUGS: tuple[str, ...] = (
    "admin",
    "api",
    "accounts",
    "healthz",
    "i18n",
    "static",
    "media-is-not-served",
    "evidence",
    "my",
)


def unique_slug(text: str, taken: set[str], *, fallback: str = "item", max_length: int = 80) -> str:
    """A slug for `text` that is not in `taken`; adds it to `taken`."""
    base = slugify(text)[:max_length].strip("-") or fallback
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    taken.add(slug)
    return slug


class DataLicence(models.TextChoices):
    """Open-data licences, by their SPDX identifiers."""

    CC_BY_4_0 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA_4_0 = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC0_1_0 = "CC0-1.0", "CC0 1.0"
    ODBL_1_0 = "ODbL-1.0", "ODbL 1.0"


class Network(models.Model):
    """An intergovernmental network, such as Red GEALC, that adopts plans."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=50)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    data_licence = models.CharField(
        _("data licence"),
        max_length=40,
        choices=DataLicence.choices,
        default=DataLicence.CC_BY_4_0,
        help_text=_("The licence under which the network publishes its plans' open data."),
    )
    countries = models.ManyToManyField(
        "Organisation",
        verbose_name=_("member countries"),
        related_name="member_of",
        blank=True,
        limit_choices_to={"kind": kinds.COUNTRY},
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            # `planea import --network "red gealc"` finds "Red GEALC": one
            # network per acronym, whatever its case.
            models.UniqueConstraint(Lower("acronym"), name="network_acronym_unique_ci"),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS), name="network_slug_not_reserved"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="network_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("network", kwargs={"network": self.slug})

    @classmethod
    def by_acronym(cls, acronym: str) -> Network | None:
        return cls.objects.filter(acronym__iexact=acronym.strip()).first()

    @classmethod
    def named(cls, text: str) -> Network | None:
        """The network whose acronym or slug is `text`, whatever its case and
        spacing ("red gealc", "RED-GEALC"), or None: never a guess."""
        text = " ".join(text.split())
        return (
            cls.objects.filter(Q(acronym__iexact=text) | Q(slug__iexact=text)).first()
            if text
            else None
        )


class OrganisationKind(models.TextChoices):
    COUNTRY = kinds.COUNTRY, _("country")
    WORKING_GROUP = kinds.WORKING_GROUP, _("working group")
    BODY = kinds.BODY, _("body of the network")
    PARTNER = kinds.PARTNER, _("partner")
    ROLE = kinds.ROLE, _("role")
    OTHER = kinds.OTHER, _("other")


class FundingKind(models.TextChoices):
    PROJECT = kinds.PROJECT, _("project")
    COOPERATION = kinds.COOPERATION, _("technical cooperation")
    IN_KIND = kinds.IN_KIND, _("in-kind work")
    UNDECIDED = kinds.UNDECIDED, _("to be decided")
    OTHER = kinds.OTHER, _("other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def countries(self) -> OrganisationQuerySet:
        return self.filter(kind=kinds.COUNTRY)

    def with_key(self, name: str) -> OrganisationQuerySet:
        return self.filter(key=organisation_key(name))


class Organisation(models.Model):
    """Anyone a plan names: a country, a body of the network, a working group,
    a partner, or a role such as the presiding country."""

    Kind = OrganisationKind

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=300)
    # The same organisation however a document spells it: "Secretaria
    # Técnica" and "Secretaría Técnica" share one key and so one row.
    key = models.CharField(_("key"), max_length=300, editable=False)
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "key"], name="organisation_key_unique"),
            models.UniqueConstraint(fields=["network", "slug"], name="organisation_slug_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(key=""), name="organisation_key_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="organisation_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = organisation_key(self.name)
        if not self.slug:
            taken = set(
                Organisation.objects.filter(network_id=self.network_id)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True)
            )
            self.slug = unique_slug(self.name, taken, fallback="organisation")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "organisation", kwargs={"network": self.network.slug, "organisation": self.slug}
        )


class FundingSource(models.Model):
    """Where the money (or the work) for an activity comes from."""

    Kind = FundingKind

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="funding_sources",
    )
    name = models.CharField(_("name"), max_length=300)
    key = models.CharField(_("key"), max_length=300, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_sources",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "key"], name="funding_source_key_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=FundingKind.values), name="funding_source_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(key=""), name="funding_source_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = organisation_key(self.name)
        super().save(*args, **kwargs)


# The day a closed plan was closed: governance keeps the plan's steps and
# says so at start-up (GovernanceConfig.ready), since plans may not import it.
_closed_on: Callable[[Plan], dt.date | None] | None = None


def closed_on_with(resolver: Callable[[Plan], dt.date | None]) -> None:
    global _closed_on
    _closed_on = resolver


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None) -> PlanQuerySet:
        """The plans `user` may read: adopted plans for everyone, drafts for
        the Secretariat and the Committee (the permission policy decides)."""
        return self.filter(visible_plans(user))


class Plan(models.Model):
    """One year's work plan of a network."""

    Status = PlanStatus

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    # A document that is imported has already been adopted by the Assembly.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    language = models.CharField(_("language"), max_length=10, default="es")
    background = models.TextField(_("background"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    # The document's free-text parts as read ([{heading, text, after_areas}]),
    # the heading of its areas and the parser's warnings, kept so that the
    # plan can be written back out (JSON, text) exactly as it was read.
    sections = models.JSONField(_("free-text sections"), default=list, blank=True)
    areas_heading = models.CharField(_("heading of the areas"), max_length=300, blank=True)
    warnings = models.JSONField(_("warnings when read"), default=list, blank=True)
    source_name = models.CharField(_("source document"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    # Read by the audit trail (django-simple-history, registered by tracking)
    # on the next save: when, why and by whom the plan was changed.
    _history_date: dt.datetime
    _change_reason: str
    _history_user: AbstractBaseUser | None

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["network", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="plan_one_per_network_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200), name="plan_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.year}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plan", kwargs={"network": self.network.slug, "year": self.year})

    @property
    def is_public(self) -> bool:
        return self.status in PlanStatus.public()

    def as_of(self) -> dt.date:
        """The plan's own day, which its deadlines, dashboard and report are
        judged against: today while it is open (`planea.core.clock`, which
        the demo sets inside 2017); its closing date once closed, which
        governance keeps (`closed_on_with`), or its year's end if none is
        on record."""
        if self.status != PlanStatus.CLOSED:
            return clock.today()
        closed_on = _closed_on(self) if _closed_on is not None else None
        return closed_on or dt.date(self.year, 12, 31)

    def has_tracking_data(self) -> bool:
        """Whether leads have reported on this plan: progress or evidence."""
        return (
            self.activities.filter(updates__isnull=False).exists()
            or self.activities.filter(products__evidence__isnull=False).exists()
        )


class Area(models.Model):
    """A work area of a plan, with the objective its activities pursue."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="areas"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    objective = models.TextField(_("objective"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source_line = models.PositiveIntegerField(
        _("line in the source document"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("work area")
        verbose_name_plural = _("work areas")
        ordering = ["plan", "order"]
        constraints = [
            # Documents are not always numbered cleanly, so the position in
            # the document, not the number, identifies an area.
            models.UniqueConstraint(fields=["plan", "order"], name="area_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Period(models.TextChoices):
    S1 = "S1", _("First half")
    S2 = "S2", _("Second half")
    ANNUAL = "ANNUAL", _("Whole year")


class StaleVersion(Exception):
    """Someone changed the activity since this copy of it was read."""

    def __init__(self, activity: Activity, seen: int, current: int):
        super().__init__(f"activity {activity.pk} is at version {current}, not {seen}")
        self.activity = activity
        self.seen = seen
        self.current = current


class ActivityStatus(models.TextChoices):
    """Where a commitment stands, as its lead last reported."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Commitments that need nothing more: delivered, or dropped.
CLOSED_STATUSES = (ActivityStatus.DONE, ActivityStatus.CANCELLED)

# An open activity due within this many days (today included) is due soon:
# on its page, on the dashboards and in the reminders alike.
DUE_SOON_DAYS = 30


class Deadline(StrEnum):
    """Where an open, dated activity stands against its due date on a day."""

    OVERDUE = "overdue"  # due before that day
    TODAY = "today"
    SOON = "soon"  # within the window after that day
    LATER = "later"


# The deadline rules as conditions on activities, for filters and for
# counting in grouped aggregates; `Activity` says the same of one activity.
def open_condition() -> Q:
    """Still to be delivered: neither done nor cancelled."""
    return ~Q(status__in=CLOSED_STATUSES)


def overdue_condition(today: dt.date) -> Q:
    """Open and due before `today`."""
    return open_condition() & Q(due__lt=today)


class ActivityQuerySet(models.QuerySet["Activity"]):
    def with_leads(self) -> ActivityQuerySet:
        """With their leads (`ordered_leads`, and what the policy reads) in
        one more query, however many activities there are."""
        return self.prefetch_related(
            Prefetch(
                "lead_links",
                queryset=ActivityLead.objects.select_related("organisation").order_by("order"),
            )
        )

    def for_listing(self, products: models.QuerySet | None = None) -> ActivityQuerySet:
        """With leads, funding and products (`products`, if given: annotated,
        say) fetched in three more queries, however many activities there are."""
        return self.with_leads().prefetch_related(
            Prefetch(
                "funding_links",
                queryset=ActivityFunding.objects.select_related("funding_source").order_by("order"),
            ),
            Prefetch(
                "products",
                queryset=products if products is not None else Product.objects.order_by("order"),
            ),
        )

    def matching(self, query: str) -> ActivityQuerySet:
        """Activities whose text contains every word of `query`, ignoring
        accents and case ("reunion" finds "Reunión")."""
        result = self
        for word in fold(query).split():
            result = result.filter(search_text__contains=word)
        return result

    def in_period(self, period: str) -> ActivityQuerySet:
        return self.filter(period=period)

    def led_by(self, organisation: Organisation) -> ActivityQuerySet:
        return self.filter(lead_links__organisation=organisation)

    def funded_by(self, source: FundingSource) -> ActivityQuerySet:
        return self.filter(funding_links__funding_source=source)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None) -> ActivityQuerySet:
        return self.filter(visible_plans(user, prefix="plan__"))

    def open(self) -> ActivityQuerySet:
        """Still to be delivered: neither done nor cancelled."""
        return self.filter(open_condition())

    def overdue(self, today: dt.date) -> ActivityQuerySet:
        """Open and due before `today`."""
        return self.filter(overdue_condition(today))

    def due_soon(self, today: dt.date, days: int = DUE_SOON_DAYS) -> ActivityQuerySet:
        """Open and due from `today` to `days` days later, both included."""
        return self.open().filter(due__gte=today, due__lte=today + dt.timedelta(days=days))

    def needing_attention(self, today: dt.date, days: int = DUE_SOON_DAYS) -> ActivityQuerySet:
        """Overdue or due soon: open and due by `days` days after `today`."""
        return self.open().filter(due__lte=today + dt.timedelta(days=days))

    def recurring(self) -> ActivityQuerySet:
        """Activities renewed in next year's plan even when done: marked so
        by the Secretariat, or whole-year activities with a product whose
        target recurs ("Actas de reuniones bimensuales": six, every two months)."""
        annual_with_recurring_target = Q(period=Period.ANNUAL) & Q(
            pk__in=Product.objects.exclude(recurrence="").values("activity")
        )
        return self.filter(Q(recurring=True) | annual_with_recurring_target)


class Activity(models.Model):
    """A commitment of the plan: what will be done, when, by whom, with what."""

    Status = ActivityStatus

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("work area"), on_delete=models.CASCADE, related_name="activities"
    )
    # The code as the document wrote it ("1.1.i"); documents repeat codes,
    # so the key, unique within the plan, is what identifies the activity.
    code = models.CharField(_("code"), max_length=50, blank=True)
    key = models.CharField(_("key"), max_length=100)
    # The section number as written ("3.2"); the key may say "3.3".
    section = models.CharField(_("section"), max_length=20, blank=True)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    title = models.TextField(_("title"))
    details = models.TextField(_("details"), blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    starts = models.DateField(_("starts"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source_line = models.PositiveIntegerField(
        _("line in the source document"), null=True, blank=True
    )
    # Names of the fields (in the plan format's terms: "resources", "leads",
    # ...) that came from the area's note rather than from the activity.
    inherited_fields = models.JSONField(_("inherited fields"), default=list, blank=True)
    leads = models.ManyToManyField(
        Organisation,
        verbose_name=_("leads"),
        through="ActivityLead",
        related_name="led_activities",
        blank=True,
    )
    funding = models.ManyToManyField(
        FundingSource,
        verbose_name=_("funding"),
        through="ActivityFunding",
        related_name="activities",
        blank=True,
    )
    # Folded text of the activity and of its products, leads and funding, so
    # that search ignores accents and case on SQLite and PostgreSQL alike.
    search_text = models.TextField(editable=False, blank=True, default="")
    # The latest progress report, kept here so that lists and dashboards need
    # no subquery; `version` grows with every change, so that a change made
    # on a stale copy is refused instead of silently overwriting another.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.NOT_STARTED,
    )
    status_date = models.DateField(_("status reported on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The year before's activity this one continues (`planea rollover`):
    # unfinished commitments are carried over, recurring ones renewed.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_into",
    )
    recurring = models.BooleanField(
        _("renewed every year"),
        default=False,
        help_text=_(
            "Renewed in next year's plan even when done. Annual activities whose product "
            "has a recurring target (every two months, say) are renewed without it."
        ),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="activity_key_unique"),
            models.CheckConstraint(
                condition=Q(period__in=Period.values), name="activity_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts__isnull=True) | Q(due__isnull=True) | Q(due__gte=F("starts")),
                name="activity_due_not_before_start",
            ),
            models.CheckConstraint(condition=~Q(key=""), name="activity_key_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activity_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "period"], name="activity_plan_period"),
            models.Index(fields=["plan", "status"], name="activity_plan_status"),
            models.Index(fields=["plan", "due"], name="activity_plan_due"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse(
            "activity",
            kwargs={"network": self.plan.network.slug, "year": self.plan.year, "key": self.key},
        )

    # Lists in the order the document gave them, from the prefetched links.
    @property
    def ordered_leads(self) -> list[Organisation]:
        return [link.organisation for link in self.lead_links.all()]

    @property
    def ordered_funding(self) -> list[FundingSource]:
        return [link.funding_source for link in self.funding_links.all()]

    @staticmethod
    def build_search_text(
        *, code: str, title: str, details: str, location: str, extra: Iterable[str]
    ) -> str:
        return fold(" ".join([code, title, details, location, *extra]))

    def refresh_search_text(self) -> None:
        """Recompute the search text after products, leads or funding changed."""
        extra = [p.description for p in self.products.all()]
        extra += [o.name for o in self.leads.all()]
        extra += [f.name for f in self.funding.all()]
        self.search_text = self.build_search_text(
            code=self.code,
            title=self.title,
            details=self.details,
            location=self.location,
            extra=extra,
        )
        Activity.objects.filter(pk=self.pk).update(search_text=self.search_text)

    def period_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of the activity's half, or of the whole year."""
        if self.period == Period.S1:
            return dt.date(year, 1, 1), dt.date(year, 6, 30)
        if self.period == Period.S2:
            return dt.date(year, 7, 1), dt.date(year, 12, 31)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    @property
    def is_open(self) -> bool:
        """Still to be delivered: neither done nor cancelled."""
        return self.status not in CLOSED_STATUSES

    def days_to_due(self, today: dt.date) -> int | None:
        """Days from `today` to the due date, negative once it has passed;
        None when the activity is closed or has no due date, since then
        there is nothing to be late for."""
        if self.due is None or not self.is_open:
            return None
        return (self.due - today).days

    def is_overdue(self, today: dt.date) -> bool:
        days = self.days_to_due(today)
        return days is not None and days < 0

    def days_late(self, today: dt.date) -> int:
        """How many days past its due date the open activity is; 0 if it is not."""
        days = self.days_to_due(today)
        return -days if days is not None and days < 0 else 0

    def deadline_state(self, today: dt.date, days: int = DUE_SOON_DAYS) -> Deadline | None:
        """Overdue, due today, due within `days` days, or later; None when
        closed or undated."""
        left = self.days_to_due(today)
        if left is None:
            return None
        if left < 0:
            return Deadline.OVERDUE
        if left == 0:
            return Deadline.TODAY
        return Deadline.SOON if left <= days else Deadline.LATER

    @property
    def is_dated(self) -> bool:
        """Whether the plan gives dates of its own, beyond "by the end of the
        half" (the parser sets `due` to the period's last day by default)."""
        if self.starts:
            return True
        return self.due is not None and self.due != self.period_bounds(self.due.year)[1]

    def span(self, year: int) -> tuple[dt.date, dt.date]:
        """The stretch of `year` the activity occupies on a timeline: from
        its start (or its period's) to its due date (or its period's end)."""
        first, last = self.period_bounds(year)
        start = self.starts or first
        end = self.due or last
        if self.due and not self.starts and self.due < first:
            # Due before its own period began: show it as a point at the date.
            start = self.due
        start, end = min(start, end), max(start, end)
        year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        start = min(max(start, year_start), year_end)
        end = min(max(end, year_start), year_end)
        return start, end


class ActivityLead(models.Model):
    """An organisation leading an activity, in the order the plan names them."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="lead_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="lead_links",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["activity", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation"], name="activity_lead_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ActivityFunding(models.Model):
    """A funding source of an activity, in the order the plan names them."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="funding_links")
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="funding_links",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["activity", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "funding_source"], name="activity_funding_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.funding_source)


class ContributionKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind (voluntary work)")
    TO_BE_DEFINED = "tbd", _("To be defined")


class ContributionStage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SPENT = "spent", _("Spent")


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency code, upper case ("USD")."""
    return len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


@dataclass(frozen=True)
class ContributionTotal:
    """Contributions summed for one source, one kind or one currency, in one
    currency (blank for hours and pledges without an amount): amounts of
    different currencies are never added together."""

    key: str
    label: str
    currency: str
    planned: Decimal | None
    spent: Decimal | None
    planned_hours: Decimal | None
    spent_hours: Decimal | None
    count: int


@dataclass(frozen=True)
class FundingTotals:
    """A plan's contributions summed by source, by kind and by currency."""

    by_source: tuple[ContributionTotal, ...]
    by_kind: tuple[ContributionTotal, ...]
    by_currency: tuple[ContributionTotal, ...]

    def __bool__(self) -> bool:
        return bool(self.by_source)


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return b if a is None else a if b is None else a + b


def _roll_up(rows: list[dict], key, label) -> list[ContributionTotal]:
    """Sum the grouped rows by (key, currency)."""
    found: dict[tuple[str, str], ContributionTotal] = {}
    for row in rows:
        group = (key(row), row["currency"])
        old = found.get(group)
        found[group] = ContributionTotal(
            key=group[0],
            label=label(row),
            currency=row["currency"],
            planned=_add(old.planned if old else None, row["planned_amount"]),
            spent=_add(old.spent if old else None, row["spent_amount"]),
            planned_hours=_add(old.planned_hours if old else None, row["planned_hours"]),
            spent_hours=_add(old.spent_hours if old else None, row["spent_hours"]),
            count=(old.count if old else 0) + row["rows"],
        )
    return list(found.values())


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def planned(self) -> ContributionQuerySet:
        return self.filter(stage=ContributionStage.PLANNED)

    def spent(self) -> ContributionQuerySet:
        return self.filter(stage=ContributionStage.SPENT)

    def _grouped(self) -> list[dict]:
        planned, spent = Q(stage=ContributionStage.PLANNED), Q(stage=ContributionStage.SPENT)
        return list(
            self.order_by()
            .values("source", "source__name", "kind", "currency")
            .annotate(
                planned_amount=Sum("amount", filter=planned),
                spent_amount=Sum("amount", filter=spent),
                planned_hours=Sum("hours", filter=planned),
                spent_hours=Sum("hours", filter=spent),
                rows=Count("pk"),
            )
        )

    def totals(self, by: str) -> list[ContributionTotal]:
        """Planned and spent amounts and hours by `by` ("source", "kind" or
        "currency") and currency, in one query: sources by name, kinds in
        their order, currencies by code (amounts without currency last)."""
        return _totals(self._grouped(), by)

    def funding_totals(self) -> FundingTotals:
        """By source, by kind and by currency, in one query."""
        rows = self._grouped()
        return FundingTotals(
            by_source=tuple(_totals(rows, "source")),
            by_kind=tuple(_totals(rows, "kind")),
            by_currency=tuple(_totals(rows, "currency")),
        )


def _totals(rows: list[dict], by: str) -> list[ContributionTotal]:
    kinds = dict(ContributionKind.choices)
    order = list(ContributionKind.values)
    if by == "source":
        totals = _roll_up(rows, lambda r: str(r["source"]), lambda r: r["source__name"])
        totals.sort(key=lambda t: (fold(t.label), t.key, t.currency))
    elif by == "kind":
        totals = _roll_up(rows, lambda r: r["kind"], lambda r: str(kinds[r["kind"]]))
        totals.sort(key=lambda t: (order.index(t.key), t.currency))
    elif by == "currency":
        with_amount = [r for r in rows if r["currency"]]
        totals = _roll_up(with_amount, lambda r: r["currency"], lambda r: r["currency"])
        totals.sort(key=lambda t: t.currency)
    else:
        raise ValueError(f"totals by source, kind or currency, not {by!r}")
    return totals


class Contribution(models.Model):
    """What a funding source puts into an activity: an amount of money in
    one currency, hours of (voluntary) work, or a pledge still to be defined;
    planned in the plan, or spent as the year goes."""

    Kind = ContributionKind
    Stage = ContributionStage
    # What a contribution says, beside its activity, source and place: what
    # forms read, the editor compares and the importer writes.
    VALUE_FIELDS = (
        "kind",
        "stage",
        "amount",
        "currency",
        "hours",
        "period_start",
        "period_end",
        "note",
    )

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    stage = models.CharField(
        _("stage"),
        max_length=10,
        choices=ContributionStage.choices,
        default=ContributionStage.PLANNED,
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # ISO 4217, upper case ("USD"); required with an amount.
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=1, null=True, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["activity", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContributionKind.values), name="contribution_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ContributionStage.values), name="contribution_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="contribution_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="contribution_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="contribution_amount_needs_currency",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(kind=ContributionKind.IN_KIND),
                name="contribution_hours_only_in_kind",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="contribution_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.get_kind_display()}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        self.currency = (self.currency or "").strip().upper()
        if self.amount is not None and not self.currency:
            errors.setdefault("currency", []).append(_("An amount needs its currency."))
        if self.currency and not is_currency(self.currency):
            errors.setdefault("currency", []).append(
                _("%(code)s is not an ISO 4217 currency code (such as USD, EUR, BRL).")
                % {"code": self.currency}
            )
        if self.amount is not None and self.amount < 0:
            errors.setdefault("amount", []).append(_("An amount cannot be negative."))
        if self.hours is not None and self.hours < 0:
            errors.setdefault("hours", []).append(_("Hours cannot be negative."))
        if self.hours is not None and self.kind != ContributionKind.IN_KIND:
            errors.setdefault("hours", []).append(_("Hours are for in-kind (voluntary) work only."))
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors.setdefault("period_end", []).append(_("The period ends before it starts."))
        if errors:
            raise ValidationError(errors)


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


class Product(models.Model):
    """A deliverable that shows an activity was done, with the quantity the
    plan commits to when it names one ("Diez ediciones del boletín")."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="products"
    )
    description = models.TextField(_("description"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    target_quantity = models.PositiveIntegerField(_("target quantity"), null=True, blank=True)
    target_unit = models.CharField(_("unit"), max_length=200, blank=True)
    # An ISO 8601 duration ("P2M": every two months) or blank for a one-off.
    recurrence = models.CharField(_("recurrence"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["activity", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recurrence="") | Q(recurrence__startswith="P"),
                name="product_recurrence_is_duration",
            ),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=False) | Q(target_unit=""),
                name="product_unit_needs_quantity",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def target(self) -> int:
        """How many pieces of evidence deliver the product: the plan's number,
        or one when the plan names the product without counting it."""
        return self.target_quantity or 1

    @property
    def recurrence_label(self) -> str:
        """ "every 2 months" for P2M; the raw duration if it is unusual."""
        match = _DURATION.match(self.recurrence or "")
        if not match or not any(match.groups()):
            return self.recurrence
        years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
        if years and not (months or weeks or days):
            return ngettext("every year", "every %(n)d years", years) % {"n": years}
        if months and not (years or weeks or days):
            return ngettext("every month", "every %(n)d months", months) % {"n": months}
        if weeks and not (years or months or days):
            return ngettext("every week", "every %(n)d weeks", weeks) % {"n": weeks}
        if days and not (years or months or weeks):
            return ngettext("every day", "every %(n)d days", days) % {"n": days}
        return self.recurrence


def group_by_area_and_period(areas: Iterable[Area], activities: Iterable[Activity]) -> list[dict]:
    """Activities arranged as the plan presents them: by area, then by period
    (first half, second half, whole year), in document order.

    Areas without any of `activities` are kept, with no periods, so that a
    filtered page still shows where nothing matched.
    """
    by_area: dict[int, dict[str, list[Activity]]] = {}
    for activity in activities:
        by_area.setdefault(activity.area_id, {}).setdefault(activity.period, []).append(activity)
    grouped = []
    for area in areas:
        periods = by_area.get(area.pk, {})
        grouped.append(
            {
                "area": area,
                "count": sum(len(items) for items in periods.values()),
                "periods": [
                    {"period": period.value, "label": period.label, "activities": items}
                    for period in Period
                    if (items := periods.get(period.value))
                ],
            }
        )
    return grouped


class Translation(models.Model):
    """One text of a plan in another of the network's languages.

    The original stays in its own column (`Activity.title`…) in the plan's
    language (`Plan.language`); a translation lives here beside it, keyed by
    the object, the field and the language, with the digest of the original
    it was made from, so that a changed original shows the translation stale.
    `planea.plans.translations` reads and writes them.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="translations"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of text"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=50)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    # sha256 of the original text the translator translated.
    source_digest = models.CharField(_("digest of the original"), max_length=64)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["content_type", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translation_one_per_text_language",
            ),
        ]
        indexes = [models.Index(fields=["plan", "language"], name="translation_plan_language")]

    def __str__(self) -> str:
        return f"{self.field} [{self.language}]"

    def stale(self, original_text: str) -> bool:
        """Whether the original changed since this translation was written."""
        return self.source_digest != text_digest(original_text)


def text_digest(text: str) -> str:
    """The sha256 (hex) a translation keeps of the original it was made from."""
    return hashlib.sha256(text.encode()).hexdigest()
