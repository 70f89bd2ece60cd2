"""The plan's life cycle: draft → proposed → approved → in execution → closed.

As the network's statutes have it, the Executive Committee drafts the plan
with the Technical Secretariat and proposes it; the annual Assembly enriches
and approves it at its meeting; the Secretariat runs the year and closes it.

Every step here is one transaction that locks the plan's row
(`select_for_update`), so that two people moving the same plan at once
cannot both succeed: the second finds the plan already moved and is told so
(`TransitionError`). Each step checks first that the user may take such a
step at all (`PermissionDenied`), so that no one else learns the plan's
state from the refusal, then the state, and records who took it and when
(`PlanTransition`). Every text that is proposed or approved is kept as an
immutable `PlanVersion` in the documented JSON plan format.

Amendments go through the same two steps: a proposal (an uploaded plan
document, kept as an "amendment proposal"), then an approval at a meeting
that applies it to the live plan in place (planea.governance.amend), so
that progress reports and evidence survive.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from planea import planfile
from planea.accounts.policy import Action, require, require_step, starts_from
from planea.core import clock
from planea.plans.document import plan_document
from planea.plans.models import Plan, PlanStatus

from . import statutes
from .amend import apply_document, validate
from .models import (
    Meeting,
    PlanTransition,
    PlanVersion,
    TransitionError,
    VersionKind,
    author_name,
)

# Where each step leads. Where it starts from, and who takes it, is the
# policy's table (PLAN_STEPS, read through `starts_from`).
TARGETS: dict[Action, str] = {
    Action.PROPOSE_PLAN: PlanStatus.PROPOSED,
    Action.APPROVE_PLAN: PlanStatus.APPROVED,
    Action.START_PLAN: PlanStatus.IN_EXECUTION,
    Action.CLOSE_PLAN: PlanStatus.CLOSED,
}
# Amendments are proposed to a plan under discussion or adopted, and
# approved at a meeting once adopted (while proposed, the plan's own
# approval adopts the pending amendment with it).
AMENDABLE = starts_from(Action.PROPOSE_AMENDMENT)
AMENDMENT_APPROVABLE = starts_from(Action.APPROVE_AMENDMENT)


def refusal(action: Action, status: str) -> str:
    """Why the plan, in `status`, cannot take the step `action`."""
    label = PlanStatus(status).label
    messages = {
        Action.PROPOSE_PLAN: _("Only a draft can be proposed; this plan is %(status)s."),
        Action.APPROVE_PLAN: _("Only a proposed plan can be approved; this plan is %(status)s."),
        Action.START_PLAN: _(
            "Only an approved plan can be put into execution; this plan is %(status)s."
        ),
        Action.CLOSE_PLAN: _("Only a plan in execution can be closed; this plan is %(status)s."),
    }
    return messages[action] % {"status": label}


@contextmanager
def locked(plan: Plan):
    """The plan's row, locked until the transaction ends, read afresh."""
    with transaction.atomic():
        yield Plan.objects.select_for_update().get(pk=plan.pk)


def next_version_number(plan: Plan) -> int:
    last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    return last.number + 1 if last else 1


def snapshot(
    plan: Plan,
    kind: str,
    user,
    *,
    document: planfile.Plan | None = None,
    meeting: Meeting | None = None,
    note: str = "",
    proposal: PlanVersion | None = None,
    source_name: str = "",
) -> PlanVersion:
    """Keep the plan's text (or `document`) as its next version. Call with
    the plan locked."""
    text = planfile.to_json(document if document is not None else plan_document(plan))
    version = PlanVersion(
        plan=plan,
        number=next_version_number(plan),
        kind=kind,
        document=text,
        plan_status=plan.status,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        author_name=author_name(user),
        meeting=meeting,
        note=note,
        proposal=proposal,
        source_name=source_name[:300],
    )
    version.save()
    return version


def record(
    plan: Plan,
    from_status: str,
    user,
    *,
    meeting: Meeting | None = None,
    decision: str = "",
    version: PlanVersion | None = None,
    effective_on: dt.date | None = None,
) -> PlanTransition:
    """Log the step the plan just took. It took effect on `effective_on`,
    else on the meeting's day, else today (the plan's clock reads it);
    `created` says when it was entered."""
    if effective_on is None:
        effective_on = meeting.date if meeting is not None else clock.today()
    transition = PlanTransition(
        plan=plan,
        from_status=from_status,
        to_status=plan.status,
        user=user if getattr(user, "is_authenticated", False) else None,
        author_name=author_name(user),
        meeting=meeting,
        decision=decision,
        version=version,
        effective_on=effective_on,
    )
    transition.save()
    return transition


