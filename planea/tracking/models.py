"""Tracking a plan through its year: progress reports and the evidence that
products were delivered.

Every report moves its activity's status; every piece of evidence counts
toward its product's target ("Tres intercambios": 2 of 3 after two reports).
Both are written through the verbs here, which hold the invariants: one
transaction per change, and a change made on a stale version is refused
with `StaleVersion` rather than silently overwriting another.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.utils import get_history_manager_for_model

from planea.accounts.policy import visible_evidence
from planea.core import clock
from planea.core.audit import AuditedRecords
from planea.core.compiled import CompiledQuery
from planea.core.links import is_public_web_url
from planea.core.uploads import ALLOWED, CheckedFile, atomic_with_upload
from planea.plans.models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    ActivityStatus,
    Area,
    Contribution,
    FundingSource,
    Network,
    Organisation,
    Plan,
    Product,
    StaleVersion,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, User
    from django.core.files import File

# The change reason written on the activity's own history row when a
# progress update moves its status, so that the two rows can be read as one
# event ("progress update 12").
PROGRESS_REASON = "progress update {pk}"
# A report's percent complete runs from 0 to this.
PERCENT_MAX = 100


# How early a report may be dated: from a year before its plan's year
# (preparations). How late: at most a day past today, for a client in a
# time zone ahead of the site's. Not bounded by the plan's year's end: a plan
# is reported on while it is adopted and not closed, however late (the
# demo's 2017 plan is reported on today), and a closed one not at all.
REPORT_YEARS_BEFORE_PLAN = 1
REPORT_FUTURE_MARGIN = dt.timedelta(days=1)


class DateOutOfRange(ValueError):
    """A date far outside the plan's period; `message` says which dates may
    be given, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_report_date(date: dt.date, plan_year: int, today: dt.date | None = None) -> None:
    """Raise DateOutOfRange unless `date` can be the date of a report on a
    plan for `plan_year`: a typo such as 0001-01-01 would otherwise sort
    first in every list and report forever."""
    today = today or clock.today()
    earliest = dt.date(max(plan_year - REPORT_YEARS_BEFORE_PLAN, dt.MINYEAR), 1, 1)
    if date > today + REPORT_FUTURE_MARGIN:
        raise DateOutOfRange(gettext("The date cannot be in the future."))
    if date < earliest:
        raise DateOutOfRange(
            gettext("The date cannot be before %(earliest)s: the plan is for %(year)s.")
            % {"earliest": formats.date_format(earliest), "year": plan_year}
        )


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def chronological(self) -> ProgressUpdateQuerySet:
        return self.order_by("date", "created", "pk")

    def standing(self) -> ProgressUpdateQuerySet:
        """Reports not withdrawn: the ones the activity's status follows."""
        return self.filter(withdrawn_at__isnull=True)


