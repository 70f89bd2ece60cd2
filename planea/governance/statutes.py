"""The network's statutes as rules the life cycle checks every approval against.

Red GEALC's statutes (adopted at Cartagena de Indias in 2014, as the 2017
plan's background recalls) have the Executive Committee draft the annual
plan with the Technical Secretariat and present it "para aprobación de la
Asamblea Anual": the 2017 plan was approved at the Assembly's annual
meeting of 2 December 2016. So, unless a network records its own
(`Statutes`, in the admin):

- a plan is approved at a meeting of the Assembly held during the plan's
  year or in the year before (its annual meeting before the year starts);
- an amendment to an adopted plan is approved at a meeting of the Assembly
  or of the Executive Committee, which governs between annual meetings;
  never at a working group's meeting.

Whatever the statutes, an approval is recorded against a meeting already
held; an amendment, against one held once the plan was adopted and before
its year ended. Each refusal names the rule and the meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from planea.core import clock
from planea.planfile import organisation_key
from planea.plans.models import Network, Organisation, Plan, PlanStatus

from .models import ASSEMBLY_KEY_PREFIX, Meeting, PlanTransition, Statutes, is_assembly

COMMITTEE_KEY = organisation_key("Comité Ejecutivo")
DEFAULT_YEARS_BEFORE = 1


@dataclass(frozen=True)
class Rules:
    """The statutes of one network, as they apply."""

    plan_bodies: tuple[Organisation, ...]
    years_before: int
    amendment_bodies: tuple[Organisation, ...]
    source: str = ""
    # None: the network recorded no statutes, and Red GEALC's apply.
    record_id: int | None = None

    @property
    def recorded(self) -> bool:
        return self.record_id is not None

    def plan_bodies_name(self) -> str:
        """Who approves plans, by name; blank when recorded statutes name no one."""
        if self.plan_bodies:
            return names(self.plan_bodies)
        return "" if self.recorded else _("the Assembly")

    def amendment_bodies_name(self) -> str:
        if self.amendment_bodies:
            return names(self.amendment_bodies)
        return "" if self.recorded else _("the Assembly or the Executive Committee")

    def plan_window(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and last day a meeting approving the plan for `year` may be held."""
        return dt.date(year - self.years_before, 1, 1), dt.date(year, 12, 31)

    def describe_plans(self) -> str:
        """ "Plans are approved by …, at a meeting held …", in the active language."""
        if not self.plan_bodies_name():
            return _("No body of the network is recorded as approving plans.")
        if self.years_before == 0:
            when = _("at a meeting held during the plan's year")
        elif self.years_before == 1:
            when = _("at a meeting held during the plan's year or the year before")
        else:
            when = _("at a meeting held during the plan's year or up to %(n)d years before") % {
                "n": self.years_before
            }
        return _("Plans are approved by %(bodies)s, %(when)s.") % {
            "bodies": self.plan_bodies_name(),
            "when": when,
        }

    def describe_amendments(self) -> str:
        if not self.amendment_bodies_name():
            return _("No body of the network is recorded as approving amendments.")
        return _(
            "Amendments to an adopted plan are approved by %(bodies)s, at a meeting held after "
            "the plan was adopted and before its year ends."
        ) % {"bodies": self.amendment_bodies_name()}


def names(bodies: tuple[Organisation, ...]) -> str:
    """ "Asamblea Anual", "Asamblea Anual or Comité Ejecutivo"."""
    listed = [body.name for body in bodies]
    if len(listed) < 2:
        return "".join(listed)
    return _("%(some)s or %(last)s") % {"some": ", ".join(listed[:-1]), "last": listed[-1]}


def rules_for(network: Network | int) -> Rules:
    """The network's recorded statutes, or Red GEALC's where it recorded none.
    Two queries at most."""
    network_id = network if isinstance(network, int) else network.pk
    statutes = (
        Statutes.objects.filter(network_id=network_id)
        .select_related("plan_body")
        .prefetch_related("amendment_bodies")
        .first()
    )
    if statutes is not None:
        return Rules(
            plan_bodies=(statutes.plan_body,),
            years_before=statutes.plan_years_before,
            amendment_bodies=tuple(statutes.amendment_bodies.order_by("name")),
            source=statutes.source,
            record_id=statutes.pk,
        )
    return default_rules(network_id)


def default_rules(network_id: int) -> Rules:
    """Red GEALC's statutes, for a network that recorded none: its Assembly
    approves plans; its Assembly or its Executive Committee, amendments."""
    bodies = list(
        Organisation.objects.filter(network_id=network_id)
        .filter(Q(key__startswith=ASSEMBLY_KEY_PREFIX) | Q(key=COMMITTEE_KEY))
        .order_by("name")
    )
    assemblies = tuple(body for body in bodies if is_assembly(body))
    committees = tuple(body for body in bodies if body.key == COMMITTEE_KEY)
    return Rules(
        plan_bodies=assemblies,
        years_before=DEFAULT_YEARS_BEFORE,
        amendment_bodies=assemblies + committees,
    )