def _check_step(plan: Plan, action: Action, user) -> None:
    """Whether `user` may take the step at all, then whether the locked plan
    is in a state the step starts from, then both together."""
    require_step(user, action, plan)
    if plan.status not in starts_from(action):
        raise TransitionError(refusal(action, plan.status))
    require(user, action, plan)


def _move(plan: Plan, action: Action, user) -> tuple[Plan, str]:
    """Check the locked plan may take the step and `user` may take it; move it."""
    _check_step(plan, action, user)
    before = plan.status
    plan.status = TARGETS[action]
    plan.save(update_fields=["status"])
    return plan, before


def _sync(original: Plan, fresh: Plan) -> None:
    """The caller's object shows the new state once the step is taken."""
    original.status = fresh.status


def propose(plan: Plan, user, note: str = "") -> PlanVersion:
    """The draft becomes the proposal: its text is kept as a "proposal" version."""
    with locked(plan) as fresh:
        fresh, before = _move(fresh, Action.PROPOSE_PLAN, user)
        version = snapshot(fresh, VersionKind.PROPOSAL, user, note=note)
        record(fresh, before, user, decision=note, version=version)
    _sync(plan, fresh)
    return version


def _check_meeting(plan: Plan, meeting: Meeting | None, *, amendment: bool) -> None:
    """Whether `meeting` may approve the plan (or an amendment to it) under
    the network's statutes; if not, the refusal names the rule and the meeting."""
    if meeting is None:
        raise TransitionError(_("An approval is recorded against a meeting."))
    if meeting.network_id != plan.network_id:
        raise TransitionError(_("The meeting is not one of this plan's network."))
    check = statutes.amendment_refusal if amendment else statutes.plan_refusal
    reason = check(plan, meeting)
    if reason:
        raise TransitionError(reason)


def approve(plan: Plan, meeting: Meeting, user, decision: str = "") -> PlanVersion:
    """The Assembly adopted the plan at `meeting`. A pending amendment (the
    Assembly's enrichment of the proposal) is adopted with it and applied to
    the plan first; the adopted text is kept as an "approval" version."""
    with locked(plan) as fresh:
        _check_step(fresh, Action.APPROVE_PLAN, user)
        _check_meeting(fresh, meeting, amendment=False)
        pending = pending_amendment(fresh)
        proposal = pending
        if pending is not None:
            apply_document(fresh, pending.plan_document(), user, version=pending)
        else:
            proposal = (
                PlanVersion.objects.filter(plan=fresh, kind=VersionKind.PROPOSAL)
                .order_by("-number")
                .first()
            )
        fresh, before = _move(fresh, Action.APPROVE_PLAN, user)
        version = snapshot(
            fresh,
            VersionKind.APPROVAL,
            user,
            meeting=meeting,
            note=decision,
            proposal=proposal,
        )
        record(fresh, before, user, meeting=meeting, decision=decision, version=version)
    _sync(plan, fresh)
    return version


def check_effective_on(plan: Plan, day: dt.date) -> None:
    """Refuse a day a step cannot have taken effect on: a day to come, or
    one before the plan's previous step took effect."""
    today = clock.today()
    if day > today:
        raise TransitionError(
            _("A step takes effect today at the latest (%(today)s), not on %(day)s.")
            % {"today": formats.date_format(today), "day": formats.date_format(day)}
        )
    last = PlanTransition.objects.filter(plan=plan).order_by("-effective_on").first()
    if last is not None and day < last.effective_on:
        raise TransitionError(
            _("The plan's previous step took effect on %(last)s; this one cannot before it.")
            % {"last": formats.date_format(last.effective_on)}
        )


def start(plan: Plan, user, note: str = "", effective_on: dt.date | None = None) -> PlanTransition:
    """The plan is put into execution, on `effective_on` (today by default)."""
    with locked(plan) as fresh:
        fresh, before = _move(fresh, Action.START_PLAN, user)
        day = effective_on or clock.today()
        check_effective_on(fresh, day)
        transition = record(fresh, before, user, decision=note, effective_on=day)
    _sync(plan, fresh)
    return transition


