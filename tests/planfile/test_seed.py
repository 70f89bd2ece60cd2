"""The 2017 Red GEALC plan, pinned whole: what Planea reads from the real document."""

import datetime as dt
import os

from planea import planfile

from .conftest import GOLDEN, activity

GOLDEN_SEED = GOLDEN / "seed.json"


def test_the_seed_reads_exactly_as_the_golden_file(seed_plan):
    produced = planfile.to_json(seed_plan)
    if os.environ.get("PLANEA_REGENERATE_GOLDEN"):
        GOLDEN_SEED.write_text(produced, encoding="utf-8")
    assert produced == GOLDEN_SEED.read_text(encoding="utf-8")


def test_it_finds_six_areas_and_44_activities(seed_plan):
    assert [a.number for a in seed_plan.areas] == [1, 2, 3, 4, 5, 6]
    assert [len(a.activities) for a in seed_plan.areas] == [10, 6, 10, 6, 3, 9]
    assert len(seed_plan.activities) == 44
    assert seed_plan.title == "PLAN ANUAL DE TRABAJO 2017"
    assert seed_plan.year == 2017
    assert seed_plan.language == "es"


def test_it_keeps_the_background_and_purpose(seed_plan):
    assert seed_plan.section_text("Antecedentes").startswith("De acuerdo con los estatutos")
    assert "Uruguay (con la presidencia de este último)" in seed_plan.section_text("ANTECEDENTES")
    assert seed_plan.section_text("FINALIDAD").startswith(
        "El Plan Anual de Trabajo es la herramienta"
    )
    assert seed_plan.areas_heading == "ÁREAS DE TRABAJO"


def test_every_code_and_period_is_read_as_written(seed_plan):
    codes = [(a.code, a.period) for a in seed_plan.activities]
    assert codes[:10] == [
        ("1.1.i", "S1"), ("1.1.ii", "S1"), ("1.1.iii", "S1"), ("1.1.iv", "S1"),
        ("1.2.i", "S2"), ("1.2.ii", "S2"), ("1.2.iii", "S2"),
        ("1.3.i", "ANNUAL"), ("1.3.ii", "ANNUAL"), ("1.3.iii", "ANNUAL"),
    ]  # fmt: skip
    # "Actividades segundoi semestre 2017" is still the second semester.
    assert [a.period for a in seed_plan.areas[3].activities] == ["S1", "S1"] + ["S2"] * 4


def test_the_second_section_3_2_is_keyed_as_3_3(seed_plan):
    area = seed_plan.areas[2]
    assert [a.code for a in area.activities] == [
        "3.1.i", "3.1.ii", "3.2.i", "3.2.ii",
        "3.2.i", "3.2.ii", "3.2.iii", "3.2.iv", "3.2.v", "3.2.vi",
    ]  # fmt: skip
    assert [a.key for a in area.activities] == [
        "3.1.i", "3.1.ii", "3.2.i", "3.2.ii",
        "3.3.i", "3.3.ii", "3.3.iii", "3.3.iv", "3.3.v", "3.3.vi",
    ]  # fmt: skip
    assert activity(seed_plan, "3.3.i").period == "ANNUAL"
    assert len({a.key for a in seed_plan.activities}) == 44


def test_leads_are_organisations_with_one_spelling_each(seed_plan):
    assert activity(seed_plan, "5.1.i").leads == ["Comité Ejecutivo", "Secretaría Técnica"]
    assert activity(seed_plan, "5.2.iii").leads == [
        "País anfitrión",
        "País presidente",
        "Secretaría Técnica",
    ]
    assert activity(seed_plan, "6.2.ii").leads == ["Secretaría Técnica", "BID"]
    # "Comité Ejecutivo 2017" is the Executive Committee of the plan's year.
    assert activity(seed_plan, "6.2.vii").leads == ["Comité Ejecutivo"]
    spellings = {lead for a in seed_plan.activities for lead in a.leads}
    assert "Secretaria Técnica" not in spellings


