"""The one permission policy: who may do what, for web pages, the admin and the API.

Every check in Planea comes here, as `can(user, action, obj)` or as one of
the query filters below, which say the same thing to the database. Roles
are per network (`Membership`):

- the Secretariat manages everything of its network;
- a Committee member sees everything, drafts included, and comments;
- a Coordinator reports on the activities its organisation leads;
- a Viewer reads, members-only evidence included;
- a Translator (one role per language) translates the plans' content into
  their language, on the plans they may read;
- the public reads adopted plans and their progress, nothing else.

A superuser may do everything. Roles are read once per request and kept on
the user object, so that checking a page full of activities costs no query
per activity.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q

from planea.core.statuses import PlanStatus

from .models import TRANSLATOR_LANGUAGES, Membership, Role


class Action(StrEnum):
    VIEW_PLAN = "view_plan"
    EDIT_PLAN = "edit_plan"
    COMMENT_PLAN = "comment_plan"
    REPORT_PROGRESS = "report_progress"
    ADD_EVIDENCE = "add_evidence"
    VIEW_EVIDENCE = "view_evidence"
    DELETE_EVIDENCE = "delete_evidence"
    RESTORE_EVIDENCE = "restore_evidence"
    CORRECT_PROGRESS = "correct_progress"
    WITHDRAW_PROGRESS = "withdraw_progress"
    VIEW_HISTORY = "view_history"
    MANAGE_NETWORK = "manage_network"
    RECORD_MEETING = "record_meeting"
    PROPOSE_PLAN = "propose_plan"
    APPROVE_PLAN = "approve_plan"
    START_PLAN = "start_plan"
    CLOSE_PLAN = "close_plan"
    ROLLOVER_PLAN = "rollover_plan"
    PROPOSE_AMENDMENT = "propose_amendment"
    APPROVE_AMENDMENT = "approve_amendment"
    VIEW_VERSION = "view_version"
    VIEW_AMENDMENT_PROPOSALS = "view_amendment_proposals"
    VIEW_MINUTES = "view_minutes"
    EDIT_DRAFT = "edit_draft"
    IMPORT_PLAN = "import_plan"
    IMPORT_APPROVED_PLAN = "import_approved_plan"
    VIEW_IMPORT_JOB = "view_import_job"
    EDIT_CONTRIBUTIONS = "edit_contributions"
    VIEW_TRANSLATIONS = "view_translations"
    TRANSLATE = "translate"
    EXPORT_TRANSLATIONS = "export_translations"
    IMPORT_TRANSLATIONS = "import_translations"


@dataclass(frozen=True)
class Roles:
    """What one user holds, network by network."""

    superuser: bool = False
    # Whose roles these are: some rules are about one's own doings (a report
    # is corrected by its author).
    user_id: int | None = None
    by_network: dict[int, frozenset[str]] = field(default_factory=dict)
    coordinates: dict[int, frozenset[int]] = field(default_factory=dict)
    # Roles such as "País presidente" resolved to countries, for this request.
    resolved_roles: dict = field(default_factory=dict, compare=False)

    def has(self, network_id: int, *roles: str) -> bool:
        return self.superuser or bool(self.by_network.get(network_id, frozenset()) & set(roles))

    def is_member(self, network_id: int) -> bool:
        return self.superuser or network_id in self.by_network

    def networks_with(self, *roles: str) -> list[int]:
        return [n for n, held in self.by_network.items() if held & set(roles)]

    def coordinated_organisations(self, network_id: int | None = None) -> frozenset[int]:
        if network_id is None:
            return frozenset().union(*self.coordinates.values())
        return self.coordinates.get(network_id, frozenset())


ANONYMOUS = Roles()


@functools.cache
def _memberships_sql() -> str:
    """A user's memberships (network, role, organisation) as SQL, written by
    the ORM once per process: every signed-in request reads them, and
    compiling the query cost Django many times what running it costs. Ids
    and text come back as they are, so the rows need no conversion.
    Unordered: the model's default order would join the networks by name."""
    memberships = Membership.objects.filter(user_id=0).order_by()
    query = memberships.values_list("network_id", "role", "organisation_id").query
    sql, _params = query.sql_with_params()  # the user's id, 0 here, is the one parameter
    return sql