def close(plan: Plan, user, note: str = "", effective_on: dt.date | None = None) -> PlanTransition:
    """The plan is closed on `effective_on` (today by default): its clock
    stops there (`governance.clock.as_of`)."""
    with locked(plan) as fresh:
        fresh, before = _move(fresh, Action.CLOSE_PLAN, user)
        day = effective_on or clock.today()
        check_effective_on(fresh, day)
        transition = record(fresh, before, user, decision=note, effective_on=day)
    _sync(plan, fresh)
    return transition


# ---------------------------------------------------------------------------
# Amendments.


def pending_amendment(plan: Plan) -> PlanVersion | None:
    """The amendment proposal awaiting approval: the latest one, if no
    version was adopted after it (a newer proposal supersedes an older)."""
    latest = (
        PlanVersion.objects.filter(plan=plan)
        .exclude(kind=VersionKind.PROPOSAL)
        .order_by("-number")
        .first()
    )
    if latest is not None and latest.kind == VersionKind.AMENDMENT_PROPOSAL:
        return latest
    return None


def check_document(plan: Plan, document: planfile.Plan) -> None:
    """Refuse a document that cannot amend `plan`, saying why."""
    if document.year != plan.year:
        raise TransitionError(
            _("The document is a plan for %(found)s, not for %(year)s.")
            % {"found": document.year or _("no year"), "year": plan.year}
        )
    if not document.activities:
        raise TransitionError(_("The document has no activities."))


def propose_amendment(
    plan: Plan, document: planfile.Plan, user, note: str = "", source_name: str = ""
) -> PlanVersion:
    """Keep `document` as an "amendment proposal" of `plan`. Nothing of the
    live plan changes until the amendment is approved."""
    with locked(plan) as fresh:
        require_step(user, Action.PROPOSE_AMENDMENT, fresh)
        if fresh.status not in AMENDABLE:
            raise TransitionError(
                _(
                    "Amendments are proposed to a plan that is proposed, approved or in "
                    "execution; this plan is %(status)s."
                )
                % {"status": PlanStatus(fresh.status).label}
            )
        require(user, Action.PROPOSE_AMENDMENT, fresh)
        check_document(fresh, document)
        validate(document)
        version = snapshot(
            fresh,
            VersionKind.AMENDMENT_PROPOSAL,
            user,
            document=document,
            note=note,
            source_name=source_name,
        )
    return version


@dataclass(frozen=True)
class AmendmentApproval:
    version: PlanVersion
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    kept_cancelled: tuple[str, ...]


def approve_amendment(
    plan: Plan, proposal: PlanVersion, meeting: Meeting, user, decision: str = ""
) -> AmendmentApproval:
    """Apply the pending amendment `proposal`, approved at `meeting`, to the
    live plan in place, and keep the result as an "amendment approval"
    version. Activities are matched by key; their progress and evidence stay."""
    with locked(plan) as fresh:
        require_step(user, Action.APPROVE_AMENDMENT, fresh)
        if fresh.status not in AMENDMENT_APPROVABLE:
            raise TransitionError(
                _(
                    "An amendment is approved on its own once the plan is approved; this "
                    "plan is %(status)s."
                )
                % {"status": PlanStatus(fresh.status).label}
            )
        require(user, Action.APPROVE_AMENDMENT, fresh)
        _check_meeting(fresh, meeting, amendment=True)
        pending = pending_amendment(fresh)
        if pending is None or pending.pk != proposal.pk:
            raise TransitionError(
                _("Version %(number)s is not the amendment awaiting approval.")
                % {"number": proposal.number}
            )
        report = apply_document(fresh, proposal.plan_document(), user, version=proposal)
        version = snapshot(
            fresh,
            VersionKind.AMENDMENT_APPROVAL,
            user,
            meeting=meeting,
            note=decision,
            proposal=proposal,
        )
        # The plan's status does not move; the log still says who adopted
        # what, when and where.
        record(fresh, fresh.status, user, meeting=meeting, decision=decision, version=version)
    plan.title = fresh.title
    return AmendmentApproval(
        version=version,
        added=report.added,
        removed=report.removed,
        changed=report.changed,
        kept_cancelled=report.kept_cancelled,
    )
