"""Writing an activity and its links from the plan form: one way for the
importer, rollover and amendments (planea.plans.writing)."""

import dataclasses

import pytest

from planea import planfile
from planea.plans.document import plan_document
from planea.plans.importer import import_plan, names_for
from planea.plans.models import Activity, Network, Plan
from planea.plans.writing import (
    NewActivity,
    create_activities,
    create_areas,
    history,
    links_of,
    update_activity,
)

from ..planfile.conftest import SEED


@pytest.fixture
def stored(db) -> Plan:
    network = Network.objects.create(name="Red GEALC", acronym="Red GEALC", slug="red-gealc")
    return import_plan(planfile.read_path(SEED), network)


def _update_all(plan: Plan, document: planfile.Plan) -> list[str]:
    """Every activity of `plan` updated in place to `document`; the keys changed."""
    write = history("test")
    names = names_for(plan.network, document.activities, write)
    current = {a.key: a for a in Activity.objects.filter(plan=plan)}
    links = links_of(plan)
    changed = []
    for order, parsed in enumerate(document.activities):
        activity = current[parsed.key]
        if update_activity(
            activity,
            parsed,
            area_id=activity.area_id,
            order=order,
            names=names,
            links=links.get(activity.pk),
            history=write,
        ):
            changed.append(activity.key)
    return changed


def test_a_plans_activities_written_anew_from_its_plan_form_come_back_out_the_same(stored):
    document = plan_document(stored)
    copy = Plan.objects.create(network=stored.network, year=stored.year + 1, title="Copia")
    write = history("test")
    area_of = create_areas(copy, document.areas, write)
    names = names_for(copy.network, document.activities, write)
    rows = [
        NewActivity(parsed, area_of[id(parsed)], order)
        for order, parsed in enumerate(document.activities)
    ]
    create_activities(copy, rows, names, write)

    assert [a.to_dict() for a in plan_document(copy).activities] == [
        a.to_dict() for a in document.activities
    ]


def test_an_activity_updated_to_what_it_already_says_does_not_change(stored):
    versions = dict(Activity.objects.filter(plan=stored).values_list("key", "version"))

    assert _update_all(stored, plan_document(stored)) == []
    assert dict(Activity.objects.filter(plan=stored).values_list("key", "version")) == versions


def test_a_new_lead_changes_the_activity_in_place_and_moves_its_version(stored):
    document = plan_document(stored)
    first = document.activities[0]
    document.areas[0].activities[0] = dataclasses.replace(first, leads=["Secretaría Técnica"])
    before = Activity.objects.get(plan=stored, key=first.key)

    assert _update_all(stored, document) == [first.key]
    after = Activity.objects.get(pk=before.pk)
    assert after.version == before.version + 1
    assert [o.name for o in after.ordered_leads] == ["Secretaría Técnica"]
