"""Who governs a network and how its plans are adopted, year by year.

- The seats of its bodies (the Executive Committee and its presidency) and of
  its working groups (their coordinating countries), per year (`BodySeat`).
- Its meetings: the annual Assembly, the Committee, the working groups'
  meetings every two months, each with its minutes (`Meeting`), and series of
  meetings scheduled from one rule (`MeetingSeries`).
- The life cycle of each plan: who moved it from one state to the next, when,
  and at which meeting (`PlanTransition`), and every text of the plan that was
  proposed or approved, kept as it was (`PlanVersion`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import PurePosixPath

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planea import planfile
from planea.core import clock
from planea.plans.models import Activity, Network, Organisation, Plan, PlanStatus, Product

# ---------------------------------------------------------------------------
# Seats on bodies and working groups.


class BodySeatQuerySet(models.QuerySet["BodySeat"]):
    def of_network(self, network: Network) -> BodySeatQuerySet:
        return self.filter(body__network=network)

    def chairs(self) -> BodySeatQuerySet:
        return self.filter(is_chair=True)


class BodySeat(models.Model):
    """A country's seat on a body of the network for one year; on a working
    group, a country coordinating it that year (the chair leads them)."""

    body = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="seats",
        limit_choices_to={"kind__in": ["body", "working_group"]},
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


def _seats_by_year(network: Network, kind: str) -> list[dict]:
    groups: dict[tuple[int, int], dict] = {}
    seats = (
        BodySeat.objects.of_network(network)
        .filter(body__kind=kind)
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


def committees(network: Network) -> list[dict]:
    """Each body's membership per year, newest first, chair first:
    [{"body": …, "year": 2017, "chair": …, "members": [...]}, …]."""
    return _seats_by_year(network, Organisation.Kind.BODY)


def working_groups(network: Network) -> list[dict]:
    """Each working group's coordinating countries per year, as `committees`."""
    return _seats_by_year(network, Organisation.Kind.WORKING_GROUP)


# ---------------------------------------------------------------------------
# Meetings.

# The body that adopts plans: "Asamblea Anual", "Asamblea", "Asamblea General"…
ASSEMBLY_KEY_PREFIX = "asamblea"