class ProgressUpdate(models.Model):
    """A lead's report on an activity: where it stands, and a note."""

    Status = ActivityStatus

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)
    note = models.TextField(_("note"), blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Set when its author corrects it; the audit trail keeps what it said before.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    # "Done" while some product was short of its target, said knowingly.
    short_of_target_confirmed = models.BooleanField(
        _("done with products short of target, confirmed"), default=False
    )
    # A withdrawn report stays listed, marked, and no longer moves the status.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # How far along the activity is, as its reporter judges it; optional,
    # since a status alone says enough for many activities.
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(PERCENT_MAX)],
    )

    objects = ProgressUpdateQuerySet.as_manager()
    history = AuditedRecords()
    # Read by the audit trail on the next save: who made the report.
    _history_user: AbstractBaseUser | None

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["date", "created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="progress_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=PERCENT_MAX), name="progress_percent_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["activity", "date"], name="progress_activity_date")]

    def __str__(self) -> str:
        return f"{self.activity.code} {self.get_status_display()} ({self.date})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def record_progress(
    activity: Activity,
    *,
    author,
    status: str,
    note: str = "",
    date: dt.date | None = None,
    seen_version: int,
    short_of_target_confirmed: bool = False,
    percent_complete: int | None = None,
) -> ProgressUpdate:
    """Report on `activity` as it was at `seen_version`; raise StaleVersion if
    it has changed since. The report and the new status land together or not
    at all, and two reports made on the same version never both land.

    The status moves by a queryset update (the compare-and-set below), which
    sends no signal; so the activity's own history row is written here, in
    the same transaction, carrying the report's number as its change reason.
    The activity's history thus never skips a status, and an edit made later
    in the admin is not blamed for a change a report made.

    `short_of_target_confirmed` records that the author, told that some
    product is short of its target, still said "done" (see `shortfalls`).
    `percent_complete` (0 to 100, or None) is how far along the reporter
    judges the activity to be.

    Raises DateOutOfRange for a date far outside the plan's period."""
    date = date or clock.today()
    check_report_date(date, activity.plan.year)
    with transaction.atomic():
        _claim(activity, seen_version)
        update = ProgressUpdate(
            activity=activity,
            author=author,
            status=status,
            note=note,
            date=date,
            short_of_target_confirmed=short_of_target_confirmed and status == ActivityStatus.DONE,
            percent_complete=percent_complete,
        )
        if author is not None:
            update._history_user = author
        update.save()
        _follow_reports(activity, author, PROGRESS_REASON.format(pk=update.pk))
    return update


# The change reasons of the activity's history rows written when a report is
# corrected or withdrawn: the status follows the reports that stand.
CORRECTION_REASON = "progress correction {pk}"
WITHDRAWAL_REASON = "progress withdrawal {pk}"


def _claim(activity: Activity, seen_version: int) -> None:
    """Move the activity's version on, if it is still `seen_version`; raise
    StaleVersion otherwise. A compare-and-set: the database serialises the
    competing writers, and all but the first find no row to update. Call
    inside a transaction."""
    moved = Activity.objects.filter(pk=activity.pk, version=seen_version).update(
        version=F("version") + 1
    )
    if not moved:
        current = Activity.objects.filter(pk=activity.pk).values_list("version", flat=True)
        raise StaleVersion(activity, seen_version, current.first() or 0)


# Every report, correction and withdrawal reads these two: by SQL the ORM
# writes once per process (planea.core.compiled), not on every write.
_LATEST_STANDING = CompiledQuery(
    lambda: (
        ProgressUpdate.objects.filter(activity_id=0)
        .standing()
        .order_by("-created", "-pk")
        .only("status", "date")[:1]
    )
)
_ACTIVITY_ROW = CompiledQuery(lambda: Activity.objects.filter(pk=0).order_by())


def _follow_reports(activity: Activity, user, reason: str) -> None:
    """Set the activity's status from its latest standing report (not
    started, if none stands), and write its history row with `reason`.
    Latest as made, not as dated: a report dated back, made last, says
    where the activity stands now, as it always has. Call inside the
    transaction that claimed the activity."""
    latest = _LATEST_STANDING.first(activity.pk)
    status, date = (latest.status, latest.date) if latest else (ActivityStatus.NOT_STARTED, None)
    Activity.objects.filter(pk=activity.pk).update(status=status, status_date=date)
    fresh = _ACTIVITY_ROW.first(activity.pk)
    if fresh is None:  # pragma: no cover - claimed in this very transaction
        raise Activity.DoesNotExist
    get_history_manager_for_model(Activity).bulk_history_create(
        [fresh], update=True, default_user=user, default_change_reason=reason
    )
    activity.status, activity.status_date, activity.version = (
        fresh.status,
        fresh.status_date,
        fresh.version,
    )


