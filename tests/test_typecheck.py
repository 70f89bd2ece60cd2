"""`make lint` runs mypy over the packages listed under [tool.mypy]: a type error there fails it."""

import subprocess
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs mypy

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ROOT / "planea" / "planfile" / "dates.py"


def test_the_reader_is_among_the_packages_the_lint_type_checks() -> None:
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "planea/planfile" in listed["files"]


def test_a_type_error_in_a_checked_package_fails_the_lint(tmp_path: Path) -> None:
    # mypy reads the shadow in place of the real module, so the tree others
    # work in is never touched; the lint's own target and settings do the
    # rest. Only that module is named: the whole list is the lint's to check
    # (make test runs it), and checking it here too cost the suite a cold
    # mypy run of some fifteen CPU-seconds.
    source = CHECKED.read_text(encoding="utf-8")
    shadow = tmp_path / "dates.py"
    shadow.write_text(source.rstrip("\n") + '\n_first_year: int = "2017"\n', encoding="utf-8")
    bad_line = source.rstrip("\n").count("\n") + 2

    done = subprocess.run(
        ["make", "-s", "typecheck", f"MYPY_ARGS=--shadow-file {CHECKED} {shadow} {CHECKED}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert done.returncode != 0, done.stdout + done.stderr
    assert (
        f"planea/planfile/dates.py:{bad_line}: error: Incompatible types in assignment"
        in done.stdout
    ), done.stdout + done.stderr
