"""Reminders: each coordinator's overdue and upcoming commitments, as one
e-mail in their language.

A coordinator of an organisation is reminded of what that organisation
leads, directly or through a role it holds that year ("País presidente" is
the presiding country's). Only adopted plans still being carried out count,
and only open activities (neither done nor cancelled).

A fixed number of queries whatever the number of people and activities:
the activities with their leads, the roles' holders (one per role and
year), and the coordinators with their profiles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planea.accounts.models import Membership
from planea.governance.roles import lead_organisation_ids
from planea.plans.models import DUE_SOON_DAYS, Activity, PlanStatus, Translation
from planea.plans.templatetags.translated import note
from planea.plans.translations import PlanTexts


@dataclass
class Commitment:
    activity: Activity
    days: int  # to the due date; negative when overdue (`Activity.days_to_due`)

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.activity.get_absolute_url()


@dataclass
class Digest:
    user: Any
    language: str
    today: dt.date
    horizon: int
    overdue: list[Commitment] = field(default_factory=list)
    upcoming: list[Commitment] = field(default_factory=list)
    # The titles' translations by plan, in `language`: read for every digest
    # at once by `digests` (one query), else by the digest itself.
    texts: dict[int, PlanTexts] | None = None

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.upcoming)

    def message(self) -> EmailMessage:
        with translation.override(self.language):
            subject = self.subject()
            texts = self.texts if self.texts is not None else self._texts()
            body = render_to_string(
                "tracking/email/reminder.txt",
                {
                    "user": self.user,
                    "name": self.user.get_full_name() or self.user.get_username(),
                    "overdue": [self._line(c, texts) for c in self.overdue],
                    "upcoming": [self._line(c, texts) for c in self.upcoming],
                    "horizon": self.horizon,
                    "today": formats.date_format(self.today, "DATE_FORMAT"),
                    "mine_url": _my_commitments_url(),
                    "site_url": settings.SITE_URL,
                },
            )
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [self.user.email])

    def subject(self) -> str:
        if self.overdue:
            return ngettext(
                "Planea: %(overdue)d overdue commitment, %(upcoming)d coming up",
                "Planea: %(overdue)d overdue commitments, %(upcoming)d coming up",
                len(self.overdue),
            ) % {"overdue": len(self.overdue), "upcoming": len(self.upcoming)}
        return ngettext(
            "Planea: %(upcoming)d commitment due in the next %(days)d days",
            "Planea: %(upcoming)d commitments due in the next %(days)d days",
            len(self.upcoming),
        ) % {"upcoming": len(self.upcoming), "days": self.horizon}

    def _texts(self) -> dict[int, PlanTexts]:
        """The titles in the coordinator's language, where translated: one
        query (none when it is the plans' own)."""
        activities = [c.activity for c in self.overdue + self.upcoming]
        plans = {activity.plan_id: activity.plan for activity in activities}
        only = {Activity: [activity.pk for activity in activities]}
        return PlanTexts.load_many(plans.values(), self.language, only=only)

    def _line(self, commitment: Commitment, texts: dict[int, PlanTexts]) -> dict:
        activity = commitment.activity
        title = texts[activity.plan_id].get(activity, "title")
        due = formats.date_format(activity.due, "DATE_FORMAT")
        if commitment.days < 0:
            when = ngettext(
                "due %(date)s, %(days)d day ago",
                "due %(date)s, %(days)d days ago",
                -commitment.days,
            ) % {"date": due, "days": -commitment.days}
        elif commitment.days == 0:
            when = _("due today, %(date)s") % {"date": due}
        else:
            when = ngettext(
                "due %(date)s, in %(days)d day",
                "due %(date)s, in %(days)d days",
                commitment.days,
            ) % {"date": due, "days": commitment.days}
        return {
            "code": activity.code or activity.key,
            # An untranslated title is followed by the note of its language.
            "title": " ".join(title.text.split())
            + (f" {note(title)}" if title.is_original else ""),
            "plan": f"{activity.plan.network} {activity.plan.year}",
            "status": activity.get_status_display(),
            "when": when,
            "url": commitment.url,
        }


def _my_commitments_url() -> str:
    try:
        return settings.SITE_URL + reverse("my_commitments")
    except NoReverseMatch:
        return ""


def _profile_path() -> str | None:
    """ "user__profile" if users have a profile (with their language)."""
    try:
        get_user_model()._meta.get_field("profile")
    except FieldDoesNotExist:
        return None
    return "user__profile"


def _language(user: Any) -> str:
    profile = getattr(user, "profile", None) if _profile_path() else None
    language = getattr(profile, "language", "") if profile is not None else ""
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def due_commitments(today: dt.date, days: int = DUE_SOON_DAYS) -> list[Activity]:
    """Open activities of plans being carried out, overdue or due within `days`."""
    return list(
        Activity.objects.filter(plan__status__in=PlanStatus.reportable())
        .needing_attention(today, days)
        .select_related("plan__network")
        .with_leads()
        .order_by("due", "plan__network__acronym", "order")
    )


def digests(today: dt.date, days: int = DUE_SOON_DAYS) -> list[Digest]:
    """One digest per coordinator with something overdue or coming up."""
    activities = due_commitments(today, days)
    resolved: dict = {}
    led_by: dict[int, list[Activity]] = {}
    for activity in activities:
        for organisation_id in lead_organisation_ids(activity, resolved):
            led_by.setdefault(organisation_id, []).append(activity)
    if not led_by:
        return []
    related = ["user"] + ([path] if (path := _profile_path()) else [])
    memberships = (
        Membership.objects.coordinators_of(list(led_by))
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related(*related)
        .order_by("user__username", "pk")
    )
    by_user: dict[int, Digest] = {}
    seen: dict[int, set[int]] = {}
    for membership in memberships:
        user = membership.user
        digest = by_user.get(user.pk)
        if digest is None:
            digest = by_user[user.pk] = Digest(user, _language(user), today, days)
            seen[user.pk] = set()
        for activity in led_by.get(membership.organisation_id, []):
            if activity.pk in seen[user.pk]:
                continue
            seen[user.pk].add(activity.pk)
            commitment = Commitment(activity, activity.days_to_due(today) or 0)
            (digest.overdue if activity.is_overdue(today) else digest.upcoming).append(commitment)
    for digest in by_user.values():
        digest.overdue.sort(key=lambda c: (c.activity.due, c.activity.order))
        digest.upcoming.sort(key=lambda c: (c.activity.due, c.activity.order))
    found = [d for d in by_user.values() if d.count]
    _read_titles(found, activities)
    return found


def _read_titles(found: list[Digest], activities: list[Activity]) -> None:
    """The translations of the commitments' titles, in every language the
    digests are in, in one query whatever the number of coordinators."""
    if not found:
        return
    plans = {activity.plan_id: activity.plan for activity in activities}
    translations = Translation.objects.filter(
        plan_id__in=list(plans),
        content_type=ContentType.objects.get_for_model(Activity),
        object_id__in=[activity.pk for activity in activities],
        field="title",
    )
    by_language: dict[str, list[Translation]] = {}
    for translation_ in translations:
        by_language.setdefault(translation_.language, []).append(translation_)
    for digest in found:
        mine = by_language.get(digest.language, [])
        digest.texts = {
            plan_id: PlanTexts(plan, digest.language, [t for t in mine if t.plan_id == plan_id])
            for plan_id, plan in plans.items()
        }


@dataclass
class Sent:
    """What one round of reminders did."""

    sent: int = 0
    # "address: why", one per reminder that could not be sent.
    failed: list[str] = field(default_factory=list)


def send_reminders(today: dt.date, days: int = DUE_SOON_DAYS) -> Sent:
    """E-mail every digest of `today` over one connection; one bad address
    stops no one else. The command and the background task both call this."""
    outcome = Sent()
    with get_connection() as connection:
        for digest in digests(today, days):
            try:
                outcome.sent += connection.send_messages([digest.message()]) or 0
            except Exception as exc:
                outcome.failed.append(f"{digest.user.email}: {exc}")
    return outcome