def test_funding_and_products_are_read(seed_plan):
    assert activity(seed_plan, "1.1.i").resources == ["Proyecto BPR/BID"]
    assert activity(seed_plan, "2.2.i").resources == ["A definir"]
    assert activity(seed_plan, "5.2.i").products == [
        "Informe Plan de trabajo 2017",
        "Plan de trabajo 2018",
        "Proyecto de Declaración final",
    ]
    assert activity(seed_plan, "1.1.i").products == [
        "Análisis de viabilidad de las siguientes temáticas: API y estándar común para "
        "interconexión regional; Monitoreo de alertas, gestión de desastres; Cero papel "
        "(gestión documental)"
    ]


def test_targets_count_what_the_plan_promises(seed_plan):
    targets = {
        a.key: [(t.quantity, t.unit, t.recurrence, t.product) for t in a.targets]
        for a in seed_plan.activities
        if a.targets
    }
    assert targets == {
        "1.1.iii": [(3, "intercambios", None, 0)],
        "1.2.i": [(4, "adaptaciones", None, 0)],
        "1.2.ii": [(4, "intercambios", None, 0)],
        "1.3.i": [(6, "reunión", "P2M", 0)],
        "2.1.i": [(1, "set", None, 0)],
        "2.1.ii": [(1, "documento", None, 0)],
        "2.2.i": [(1, "GobCamp", None, 0)],
        "2.3.i": [(6, "reuniones", "P2M", 0)],
        "3.2.ii": [(1, "intercambio", None, 0)],
        "4.2.iv": [(1, "informe", None, 0)],
        "6.2.iv": [(10, "ediciones", None, 0)],
    }


def test_dates_come_from_the_period_or_the_details(seed_plan):
    taller = activity(seed_plan, "1.1.ii")
    assert (taller.starts, taller.due) == (dt.date(2017, 4, 1), dt.date(2017, 4, 15))
    assert taller.location == "Lima (Perú)"
    sexto = activity(seed_plan, "1.2.iii")
    assert (sexto.starts, sexto.due) == (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    assert sexto.location == "Montevideo (Uruguay)"
    assert activity(seed_plan, "1.1.i").due == dt.date(2017, 6, 30)
    assert activity(seed_plan, "1.2.i").due == dt.date(2017, 12, 31)
    assert activity(seed_plan, "1.3.i").due == dt.date(2017, 12, 31)
    assert activity(seed_plan, "1.1.i").starts is None


def test_area_4_takes_funding_and_lead_from_its_note(seed_plan):
    for item in seed_plan.areas[3].activities:
        assert item.resources == ["Trabajo voluntario de los países"]
        assert item.leads == ["Grupo de Trabajo de Red Gealc en Medición del Gobierno Digital"]
        assert item.inherited == ["resources", "leads"]
    assert all(
        not a.inherited for area in seed_plan.areas if area.number != 4 for a in area.activities
    )


def test_every_irregularity_is_reported_with_its_line(seed_plan):
    assert [(w.line, w.code) for w in seed_plan.warnings] == [
        (61, "missing-lead"),
        (73, "missing-lead"),
        (99, "funding-undecided"),
        (160, "duplicate-section"),
        (161, "duplicate-code"),
        (168, "duplicate-code"),
        (245, "inherited-from-note"),
        (249, "missing-funding"),
        (255, "missing-funding"),
        (260, "numbering-gap"),
        (260, "missing-funding"),
        (302, "missing-product"),
        (306, "missing-product"),
        (306, "missing-funding"),
        (309, "missing-product"),
        (309, "missing-funding"),
        (312, "missing-product"),
        (312, "missing-funding"),
    ]
    messages = {w.code: w.message for w in seed_plan.warnings}
    assert messages["numbering-gap"] == "activity 5.2.iii follows 5.2.i: 5.2.ii is missing"
    assert messages["duplicate-section"] == (
        "section 3.2 appears twice (first on line 145); its activities are keyed as 3.3"
    )


def test_each_activity_knows_its_source_line(seed_plan, seed_text):
    lines = seed_text.splitlines()
    for item in seed_plan.activities:
        assert lines[item.line - 1].startswith(item.code)
