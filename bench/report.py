"""How long the annual report and the exports take to build, in every format.

A benchmark, not a test: it prints figures. In a temporary SQLite database
it loads the demo (Red GEALC 2017, 44 activities, given a year of progress
reports and evidence) and a generated plan of 2,000 activities, then times,
for each plan, the report's data (`annual_report`), then each format made
from it, and each export. The first run of each format is shown apart: it
pays for imports and font discovery once per process. Targets, for the
demo: the PDF in at most 2 s, the DOCX in at most 0.5 s, data included.

    .venv/bin/python bench/report.py [--repeat 5] [--skip-big-pdf]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = 2_000
TARGETS = {"pdf": 2.0, "docx": 0.5}


def setup(workdir: Path) -> None:
    """Django on a throwaway database: set before `django.setup()`."""
    os.environ["PLANEA_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "planea.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def plans():
    """The demo, tracked through its year, and a generated plan of 2,000."""
    import datetime as dt

    from planea import planfile
    from planea.ops.demo import load_demo
    from planea.planfile.sample import synthetic_plan_text
    from planea.plans.importer import import_plan
    from planea.plans.models import Network, Plan, Product
    from planea.tracking.dashboard import STATUS_ORDER
    from planea.tracking.models import Evidence, record_progress

    demo = load_demo().plan
    for index, activity in enumerate(demo.activities.order_by("order")):
        record_progress(
            activity,
            author=None,
            status=STATUS_ORDER[index % len(STATUS_ORDER)],
            note=f"Avance informado de la actividad {activity.code}.",
            date=dt.date(2017, 8, 1),
            seen_version=activity.version,
        )
    products = Product.objects.filter(activity__plan=demo).order_by("pk")[::2]
    Evidence.objects.bulk_create(
        Evidence(product=p, title="Relatoría", url=f"https://example.org/{p.pk}") for p in products
    )
    network = Network.objects.create(name="Red Grande", acronym="Red Grande", slug="red-grande")
    big = import_plan(planfile.parse_text(synthetic_plan_text(GENERATED, year=2017)), network)
    with_network = Plan.objects.select_related("network")
    return [
        (f"demo ({demo.activities.count()} activities)", with_network.get(pk=demo.pk), False),
        (f"generated ({GENERATED:,} activities)", with_network.get(pk=big.pk), True),
    ]


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float, float, float]:
    """(first run, best, median, best CPU time) in seconds. The CPU time is
    this process's alone: on a busy machine it moves less than the clock."""
    times, cpu = [], []
    for _ in range(repeat):
        # The garbage of the run before (a PDF of 2,000 activities leaves
        # millions of objects) is collected before the clock starts.
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    rest, rest_cpu = times[1:] or times, cpu[1:] or cpu
    return times[0], min(rest), statistics.median(rest), min(rest_cpu)


def line(label: str, figures: tuple[float, ...], size: int = 0, note: str = "") -> None:
    first, best, median, cpu = figures
    bytes_ = f"{size:>10,}B" if size else ""
    times = f"{first:>8.3f}s {best:>8.3f}s {median:>8.3f}s {cpu:>8.3f}s"
    print(f"  {label:<14} {times} {bytes_:>11}{note}")


def bench_plan(name: str, plan, big: bool, options: argparse.Namespace) -> None:
    from django.contrib.auth.models import AnonymousUser

    from planea.reports.data import annual_report
    from planea.reports.formats import EXPORTS, OPEN_DATA, REPORTS, render_export, render_report

    repeat = 2 if big else options.repeat
    print(f"\n{name}")
    print(f"  {'':<14} {'first':>9} {'best':>9} {'median':>9} {'best CPU':>9} {'size':>11}")
    line("data", timed(lambda: annual_report(plan, AnonymousUser()), repeat))
    for fmt in REPORTS:
        if big and fmt == "pdf" and options.skip_big_pdf:
            continue
        made: list[bytes] = []

        def build(fmt: str = fmt, made: list[bytes] = made) -> None:
            made[:] = [render_report(annual_report(plan, AnonymousUser()), fmt)]

        figures = timed(build, 1 if big and fmt == "pdf" else repeat)
        target = None if big else TARGETS.get(fmt)
        note = ""
        if target is not None:
            note = f"  target ≤ {target} s: {'met' if figures[1] <= target else 'MISSED'}"
        line(f"report.{fmt}", figures, len(made[0]), note)
    for fmt in [*EXPORTS, *OPEN_DATA]:
        made = []

        def export(fmt: str = fmt, made: list[bytes] = made) -> None:
            made[:] = [render_export(plan, fmt)]

        line(f"export.{fmt}", timed(export, repeat), len(made[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument(
        "--skip-big-pdf", action="store_true", help="leave out the PDF of the generated plan"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="planea-bench-") as folder:
        setup(Path(folder))
        from django.utils import translation

        with translation.override("es"):
            for name, plan, big in plans():
                bench_plan(name, plan, big, options)
    print("\nEach report's time includes building its data from the database.")


if __name__ == "__main__":
    main()