def is_assembly(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.key.startswith(ASSEMBLY_KEY_PREFIX)


class MeetingKind(models.TextChoices):
    VIRTUAL = "virtual", _("virtual")
    IN_PERSON = "in_person", _("in person")


def minutes_path(meeting: Meeting, filename: str) -> str:
    """Where signed minutes are stored: beside the evidence, outside the
    static files, under a random name with the extension their content has."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"minutes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_network(self, network: Network) -> MeetingQuerySet:
        return self.filter(network=network)

    def assemblies(self) -> MeetingQuerySet:
        return self.filter(organisation__key__startswith=ASSEMBLY_KEY_PREFIX)

    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))

    def for_listing(self) -> MeetingQuerySet:
        return self.select_related("organisation", "host_country", "series").prefetch_related(
            "countries"
        )


class Meeting(models.Model):
    """A meeting of a body or a working group of the network: the annual
    Assembly, a workshop, a virtual meeting every two months. Its minutes
    count toward the targets of the products it is linked to."""

    Kind = MeetingKind

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="meetings"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="meetings",
        limit_choices_to={"kind__in": ["body", "working_group"]},
        help_text=_("The body or working group holding the meeting."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.VIRTUAL
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link to join"), max_length=1000, blank=True)
    host_country = models.ForeignKey(
        Organisation,
        verbose_name=_("host country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        limit_choices_to={"kind": "country"},
    )
    countries = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating countries"),
        related_name="meetings_attended",
        blank=True,
        limit_choices_to={"kind": "country"},
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        related_name="meetings_joined",
        blank=True,
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(
        _("signed minutes"), upload_to=minutes_path, blank=True, max_length=300
    )
    minutes_content_type = models.CharField(_("type"), max_length=100, blank=True)
    minutes_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    minutes_original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    minutes_public = models.BooleanField(
        _("public minutes"),
        default=True,
        help_text=_("Public minutes are shown to everyone; others to network members."),
    )
    decisions = models.TextField(_("decisions"), blank=True)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities it served"), related_name="meetings", blank=True
    )
    products = models.ManyToManyField(
        Product,
        verbose_name=_("products its minutes count toward"),
        related_name="meetings",
        blank=True,
    )
    series = models.ForeignKey(
        "MeetingSeries",
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    sequence = models.PositiveSmallIntegerField(_("number in the series"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["series", "sequence"],
                condition=Q(series__isnull=False),
                name="meeting_once_per_series_occurrence",
            ),
        ]
        indexes = [models.Index(fields=["network", "date"], name="meeting_network_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("meeting", kwargs={"network": self.network.slug, "pk": self.pk})

    @property
    def is_assembly(self) -> bool:
        return is_assembly(self.organisation)

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes.strip() or self.minutes_file)

    @property
    def calendar_uid(self) -> str:
        """A stable identifier for calendar feeds (ICS UID)."""
        return f"meeting-{self.pk}@planea"


# ---------------------------------------------------------------------------
# Series of meetings from one rule.


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    MONTHLY = "monthly", _("every month")
    YEARLY = "yearly", _("every year")


_RRULE_FREQUENCY = {
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}

# A rule that would schedule more meetings than this is refused: a typo in
# the end date should not fill the calendar for a century.
MAX_OCCURRENCES = 200


def semester_of(date: dt.date) -> int:
    """A running number of the half-year `date` falls in: 2017's first half
    is 4034, its second 4035."""
    return date.year * 2 + (0 if date.month <= 6 else 1)


class MeetingSeries(models.Model):
    """Meetings scheduled from one rule: "a virtual meeting every two months
    from 15 February, six times, rotating two new countries each semester".

    The dates are python-dateutil's `rrule` of the frequency and interval from
    `start`, `count` times or until `until`. `rotation` lists, semester by
    semester from the start's, the ids of the countries taking part; once
    the list runs out, the last semester's countries go on.
    """

    Frequency = Frequency

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="meeting_series"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="meeting_series",
        limit_choices_to={"kind__in": ["body", "working_group"]},
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.VIRTUAL
    )
    start = models.DateField(_("first meeting"))
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    interval = models.PositiveSmallIntegerField(
        _("interval"), default=1, help_text=_("2 with “every month”: every two months.")
    )
    count = models.PositiveSmallIntegerField(_("number of meetings"), null=True, blank=True)
    until = models.DateField(_("last possible date"), null=True, blank=True)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link to join"), max_length=1000, blank=True)
    rotation = models.JSONField(
        _("countries by semester"),
        default=list,
        blank=True,
        help_text=_("Per semester from the first meeting's, the ids of the countries taking part."),
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities it serves"), related_name="meeting_series", blank=True
    )
    products = models.ManyToManyField(
        Product,
        verbose_name=_("products its minutes count toward"),
        related_name="meeting_series",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("series of meetings")
        verbose_name_plural = _("series of meetings")
        ordering = ["network", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(until__isnull=False),
                name="meeting_series_ends",
            ),
            models.CheckConstraint(condition=Q(interval__gte=1), name="meeting_series_interval"),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=1, count__lte=MAX_OCCURRENCES),
                name="meeting_series_count_bounded",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="meeting_series_frequency_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def rule(self) -> rrule.rrule:
        """The one rule every date of the series comes from."""
        start = dt.datetime.combine(self.start, dt.time())
        until = dt.datetime.combine(self.until, dt.time()) if self.until else None
        return rrule.rrule(
            _RRULE_FREQUENCY[Frequency(self.frequency)],
            dtstart=start,
            interval=self.interval,
            count=self.count,
            until=until,
        )

    def dates(self) -> list[dt.date]:
        """Every date of the series, at most MAX_OCCURRENCES of them."""
        dates: list[dt.date] = []
        for occurrence in self.rule():
            if len(dates) == MAX_OCCURRENCES:
                break
            dates.append(occurrence.date())
        return dates

    def countries_for(self, date: dt.date) -> list[int]:
        """The ids of the countries taking part on `date`, by the rotation."""
        if not self.rotation:
            return []
        index = semester_of(date) - semester_of(self.start)
        index = min(max(index, 0), len(self.rotation) - 1)
        return [int(pk) for pk in self.rotation[index]]

    def describe(self) -> str:
        """ "every 2 months from 2017-02-15, 6 times" in the active language."""
        labels = {
            Frequency.WEEKLY: gettext("every %(n)d weeks"),
            Frequency.MONTHLY: gettext("every %(n)d months"),
            Frequency.YEARLY: gettext("every %(n)d years"),
        }
        if self.interval == 1:
            every = str(Frequency(self.frequency).label)
        else:
            every = labels[Frequency(self.frequency)] % {"n": self.interval}
        if self.count:
            end = gettext("%(count)d times") % {"count": self.count}
        else:
            end = gettext("until %(date)s") % {"date": self.until.isoformat()}
        return gettext("%(every)s from %(start)s, %(end)s") % {
            "every": every,
            "start": self.start.isoformat(),
            "end": end,
        }


# ---------------------------------------------------------------------------
# The plan's life cycle: transitions and immutable versions.


class ImmutableRecord(Exception):
    """A version of a plan, once written, is never changed nor deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once: no update, no delete, in bulk either."""

    def update(self, **kwargs):
        raise ImmutableRecord(gettext("These records cannot be changed once written."))

    def delete(self):
        raise ImmutableRecord(gettext("These records cannot be deleted."))

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecord(gettext("These records cannot be changed once written."))


class AppendOnly(models.Model):
    """Written once (`save` on a new row), never changed nor deleted
    through the ORM. Deleting a draft plan still takes its log with it: the
    database cascades, not these methods."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecord(gettext("These records cannot be changed once written."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord(gettext("These records cannot be deleted."))


class VersionKind(models.TextChoices):
    PROPOSAL = "proposal", _("proposal")
    APPROVAL = "approval", _("approval")
    AMENDMENT_PROPOSAL = "amendment_proposal", _("amendment proposal")
    AMENDMENT_APPROVAL = "amendment_approval", _("amendment approval")


class PlanVersion(AppendOnly):
    """A text of the plan as it was proposed or approved, in the documented
    JSON plan format (`planfile.to_json`), kept unchanged for good."""

    Kind = VersionKind

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30, choices=VersionKind.choices)
    document = models.TextField(_("document (JSON plan format)"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    plan_status = models.CharField(_("status of the plan"), max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who it was, even once the account is gone.
    author_name = models.CharField(_("by (name)"), max_length=300, blank=True)
    created = models.DateTimeField(_("recorded"), default=timezone.now)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_versions",
    )
    proposal = models.ForeignKey(
        "self",
        verbose_name=_("proposal it adopted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    note = models.TextField(_("note or decision"), blank=True)
    source_name = models.CharField(_("uploaded document"), max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of a plan")
        verbose_name_plural = _("versions of plans")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=VersionKind.values), name="plan_version_kind_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number} ({self.get_kind_display()})"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.digest = hashlib.sha256(self.document.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "plan_version",
            kwargs={
                "network": self.plan.network.slug,
                "year": self.plan.year,
                "number": self.number,
            },
        )

    def plan_document(self) -> planfile.Plan:
        return planfile.from_json(self.document)


class TransitionError(Exception):
    """The plan cannot take this step now; `message` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PlanTransition(AppendOnly):
    """A plan moving from one state to the next: who, when, and for an
    approval, at which meeting and with which decision."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="transitions"
    )
    # Blank for the creation of a plan (by `planea rollover`).
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("by (name)"), max_length=300, blank=True)
    # When the step was entered in Planea; `effective_on`, when it took effect:
    # the meeting's date for an approval, the day given (today by default)
    # for the others. A closed plan's clock stops at its closing step's date.
    created = models.DateTimeField(_("when"), default=timezone.now)
    effective_on = models.DateField(_("took effect on"), default=clock.today)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_transitions",
    )
    decision = models.TextField(_("note or decision"), blank=True)
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transitions",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("change of status")
        verbose_name_plural = _("changes of status")
        ordering = ["plan", "created", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status or '—'} → {self.to_status}"


def author_name(user) -> str:
    """How a record names its author, kept beside the foreign key."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.get_username())[:300]


# ---------------------------------------------------------------------------
# The editor's working copy of an amendment.


class WorkingCopy(models.Model):
    """An adopted plan as it is being changed in the editor, before the
    change is proposed: a document in the JSON plan format, one per plan,
    shared by whoever may propose amendments. Proposing it keeps it as an
    "amendment proposal" version (and drops this copy); nothing of the plan
    changes until that amendment is approved at a meeting."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="working_copy"
    )
    document = models.TextField(_("document (JSON plan format)"))
    # The text the copy started from, so that the editor can say when the
    # plan (or the pending amendment) has moved on since.
    base = models.CharField(_("started from"), max_length=64)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("started"), auto_now_add=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("working copy of an amendment")
        verbose_name_plural = _("working copies of amendments")

    def __str__(self) -> str:
        return f"{self.plan} (working copy)"

    def plan_document(self) -> planfile.Plan:
        return planfile.from_json(self.document)


