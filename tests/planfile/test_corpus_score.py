"""The reader scored on real plans people counted by hand (issue 10's "Done when").

`../shared/tools/score_plans.py` runs `planea parse` on every document of
`../shared/corpus/plans/` and compares what it found with the activities a
person counted. CI clones the repository next to a copy of `shared/`; where
that copy is missing the test is skipped, saying so. It takes some ten
seconds and runs on every `make test` (it carries no marker that excludes it).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCORER = REPO.parent / "shared" / "tools" / "score_plans.py"
# The scorer's last line, e.g.
# "corpus: 9 documents, recall 99% precision 99% fields 88% (206/209 activities), 0 crashed"
TOTAL = re.compile(
    r"corpus: (?P<documents>\d+) documents, recall (?P<recall>\d+)% "
    r"precision (?P<precision>\d+)% fields (?P<fields>\d+)% \(.*\), (?P<crashed>\d+) crashed"
)
MIN_RECALL, MIN_PRECISION, MIN_FIELDS = 90, 85, 80


@dataclass(frozen=True)
class Score:
    documents: int
    recall: int
    precision: int
    fields: int
    crashed: int
    report: str


def planea_command() -> str:
    """The console script beside this Python, as `make install` puts it;
    `python -m planea` where the package is not installed as a script."""
    script = Path(sys.executable).parent / "planea"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m planea"


def run_scorer() -> Score:
    run = subprocess.run(
        [sys.executable, str(SCORER), "--planea", planea_command()],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    report = run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    found = TOTAL.fullmatch(lines[-1].strip()) if lines else None
    assert found, f"the scorer's last line is not a total:\n{report}"
    numbers = {name: int(value) for name, value in found.groupdict().items()}
    return Score(**numbers, report=report)


@pytest.mark.skipif(
    not SCORER.exists(),
    reason=f"the scorer {SCORER} is missing: clone the repository next to a copy of shared/",
)
def test_the_reader_finds_the_activities_people_counted_in_the_corpus():
    score = run_scorer()
    assert score.documents > 0, score.report
    assert score.crashed == 0, score.report
    assert score.recall >= MIN_RECALL, score.report
    assert score.precision >= MIN_PRECISION, score.report
    assert score.fields >= MIN_FIELDS, score.report
