"""What reading a plan in another language than its own costs: the plan page,
the dashboard, a page of 100 activities from the API and the CSV export of a
generated plan of 2,000 activities, in Spanish (the plan's language: no
translation read) and in French (every activity title and product
translated, the details not).

A benchmark, not a test: it prints figures. In a temporary SQLite database
it imports the plan, writes the French translations, and fetches each
address through the test client: median wall time of a few fetches, and the
queries of one (the API's answer built afresh each time, not from its cache).

    .venv/bin/python bench/plan_languages.py [--activities 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from plan_page import setup


def measure(client, url: str, language: str, repeat: int) -> tuple[float, int, int]:
    """Median seconds, queries and bytes of one address in `language`."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"accept-language": language}
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return statistics.median(times), len(queries), len(response.content)


def translate_everything(plan) -> int:
    """Every activity's title and every product into French, in bulk."""
    from django.contrib.contenttypes.models import ContentType

    from planea.plans.models import Activity, Product, Translation
    from planea.plans.translations import digest

    rows = []
    for model, field, items in (
        (Activity, "title", Activity.objects.filter(plan=plan)),
        (Product, "description", Product.objects.filter(activity__plan=plan)),
    ):
        content_type = ContentType.objects.get_for_model(model)
        for item in items:
            original = getattr(item, field)
            rows.append(
                Translation(
                    plan=plan,
                    content_type=content_type,
                    object_id=item.pk,
                    field=field,
                    language="fr",
                    text=f"[fr] {original}",
                    source_digest=digest(original),
                )
            )
    Translation.objects.bulk_create(rows, batch_size=500)
    return len(rows)


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

        network = Network.objects.create(name="Red Grande", acronym="Red Grande", slug="red-grande")
        text = synthetic_plan_text(args.activities, year=2017)
        plan = import_plan(planfile.parse_text(text), network)
        written = translate_everything(plan)
        key = plan.activities.order_by("order").first().key
        base = f"/{network.slug}/{plan.year}"
        cases = [
            ("plan page (first page)", f"{base}/"),
            ("activity page", f"{base}/{key}/"),
            ("dashboard", f"{base}/dashboard/"),
            ("API: 100 activities", f"/api/v1/activities?plan={plan.pk}&page_size=100"),
            ("CSV export (every activity)", f"{base}/export.csv"),
        ]
        client = Client()
        for _label, url in cases:  # templates compiled, content types cached: not timed
            client.get(url, headers={"accept-language": "fr"})
        print(
            f"a generated plan of {args.activities:,} activities, {written:,} texts "
            f"translated into French (SQLite); median of {args.repeat}:"
        )
        for label, url in cases:
            es, es_queries, es_size = measure(client, url, "es", args.repeat)
            fr, fr_queries, fr_size = measure(client, url, "fr", args.repeat)
            print(
                f"  {label:30}"
                f" es {es * 1000:6.0f} ms {es_queries:3} queries {es_size / 1000:7.1f} KB"
                f"   fr {fr * 1000:6.0f} ms {fr_queries:3} queries {fr_size / 1000:7.1f} KB"
            )


if __name__ == "__main__":
    main()
