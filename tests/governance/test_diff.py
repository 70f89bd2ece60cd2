"""The difference between two texts of a plan, field by field: activities
added, removed and changed (matched by key), work areas, and the plan's own
fields, as plain data."""

from __future__ import annotations

import copy
import datetime as dt

from planea import planfile
from planea.governance.diff import ADDED, CHANGED, REMOVED, FieldChange, diff_documents
from tests.base import activity, small_plan
from tests.governance.support import area_of, drop, find


def changed_plan():
    before = small_plan()
    after = copy.deepcopy(before)
    return before, after


def fields(diff, key: str) -> dict[str, tuple[str, str]]:
    found = diff.activity(key)
    assert found is not None, key
    return {change.field: (change.before, change.after) for change in found.fields}


def test_the_same_plan_has_no_differences():
    before, after = changed_plan()

    diff = diff_documents(before, after)

    assert diff.is_empty
    assert diff.plan == diff.areas == diff.activities == ()


def test_a_changed_title_period_and_dates_are_each_a_field():
    before, after = changed_plan()
    workshop = find(after, "1.1.i")
    workshop.title = "Sexto taller regional de software público"
    workshop.period = "S2"
    workshop.starts = dt.date(2017, 9, 1)
    workshop.due = dt.date(2017, 9, 15)

    diff = diff_documents(before, after)

    assert [a.key for a in diff.changed] == ["1.1.i"]
    assert fields(diff, "1.1.i") == {
        "title": (
            "Quinto taller regional de software público",
            "Sexto taller regional de software público",
        ),
        "period": ("S1", "S2"),
        "starts": ("2017-04-01", "2017-09-01"),
        "due": ("2017-04-15", "2017-09-15"),
    }
    change = diff.activity("1.1.i").field("period")
    assert isinstance(change, FieldChange) and change.label


def test_products_leads_funding_and_targets_are_compared_as_lists():
    before, after = changed_plan()
    meetings = find(after, "1.3.i")
    meetings.products = ["Actas de las reuniones", "Informe anual del grupo"]
    meetings.leads = ["Secretaría Técnica"]
    meetings.resources = ["Proyecto BPR/BID"]
    meetings.targets = [planfile.Target(5, "reuniones", "P2M", 0)]

    diff = diff_documents(before, after)

    assert fields(diff, "1.3.i") == {
        "products": (
            "Actas de las reuniones",
            "Actas de las reuniones\nInforme anual del grupo",
        ),
        "targets": (
            "6 reuniones (P2M) → Actas de las reuniones",
            "5 reuniones (P2M) → Actas de las reuniones",
        ),
        "leads": ("Secretaría Técnica\nBID", "Secretaría Técnica"),
        "resources": ("Cooperación Técnica del BID", "Proyecto BPR/BID"),
    }


def test_a_lead_spelled_differently_is_no_change():
    before, after = changed_plan()
    find(after, "1.3.i").leads = ["SECRETARIA TECNICA", "BID"]

    assert diff_documents(before, after).is_empty


def test_details_and_location_are_fields_too():
    before, after = changed_plan()
    workshop = find(after, "1.1.i")
    workshop.details = "Montevideo (Uruguay), septiembre de 2017."
    workshop.location = "Montevideo (Uruguay)"

    assert fields(diff_documents(before, after), "1.1.i") == {
        "details": (
            "Lima (Perú), primera quincena de abril de 2017.",
            "Montevideo (Uruguay), septiembre de 2017.",
        ),
        "location": ("Lima (Perú)", "Montevideo (Uruguay)"),
    }


def test_an_activity_moved_to_another_area_is_a_change_of_its_area():
    before, after = changed_plan()
    moved = find(after, "2.1.i")
    drop(after, "2.1.i")
    after.areas[0].activities.append(moved)

    diff = diff_documents(before, after)

    assert [a.key for a in diff.activities] == ["2.1.i"]
    assert diff.activity("2.1.i").change == CHANGED
    assert fields(diff, "2.1.i") == {
        "area": ("2. Medición del Gobierno Digital", "1. Software público")
    }


def test_added_and_removed_activities_list_their_fields():
    before, after = changed_plan()
    drop(after, "1.2.i")
    area_of(after, "1.1.i").activities.append(
        activity(
            "1.2.ii",
            "S2",
            "Sexto taller regional",
            location="Montevideo",
            leads=["Grupo de Trabajo en software público"],
        )
    )

    diff = diff_documents(before, after)

    assert [(a.key, a.change) for a in diff.activities] == [
        ("1.2.ii", ADDED),
        ("1.2.i", REMOVED),
    ]
    added = fields(diff, "1.2.ii")
    assert added["title"] == ("", "Sexto taller regional")
    assert added["location"] == ("", "Montevideo")
    assert added["leads"] == ("", "Grupo de Trabajo en software público")
    assert "details" not in added  # nothing on either side
    removed = fields(diff, "1.2.i")
    assert removed["title"] == ("Cuatro intercambios de cooperación horizontal", "")
    assert removed["targets"] == ("4 intercambios → Reporte de los intercambios", "")
    assert [a.key for a in diff.added] == ["1.2.ii"]
    assert [a.key for a in diff.removed] == ["1.2.i"]
    assert diff.changed == ()


def test_work_areas_are_compared_by_number():
    before, after = changed_plan()
    after.areas[1].objective = "Un marco común de medición del gobierno digital."
    after.areas[1].notes = ""
    after.areas.append(planfile.Area(number=3, title="Datos abiertos"))

    diff = diff_documents(before, after)

    changed, added = diff.areas
    assert (changed.number, changed.change) == (2, CHANGED)
    assert {f.field: (f.before, f.after) for f in changed.fields} == {
        "objective": (
            "Un marco de medición común.",
            "Un marco común de medición del gobierno digital.",
        ),
        "notes": ("Las actividades se realizan con trabajo voluntario de los países.", ""),
    }
    assert (added.number, added.title, added.change) == (3, "Datos abiertos", ADDED)
    assert diff.activities == ()


def test_the_plans_title_and_free_text_sections_are_compared():
    before, after = changed_plan()
    after.title = "PLAN ANUAL DE TRABAJO 2017 (enmendado)"
    after.sections[0] = planfile.Section("ANTECEDENTES", "Aprobado en Santiago.")
    after.sections.append(planfile.Section("ANEXO", "Calendario", after_areas=True))

    diff = diff_documents(before, after)

    assert [(c.field, c.before, c.after) for c in diff.plan] == [
        ("title", "PLAN ANUAL DE TRABAJO 2017", "PLAN ANUAL DE TRABAJO 2017 (enmendado)"),
        ("section:ANTECEDENTES", before.sections[0].text, "Aprobado en Santiago."),
        ("section:ANEXO", "", "Calendario"),
    ]


def test_every_change_is_plain_data():
    before, after = changed_plan()
    find(after, "2.2.i").targets = [planfile.Target(12, "ediciones", None, None)]

    diff = diff_documents(before, after)

    (change,) = diff.activity("2.2.i").fields
    assert (change.field, change.before, change.after) == (
        "targets",
        "10 ediciones",
        "12 ediciones",
    )
    assert all(
        isinstance(value, str)
        for a in diff.activities
        for f in a.fields
        for value in (f.field, f.label, f.before, f.after)
    )
