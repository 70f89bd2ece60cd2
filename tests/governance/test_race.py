"""Two people moving the same plan at the same moment, on PostgreSQL: the
plan's row is locked for the step, so exactly one of them succeeds and the
other is told the plan has moved on."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from planea.accounts.models import Role
from planea.governance import lifecycle
from planea.governance.models import PlanTransition, PlanVersion, TransitionError
from planea.plans.importer import import_plan
from planea.plans.models import Plan
from tests.base import make_network, member, small_plan
from tests.governance.support import assembly_meeting, set_status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60


@pytest.fixture
def plan() -> Plan:
    plan = import_plan(small_plan(), make_network())
    return set_status(plan, "proposed")


def run_together(works: list[Callable[[], str]]) -> list[str]:
    """Run each work in its own thread and database connection, released at
    once; their outcomes, in order."""
    outcomes = [""] * len(works)
    barrier = threading.Barrier(len(works), timeout=TIMEOUT)

    def thread(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = works[index]()
        except Exception as exc:  # any other outcome fails the test below
            outcomes[index] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a step hung"
    return outcomes


def test_two_secretaries_approving_at_once_record_exactly_one_approval(plan):
    meeting = assembly_meeting(plan.network)
    secretaries = [member(f"sec-{n}", plan.network, Role.SECRETARIAT) for n in range(2)]

    def approve(user) -> Callable[[], str]:
        def work() -> str:
            try:
                lifecycle.approve(
                    Plan.objects.get(pk=plan.pk), meeting, user, decision=user.username
                )
            except TransitionError:
                return "refused"
            return "approved"

        return work

    outcomes = run_together([approve(user) for user in secretaries])

    assert sorted(outcomes) == ["approved", "refused"], outcomes
    assert Plan.objects.get(pk=plan.pk).status == "approved"
    assert PlanVersion.objects.filter(plan=plan, kind="approval").count() == 1
    assert PlanTransition.objects.filter(plan=plan, to_status="approved").count() == 1


def test_eight_steps_at_once_on_one_plan_move_it_once(plan):
    set_status(plan, "approved")
    sofia = member("sofia", plan.network, Role.SECRETARIAT)

    def start() -> str:
        try:
            lifecycle.start(Plan.objects.get(pk=plan.pk), sofia)
        except TransitionError:
            return "refused"
        return "started"

    outcomes = run_together([start] * 8)

    assert sorted(outcomes) == ["refused"] * 7 + ["started"], outcomes
    assert PlanTransition.objects.filter(plan=plan).count() == 1