def correct_progress(
    update: ProgressUpdate,
    *,
    user,
    status: str,
    note: str,
    date: dt.date,
    seen_version: int,
    short_of_target_confirmed: bool = False,
) -> ProgressUpdate:
    """Correct a report, as its author; the audit trail keeps what it said
    before. The activity's status follows its latest standing report. Raises
    StaleVersion if the activity changed since `seen_version` was read,
    DateOutOfRange for a date far outside the plan's period, ValueError for
    a withdrawn report."""
    activity = update.activity
    check_report_date(date, activity.plan.year)
    with transaction.atomic():
        _claim(activity, seen_version)
        fresh = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
        if fresh.is_withdrawn:
            raise ValueError("a withdrawn report is not corrected")
        fresh.status, fresh.note, fresh.date = status, note, date
        fresh.short_of_target_confirmed = (
            short_of_target_confirmed and status == ActivityStatus.DONE
        )
        fresh.corrected_at = timezone.now()
        fresh._history_user = user
        fresh.save()
        _follow_reports(activity, user, CORRECTION_REASON.format(pk=update.pk))
    return fresh


def withdraw_progress(
    update: ProgressUpdate, *, user, reason: str, seen_version: int
) -> ProgressUpdate:
    """Withdraw a report, saying why: it stays listed, marked, and the
    activity's status follows the reports that still stand. Raises
    StaleVersion if the activity changed since `seen_version` was read,
    ValueError for a report already withdrawn."""
    activity = update.activity
    with transaction.atomic():
        _claim(activity, seen_version)
        fresh = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
        if fresh.is_withdrawn:
            raise ValueError("the report is already withdrawn")
        fresh.withdrawn_at = timezone.now()
        fresh.withdrawn_by = user
        fresh.withdrawal_reason = reason
        fresh._history_user = user
        fresh.save()
        _follow_reports(activity, user, WITHDRAWAL_REASON.format(pk=update.pk))
    return fresh


@dataclass(frozen=True)
class Shortfall:
    product: Product
    delivered: int
    target: int


def shortfalls(activity: Activity) -> list[Shortfall]:
    """The activity's products whose evidence falls short of their target:
    what "done" would leave undelivered. One query."""
    products = with_delivered(Product.objects.filter(activity=activity).order_by("order", "pk"))
    # `delivered` is an annotation, which the model's type does not know.
    counted: list[Any] = list(products)
    return [
        Shortfall(product, product.delivered, product.target)
        for product in counted
        if product.delivered < product.target
    ]


def evidence_path(evidence: Evidence, filename: str) -> str:
    """Where an uploaded file is stored: a random name, never the uploader's,
    with the extension its content was found to have."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def visible_to(self, user) -> EvidenceQuerySet:
        return self.filter(visible_evidence(user))

    def removed(self) -> EvidenceQuerySet:
        return self.filter(removed_at__isnull=False)


_EvidenceManager = models.Manager.from_queryset(EvidenceQuerySet)


class CurrentEvidenceManager(_EvidenceManager):
    """Evidence that was not removed: what pages, reports, exports, the API
    and every count read. Removed pieces are reached through
    `Evidence.all_objects`, by who may restore them."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Evidence(models.Model):
    """Proof that a product was delivered: a document (a report, minutes, an
    edition of the newsletter) or a link to one. Each piece counts once
    toward its product's target."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), default=timezone.localdate)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=1000)
    # Told by the file's content when it was uploaded, not by its name.
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public evidence is shown to everyone; other evidence to network members."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    # The minutes of a meeting linked to the product count toward its target:
    # the meeting's page holds them (planea.governance.minutes).
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Removing a piece keeps it, and its file, until the Secretariat
    # restores it; meanwhile it is counted and shown nowhere.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The first manager is the default one, which related managers (a
    # product's `evidence`) follow too: removed pieces are left out everywhere.
    objects = CurrentEvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()
    history = AuditedRecords()

    # Read by the audit trail on the next save: who added the evidence.
    _history_user: AbstractBaseUser | None

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["date", "created", "pk"]
        constraints = [
            # Exactly one of a file, a link, or a meeting's minutes.
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="") & Q(meeting__isnull=True))
                | (Q(file="") & ~Q(url="") & Q(meeting__isnull=True))
                | (Q(file="") & Q(url="") & Q(meeting__isnull=False)),
                name="evidence_file_link_or_meeting",
            ),
            # A meeting's minutes count once per product.
            models.UniqueConstraint(
                fields=["product", "meeting"],
                condition=Q(meeting__isnull=False),
                name="evidence_one_per_meeting_and_product",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def link(self) -> str:
        """The link, if it is one a browser may safely follow (http or https);
        for a meeting's minutes, the meeting's page."""
        if self.meeting_id:
            return reverse(
                "meeting", kwargs={"network": self.plan.network.slug, "pk": self.meeting_id}
            )
        # Links stored before private hosts were refused are not shown either.
        return self.url if is_public_web_url(self.url) else ""

    @property
    def kind_label(self) -> str:
        """ "PDF", "Word (DOCX)", … as the upload check named the content."""
        return ALLOWED.get(self.content_type, ("", self.content_type))[1]

    @property
    def activity(self) -> Activity:
        return self.product.activity

    @property
    def plan(self):
        return self.product.activity.plan


def add_evidence(
    product: Product,
    *,
    user: User | None,
    title: str,
    date: dt.date,
    is_public: bool,
    url: str = "",
    upload: File | None = None,
    checked: CheckedFile | None = None,
) -> Evidence:
    """Add a piece of evidence to `product`: a link (`url`), or a file
    (`upload`, which `uploads.check_upload` found to be `checked`). The row
    and its stored file land together or not at all. Whether `user` may add
    it is the caller's to have asked the policy (ADD_EVIDENCE)."""
    evidence = Evidence(
        product=product, title=title, date=date, url=url, is_public=is_public, added_by=user
    )
    if user is not None:
        evidence._history_user = user
    if checked is not None:
        evidence.content_type = checked.content_type
        evidence.size = checked.size
        evidence.original_name = checked.original_name
    with atomic_with_upload(evidence.file):
        if upload is not None and checked is not None:
            evidence.file.save(checked.storage_name, upload, save=False)
        evidence.save()
    return evidence


