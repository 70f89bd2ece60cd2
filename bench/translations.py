"""How long the translation workflow takes, and how many queries, for the
demo (Red GEALC 2017, 100 texts) and a generated plan of 2,000 activities.

A benchmark, not a test: it prints figures. In a temporary SQLite database
it times, for each plan: listing its texts with their states (`entries`,
what the translations page reads), exporting the spreadsheet for one
language, bringing it back filled (every text written, one transaction),
bringing the same sheet back again (nothing to write), and the French
annual report's data with every text translated.

    .venv/bin/python bench/translations.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sandbox import setup

GENERATED = 2_000


def measured(work: Callable[[], object], repeat: int) -> tuple[float, int, object]:
    """(median seconds, queries of one run, the last result)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, result, queries = [], None, 0
    for _ in range(repeat):
        reset_queries()  # the log keeps 9,000 queries: counted afresh each run
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times), queries, result


def filled(body: bytes) -> bytes:
    from openpyxl import load_workbook

    from planea.governance.translation_sheets import SHEET

    book = load_workbook(io.BytesIO(body))
    sheet = book[SHEET]
    header = [cell.value for cell in sheet[1]]
    original, french = header.index("original") + 1, header.index("translation:fr") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, french, f"FR {sheet.cell(row, original).value}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bench(name: str, plan, repeat: int) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.db import transaction
    from django.utils import translation

    from planea.governance import translating, translation_sheets
    from planea.plans.models import Translation
    from planea.reports.data import annual_report

    def bring(body: bytes) -> translating.Outcome:
        sheet = translation_sheets.read(body, plan)
        return translating.apply(plan, sheet.changes, None, ["fr"])

    def write_all(body: bytes) -> translating.Outcome:
        # Each run from no translation: rolled back after it.
        with transaction.atomic():
            outcome = bring(body)
            transaction.set_rollback(True)
        return outcome

    def french_report():
        with translation.override("fr"):
            return annual_report(plan, AnonymousUser(), language="fr")

    texts = len(translating.entries(plan))
    print(f"{name}: {texts:,} texts")
    seconds, queries, _ = measured(lambda: translating.entries(plan), repeat)
    print(f"  {'texts and states':<32} {seconds:>8.3f}s {queries:>6} queries")
    seconds, queries, body = measured(lambda: translation_sheets.export(plan, ["fr"]), repeat)
    assert isinstance(body, bytes)
    size = f"{len(body):>10,}B"
    print(f"  {'export (one language)':<32} {seconds:>8.3f}s {queries:>6} queries {size}")
    sheet = filled(body)
    seconds, queries, _ = measured(lambda: write_all(sheet), repeat)
    print(f"  {'import, every text written':<32} {seconds:>8.3f}s {queries:>6} queries")
    bring(sheet)
    assert Translation.objects.filter(plan=plan, language="fr").count() == texts
    seconds, queries, _ = measured(lambda: bring(sheet), repeat)
    print(f"  {'import again, nothing to write':<32} {seconds:>8.3f}s {queries:>6} queries")
    seconds, queries, _ = measured(french_report, repeat)
    print(f"  {'French report data, translated':<32} {seconds:>8.3f}s {queries:>6} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planea-bench-") as folder:
        setup(Path(folder))
        from planea import planfile
        from planea.ops.demo import load_demo
        from planea.planfile.sample import synthetic_plan_text
        from planea.plans.importer import import_plan
        from planea.plans.models import Network, Plan

        demo = load_demo().plan
        network = Network.objects.create(name="Red Grande", acronym="Red Grande", slug="red-grande")
        big = import_plan(planfile.parse_text(synthetic_plan_text(GENERATED, year=2017)), network)
        big.status = "approved"
        big.save(update_fields=["status"])
        with_network = Plan.objects.select_related("network")
        bench("demo", with_network.get(pk=demo.pk), options.repeat)
        bench(f"generated ({GENERATED:,} activities)", with_network.get(pk=big.pk), options.repeat)


if __name__ == "__main__":
    main()
