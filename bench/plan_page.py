"""How heavy and how slow the plan page is for a plan of 2,000 activities.

A benchmark, not a test: it prints figures. In a temporary SQLite database
it imports a generated plan of 2,000 activities (planfile.sample), then
fetches its public page through the test client: the first page, a page in
the middle, the last one, a search for the last activity's code (which finds
it whatever page it sits on) and the status filter. For each it prints the
HTML's size, the median time of a few fetches and the queries run. Targets:
at most 300 KB of HTML and 1 s a page.

    .venv/bin/python bench/plan_page.py [--activities 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sandbox import setup

TARGET_BYTES = 300_000
TARGET_SECONDS = 1.0


def measure(client, url: str, params: dict, repeat: int) -> tuple[int, float, float, int, int]:
    """Bytes of HTML, median seconds (wall and this process's CPU: on a busy
    machine the second says more), queries and activities shown of one page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    cards = response.content.count(b'<article class="activity"')
    return (
        len(response.content),
        statistics.median(times),
        statistics.median(cpu),
        len(queries),
        cards,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planea-bench-") as tmp:
        setup(Path(tmp))
        from django.test import Client

        from planea import planfile
        from planea.planfile.sample import synthetic_plan_text
        from planea.plans.importer import import_plan
        from planea.plans.models import Network
        from planea.plans.paging import PER_PAGE

        network = Network.objects.create(name="Red Grande", acronym="Red Grande", slug="red-grande")
        text = synthetic_plan_text(args.activities, year=2017)
        plan = import_plan(planfile.parse_text(text), network)
        last = plan.activities.order_by("-order").first()
        url = f"/{network.slug}/{plan.year}/"
        client = Client()
        client.get(url)  # templates compiled, translations loaded: not timed
        pages = -(-args.activities // PER_PAGE)
        cases = [
            ("first page", {}),
            (f"page {pages // 2} of {pages}", {"page": pages // 2}),
            (f"last page ({pages})", {"page": pages}),
            (f"search for the last activity ({last.code})", {"q": last.code}),
            ("status filter (not started)", {"status": "not_started"}),
        ]
        print(f"plan page of a generated plan of {args.activities:,} activities (SQLite):")
        worst_size, worst_time = 0, 0.0
        for label, params in cases:
            size, seconds, cpu, queries, cards = measure(client, url, params, args.repeat)
            worst_size, worst_time = max(worst_size, size), max(worst_time, seconds)
            print(
                f"  {label:42} {size / 1000:7.1f} KB  {seconds * 1000:6.0f} ms "
                f"({cpu * 1000:4.0f} ms CPU)  {queries:2} queries  {cards:5} activities shown"
            )
        size_ok = "ok" if worst_size <= TARGET_BYTES else "OVER TARGET"
        time_ok = "ok" if worst_time <= TARGET_SECONDS else "OVER TARGET"
        print(
            f"largest page {worst_size / 1000:.1f} KB (target {TARGET_BYTES / 1000:.0f} KB: "
            f"{size_ok}); slowest {worst_time:.2f} s (target {TARGET_SECONDS:.0f} s: {time_ok})"
        )


if __name__ == "__main__":
    main()