def remove_evidence(evidence: Evidence, user) -> Evidence:
    """Take a piece of evidence off its product: it no longer counts nor
    shows, and the Secretariat may restore it. Its file is kept meanwhile."""
    with transaction.atomic():
        fresh = Evidence.all_objects.select_for_update().get(pk=evidence.pk)
        if fresh.removed_at is None:
            fresh.removed_at = timezone.now()
            fresh.removed_by = user
            fresh._history_user = user
            fresh.save(update_fields=["removed_at", "removed_by"])
    return fresh


def restore_evidence(evidence: Evidence, user) -> Evidence:
    """Put a removed piece of evidence back: it counts and shows again."""
    with transaction.atomic():
        fresh = Evidence.all_objects.select_for_update().get(pk=evidence.pk)
        if fresh.removed_at is not None:
            fresh.removed_at = None
            fresh.removed_by = None
            fresh._history_user = user
            fresh.save(update_fields=["removed_at", "removed_by"])
    return fresh


def current_evidence_count(prefix: str = "evidence") -> Count:
    """How many pieces of evidence, removed ones left out, for annotating
    products (or rows reaching evidence through `prefix`): a count across a
    relation does not go through the default manager."""
    return Count(prefix, filter=Q(**{f"{prefix}__removed_at__isnull": True}), distinct=True)


def with_delivered(products: models.QuerySet[Product]) -> models.QuerySet[Product]:
    """Products annotated with `delivered`: how many pieces of evidence they
    have, removed ones left out."""
    return products.annotate(delivered=current_evidence_count())


# The audit trail of the plan's own tables. Their history tables belong to
# this app (`tracking_historicalactivity`, ...), so that the plans app keeps
# its models free of it. The folded search text is derived, not data.
def _register_history() -> None:
    for model, options in (
        (Network, {}),
        (Plan, {}),
        (Area, {}),
        (Activity, {"excluded_fields": ["search_text"]}),
        (Product, {}),
        (ActivityLead, {}),
        (ActivityFunding, {}),
        (Contribution, {}),
        (Organisation, {}),
        (FundingSource, {}),
    ):
        register(model, app="planea.tracking", records_class=AuditedRecords, **options)


_register_history()
