"""The dashboard and "my commitments" run the same number of queries for a
plan of 8 activities as for one of 120 with ten progress updates each: the
count is constant, so 120 proves what 2,000 would, fifteen times cheaper."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from planea.accounts.models import Membership, Role
from planea.governance.models import BodySeat
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Organisation, Product
from planea.tracking.dashboard import STATUS_ORDER
from planea.tracking.models import Evidence, ProgressUpdate
from tests.base import big_plan, make_network
from tests.tracking.test_dashboard import TODAY, build_health_plan
from tests.tracking.test_dashboard_view import today_is

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine("query counts, with and without fresh table statistics"),
]


def people(network, country: str = "Uruguay") -> dict[str, Client]:
    """A logged-in client for the coordinator of `country` and for the Secretariat."""
    clients = {}
    for role in (Role.COORDINATOR, Role.SECRETARIAT):
        user = get_user_model().objects.create_user(f"{role}-{network.slug}", password="x" * 20)
        org = Organisation.objects.get(network=network, name=country)
        Membership.objects.create(
            user=user,
            network=network,
            role=role,
            organisation=org if role == Role.COORDINATOR else None,
        )
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


def build_big_plan(activities: int = 120, updates: int = 1200):
    """A plan of `activities` activities spread over the year and every
    status, `updates` progress updates, and evidence for half the products;
    Uruguay presides that year."""
    network = make_network("Red Grande", "red-grande")
    plan = import_plan(big_plan(activities, year=TODAY.year), network)
    rows = list(Activity.objects.filter(plan=plan).order_by("order"))
    for index, row in enumerate(rows):
        # Spread over the whole year whatever the size: overdue, due soon and later.
        row.due = dt.date(TODAY.year, 1, 1) + dt.timedelta(days=index * 365 // len(rows))
        row.status = STATUS_ORDER[index % len(STATUS_ORDER)]
    Activity.objects.bulk_update(rows, ["due", "status"], batch_size=500)
    ProgressUpdate.objects.bulk_create(
        (
            ProgressUpdate(
                activity=rows[n % len(rows)],
                status=STATUS_ORDER[n % len(STATUS_ORDER)],
                note=f"Nota {n}",
                date=dt.date(TODAY.year, 1, 1) + dt.timedelta(days=n % 160),
            )
            for n in range(updates)
        ),
        batch_size=1000,
    )
    products = list(Product.objects.filter(activity__plan=plan).order_by("pk")[::2])
    Evidence.objects.bulk_create(
        (Evidence(product=p, title="Informe", url=f"https://example.org/{p.pk}") for p in products),
        batch_size=1000,
    )
    committee = Organisation.objects.create(network=network, name="Comité Ejecutivo", kind="body")
    uruguay = Organisation.objects.get(network=network, name="Uruguay")
    BodySeat.objects.create(body=committee, country=uruguay, year=plan.year, is_chair=True)
    return network, plan


def measure(client: Client, url: str) -> tuple[int, float, object]:
    with today_is(TODAY), CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, url
    return len(queries), elapsed, response


TABLES = (
    "plans_activity",
    "plans_activitylead",
    "plans_organisation",
    "plans_plan",
    "plans_product",
    "tracking_evidence",
    "governance_bodyseat",
)


def forget_table_sizes() -> None:
    """On PostgreSQL, statistics that say the tables are empty, as after a
    fresh deployment: the plans must not depend on them being fresh."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")


def test_the_pages_run_the_same_queries_for_8_or_120_activities(capsys):
    forget_table_sizes()
    small_network = make_network()
    small_plan = build_health_plan(small_network)
    big_network, plan = build_big_plan()
    assert ProgressUpdate.objects.filter(activity__plan=plan).count() == 1200
    small_people, big_people = people(small_network), people(big_network)

    results = {}
    for name, (network, year, who) in {
        "small": (small_network, small_plan.year, small_people),
        "big": (big_network, plan.year, big_people),
    }.items():
        results[name] = {
            "dashboard": measure(Client(), f"/{network.slug}/{year}/dashboard/"),
            "dashboard (secretariat)": measure(
                who[Role.SECRETARIAT], f"/{network.slug}/{year}/dashboard/"
            ),
            "my commitments (coordinator)": measure(who[Role.COORDINATOR], "/my/commitments/"),
            "my commitments (secretariat)": measure(who[Role.SECRETARIAT], "/my/commitments/"),
        }

    big = results["big"]
    dashboard = big["dashboard"][2].context["dashboard"]
    assert dashboard.total == 120
    assert len(dashboard.overdue) > 30 and len(dashboard.due_soon) > 3
    mine = big["my commitments (coordinator)"][2].context["mine"]
    assert mine.total == 60  # Uruguay leads every other activity
    assert len(big["my commitments (secretariat)"][2].context["mine"].overdue) > 30

    with capsys.disabled():
        print()
        for page in big:
            (small_n, small_s, _), (big_n, big_s, _) = results["small"][page], big[page]
            print(
                f"{page}: {small_n} queries, {small_s * 1000:.0f} ms for 8 activities; "
                f"{big_n} queries, {big_s * 1000:.0f} ms for 120"
            )
    for page in big:
        assert results["small"][page][0] == big[page][0], page
    assert big["dashboard"][0] <= 10
    assert big["my commitments (coordinator)"][0] <= 12
