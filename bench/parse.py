"""How long reading a plan takes: the parser on the seed and on generated plans
of 1,000 and 10,000 activities; then the whole file reader (format, blocks,
layouts) on the seed and on every document of the corpus.

A benchmark, not a test: it prints figures. Targets: the seed in at most 5 ms,
10,000 activities in at most 0.5 s, time growing linearly with the plan; every
corpus document in at most 1 s.

    .venv/bin/python bench/parse.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from planea.planfile import PlanParseError, parse_text, read_path
from planea.planfile.sample import synthetic_plan_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "planea" / "demo" / "plan-anual-2017-red-gealc.txt"
# CI and developers keep the shared corpus beside the repository.
CORPUS = ROOT.parent / "shared" / "corpus" / "plans"


def measure(work: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Best and median wall time of `repeat` runs, and the best CPU time, in
    seconds. On a machine shared with other work the wall time waits for the
    processor; the CPU time is what the reading itself costs."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return min(walls), statistics.median(walls), min(cpus)


def parser_rows() -> None:
    cases = [("seed (44 activities)", SEED.read_text(encoding="utf-8"), 44, 200)]
    for size, repeat in ((1_000, 20), (10_000, 5)):
        cases.append((f"generated ({size:,} activities)", synthetic_plan_text(size), size, repeat))
    print(
        f"{'parse_text':<40} {'lines':>8} {'best':>10} {'median':>10} {'best cpu':>10} "
        f"{'per activity':>14}"
    )
    for name, text, activities, repeat in cases:
        best, median, cpu = measure(lambda text=text: parse_text(text), repeat)
        per = median / activities * 1e6
        print(
            f"{name:<40} {len(text.splitlines()):>8,} {best * 1e3:>8.2f}ms {median * 1e3:>8.2f}ms "
            f"{cpu * 1e3:>8.2f}ms {per:>11.1f}µs"
        )


def reader_rows(repeat: int = 5) -> None:
    """read_path on the seed, then on each corpus document (its .expected.json
    files are the hand counts, not documents)."""
    documents = [("seed via read_path (.txt)", SEED)]
    if CORPUS.is_dir():
        documents += [
            (path.name, path)
            for path in sorted(CORPUS.iterdir())
            if path.is_file() and not path.name.endswith(".json")
        ]
    print()
    print(f"{'read_path':<52} {'activities':>10} {'best':>10} {'median':>10} {'best cpu':>10}")
    for name, path in documents:
        try:
            found = len(read_path(path).activities)
        except PlanParseError as error:
            print(f"{name[:52]:<52} {'refused':>10}  {error.message[:60]}")
            continue
        best, median, cpu = measure(lambda path=path: read_path(path), repeat)
        print(
            f"{name[:52]:<52} {found:>10} {best * 1e3:>8.1f}ms {median * 1e3:>8.1f}ms "
            f"{cpu * 1e3:>8.1f}ms"
        )
    if not CORPUS.is_dir():
        print(f"(no corpus at {CORPUS}: only the seed)")


def main() -> None:
    parser_rows()
    reader_rows()


if __name__ == "__main__":
    main()
