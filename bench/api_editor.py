"""What a change made through the API's plan editor costs, by the plan's size.

A benchmark, not a test: it prints figures. The API's editor writes go the
editor's one way (planea.governance.editor.change): the plan's document is
read whole, changed, and applied back to the draft's rows (or kept as the
amendment's working copy), so a change costs in proportion to the plan, not
to the change. This measures how much: in a temporary SQLite database it
imports generated plans (planfile.sample) of each size given, as a draft and
as an adopted plan, and through the test client, as a Secretariat member
with a token, times the median of a few of each:

- read an activity as edited: `GET /activities/{id}/draft`;
- change its title on the draft: `PATCH /activities/{id}` (200);
- add a product to it on the draft: `POST /activities/{id}/products` (201);
- change its title on the adopted plan: `PATCH /activities/{id}` (202, into
  the amendment's working copy).

For each it prints the median wall time, this process's CPU time and the
queries of one request.

    .venv/bin/python bench/api_editor.py [--sizes 44,500,2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sandbox import setup

API = "/api/v1"


def timed(call: Callable[[int], object], repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of `call(i)` over `repeat` runs, and the
    queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu = [], []
    for i in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call(i)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    with CaptureQueriesContext(connection) as queries:
        call(repeat)
    return statistics.median(wall), statistics.median(cpu), len(queries)


def plans_of(size: int, number: int):
    """A network with a draft and an adopted plan of `size` activities, and
    a Secretariat member's client."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from planea import planfile
    from planea.accounts.models import Membership, Role
    from planea.api.models import ApiToken
    from planea.planfile.sample import synthetic_plan_text
    from planea.plans.importer import import_plan
    from planea.plans.models import Network, Plan

    network = Network.objects.create(
        name=f"Red {number}", acronym=f"Red {number}", slug=f"red-{number}"
    )
    adopted = import_plan(planfile.parse_text(synthetic_plan_text(size, year=2017)), network)
    draft = import_plan(planfile.parse_text(synthetic_plan_text(size, year=2018)), network)
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.DRAFT)
    user = get_user_model().objects.create_user(f"sofia{number}", None, None)
    Membership.objects.create(user=user, network=network, role=Role.SECRETARIAT)
    _token, secret = ApiToken.issue(user, "bench")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    return draft, adopted, client


def expect(response, status: int):
    assert response.status_code == status, (response.status_code, response.content[:300])
    return response.json()


def bench_size(size: int, number: int, repeat: int) -> None:
    """Time the four requests on plans of `size` activities; print a line each."""
    draft, adopted, client = plans_of(size, number)
    mid = draft.activities.order_by("order")[size // 2]
    kept = adopted.activities.order_by("order")[size // 2]
    draft_url, adopted_url = f"{API}/activities/{mid.pk}", f"{API}/activities/{kept.pk}"

    def version(url: str) -> str:
        return expect(client.get(f"{url}/draft"), 200)["version"]

    def read(i: int) -> None:
        expect(client.get(f"{draft_url}/draft"), 200)

    def change(url: str, status: int) -> Callable[[int], None]:
        def call(i: int) -> None:
            body = {"version": version(url), "title": f"Título {i}"}
            expect(client.patch(url, body, content_type="application/json"), status)

        return call

    def add_product(i: int) -> None:
        body = {"version": version(draft_url), "description": f"Producto {i}"}
        response = client.post(f"{draft_url}/products", body, content_type="application/json")
        expect(response, 201)

    read(0)  # templates, translations and forms loaded: not timed
    for label, call in (
        ("read as edited", read),
        ("change the title (draft)", change(draft_url, 200)),
        ("add a product (draft)", add_product),
        ("change the title (amendment)", change(adopted_url, 202)),
    ):
        wall, cpu, queries = timed(call, repeat)
        print(
            f"  {size:5} activities  {label:30} {wall * 1000:7.0f} ms "
            f"({cpu * 1000:5.0f} ms CPU)  {queries:5} queries"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="44,500,2000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planea-bench-") as tmp:
        setup(Path(tmp))
        print("the API's plan editor, by the plan's size (SQLite, in process):")
        for number, size in enumerate(args.sizes.split(","), start=1):
            bench_size(int(size), number, args.repeat)
        print("(each change includes reading the version first: one GET .../draft)")


if __name__ == "__main__":
    main()
