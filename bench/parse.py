"""How long the parser takes: the seed, and generated plans of 1,000 and 10,000 activities.

A benchmark, not a test: it prints figures. Targets: the seed in at most 5 ms,
10,000 activities in at most 0.5 s, time growing linearly with the plan.

    .venv/bin/python bench/parse.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from planea.planfile import parse_text
from planea.planfile.sample import synthetic_plan_text

SEED = Path(__file__).resolve().parents[1] / "planea" / "demo" / "plan-anual-2017-red-gealc.txt"


def measure(text: str, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        parse_text(text)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    cases = [("seed (44 activities)", SEED.read_text(encoding="utf-8"), 44, 200)]
    for size, repeat in ((1_000, 20), (10_000, 5)):
        cases.append((f"generated ({size:,} activities)", synthetic_plan_text(size), size, repeat))
    print(f"{'plan':<28} {'lines':>8} {'best':>10} {'median':>10} {'per activity':>14}")
    for name, text, activities, repeat in cases:
        best, median = measure(text, repeat)
        per = median / activities * 1e6
        print(
            f"{name:<28} {len(text.splitlines()):>8,} {best * 1e3:>8.2f}ms {median * 1e3:>8.2f}ms "
            f"{per:>11.1f}µs"
        )


if __name__ == "__main__":
    main()