def _day(date: dt.date) -> str:
    return formats.date_format(date)


def _meeting(meeting: Meeting) -> str:
    return f"“{meeting.title}” ({_day(meeting.date)})"


def _held_yet(meeting: Meeting) -> str | None:
    if meeting.date > clock.today():
        return _(
            "%(meeting)s has not been held yet: an approval is recorded once its meeting has "
            "taken place."
        ) % {"meeting": _meeting(meeting)}
    return None


def plan_refusal(plan: Plan, meeting: Meeting, rules: Rules | None = None) -> str | None:
    """Why `meeting` cannot approve `plan` under the network's statutes, or None."""
    rules = rules or rules_for(plan.network_id)
    if meeting.organisation_id not in {body.pk for body in rules.plan_bodies}:
        if not rules.plan_bodies_name():
            return _(
                "%(meeting)s cannot approve the plan: the network's statutes, as recorded, "
                "name no body that approves plans."
            ) % {"meeting": _meeting(meeting)}
        return _(
            "%(meeting)s was a meeting of %(holder)s; under the network's statutes the plan is "
            "approved at a meeting of %(bodies)s."
        ) % {
            "meeting": _meeting(meeting),
            "holder": meeting.organisation.name,
            "bodies": rules.plan_bodies_name(),
        }
    first, last = rules.plan_window(plan.year)
    if not first <= meeting.date <= last:
        return _(
            "%(meeting)s cannot approve the plan for %(year)s: under the network's statutes it "
            "is approved at a meeting held from %(first)s to %(last)s."
        ) % {
            "meeting": _meeting(meeting),
            "year": plan.year,
            "first": _day(first),
            "last": _day(last),
        }
    return _held_yet(meeting)


def adopted_on(plan: Plan) -> dt.date | None:
    """The day the plan was adopted: its approval's, if Planea recorded it."""
    approval = (
        PlanTransition.objects.filter(
            plan=plan, from_status=PlanStatus.PROPOSED, to_status=PlanStatus.APPROVED
        )
        .order_by("-effective_on", "-pk")
        .first()
    )
    return approval.effective_on if approval is not None else None


def amendment_refusal(plan: Plan, meeting: Meeting, rules: Rules | None = None) -> str | None:
    """Why `meeting` cannot approve an amendment to `plan`, or None."""
    rules = rules or rules_for(plan.network_id)
    if meeting.organisation_id not in {body.pk for body in rules.amendment_bodies}:
        if not rules.amendment_bodies_name():
            return _(
                "%(meeting)s cannot approve the amendment: the network's statutes, as "
                "recorded, name no body that approves amendments."
            ) % {"meeting": _meeting(meeting)}
        return _(
            "%(meeting)s was a meeting of %(holder)s; under the network's statutes an amendment "
            "is approved at a meeting of %(bodies)s."
        ) % {
            "meeting": _meeting(meeting),
            "holder": meeting.organisation.name,
            "bodies": rules.amendment_bodies_name(),
        }
    adopted = adopted_on(plan)
    if adopted is not None and meeting.date < adopted:
        return _(
            "%(meeting)s was held before the plan was adopted, on %(adopted)s: an amendment "
            "is approved at a later meeting."
        ) % {"meeting": _meeting(meeting), "adopted": _day(adopted)}
    if meeting.date > dt.date(plan.year, 12, 31):
        return _(
            "%(meeting)s was held after the plan's year ended: an amendment is approved during "
            "the year of the plan it changes (%(year)s)."
        ) % {"meeting": _meeting(meeting), "year": plan.year}
    return _held_yet(meeting)


# ---------------------------------------------------------------------------
# The meetings an approval form offers: only those that qualify.


def _meetings(network_id: int, bodies: tuple[Organisation, ...]) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        network_id=network_id,
        organisation__in=[body.pk for body in bodies],
        date__lte=clock.today(),
    ).order_by("-date", "-pk")


def plan_meetings(network: Network, year: int | None = None) -> QuerySet[Meeting]:
    """The meetings that may approve the network's plan for `year` (for any
    year, when not given: the plan's year is chosen on the same form)."""
    rules = rules_for(network)
    meetings = _meetings(network.pk, rules.plan_bodies)
    if year is not None:
        first, last = rules.plan_window(year)
        meetings = meetings.filter(date__gte=first, date__lte=last)
    return meetings


def amendment_meetings(plan: Plan) -> QuerySet[Meeting]:
    """The meetings that may approve an amendment to `plan`."""
    meetings = _meetings(plan.network_id, rules_for(plan.network_id).amendment_bodies).filter(
        date__lte=dt.date(plan.year, 12, 31)
    )
    adopted = adopted_on(plan)
    return meetings.filter(date__gte=adopted) if adopted is not None else meetings