def roles_of(user: Any) -> Roles:
    """The user's roles, read once and kept on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_planea_roles", None)
    if cached is not None:
        return cached
    by_network: dict[int, set[str]] = {}
    coordinates: dict[int, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_memberships_sql(), [user.pk])
        memberships = cursor.fetchall()
    for network_id, role, organisation_id in memberships:
        by_network.setdefault(network_id, set()).add(role)
        if organisation_id:
            coordinates.setdefault(network_id, set()).add(organisation_id)
    roles = Roles(
        superuser=user.is_superuser,
        user_id=user.pk,
        by_network={n: frozenset(r) for n, r in by_network.items()},
        coordinates={n: frozenset(o) for n, o in coordinates.items()},
    )
    user._planea_roles = roles
    return roles


def forget_roles(user: Any) -> None:
    """After a membership changes within a request (tests, the admin)."""
    if hasattr(user, "_planea_roles"):
        del user._planea_roles


# ---------------------------------------------------------------------------
# The rules, one per action. Each takes the user's roles and the object.


def _network_id(obj: Any) -> int:
    """The network an object belongs to (a network is its own), following
    the usual relations."""
    if type(obj).__name__ == "Network":
        return obj.pk
    for path in ("network_id", "plan.network_id", "activity.plan.network_id",
                 "product.activity.plan.network_id", "body.network_id"):  # fmt: skip
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        if value is not None:
            return value
    raise TypeError(f"no network for {type(obj).__name__}")


def _plan(obj: Any) -> Any:
    """The plan an object belongs to (a plan is its own)."""
    if type(obj).__name__ == "Plan":
        return obj
    for path in ("plan", "activity.plan", "product.activity.plan"):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    raise TypeError(f"no plan for {type(obj).__name__}")


def _plan_or_none(obj: Any) -> Any:
    try:
        return _plan(obj)
    except TypeError:
        return None


def _activity(obj: Any) -> Any:
    if type(obj).__name__ == "Activity":
        return obj
    if hasattr(obj, "activity"):
        return obj.activity
    return obj.product.activity


def _can_view_plan(roles: Roles, plan: Any) -> bool:
    if plan.status in PlanStatus.public():
        return True
    return roles.has(plan.network_id, Role.SECRETARIAT, Role.COMMITTEE)


def _named_leads(activity: Any, cache: dict) -> frozenset[int]:
    """The organisations an activity names as its leads."""
    return frozenset(link.organisation_id for link in activity.lead_links.all())


# Who leads an activity through a role it names ("País presidente") is the
# network's governance record: governance tells the policy how to read it
# when it loads (GovernanceConfig.ready), since the policy sits below every
# app and imports none of them. Without it, only the named leads count.
_lead_ids: Callable[[Any, dict], frozenset[int]] = _named_leads


def resolve_leads_with(resolver: Callable[[Any, dict], frozenset[int]]) -> None:
    """Use `resolver(activity, cache)` for the organisations that lead an activity."""
    global _lead_ids
    _lead_ids = resolver


def _leads(roles: Roles, activity: Any) -> bool:
    """Whether one of the organisations the user coordinates leads the activity
    (directly, or through a role such as "País presidente" it holds that year)."""
    mine = roles.coordinated_organisations(activity.plan.network_id)
    if not mine:
        return False
    return bool(mine & _lead_ids(activity, roles.resolved_roles))


def _can_report(roles: Roles, obj: Any) -> bool:
    activity = _activity(obj)
    plan = activity.plan
    if plan.status not in PlanStatus.reportable():
        return False
    return roles.has(plan.network_id, Role.SECRETARIAT) or _leads(roles, activity)


def _can_view_evidence(roles: Roles, evidence: Any) -> bool:
    plan = _plan(evidence)
    if not _can_view_plan(roles, plan):
        return False
    return evidence.is_public or roles.is_member(plan.network_id)


def _can_delete_evidence(roles: Roles, evidence: Any) -> bool:
    plan = _plan(evidence)
    if plan.status not in PlanStatus.reportable():
        return roles.superuser
    if evidence.meeting_id is not None:
        # A meeting's minutes are the meeting's record, not the lead's: only
        # who may record that meeting (its body's coordinator, the
        # Secretariat) takes them off a product, by unlinking it there.
        return _can_record_meeting(roles, evidence.meeting)
    return roles.has(plan.network_id, Role.SECRETARIAT) or _leads(roles, _activity(evidence))


def _can_restore_evidence(roles: Roles, obj: Any) -> bool:
    """Removed evidence (or, for an activity, any of its removed pieces) is
    the Secretariat's to put back, while the plan is reported on."""
    plan = _plan(obj)
    if plan.status not in PlanStatus.reportable():
        return roles.superuser
    return roles.has(plan.network_id, Role.SECRETARIAT)


