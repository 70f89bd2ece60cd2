"""Two writers at once, on PostgreSQL: the one that drew the lower primary
key commits last, and still no stale public answer is served once both have
committed — the stamp follows commits, not keys."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from planea.plans.importer import import_plan
from planea.plans.models import Product
from planea.tracking.models import Evidence
from tests.api.base import API
from tests.base import make_network, small_plan
from tests.tracking.conftest import _postgres_only  # noqa: F401  (skips it on SQLite)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

URL = API + "/activities?page_size=100"
TIMEOUT = 30


@pytest.fixture
def product() -> Product:
    plan = import_plan(small_plan(), make_network())
    return plan.activities.order_by("order").first().products.first()


def delivered(client: Client) -> int:
    response = client.get(URL)
    assert response.status_code == 200
    return response.json()["results"][0]["products"][0]["delivered"]


def waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def test_no_stale_answer_after_a_lower_key_commits_last(product):
    visitor = Client()
    before = delivered(visitor)
    first_wrote, release_first = threading.Event(), threading.Event()
    second_done = threading.Event()
    second_pid: list[int] = []
    errors: list[BaseException] = []

    def first() -> None:
        # Draws the lower key, then holds its transaction open.
        try:
            with transaction.atomic():
                Evidence.objects.create(product=product, title="A", url="https://example.org/a")
                first_wrote.set()
                assert release_first.wait(TIMEOUT)
        except BaseException as exc:
            errors.append(exc)
        finally:
            first_wrote.set()
            connection.close()

    def second() -> None:
        # Draws the higher key and commits as soon as it may.
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            with transaction.atomic():
                Evidence.objects.create(product=product, title="B", url="https://example.org/b")
        except BaseException as exc:
            errors.append(exc)
        finally:
            second_done.set()
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_wrote.wait(TIMEOUT)
    two = threading.Thread(target=second)
    two.start()
    # The second writer has either committed (keys as the stamp: nothing
    # orders it after the first) or queues behind the first's commit.
    deadline = time.monotonic() + TIMEOUT
    while not second_done.is_set() and not (second_pid and waiting_on_a_lock(second_pid[0])):
        assert time.monotonic() < deadline, "the second writer neither committed nor waited"
        time.sleep(0.01)
    # A visitor asks in between, and the answer is cached.
    in_between = delivered(visitor)
    release_first.set()
    one.join(TIMEOUT)
    two.join(TIMEOUT)
    assert not one.is_alive() and not two.is_alive(), "a writer hung"
    assert not errors, errors

    assert in_between in (before, before + 1)
    assert Evidence.objects.filter(product=product).count() == 2
    assert delivered(visitor) == before + 2
