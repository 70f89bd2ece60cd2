"""What a step of the life cycle will do, told before it is taken.

Putting a plan into execution and closing it are one click each, and
closing cannot be undone; so the Secretariat is first shown what the step
does to the plan and its activities ("42 activities are unfinished: they
stay as last reported") and confirms it (planea.governance.views).

Neither step changes an activity: a closed plan keeps each activity's last
reported status, which the annual report shows and the roll-over reads to
carry the unfinished ones into the next year's draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from planea.accounts.policy import Action
from planea.plans.models import CLOSED_STATUSES, ActivityStatus, Plan, PlanStatus

from .lifecycle import TARGETS


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Consequences:
    """What `action` does to `plan`: the status it moves to, and its
    activities, the unfinished ones counted by their status (which they keep)."""

    action: Action
    target: str
    activities: int
    unfinished: int
    unfinished_by_status: tuple[StatusCount, ...]

    @property
    def target_label(self) -> str:
        return str(PlanStatus(self.target).label)

    @property
    def finished(self) -> int:
        return self.activities - self.unfinished


def consequences(plan: Plan, action: Action) -> Consequences:
    """What putting `plan` into execution (START_PLAN) or closing it
    (CLOSE_PLAN) will do. One query."""
    counts = dict(
        plan.activities.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    unfinished = tuple(
        StatusCount(status.value, str(status.label), counts[status.value])
        for status in ActivityStatus
        if status not in CLOSED_STATUSES and counts.get(status.value)
    )
    return Consequences(
        action=action,
        target=TARGETS[action],
        activities=sum(counts.values()),
        unfinished=sum(row.count for row in unfinished),
        unfinished_by_status=unfinished,
    )