# ---------------------------------------------------------------------------
# The network's statutes: who adopts its plans and their amendments, and when.


class Statutes(models.Model):
    """What the network's statutes say of adopting its plans, as data the
    life cycle checks each approval against (planea.governance.statutes):
    the body at whose meeting the annual plan is approved, how long before
    the plan's year that meeting may be held, and the bodies at whose
    meetings an amendment is approved. A network with no record follows
    Red GEALC's statutes (`statutes.rules_for`)."""

    network = models.OneToOneField(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="statutes"
    )
    plan_body = models.ForeignKey(
        Organisation,
        verbose_name=_("body that approves the plans"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "body"},
        help_text=_(
            "The annual plan is approved at a meeting of this body, as a rule the Assembly."
        ),
    )
    plan_years_before = models.PositiveSmallIntegerField(
        _("years before the plan's year"),
        default=1,
        help_text=_(
            "The plan is approved at a meeting held during its year or up to this many years "
            "before: 1, at the annual meeting of the year before or during the year; 0, only "
            "during the year."
        ),
    )
    amendment_bodies = models.ManyToManyField(
        Organisation,
        verbose_name=_("bodies that approve amendments"),
        related_name="+",
        blank=True,
        limit_choices_to={"kind": "body"},
        help_text=_(
            "An amendment to an adopted plan is approved at a meeting of one of these bodies; "
            "with none, no meeting can approve one."
        ),
    )
    source = models.CharField(
        _("where the statutes say so"),
        max_length=500,
        blank=True,
        help_text=_("The statutes and where they were adopted, as the network cites them."),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("statutes")
        verbose_name_plural = _("statutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan_years_before__lte=5), name="statutes_years_before_plausible"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Statutes of %(network)s") % {"network": self.network}

    def clean(self) -> None:
        if self.plan_body_id and self.network_id and self.plan_body.network_id != self.network_id:
            raise ValidationError({"plan_body": gettext("Choose a body of this network.")})


# ---------------------------------------------------------------------------
# A large plan document brought in by a worker (planea.governance.tasks).


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Being stored")
    DONE = "done", _("Stored")
    FAILED = "failed", _("Not stored")


class ImportJob(models.Model):
    """A confirmed import of a document too large to store within the
    request: its file waits under `MEDIA_ROOT/import-jobs/<token>/` with
    what the person chose on the preview (`options`: year, status, meeting,
    decision, hints, language) until a worker stores it (`intake.run_job`)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    # Its page is the uploader's (and the Secretariat's); the worker stores
    # the plan as them, the policy checked again.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255)
    options = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=ImportState.choices, default=ImportState.QUEUED)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Shown to the uploader: a translated sentence, never a traceback (the
    # task's result keeps that for the operator).
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.network} {self.filename} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("plan_import_job", args=[self.network.slug, self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state in (ImportState.QUEUED, ImportState.RUNNING)
