"""`planea demo`: Red GEALC, its countries, its 2017 committee and plan."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from planea.governance.models import BodySeat
from planea.plans.models import Network, Organisation, Plan

pytestmark = pytest.mark.django_db


def demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_red_gealc_and_its_2017_plan_with_all_44_activities():
    out = demo()

    network = Network.objects.get()
    assert (network.name, network.acronym, network.slug) == (
        "Red de Gobierno Electrónico de América Latina y el Caribe",
        "Red GEALC",
        "red-gealc",
    )
    plan = Plan.objects.get(network=network, year=2017)
    assert plan.activities.count() == 44
    assert "Loaded the demo: Red GEALC 2017, 44 activities" in out
    assert "/red-gealc/2017/" in out


def test_the_demo_network_has_the_latin_american_and_caribbean_countries_as_members():
    demo()

    members = set(Network.objects.get().countries.values_list("name", flat=True))
    assert {"Uruguay", "Haití", "República Dominicana", "Trinidad y Tobago"} <= members
    assert len(members) == 33
    assert (
        set(Organisation.objects.filter(kind="country").values_list("name", flat=True)) == members
    )


def test_the_2017_executive_committee_is_the_one_named_in_the_background_chaired_by_uruguay():
    demo()

    seats = BodySeat.objects.filter(year=2017, body__name="Comité Ejecutivo")
    assert sorted(seats.values_list("country__name", flat=True)) == [
        "Brasil",
        "Chile",
        "Colombia",
        "Guatemala",
        "Haití",
        "México",
        "República Dominicana",
        "Uruguay",
    ]
    assert seats.get(is_chair=True).country.name == "Uruguay"


def test_the_plans_committee_lead_is_the_same_organisation_as_the_demos_committee():
    demo()

    committee = Organisation.objects.get(key="comite ejecutivo")
    assert committee.kind == "body"
    assert committee.seats.count() == 8
    assert sorted(committee.led_activities.values_list("key", flat=True)) == [
        "5.1.i",
        "6.2.vii",
        "6.2.viii",
    ]


def test_running_the_demo_twice_changes_nothing():
    demo()
    counts = (Plan.objects.count(), Organisation.objects.count(), BodySeat.objects.count())

    out = demo()

    assert "already loaded" in out
    assert (Plan.objects.count(), Organisation.objects.count(), BodySeat.objects.count()) == counts


def test_the_demo_plan_carries_its_approval_at_the_2016_assembly_in_santiago():
    from planea.governance.models import PlanVersion
    from planea.ops.demo import load_demo

    plan = load_demo().plan
    (version,) = PlanVersion.objects.filter(plan=plan)
    assert (version.kind, version.meeting.date.isoformat(), version.meeting.place) == (
        "approval",
        "2016-12-02",
        "Santiago de Chile",
    )
    assert version.meeting.is_assembly
    assert plan.transitions.get().to_status == "approved"


def test_the_2016_approval_took_effect_at_its_meeting_not_when_the_demo_was_loaded():
    from planea.ops.demo import load_demo

    step = load_demo().plan.transitions.get()

    assert step.effective_on.isoformat() == "2016-12-02"
    assert step.created.date() > step.effective_on


@override_settings(PLANEA_TODAY=dt.date(2017, 6, 15))
def test_the_demo_says_which_day_planea_takes_for_today():
    assert "Planea's today is 2017-06-15 (PLANEA_TODAY)." in demo()


def test_the_demo_can_start_from_the_committees_draft():
    from planea.ops.demo import load_demo

    plan = load_demo(draft=True).plan
    assert plan.status == "draft"
    assert not plan.versions.exists()
