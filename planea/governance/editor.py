"""The plan editor: one set of verbs (planea.plans.editing) on the plan as a
document, and two places the result goes.

- A **draft** (the Committee's, or next year's from a roll-over) is changed
  in place: the edited document is applied to the plan's rows by
  planea.governance.amend, activities matched by key, every change written
  to the history with the editor's reason and the user.
- A plan **proposed, approved or in execution** is not changed: the edits go
  to its working copy (`WorkingCopy`), which `propose` keeps as an amendment
  proposal, shown with its diff and approved at a meeting like any other.

Each change is one transaction holding the plan's row lock, so that two
editors take turns. A form carries the fingerprint of what it showed (an
activity, an area); if that has changed meanwhile the change is refused
with `StaleEdit` (a `StaleVersion`: someone else's edit is never
overwritten). Removing an activity that has progress or evidence is refused
by the amendment's own rule unless it is cancelled (`AmendmentRefused`).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from planea import planfile
from planea.accounts.policy import Action, can
from planea.plans import editing
from planea.plans.document import plan_document
from planea.plans.models import FundingSource, Organisation, Plan, StaleVersion
from planea.plans.organisations import funder_acronym

from . import lifecycle
from .amend import AmendmentRefused, apply_document, problems, validate
from .models import PlanVersion, TransitionError, WorkingCopy

T = TypeVar("T")

DRAFT = "draft"
AMENDMENT = "amendment"
# What the history rows of a draft's edits say.
EDIT_REASON = "edited in the plan editor"


class StaleEdit(StaleVersion):
    """What the form showed has changed since: an activity or an area."""

    def __init__(self, what: str, seen: str, current: str) -> None:
        Exception.__init__(self, f"{what} is at {current}, not {seen}")
        self.activity = None
        self.what = what
        self.seen = seen
        self.current = current


def mode(user, plan: Plan) -> str | None:
    """How `user` edits `plan`: a draft in place, anything later as an
    amendment; None if not at all."""
    if can(user, Action.EDIT_DRAFT, plan):
        return DRAFT
    if plan.status in lifecycle.AMENDABLE and can(user, Action.PROPOSE_AMENDMENT, plan):
        return AMENDMENT
    return None


def require_mode(user, plan: Plan) -> str:
    found = mode(user, plan)
    if found is None:
        raise PermissionDenied
    return found


def _digest(document: planfile.Plan) -> str:
    return hashlib.sha256(planfile.to_json(document).encode("utf-8")).hexdigest()


def _amendment_base(plan: Plan) -> planfile.Plan:
    """Where a new working copy starts: the pending amendment, if any (a
    newer proposal supersedes it), else the plan as it is."""
    pending = lifecycle.pending_amendment(plan)
    return pending.plan_document() if pending is not None else plan_document(plan)


@dataclass
class Editing:
    """The document being edited, and where it comes from."""

    plan: Plan
    mode: str
    document: planfile.Plan
    copy: WorkingCopy | None = None

    @property
    def outdated(self) -> bool:
        """Whether the plan (or its pending amendment) moved on after the
        working copy was started from it."""
        if self.copy is None:
            return False
        return self.copy.base != _digest(_amendment_base(self.plan))


def current(plan: Plan, user) -> Editing:
    """The document `user` edits now (read only: nothing is stored)."""
    found = require_mode(user, plan)
    if found == DRAFT:
        return Editing(plan, found, plan_document(plan))
    working = WorkingCopy.objects.filter(plan=plan).first()
    if working is not None:
        return Editing(plan, found, working.plan_document(), working)
    return Editing(plan, found, _amendment_base(plan))


def check_seen(item: planfile.Activity | planfile.Area, seen: str | None, what: str) -> None:
    """Compare-and-set: refuse when `item` is no longer what the form showed."""
    if seen is None:
        return
    now = editing.fingerprint(item)
    if now != seen:
        raise StaleEdit(what, seen, now)


def change(plan: Plan, user, verb: Callable[[planfile.Plan], T]) -> tuple[T, str]:
    """Apply `verb` to the plan's document in one transaction: to the draft
    itself, or to the working copy of an amendment. Returns what `verb`
    returned and the mode. `verb` raises EditError or StaleEdit to change
    nothing; AmendmentRefused and TransitionError come from applying."""
    with transaction.atomic():
        fresh = Plan.objects.select_for_update().select_related("network").get(pk=plan.pk)
        found = require_mode(user, fresh)
        if found == DRAFT:
            document = plan_document(fresh)
            result = verb(document)
            apply_document(fresh, document, user, reason=EDIT_REASON)
            return result, found
        working = WorkingCopy.objects.select_for_update().filter(plan=fresh).first()
        if working is None:
            base = _amendment_base(fresh)
            working = WorkingCopy(plan=fresh, base=_digest(base), started_by=_user(user))
            document = copy.deepcopy(base)
        else:
            document = working.plan_document()
        result = verb(document)
        # The rule the amendment's approval will apply, said now rather
        # than at the meeting.
        refused = problems(fresh, document)
        if refused:
            raise AmendmentRefused(refused)
        validate(document)
        working.document = planfile.to_json(document)
        working.updated_by = _user(user)
        working.save()
        return result, found


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------------------
# An activity added, changed or removed: the page's forms and the API alike.


def save_activity(
    plan: Plan,
    user,
    fields: editing.ActivityFields,
    *,
    key: str | None,
    seen: str | None,
    organisations: Sequence[tuple[str, str]] = (),
    funding_sources: Sequence[tuple[str, str]] = (),
) -> tuple[str, str]:
    """Add the activity `fields` describe (`key` None), or change the
    activity `key`, which must still be what was seen (its fingerprint
    `seen`). New organisations and funding sources (name, kind) are made in
    the same transaction, so that the document then names them like any
    other. Returns the activity's key and the mode."""

    def verb(document: planfile.Plan) -> str:
        for name, kind in organisations:
            ensure_organisation(plan, name, kind)
        for name, kind in funding_sources:
            ensure_funding_source(plan, name, kind)
        if key is None:
            return editing.add_activity(document, fields).key
        check_seen(editing.find_activity(document, key)[1], seen or "", key)
        return editing.change_activity(document, key, fields).key

    return change(plan, user, verb)