def _is_author(roles: Roles, update: Any) -> bool:
    return roles.user_id is not None and update.author_id == roles.user_id


def _can_correct_progress(roles: Roles, update: Any) -> bool:
    """A report is corrected by its author, while they may still report on
    the activity; a withdrawn one, by no one."""
    if update.withdrawn_at is not None or not _can_report(roles, update):
        return False
    return roles.superuser or _is_author(roles, update)


def _can_withdraw_progress(roles: Roles, update: Any) -> bool:
    """A report is withdrawn by its author, while they may still report on
    the activity, or by the Secretariat, while the plan is reported on."""
    if update.withdrawn_at is not None or not _can_report(roles, update):
        return False
    plan = _plan(update)
    return roles.has(plan.network_id, Role.SECRETARIAT) or _is_author(roles, update)


def _network_role(*allowed: str) -> Callable[[Roles, Any], bool]:
    def rule(roles: Roles, obj: Any) -> bool:
        return roles.has(_network_id(obj), *allowed)

    return rule


# The steps of a plan's life cycle: the states each is taken from, and the
# roles that take it. The Committee and the Secretariat draft and propose;
# the Secretariat records the Assembly's approval and runs the year.
# Amendments are proposed like the plan, by the Committee or the
# Secretariat; once the plan is adopted, approved at a meeting, recorded by
# the Secretariat.
PLAN_STEPS: dict[Action, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Action.PROPOSE_PLAN: ((PlanStatus.DRAFT,), (Role.SECRETARIAT, Role.COMMITTEE)),
    Action.APPROVE_PLAN: ((PlanStatus.PROPOSED,), (Role.SECRETARIAT,)),
    Action.START_PLAN: ((PlanStatus.APPROVED,), (Role.SECRETARIAT,)),
    Action.CLOSE_PLAN: ((PlanStatus.IN_EXECUTION,), (Role.SECRETARIAT,)),
    Action.ROLLOVER_PLAN: (PlanStatus.public(), (Role.SECRETARIAT,)),
    Action.PROPOSE_AMENDMENT: (PlanStatus.amendable(), (Role.SECRETARIAT, Role.COMMITTEE)),
    Action.APPROVE_AMENDMENT: (PlanStatus.reportable(), (Role.SECRETARIAT,)),
}


def _plan_step(action: Action) -> Callable[[Roles, Any], bool]:
    statuses, allowed = PLAN_STEPS[action]

    def rule(roles: Roles, plan: Any) -> bool:
        return plan.status in statuses and roles.has(plan.network_id, *allowed)

    return rule


def _can_view_history(roles: Roles, obj: Any) -> bool:
    """Members read the history of what they may read: never of a draft
    they may not see, since the history shows its content."""
    plan = _plan_or_none(obj)
    if plan is not None and not _can_view_plan(roles, plan):
        return False
    return roles.is_member(_network_id(obj))


def _can_comment(roles: Roles, obj: Any) -> bool:
    plan = _plan(obj)
    return _can_view_plan(roles, plan) and roles.has(
        plan.network_id, Role.SECRETARIAT, Role.COMMITTEE
    )


# Who holds meetings: the network's bodies and working groups (the kinds of
# `Organisation`), never a country or a role -- the meeting form offers no other.
MEETING_HOLDER_KINDS = ("body", "working_group")


def _can_record_meeting(roles: Roles, meeting: Any) -> bool:
    network_id = _network_id(meeting)
    if roles.has(network_id, Role.SECRETARIAT):
        return True
    organisation_id = getattr(meeting, "organisation_id", None)
    if organisation_id is None or organisation_id not in roles.coordinated_organisations(
        network_id
    ):
        return False
    # A country's coordinator reports on what the country leads; its
    # meetings are a body's or a working group's to record.
    return meeting.organisation.kind in MEETING_HOLDER_KINDS


def _can_view_amendment_proposals(roles: Roles, obj: Any) -> bool:
    """An amendment still under discussion is the network's business: read
    by its members, of a plan they may read."""
    plan = _plan(obj)
    return _can_view_plan(roles, plan) and roles.is_member(plan.network_id)


def _can_view_version(roles: Roles, version: Any) -> bool:
    """A version of a plan is read by whoever reads the plan; an amendment
    proposal, as amendments under discussion are."""
    if version.kind == "amendment_proposal":
        return _can_view_amendment_proposals(roles, version)
    return _can_view_plan(roles, _plan(version))


def _can_view_minutes(roles: Roles, meeting: Any) -> bool:
    return bool(meeting.minutes_public) or roles.is_member(_network_id(meeting))


