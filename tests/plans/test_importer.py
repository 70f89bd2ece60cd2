"""Importing a parsed plan into the database: all or nothing."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planea import planfile
from planea.plans.importer import BATCH_SIZE, PlanExists, PlanImportError, import_plan
from planea.plans.models import (
    Activity,
    ActivityLead,
    Area,
    FundingSource,
    Organisation,
    Plan,
    Product,
)
from tests.base import activity, big_plan, make_network, small_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine("the importer's bulk writes, batching and rollback are the engine's"),
]


def row_counts() -> dict[str, int]:
    models = (Plan, Area, Activity, Product, Organisation, FundingSource, ActivityLead)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(autouse=True)
def english():
    # The importer's messages are translated; these tests read the English.
    with translation.override("en"):
        yield


@pytest.fixture
def network():
    return make_network()


def test_a_plan_is_stored_with_its_areas_activities_and_texts(network):
    plan = import_plan(small_plan(), network, source_name="plan.txt")

    assert (plan.year, plan.title, plan.status) == (2017, "PLAN ANUAL DE TRABAJO 2017", "approved")
    assert plan.background.startswith("El Comité Ejecutivo formado por Brasil")
    assert plan.purpose.startswith("El Plan Anual de Trabajo ordena")
    assert plan.source_name == "plan.txt" and plan.imported_at is not None
    assert [(a.number, a.title) for a in plan.areas.all()] == [
        (1, "Software público"),
        (2, "Medición del Gobierno Digital"),
    ]
    assert list(plan.activities.values_list("key", "period")) == [
        ("1.1.i", "S1"),
        ("1.2.i", "S2"),
        ("1.3.i", "ANNUAL"),
        ("2.1.i", "S1"),
        ("2.2.i", "S2"),
    ]
    workshop = plan.activities.get(key="1.1.i")
    assert (workshop.location, str(workshop.starts), str(workshop.due)) == (
        "Lima (Perú)",
        "2017-04-01",
        "2017-04-15",
    )
    assert workshop.source_line == 12
    assert plan.activities.get(key="2.1.i").inherited_fields == ["resources", "leads"]


def test_one_organisation_is_stored_whatever_accents_or_case_the_plan_used(network):
    plan = import_plan(small_plan(), network)

    secretariat = Organisation.objects.get(network=network, key="secretaria tecnica")
    # The accented spelling wins over "Secretaria Tecnica" and the capitals.
    assert secretariat.name == "Secretaría Técnica"
    assert secretariat.kind == "body"
    assert sorted(a.key for a in secretariat.led_activities.all()) == ["1.2.i", "1.3.i", "2.2.i"]
    assert plan.activities.get(key="2.2.i").ordered_leads[1] == secretariat


def test_organisations_get_a_kind_from_their_name(network):
    import_plan(small_plan(), network)

    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {
        "Grupo de Trabajo en software público": "working_group",
        "Secretaría Técnica": "body",
        "BID": "partner",
        "Grupo de trabajo en medición": "working_group",
        "País presidente": "role",
    }


def test_funding_sources_are_shared_and_point_at_the_partner_who_pays(network):
    plan = import_plan(small_plan(), network)

    sources = {s.name: s for s in FundingSource.objects.select_related("organisation")}
    assert set(sources) == {
        "Proyecto BPR/BID",
        "Cooperación Técnica del BID",
        "Trabajo voluntario de los países",
        "A definir",
    }
    assert sources["Proyecto BPR/BID"].kind == "project"
    assert sources["Proyecto BPR/BID"].organisation.name == "BID"
    assert sources["Cooperación Técnica del BID"].organisation.name == "BID"
    assert sources["Trabajo voluntario de los países"].kind == "in_kind"
    assert sources["A definir"].kind == "undecided"
    # "Proyecto BPR/BID." with a stray period is the same source.
    assert plan.activities.get(key="1.2.i").ordered_funding == [sources["Proyecto BPR/BID"]]


def test_targets_are_carried_by_the_products_they_count(network):
    plan = import_plan(small_plan(), network)

    def products(key):
        return [
            (p.description, p.target_quantity, p.target_unit, p.recurrence)
            for p in Product.objects.filter(activity__plan=plan, activity__key=key)
        ]

    # A target that names no product counts the first one.
    assert products("1.2.i") == [("Reporte de los intercambios", 4, "intercambios", "")]
    assert products("1.3.i") == [("Actas de las reuniones", 6, "reuniones", "P2M")]
    # An activity with a target and no product gets one named by the unit.
    assert products("2.2.i") == [("ediciones", 10, "ediciones", "")]
    assert products("1.1.i") == [("Definición del software público regional", None, "", "")]


def test_a_second_plan_for_the_same_year_is_refused_and_nothing_changes(network):
    import_plan(small_plan(), network)
    before = row_counts()

    with pytest.raises(PlanExists) as refused:
        import_plan(small_plan(title="OTRO PLAN 2017"), network)

    assert "Red Demo already has a plan for 2017" in refused.value.message
    assert "--replace" in refused.value.message
    assert row_counts() == before
    assert Plan.objects.get().title == "PLAN ANUAL DE TRABAJO 2017"


def test_replace_swaps_the_plan_and_keeps_the_networks_organisations(network):
    first = import_plan(small_plan(), network)
    secretariat = Organisation.objects.get(key="secretaria tecnica")

    second = import_plan(big_plan(60), network, replace=True)

    assert not Plan.objects.filter(pk=first.pk).exists()
    assert Plan.objects.get(network=network, year=2017) == second
    assert second.activities.count() == 60
    assert Organisation.objects.get(key="secretaria tecnica") == secretariat


def test_plans_of_other_years_share_the_networks_organisations(network):
    import_plan(small_plan(2017), network)
    import_plan(small_plan(2018), network)

    assert Plan.objects.count() == 2
    assert Organisation.objects.filter(key="secretaria tecnica").count() == 1
    assert Activity.objects.filter(key="1.1.i").count() == 2


def test_a_failure_midway_leaves_the_database_as_it_was(network, monkeypatch):
    import_plan(small_plan(2016), network)
    before = row_counts()

    def broken_bulk_create(*args, **kwargs):
        raise DatabaseError("disk full")

    # Activities and leads are written by then; products fail.
    monkeypatch.setattr(Product.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(PlanImportError, match="the database refused the plan: disk full"):
        import_plan(small_plan(2017), network)

    assert row_counts() == before


def test_a_failed_replacement_keeps_the_old_plan(network, monkeypatch):
    old = import_plan(small_plan(), network)
    before = row_counts()

    def broken_bulk_create(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(Product.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(PlanImportError):
        import_plan(big_plan(30), network, replace=True)

    assert row_counts() == before
    assert Plan.objects.get() == old


def test_a_plan_without_a_year_is_refused(network):
    parsed = small_plan()
    parsed.year = None

    with pytest.raises(PlanImportError, match="does not say which year"):
        import_plan(parsed, network)
    assert Plan.objects.count() == 0


def test_a_repeated_activity_key_is_refused_with_its_line(network):
    parsed = small_plan()
    parsed.areas[1].activities.append(activity("1.1.i", "S1", "Otra vez", line=77))

    with pytest.raises(PlanImportError, match=r"^line 77: activity key 1\.1\.i is used twice$"):
        import_plan(parsed, network)
    assert row_counts()["Activity"] == 0


def test_an_activity_ending_before_it_starts_is_refused(network):
    parsed = small_plan()
    workshop = parsed.areas[0].activities[0]
    workshop.starts, workshop.due = workshop.due, workshop.starts

    with pytest.raises(PlanImportError, match=r"line 12: activity 1\.1\.i ends before it starts"):
        import_plan(parsed, network)


def test_progress_is_reported_up_to_the_number_of_activities(network):
    seen = []
    total = BATCH_SIZE + 1  # two batches: a step between the first and the last

    import_plan(big_plan(total), network, progress=lambda done, total: seen.append((done, total)))

    assert seen[0] == (0, total)
    assert (BATCH_SIZE, total) in seen
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_activities_import_in_batches_not_one_by_one(network):
    # Just past a batch of the importer's, so that the batching is crossed.
    size = BATCH_SIZE + 20
    other = make_network("Red Chica", "red-chica")
    with CaptureQueriesContext(connection) as few:
        import_plan(big_plan(40), other)
    with CaptureQueriesContext(connection) as many:
        plan = import_plan(big_plan(size), network)

    assert plan.activities.count() == size
    assert Product.objects.filter(activity__plan=plan).count() == 2 * size
    assert ActivityLead.objects.filter(activity__plan=plan).count() == 2 * size
    # Bulk inserts, with the audit history's rows in bulk too: the count
    # grows with batches (SQLite takes 999 values per statement), never with
    # activities one by one (which would cost some five queries each).
    assert len(many) - len(few) < (size - 40) / 5, (len(few), len(many))
    assert len(many) < size / 4, len(many)


def test_the_seed_plan_imports_whole():
    network = make_network("Red GEALC", "red-gealc")
    parsed = planfile.read_path("planea/demo/plan-anual-2017-red-gealc.txt")

    plan = import_plan(parsed, network)

    assert plan.activities.count() == 44
    assert plan.areas.count() == 6
    # The document writes "Secretaria Técnica" and "Secretaría Técnica".
    assert Organisation.objects.filter(key="secretaria tecnica").count() == 1
    assert Organisation.objects.get(key="secretaria tecnica").name == "Secretaría Técnica"
    # The repeated code 3.2.i is kept as written, with its own key.
    assert plan.activities.get(key="3.3.i").code == "3.2.i"


def test_replacing_a_plan_that_leads_have_reported_on_is_refused(network):
    from planea.tracking.models import record_progress

    plan = import_plan(small_plan(), network)
    reported = plan.activities.first()
    record_progress(reported, author=None, status="on_track", seen_version=reported.version)

    with pytest.raises(PlanImportError) as refused:
        import_plan(small_plan(), network, replace=True)

    assert "already has progress reports or evidence" in refused.value.message
    assert Plan.objects.get(pk=plan.pk).activities.get(pk=reported.pk).status == "on_track"


def test_replacing_a_plan_with_recorded_versions_is_refused(network):
    from planea.governance.lifecycle import snapshot
    from planea.governance.models import VersionKind

    plan = import_plan(small_plan(), network)
    snapshot(plan, VersionKind.PROPOSAL, None)

    with pytest.raises(PlanImportError) as refused:
        import_plan(small_plan(), network, replace=True)

    assert "has recorded versions" in refused.value.message
    assert Plan.objects.filter(pk=plan.pk).exists()


W3C_LIKE_PLAN = b"""# Extension plan 2022

## Current
| Due date | Spec. | Description |
| --- | --- | --- |
| June 7, 2023 | Arch 1.1, Discovery | PR publication (WG resolutions) |
| June 7, 2023 | Profile | <strike>PR transition request</strike> |
"""


def test_a_table_plan_of_another_network_is_stored_with_its_struck_rows_cancelled(network):
    parsed = planfile.read_bytes(W3C_LIKE_PLAN, "plan.md")
    plan = import_plan(parsed, network, source_name="plan.md")

    publication, transition = plan.activities.order_by("order")
    assert (publication.title, str(publication.due), publication.status) == (
        "PR publication (WG resolutions)",
        "2023-06-07",
        "not_started",
    )
    assert list(publication.products.values_list("description", flat=True)) == [
        "Arch 1.1",
        "Discovery",
    ]
    assert (transition.title, transition.status) == ("PR transition request", "cancelled")
