"""What the activity page shows of its tracking: progress reports, evidence
against each product's target, the forms for whoever may use them, and the
change history for network members.

A fixed number of queries whatever the number of reports, evidence or
history rows: one per list, with the users joined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from planea.accounts import policy
from planea.accounts.policy import Action
from planea.plans.contribution_forms import (
    BaseContributionFormSet,
    contribution_formset,
    source_names,
)
from planea.plans.models import Activity, Contribution, Deadline, Product

from .forms import EvidenceForm, ProgressForm
from .history import activity_history
from .models import Evidence, Shortfall, with_delivered


@dataclass
class ProductProgress:
    product: Product
    delivered: int
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def target(self) -> int:
        return self.product.target

    @property
    def complete(self) -> bool:
        return self.delivered >= self.target

    @property
    def hidden(self) -> int:
        """Pieces counted but not shown to this reader (members-only evidence)."""
        return max(self.delivered - len(self.evidence), 0)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.delivered / self.target)) if self.target else 0


def deadline(activity: Activity, today: dt.date) -> dict | None:
    """Whether the open `activity` is overdue, due today or due soon, and by
    how many days; None when nothing is pressing."""
    state = activity.deadline_state(today)
    if state is None or state == Deadline.LATER:
        return None
    return {"state": state.value, "days": abs(activity.days_to_due(today) or 0)}


def tracking_context(
    request: HttpRequest,
    activity: Activity,
    *,
    progress_form: ProgressForm | None = None,
    evidence_form: EvidenceForm | None = None,
    conflict: bool = False,
    evidence_refused: str = "",
    shortfalls: list[Shortfall] | None = None,
    contribution_formset: BaseContributionFormSet | None = None,
    contribution_conflict: bool = False,
    contribution_version_missing: bool = False,
) -> dict[str, Any]:
    user = request.user
    products = list(with_delivered(Product.objects.filter(activity=activity).order_by("order")))
    by_id: dict[int, ProductProgress] = {}
    for product in products:
        product.activity = activity
        by_id[product.pk] = ProductProgress(product, product.delivered)
    # Removed pieces too, in the same query, for who may put them back.
    may_restore = bool(products) and policy.can(user, Action.RESTORE_EVIDENCE, activity)
    source = Evidence.all_objects if may_restore else Evidence.objects
    evidence = list(
        source.visible_to(user)
        .filter(product__activity=activity)
        .select_related("added_by", "removed_by", "meeting__organisation")
        .order_by("date", "created", "pk")
    )
    removed: list[Evidence] = []
    for piece in evidence:
        row = by_id[piece.product_id]
        piece.product = row.product
        if piece.removed_at is not None:
            removed.append(piece)
            continue
        piece.can_delete = policy.can(user, Action.DELETE_EVIDENCE, piece)
        row.evidence.append(piece)
    removed.sort(key=lambda piece: piece.removed_at, reverse=True)
    updates = list(activity.updates.chronological().select_related("author", "withdrawn_by"))
    for update in updates:
        update.activity = activity
        update.can_correct = policy.can(user, Action.CORRECT_PROGRESS, update)
        update.can_withdraw = policy.can(user, Action.WITHDRAW_PROGRESS, update)

    can_report = policy.can(user, Action.REPORT_PROGRESS, activity)
    can_add_evidence = bool(products) and policy.can(user, Action.ADD_EVIDENCE, activity)
    can_view_history = policy.can(user, Action.VIEW_HISTORY, activity)
    if can_report and progress_form is None:
        progress_form = ProgressForm.for_activity(activity)
    if can_add_evidence and evidence_form is None:
        evidence_form = EvidenceForm(products=products)
    return {
        "deadline": deadline(activity, activity.plan.as_of()),
        "updates": updates,
        "product_progress": list(by_id.values()),
        "can_report": can_report,
        "can_add_evidence": can_add_evidence,
        "progress_form": progress_form if can_report else None,
        "evidence_form": evidence_form if can_add_evidence else None,
        "conflict": conflict,
        "evidence_refused": evidence_refused,
        "shortfalls": shortfalls or [],
        "removed_evidence": removed,
        "show_authors": can_view_history,
        "history": activity_history(activity, products) if can_view_history else None,
        **_contributions_context(
            request,
            activity,
            contribution_formset,
            conflict=contribution_conflict,
            version_missing=contribution_version_missing,
        ),
    }


def _contributions_context(
    request: HttpRequest,
    activity: Activity,
    formset: BaseContributionFormSet | None,
    *,
    conflict: bool,
    version_missing: bool,
) -> dict[str, Any]:
    contributions = list(
        Contribution.objects.filter(activity=activity)
        .select_related("source")
        .order_by("order", "pk")
    )
    can_edit = policy.can(request.user, Action.EDIT_CONTRIBUTIONS, activity)
    if can_edit and formset is None:
        formset = contribution_formset(activity, contributions=contributions)
    return {
        "contributions": contributions,
        "contribution_formset": formset if can_edit else None,
        "contribution_sources": source_names(activity.plan.network_id) if can_edit else [],
        "contribution_conflict": conflict,
        "contribution_version_missing": version_missing,
    }
