from pathlib import Path

import pytest

from planea import planfile

SEED = Path(__file__).resolve().parents[2] / "planea" / "demo" / "plan-anual-2017-red-gealc.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_plan(seed_text) -> planfile.Plan:
    return planfile.parse_text(seed_text)


def activity(plan: planfile.Plan, key: str) -> planfile.Activity:
    return next(a for a in plan.activities if a.key == key)
