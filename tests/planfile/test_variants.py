"""The family of documents: the same plan written in Portuguese, English, and sloppily."""

import datetime as dt
from pathlib import Path

import pytest

from planea import planfile

SAMPLES = Path(__file__).resolve().parent / "samples"


def parse(text: str) -> planfile.Plan:
    return planfile.parse_text(text)


def test_a_portuguese_plan_reads_with_its_own_labels():
    plan = planfile.read_path(SAMPLES / "plano-2018-pt.txt")
    assert (plan.title, plan.year, plan.language) == ("PLANO ANUAL DE TRABALHO 2018", 2018, "pt")
    assert plan.sections[0].text == "Rede de Governo Digital"
    first, second, third = plan.activities
    assert (first.period, first.products, first.resources, first.leads) == (
        "S1",
        ["Relatórios dos intercâmbios"],
        ["Cooperação Técnica do BID"],
        ["Grupo de trabalho em dados abertos"],
    )
    assert first.targets[0].quantity == 3
    assert (second.starts, second.due, second.location) == (
        dt.date(2018, 3, 16),
        dt.date(2018, 3, 31),
        "Brasília (Brasil)",
    )
    assert second.leads == ["Secretaria Técnica", "BID"]
    assert third.period == "ANNUAL"
    assert third.products == ["Atas das reuniões", "Relatório anual"]
    assert [(t.quantity, t.recurrence) for t in third.targets] == [(6, "P2M")]
    # The area's note funds what names no funding of its own.
    assert (third.resources, third.inherited) == (["BID"], ["resources"])


def test_an_english_plan_reads_with_its_own_labels():
    plan = planfile.read_path(SAMPLES / "plan-2019-en.md")
    assert (plan.year, plan.language) == (2019, "en")
    assert [s.heading for s in plan.sections] == ["BACKGROUND", "PURPOSE", "WORK AREAS"]
    workshops, newsletter, meetings = plan.activities
    assert (workshops.period, workshops.starts, workshops.due) == (
        "S1",
        dt.date(2019, 5, 14),
        dt.date(2019, 5, 16),
    )
    assert workshops.leads == ["Technical Secretariat", "Chile"]
    assert (workshops.targets[0].quantity, workshops.targets[0].unit) == (2, "workshops")
    assert (newsletter.code, newsletter.period, newsletter.key) == ("1.2.a", "S2", "1.2.a")
    assert newsletter.targets[0].quantity == 10
    assert meetings.leads == ["Executive Committee"]
    assert meetings.resources == ["IDB Technical Cooperation"]
    assert [(t.quantity, t.unit, t.recurrence) for t in meetings.targets] == [(6, "meeting", "P2M")]


@pytest.mark.parametrize(
    ("header", "period"),
    [
        ("Actividades primer semestre 2017", "S1"),
        ("Actividades del primer semestre de 2017", "S1"),
        ("Actividades segundo semestre 2017", "S2"),
        ("Actividades del segundo semestre de 2017", "S2"),
        ("Actividades segundoi semestre 2017", "S2"),
        ("Actividades 2do. semestre", "S2"),
        ("Actividades de carácter anual", "ANNUAL"),
        ("Actividades anuales", "ANNUAL"),
        ("Atividades do primeiro semestre", "S1"),
        ("Atividades de caráter anual", "ANNUAL"),
        ("First semester activities", "S1"),
        ("Activities for the second half of 2017", "S2"),
        ("Year-round activities", "ANNUAL"),
    ],
)
def test_period_headers_are_read_however_they_are_written(header, period):
    plan = parse(f"Plan 2017\n1. Área\n1.1. {header}\n1.1.i- Algo\nProducto: x\n")
    assert plan.activities[0].period == period
    assert not [w for w in plan.warnings if w.code == "unknown-period"]


@pytest.mark.parametrize(
    "line",
    [
        "1.1.i- Algo",
        "1.1.i -Algo",
        "1.1.i-Algo",
        "1.1.i - Algo",
        "1.1.i) Algo",
        "1.1.I- Algo",
        "1.1.1. Algo",
    ],
)
def test_activity_codes_are_read_with_any_dash_and_spacing(line):
    plan = parse(f"Plan 2017\n1. Área\n1.1- Actividades de carácter anual\n{line}\n")
    assert plan.activities[0].title == "Algo"
    assert plan.activities[0].key in ("1.1.i", "1.1.1")


def test_section_numbers_with_dot_or_dash_are_sections():
    plan = parse(
        "Plan 2017\n1. Área\n1.1. Actividades primer semestre\n1.1.i- A\n"
        "1.2- Actividades segundo semestre\n1.2.i- B\n"
    )
    assert [(a.key, a.period) for a in plan.activities] == [("1.1.i", "S1"), ("1.2.i", "S2")]


def test_values_that_run_over_several_lines_are_joined():
    plan = parse(
        "Plan 2017\n1. Área\n1.1- Actividades de carácter anual\n"
        "1.1.i- Un título largo que\nsigue en la línea siguiente\n"
        "Producto: Un informe que también\n\nsigue después de una línea en blanco\n"
        "Liderazgo del compromiso: Comité\nEjecutivo\n"
    )
    (item,) = plan.activities
    assert item.title == "Un título largo que sigue en la línea siguiente"
    assert item.products == ["Un informe que también sigue después de una línea en blanco"]
    assert item.leads == ["Comité Ejecutivo"]


def test_an_unheaded_plan_without_free_text_still_reads():
    plan = parse("1. Área\n1.1- Actividades primer semestre 2020\n1.1.i- Algo\n")
    assert (plan.title, plan.year, len(plan.activities)) == ("", 2020, 1)