def _can_edit_contributions(roles: Roles, obj: Any) -> bool:
    """What each source puts into an activity, and what it spent, is part of
    the year's record: kept by the Secretariat and the activity's leads
    while the plan is reported on (in a draft, the editor shapes them)."""
    return _can_report(roles, obj)


def _can_edit_draft(roles: Roles, obj: Any) -> bool:
    """The Committee drafts the plan with the Secretariat: both shape a
    draft in the editor. Once proposed, a change is an amendment
    (PROPOSE_AMENDMENT), never an edit in place."""
    plan = _plan(obj)
    return plan.status == PlanStatus.DRAFT and roles.has(
        plan.network_id, Role.SECRETARIAT, Role.COMMITTEE
    )


# Translating a plan's content (issue 17). The original stays as the plan
# wrote it; a translation is a reading aid, not part of what was approved,
# so it is written in any state of the plan by whoever translates into that
# language: the Secretariat into any, a translator into their own. The
# Committee reads them, as it reads everything of the plan.


@dataclass(frozen=True)
class InLanguage:
    """A plan's texts in one language: what TRANSLATE is asked about."""

    plan: Any
    language: str


def _translation_languages(roles: Roles, plan: Any) -> frozenset[str]:
    """The languages `roles` may translate `plan` into: never its own."""
    if not _can_view_plan(roles, plan):
        return frozenset()
    held = roles.by_network.get(plan.network_id, frozenset())
    if roles.superuser or Role.SECRETARIAT in held:
        languages = frozenset(code for code, _name in settings.LANGUAGES)
    else:
        languages = frozenset(
            TRANSLATOR_LANGUAGES[role] for role in held & set(TRANSLATOR_LANGUAGES)
        )
    return languages - {plan.language}


def _can_view_translations(roles: Roles, obj: Any) -> bool:
    plan = _plan(obj)
    return _can_view_plan(roles, plan) and roles.has(
        plan.network_id, Role.SECRETARIAT, Role.COMMITTEE, *TRANSLATOR_LANGUAGES
    )


def _can_translate(roles: Roles, obj: Any) -> bool:
    """Into the language of `obj` (an `InLanguage`); for a plan, into one at least."""
    if isinstance(obj, InLanguage):
        return obj.language in _translation_languages(roles, obj.plan)
    return bool(_translation_languages(roles, _plan(obj)))


def _can_view_import_job(roles: Roles, job: Any) -> bool:
    if roles.has(job.network_id, Role.SECRETARIAT):
        return True
    uploader = roles.user_id is not None and job.uploaded_by_id == roles.user_id
    return uploader and roles.has(job.network_id, Role.COMMITTEE)


RULES: dict[Action, Callable[[Roles, Any], bool]] = {
    Action.VIEW_PLAN: lambda roles, obj: _can_view_plan(roles, _plan(obj)),
    Action.EDIT_PLAN: _network_role(Role.SECRETARIAT),
    Action.COMMENT_PLAN: _can_comment,
    Action.REPORT_PROGRESS: _can_report,
    Action.ADD_EVIDENCE: _can_report,
    Action.VIEW_EVIDENCE: _can_view_evidence,
    Action.DELETE_EVIDENCE: _can_delete_evidence,
    Action.RESTORE_EVIDENCE: _can_restore_evidence,
    Action.CORRECT_PROGRESS: _can_correct_progress,
    Action.WITHDRAW_PROGRESS: _can_withdraw_progress,
    Action.VIEW_HISTORY: _can_view_history,
    Action.MANAGE_NETWORK: _network_role(Role.SECRETARIAT),
    Action.RECORD_MEETING: _can_record_meeting,
    **{step: _plan_step(step) for step in PLAN_STEPS},
    Action.VIEW_VERSION: _can_view_version,
    Action.VIEW_AMENDMENT_PROPOSALS: _can_view_amendment_proposals,
    Action.VIEW_MINUTES: _can_view_minutes,
    Action.EDIT_DRAFT: _can_edit_draft,
    # Bringing a document in (on the network): the Committee drafts, so it
    # may upload a proposal, which can only become a draft; only the
    # Secretariat records a plan the Assembly already adopted.
    Action.IMPORT_PLAN: _network_role(Role.SECRETARIAT, Role.COMMITTEE),
    Action.IMPORT_APPROVED_PLAN: _network_role(Role.SECRETARIAT),
    # A large import's page (a job a worker stores): its uploader's while
    # they may still bring plans in, and the network's Secretariat's.
    Action.VIEW_IMPORT_JOB: _can_view_import_job,
    Action.EDIT_CONTRIBUTIONS: _can_edit_contributions,
    Action.VIEW_TRANSLATIONS: _can_view_translations,
    Action.TRANSLATE: _can_translate,
    # A sheet of the texts, to translate offline: whoever reads them. One
    # brought back is written language by language, each checked as TRANSLATE.
    Action.EXPORT_TRANSLATIONS: _can_view_translations,
    Action.IMPORT_TRANSLATIONS: _can_translate,
}


