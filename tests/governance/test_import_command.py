"""`planea import FILE --network ACRONYM [--replace]` as an administrator uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from planea import planfile
from planea.plans.models import Activity, Network, Organisation, Plan, PlanStatus
from tests.base import make_network, small_plan

pytestmark = pytest.mark.django_db

SEED = Path("planea/demo/plan-anual-2017-red-gealc.txt")


def run_import(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def planea(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The real console script, in a process of its own, on a throwaway database."""
    env = {**os.environ, "PLANEA_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    return subprocess.run(
        [sys.executable, "-m", "planea", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_importing_the_seed_prints_its_warnings_with_their_lines_and_a_summary():
    make_network("Red GEALC", "red-gealc")

    out, err = run_import(str(SEED), "--network", "Red GEALC")

    assert "Imported Red GEALC 2017: PLAN ANUAL DE TRABAJO 2017 — 6 areas, 44 activities" in out
    assert "plan-anual-2017-red-gealc.txt: warning: line 61: activity 1.3.i has no lead" in err
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert len(warnings) == len(planfile.read_path(SEED).warnings)
    assert Plan.objects.get().activities.count() == 44


def test_the_network_is_found_by_its_acronym_whatever_the_case():
    network = make_network("Red GEALC", "red-gealc")

    out, _ = run_import(str(SEED), "--network", "red gealc")

    assert Plan.objects.get().network == network
    assert "Created network" not in out


def test_an_unknown_network_stops_the_command_with_the_networks_and_how_to_make_one():
    make_network("Red GEALC", "red-gealc")

    with pytest.raises(CommandError) as refused:
        run_import(str(SEED), "--network", "RED-GEAL")

    message = str(refused.value)
    assert refused.value.returncode == 2
    assert "\n" not in message
    assert "Red GEALC (red-gealc)" in message
    assert 'planea network create ACRONYM "Full name"' in message
    assert Network.objects.count() == 1 and not Plan.objects.exists()


def test_the_network_is_found_by_its_slug_whatever_the_case():
    network = make_network("Red GEALC", "red-gealc")

    run_import(str(SEED), "--network", "RED-GEALC")

    assert Plan.objects.get().network == network


def test_an_imported_plan_is_a_draft_by_default_with_who_and_whence_recorded():
    make_network("Red GEALC", "red-gealc")

    out, _ = run_import(str(SEED), "--network", "Red GEALC")

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT
    assert out.strip().endswith("; draft.")
    transition = plan.transitions.get()
    assert (transition.from_status, transition.to_status) == ("", "draft")
    assert "plan-anual-2017-red-gealc.txt" in transition.decision


def test_an_approved_import_records_the_assemblys_approval_through_the_life_cycle():
    from planea.accounts.models import Role
    from planea.governance.models import VersionKind
    from tests.base import member
    from tests.governance.support import assembly_meeting

    network = make_network("Red GEALC", "red-gealc")
    meeting = assembly_meeting(network)
    member("sofia", network, Role.SECRETARIAT)

    run_import(
        str(SEED), "--network", "red gealc", "--status", "approved",
        "--meeting", str(meeting.pk), "--as", "sofia",
    )  # fmt: skip

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.APPROVED
    steps = list(plan.transitions.values_list("from_status", "to_status"))
    assert steps == [("", "draft"), ("draft", "proposed"), ("proposed", "approved")]
    assert plan.versions.get(kind=VersionKind.APPROVAL).meeting == meeting


def test_an_approved_import_finds_the_meeting_by_its_date_too():
    from tests.base import member
    from tests.governance.support import assembly_meeting

    network = make_network("Red GEALC", "red-gealc")
    assembly_meeting(network, date=__import__("datetime").date(2016, 12, 2))
    member("ana", network, "secretariat")

    run_import(
        str(SEED), "--network", "Red GEALC", "--status", "approved",
        "--meeting", "2016-12-02", "--as", "ana",
    )  # fmt: skip

    assert Plan.objects.get().status == PlanStatus.APPROVED


def test_approved_without_a_meeting_or_by_someone_not_allowed_stores_nothing():
    from tests.base import member
    from tests.governance.support import assembly_meeting

    network = make_network("Red GEALC", "red-gealc")
    meeting = assembly_meeting(network)
    member("vera", network, "viewer")

    with pytest.raises(CommandError, match="needs --meeting") as no_meeting:
        run_import(str(SEED), "--network", "Red GEALC", "--status", "approved", "--as", "vera")
    assert no_meeting.value.returncode == 2
    with pytest.raises(CommandError, match="may not record"):
        run_import(
            str(SEED), "--network", "Red GEALC", "--status", "approved",
            "--meeting", str(meeting.pk), "--as", "vera",
        )  # fmt: skip

    assert not Plan.objects.exists()


def test_a_second_import_of_the_same_year_is_refused_unless_replace(tmp_path):
    make_network("Red GEALC", "red-gealc")
    run_import(str(SEED), "--network", "Red GEALC")

    with pytest.raises(CommandError) as refused:
        run_import(str(SEED), "--network", "Red GEALC")
    assert "already has a plan for 2017" in str(refused.value)
    assert "--replace" in str(refused.value)
    assert Plan.objects.count() == 1

    out, _ = run_import(str(SEED), "--network", "Red GEALC", "--replace")
    assert "44 activities" in out
    assert Plan.objects.count() == 1
    assert Activity.objects.count() == 44


def test_replacing_a_draft_keeps_it_a_draft_that_the_public_cannot_read(client):
    make_network("Red GEALC", "red-gealc")
    run_import(str(SEED), "--network", "Red GEALC")
    Plan.objects.update(status=PlanStatus.DRAFT)

    run_import(str(SEED), "--network", "Red GEALC", "--replace")

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT
    assert plan.status not in PlanStatus.public()
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_replacing_an_adopted_plan_keeps_it_adopted():
    make_network("Red GEALC", "red-gealc")
    run_import(str(SEED), "--network", "Red GEALC")
    Plan.objects.update(status=PlanStatus.IN_EXECUTION)

    run_import(str(SEED), "--network", "Red GEALC", "--replace")

    assert Plan.objects.get().status == PlanStatus.IN_EXECUTION


def test_a_broken_file_changes_nothing_and_says_what_is_wrong(tmp_path):
    make_network("Red GEALC", "red-gealc")
    run_import(str(SEED), "--network", "Red GEALC")
    counts = (Plan.objects.count(), Activity.objects.count(), Organisation.objects.count())
    broken = tmp_path / "broken.txt"
    broken.write_text("Plan 2018\nEste documento no tiene áreas ni actividades.\n")

    with pytest.raises(CommandError, match=r"^broken\.txt: no activities found"):
        run_import(str(broken), "--network", "Red GEALC")

    assert (Plan.objects.count(), Activity.objects.count(), Organisation.objects.count()) == counts


def test_a_plan_the_database_refuses_stores_nothing(tmp_path):
    make_network("Red Nueva", "red-nueva")
    parsed = small_plan()
    parsed.year = None  # the importer refuses a plan without a year
    path = tmp_path / "sin-anio.json"
    path.write_text(planfile.to_json(parsed), encoding="utf-8")

    with pytest.raises(CommandError, match="does not say which year"):
        run_import(str(path), "--network", "Red Nueva")

    assert not Plan.objects.exists() and not Organisation.objects.exists()


def test_a_json_plan_goes_through_the_same_import(tmp_path):
    make_network("Red Demo", "red-demo")
    path = tmp_path / "plan-2017.json"
    path.write_text(planfile.to_json(small_plan()), encoding="utf-8")

    out, _ = run_import(str(path), "--network", "Red Demo")

    assert "2 areas, 5 activities" in out
    assert Plan.objects.get().source_name == "plan-2017.json"


def test_a_missing_file_is_a_one_line_error_without_a_traceback(tmp_path):
    result = planea(
        "import", str(tmp_path / "nope.txt"), "--network", "Red GEALC", tmp_path=tmp_path
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {tmp_path / 'nope.txt'}: no such file"
    ]


def test_an_unreadable_document_is_a_one_line_error_without_a_traceback(tmp_path):
    empty = tmp_path / "vacio.txt"
    empty.write_text("   \n")

    result = planea("import", str(empty), "--network", "Red GEALC", tmp_path=tmp_path)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["CommandError: vacio.txt: the document is empty"]
