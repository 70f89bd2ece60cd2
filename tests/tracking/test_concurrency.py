"""Sixteen writers on the same activity at once, on PostgreSQL: every report
either lands or is told of the conflict, and none is ever lost."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from planea.accounts.models import Membership, Role
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Organisation, StaleVersion
from planea.tracking.models import ProgressUpdate, record_progress
from tests.base import make_network, small_plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16
ROUNDS = 4
TIMEOUT = 60


@pytest.fixture
def activity() -> Activity:
    plan = import_plan(small_plan(), make_network())
    return plan.activities.get(key="1.1.i")


@pytest.fixture
def coordinator(activity):
    user = get_user_model().objects.create_user("trk-cora", "cora@example.org", "x" * 20)
    Membership.objects.create(
        user=user,
        network=activity.plan.network,
        role=Role.COORDINATOR,
        organisation=Organisation.objects.with_key("Grupo de Trabajo en software público").get(),
    )
    return user


def run_together(work: Callable[[int], str]) -> list[str]:
    """Run work(0) … work(15) in sixteen threads, released at once, each on
    its own database connection; their outcomes, in order."""
    outcomes: list[str] = [""] * THREADS
    barrier = threading.Barrier(THREADS, timeout=TIMEOUT)

    def thread(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = work(index)
        except Exception as exc:  # any other outcome fails the test below
            outcomes[index] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return outcomes


def assert_nothing_lost(activity: Activity, landed_notes: list[str]) -> None:
    rows = list(ProgressUpdate.objects.filter(activity=activity).values_list("note", flat=True))
    fresh = Activity.objects.get(pk=activity.pk)
    assert sorted(rows) == sorted(landed_notes)
    assert fresh.version == 1 + len(landed_notes)
    # Every report also left its row in the activity's history.
    assert Activity.history.filter(id=activity.pk).count() == 1 + len(landed_notes)


def test_sixteen_reports_on_one_version_land_once_and_the_rest_are_told(activity, coordinator):
    landed: list[str] = []
    for round_ in range(ROUNDS):
        seen = Activity.objects.get(pk=activity.pk).version

        def work(index: int, round_=round_, seen=seen) -> str:
            note = f"round {round_}, writer {index}"
            try:
                record_progress(
                    Activity.objects.get(pk=activity.pk),
                    author=coordinator,
                    status="on_track",
                    note=note,
                    seen_version=seen,
                )
            except StaleVersion:
                return "stale"
            return note

        outcomes = run_together(work)

        assert not [o for o in outcomes if o.startswith("error")], outcomes
        notes = [o for o in outcomes if o != "stale"]
        assert len(notes) == 1 and outcomes.count("stale") == THREADS - 1, outcomes
        landed += notes
        assert_nothing_lost(activity, landed)


def test_writers_that_read_again_after_a_conflict_all_land_in_the_end(activity, coordinator):
    conflicts = Counter()

    def work(index: int) -> str:
        note = f"writer {index}"
        for _attempt in range(10 * THREADS):
            seen = Activity.objects.get(pk=activity.pk)
            try:
                record_progress(
                    seen, author=coordinator, status="at_risk", note=note, seen_version=seen.version
                )
            except StaleVersion:
                conflicts[index] += 1
                continue
            return note
        return "gave up"

    outcomes = run_together(work)

    assert sorted(outcomes) == sorted(f"writer {i}" for i in range(THREADS))
    assert sum(conflicts.values()) > 0  # they did collide
    assert_nothing_lost(activity, outcomes)


def test_sixteen_browsers_posting_the_same_version_lose_nothing(activity, coordinator):
    url = f"/{activity.plan.network.slug}/{activity.plan.year}/{activity.key}/progress/"
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(coordinator)
        clients.append(client)
    landed: list[str] = []
    for round_ in range(ROUNDS):
        seen = Activity.objects.get(pk=activity.pk).version

        def work(index: int, round_=round_, seen=seen) -> str:
            note = f"round {round_}, browser {index}"
            response = clients[index].post(
                url, {"status": "delayed", "note": note, "date": "2017-03-01", "version": seen}
            )
            return {302: note, 409: "stale"}.get(response.status_code, f"error: {response}")

        outcomes = run_together(work)

        assert not [o for o in outcomes if o.startswith("error")], outcomes
        notes = [o for o in outcomes if o != "stale"]
        assert len(notes) == 1, outcomes
        landed += notes
        assert_nothing_lost(activity, landed)