def can(user: Any, action: Action | str, obj: Any) -> bool:
    """Whether `user` may take `action` on `obj`."""
    return RULES[Action(action)](roles_of(user), obj)


def require(user: Any, action: Action | str, obj: Any) -> None:
    """Raise PermissionDenied (a 403 page, a 403 JSON error) unless `can`."""
    if not can(user, action, obj):
        raise PermissionDenied


def starts_from(action: Action | str) -> tuple[str, ...]:
    """The plan states a step of the life cycle is taken from."""
    return PLAN_STEPS[Action(action)][0]


def may_take_step(user: Any, action: Action | str, plan: Any) -> bool:
    """Whether `user` holds a role that takes this step of `plan`'s life
    cycle in some state: `can` without the state."""
    _statuses, allowed = PLAN_STEPS[Action(action)]
    return roles_of(user).has(plan.network_id, *allowed)


def require_step(user: Any, action: Action | str, plan: Any) -> None:
    """Raise PermissionDenied unless `may_take_step`. Checked before the
    plan's state, so that whoever may not take the step is refused alike in
    every state and never told which state the plan is in."""
    if not may_take_step(user, action, plan):
        raise PermissionDenied


def translation_languages(user: Any, plan: Any) -> list[str]:
    """The languages `user` may translate `plan` into, in the site's order."""
    mine = _translation_languages(roles_of(user), plan)
    return [code for code, _name in settings.LANGUAGES if code in mine]


# ---------------------------------------------------------------------------
# The same rules as query filters, for lists.


def visible_plans(user: Any, prefix: str = "") -> Q:
    """Plans `user` may read, as a filter on a queryset of plans (or of
    objects reaching a plan through `prefix`, e.g. "plan__")."""
    roles = roles_of(user)
    if roles.superuser:
        return Q()
    insiders = roles.networks_with(Role.SECRETARIAT, Role.COMMITTEE)
    return Q(**{f"{prefix}status__in": PlanStatus.public()}) | Q(
        **{f"{prefix}network_id__in": insiders}
    )


def visible_evidence(user: Any, prefix: str = "") -> Q:
    """Evidence `user` may see, as a filter on evidence (via `prefix`)."""
    roles = roles_of(user)
    if roles.superuser:
        return Q()
    plan = f"{prefix}product__activity__plan__"
    members = list(roles.by_network)
    return visible_plans(user, plan) & (
        Q(**{f"{prefix}is_public": True}) | Q(**{f"{plan}network_id__in": members})
    )


def attachable_users(user: Any) -> Q:
    """Accounts `user` may look up and give a role to, as a filter on users:
    for a superuser, all; for a Secretariat, the members of its own
    networks. Another network's people are not its to find: attaching one
    by username would show it their e-mail. Anyone else is invited by
    e-mail (the membership admin), which tells nothing of who has an account."""
    roles = roles_of(user)
    if roles.superuser:
        return Q()
    networks = roles.networks_with(Role.SECRETARIAT)
    return Q(pk__in=Membership.objects.filter(network_id__in=networks).values("user_id"))


def coordinated_organisations(user: Any) -> frozenset[int]:
    """Organisations `user` coordinates, in any network: what they answer
    for as a lead ("my commitments", the reminders)."""
    return roles_of(user).coordinated_organisations()


def meeting_holders(user: Any, network_id: int) -> Q:
    """The organisations of `network_id` whose meetings `user` may record
    (RECORD_MEETING), as a filter on organisations: for the Secretariat,
    all; for a coordinator, the bodies and working groups they coordinate."""
    roles = roles_of(user)
    if roles.has(network_id, Role.SECRETARIAT):
        return Q(network_id=network_id)
    return Q(
        network_id=network_id,
        pk__in=roles.coordinated_organisations(network_id),
        kind__in=MEETING_HOLDER_KINDS,
    )


def managed_networks(user: Any) -> list[int] | None:
    """Networks whose data `user` manages; None means all of them."""
    roles = roles_of(user)
    if roles.superuser:
        return None
    return roles.networks_with(Role.SECRETARIAT)