def removing(key: str, seen: str) -> Callable[[planfile.Plan], planfile.Activity]:
    """The verb removing the activity `key`, if it is still what was seen."""

    def verb(document: planfile.Plan) -> planfile.Activity:
        check_seen(editing.find_activity(document, key)[1], seen, key)
        return editing.remove_activity(document, key)

    return verb


# ---------------------------------------------------------------------------
# Names the activity form adds: organisations and funding sources.


def ensure_organisation(plan: Plan, name: str, kind: str) -> Organisation:
    """The network's organisation of that name (however spelled), created
    with `kind` if it is new. Organisations are the network's, not the
    plan's: one made for an amendment not yet approved harms nothing."""
    name = " ".join(name.split())
    found = Organisation.objects.with_key(name).filter(network_id=plan.network_id).first()
    if found is not None:
        return found
    organisation = Organisation(network_id=plan.network_id, name=name, kind=kind)
    organisation.save()
    return organisation


def ensure_funding_source(plan: Plan, name: str, kind: str) -> FundingSource:
    name = " ".join(name.split())
    key = planfile.organisation_key(name)
    found = FundingSource.objects.filter(network_id=plan.network_id, key=key).first()
    if found is not None:
        return found
    acronym = funder_acronym(name)
    funder = None
    if acronym:
        funder = Organisation.objects.with_key(acronym).filter(network_id=plan.network_id).first()
    source = FundingSource(network_id=plan.network_id, name=name, kind=kind, organisation=funder)
    source.save()
    return source


# ---------------------------------------------------------------------------
# The working copy's end: proposed as an amendment, or discarded.


def propose(plan: Plan, user, note: str = "") -> PlanVersion:
    """Keep the working copy as an amendment proposal (the existing path:
    its diff, then its approval at a meeting) and drop the copy."""
    with transaction.atomic():
        fresh = Plan.objects.select_for_update().get(pk=plan.pk)
        if require_mode(user, fresh) != AMENDMENT:
            raise TransitionError(_("A draft is changed in place: there is nothing to propose."))
        working = WorkingCopy.objects.select_for_update().filter(plan=fresh).first()
        if working is None:
            raise TransitionError(_("Nothing has been changed in the editor yet."))
        document = working.plan_document()
        if planfile.to_json(document) == planfile.to_json(plan_document(fresh)):
            raise TransitionError(
                _("The working copy says what the plan says: there is nothing to propose.")
            )
        version = lifecycle.propose_amendment(
            fresh, document, user, note=note, source_name=_("the plan editor")
        )
        working.delete()
    return version


def discard(plan: Plan, user) -> bool:
    """Drop the working copy; whether there was one."""
    with transaction.atomic():
        fresh = Plan.objects.select_for_update().get(pk=plan.pk)
        require_mode(user, fresh)
        deleted, _rows = WorkingCopy.objects.filter(plan=fresh).delete()
    return bool(deleted)
