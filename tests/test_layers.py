"""The apps import one way (.importlinter, run by `make lint`): the contract
holds for the code as it is, and catches a new import against the order."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # lint-imports over the code, three times

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "planea",
        tree / "planea",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "locale", "demo"),
    )
    shutil.copy(ROOT / ".importlinter", tree / ".importlinter")
    return tree


def test_the_code_keeps_every_layer_contract(tmp_path):
    result = lint_imports(copy_of_the_code(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_lower_app_importing_a_higher_one_breaks_the_contract(tmp_path):
    tree = copy_of_the_code(tmp_path)
    (tree / "planea" / "plans" / "wrong_way.py").write_text(
        "from planea.tracking.models import Evidence\n"
    )

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "planea.plans is not allowed to import planea.tracking" in result.stdout
    assert "planea.plans.wrong_way -> planea.tracking.models" in result.stdout


def test_django_in_the_plan_reader_breaks_the_contract(tmp_path):
    tree = copy_of_the_code(tmp_path)
    (tree / "planea" / "planfile" / "wrong_way.py").write_text("import django.db\n")

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "planea.planfile is not allowed to import django" in result.stdout
    assert "planea.planfile.wrong_way -> django (l.1)" in result.stdout
