"""Plans written in other layouts than the Red GEALC one: tables, outlines,
numbered label blocks, and the hints that override the reader's choice."""

from __future__ import annotations

import datetime as dt

import pytest

from planea import planfile


def read(text: str, name: str = "plan.md", **hints) -> planfile.Plan:
    return planfile.read_bytes(text.encode("utf-8"), name, **hints)


def codes(plan: planfile.Plan, code: str) -> list[str]:
    return [w.message for w in plan.warnings if w.code == code]


SPANISH_TABLE = """\
# Plan de trabajo 2024 del Grupo de Datos Abiertos

## Actividades

| Actividad | Responsable | Plazo | Producto |
|---|---|---|---|
| Taller regional de datos abiertos | Uruguay | 30/04/2024 | Informe del taller |
| Encuesta de madurez | Secretaría Técnica, Chile | S2 2024 | Informe |
"""


def test_a_table_with_an_activity_column_gives_one_activity_per_row():
    plan = read(SPANISH_TABLE)

    assert plan.layout == "table"
    assert [(a.title, a.leads, a.due, a.products) for a in plan.activities] == [
        ("Taller regional de datos abiertos", ["Uruguay"], dt.date(2024, 4, 30),
         ["Informe del taller"]),
        ("Encuesta de madurez", ["Secretaría Técnica", "Chile"], dt.date(2024, 12, 31),
         ["Informe"]),
    ]  # fmt: skip
    assert [a.title for a in plan.areas] == ["Actividades"]
    assert (plan.year, plan.language) == (2024, "es")


def test_the_reader_says_which_columns_it_read_as_which_field():
    plan = read(SPANISH_TABLE)

    assert codes(plan, "layout") == [
        "read as a table (line 5): columns Actividad→title, Responsable→leads, Plazo→due, "
        "Producto→product"
    ]


def test_a_table_of_scores_or_criteria_is_not_read_as_activities():
    text = (
        SPANISH_TABLE
        + "\n## Criterios\n\n| Criterio | Nombre | Peso |\n|---|---|---|\n| C1 | Relevancia | 4 |\n"
    )
    assert len(read(text).activities) == 2


def test_a_column_of_themes_groups_the_rows_into_areas_in_order_of_first_appearance():
    html = """<table><thead><tr><th>Ministère</th><th>Thématiques</th><th>Actions</th>
    <th>Echéances</th></tr></thead><tbody>
    <tr><td>MC</td><td>Codes sources</td><td>Publier les codes</td><td>S1 2022</td></tr>
    <tr><td>MI</td><td>Algorithmes</td><td>Publier les algorithmes</td><td>CONT</td></tr>
    <tr><td>MJ</td><td>Codes sources</td><td>Ouvrir les codes du ministère</td><td>2023</td></tr>
    </tbody></table>"""
    plan = read(html, "feuille.md")

    assert [(area.title, [a.title for a in area.activities]) for area in plan.areas] == [
        ("Codes sources", ["Publier les codes", "Ouvrir les codes du ministère"]),
        ("Algorithmes", ["Publier les algorithmes"]),
    ]
    first, ongoing = plan.areas[0].activities[0], plan.areas[1].activities[0]
    assert (first.leads, first.due) == (["MC"], dt.date(2022, 6, 30))
    assert (ongoing.due, ongoing.due_text) == (None, "CONT")
    assert plan.language == "fr"


def test_an_html_page_of_any_extension_is_read_as_html():
    page = "<html><body><h2>Work plan 2023</h2><table><tr><th>Task</th><th>Lead</th></tr>"
    page += "<tr><td>Publish the data</td><td>Ana</td></tr></table></body></html>"
    plan = read(page, "plan.aspx")

    assert [(a.title, a.leads) for a in plan.activities] == [("Publish the data", ["Ana"])]


ENGLISH_OUTLINE = """\
# Open data action plan 2023-2025

## Introduction

Why this plan exists.

## Theme one: access

### 1.1 Publish the budget as open data

**Lead:** Ministry of Finance

**Deadline:** June 2024

**Deliverables**

1. A budget dataset
2. A data dictionary

### 1.2 Train civil servants

Lead: Digital Agency

Deadline: Q4 2024

## Theme two: participation

### 2.1 Open consultations online

Lead: Cabinet Office
"""


def test_an_outline_reads_headings_as_areas_and_activities_and_labels_as_fields():
    plan = read(ENGLISH_OUTLINE)

    assert plan.layout == "outline"
    assert [area.title for area in plan.areas] == ["Theme one: access", "Theme two: participation"]
    budget, training, consultations = plan.activities
    assert (budget.code, budget.title) == ("1.1", "Publish the budget as open data")
    assert budget.leads == ["Ministry of Finance"]
    assert (budget.due, budget.due_text) == (dt.date(2024, 6, 30), "June 2024")
    assert budget.products == ["A budget dataset", "A data dictionary"]
    assert (training.leads, training.due) == (["Digital Agency"], dt.date(2024, 12, 31))
    assert consultations.leads == ["Cabinet Office"]
    assert (plan.year, plan.period, plan.language) == (2023, (2023, 2025), "en")
    assert codes(plan, "layout") == ["read as an outline: headings of level 3 are activities"]


def test_numbered_label_blocks_are_activities_and_dated_targets_give_the_deadline():
    text = """\
DESAFÍO OGP: INCREMENTAR LA INTEGRIDAD PÚBLICA

COMPROMISO NRO. 1: MÁS TRANSPARENCIA EN LA CONTRATACIÓN.
ENTIDAD RESPONSABLE: Colombia Compra Eficiente - CCE.
PERSONA RESPONSABLE: Fabio Betancourth, Subdirector.
METAS: 12/15: Habilitadas 620 entidades.
06/17: Aumento en el uso del SECOP II.

COMPROMISO NRO. 2: DATOS ABIERTOS DE SALUD.
ENTIDADES RESPONSABLES: Ministerio de Salud y Seguridad Social e Invima.
METAS: 06/16: Diseñados indicadores.
"""
    plan = read(text, "plan.txt")

    first, second = plan.activities
    assert (first.code, first.title) == (
        "COMPROMISO NRO. 1",
        "MÁS TRANSPARENCIA EN LA CONTRATACIÓN",
    )
    assert first.leads == ["Colombia Compra Eficiente - CCE"]
    assert first.due == dt.date(2017, 6, 30)
    assert second.due == dt.date(2016, 6, 30)
    assert [a.title for a in plan.areas] == ["DESAFÍO OGP: INCREMENTAR LA INTEGRIDAD PÚBLICA"]


def test_bold_lines_with_prose_are_activities_and_the_plans_single_deadline_is_inherited():
    html = """<html><body>
    <h1>New initiatives</h1>
    <p>These initiatives will be done by the end of this plan cycle in June 2017.</p>
    <h2>Open contracting</h2>
    <p><b>Harness contracting data</b></p>
    <p>The Administration will convene contracting officers.</p>
    <p><b>Help small businesses</b></p>
    <p>The Small Business Administration commits to publish guides.</p>
    <h2>Data for development</h2>
    <ul><li>Engage in public consultations</li><li>Develop a reporting platform</li></ul>
    <h2>Arctic science</h2>
    <p>The Government will share Arctic data openly.</p>
    <h2>Responsible business</h2>
    <p><b>Consult the public on business conduct</b></p>
    <p>The Administration will consult.</p>
    </body></html>"""
    plan = read(html, "plan.html")

    assert [a.title for a in plan.activities] == [
        "Harness contracting data",
        "Help small businesses",
        "Engage in public consultations",
        "Develop a reporting platform",
        "Arctic science",
        "Consult the public on business conduct",
    ]
    assert plan.activities[0].leads == ["Administration"]
    assert plan.activities[1].leads == ["Small Business Administration"]
    assert {a.due for a in plan.activities} == {dt.date(2017, 6, 30)}
    assert codes(plan, "inherited-due") == [
        "6 activities take the deadline the plan states once: "
        "'by the end of this plan cycle in June 2017'"
    ]


def test_a_table_and_an_outline_in_one_document_are_both_read_in_document_order():
    text = SPANISH_TABLE + "\n## Acciones de apertura\n\n### MP_01 - Catálogo de datos\n\n"
    text += "**Unidade responsável:** SPU\n\n**Meta/Prazo:** Setembro/2024\n\n"
    text += "### MP_02 - Datos de viajes\n\n**Unidade responsável:** SEGES\n"
    plan = read(text)

    assert plan.layout == "mixed"
    assert [(a.code, a.title) for a in plan.activities][-2:] == [
        ("MP_01", "Catálogo de datos"),
        ("MP_02", "Datos de viajes"),
    ]
    assert plan.activities[2].due == dt.date(2024, 9, 30)


def test_struck_through_items_are_kept_and_marked_cancelled():
    text = """\
| Due date | Spec. | Description |
| --- | --- | --- |
| Nov 30, 2021 | TD 1.1 | Roll back TD spec |
| Dec 6, 2022 | Profile | <strike>CR transition request</strike> |
| Jan 9, 2023 | All | ~~Wide review~~ |
"""
    plan = read(text)

    assert [(a.title, a.status) for a in plan.activities] == [
        ("Roll back TD spec", ""),
        ("CR transition request", "cancelled"),
        ("Wide review", "cancelled"),
    ]
    assert codes(plan, "cancelled") == [
        "2 activities are struck through or marked postponed: kept, marked cancelled"
    ]
    assert plan.activities[0].products == ["TD 1.1"]


def test_a_document_with_areas_but_no_activities_returns_them_and_names_what_was_close():
    text = "# Plan 2024\n\n## 1.1.- AEC\n\n- Taller regional\n- Encuentro anual\n- Informe\n"
    plan = read(text)

    assert plan.activities == []
    assert [area.title for area in plan.areas] == ["1.1.- AEC"]
    assert codes(plan, "not-read-as-activities") == [
        "3 list items at depth 0 under '1.1.- AEC' were not read as activities: "
        "pass --layout outline --activity-level list:0"
    ]
    assert [w.code for w in plan.warnings][-1] == "no-activities"


def test_the_layout_hint_and_activity_level_read_what_the_reader_passed_over():
    text = "# Plan 2024\n\n## 1.1.- AEC\n\n- Taller regional\n- Encuentro anual\n- Informe\n"
    plan = read(text, layout="outline", activity_level="list:0")

    assert [a.title for a in plan.activities] == ["Taller regional", "Encuentro anual", "Informe"]
    assert [area.title for area in plan.areas] == ["1.1.- AEC"]


def test_a_heading_level_hint_makes_those_headings_the_activities():
    plan = read(ENGLISH_OUTLINE, activity_level=2)

    assert [a.title for a in plan.activities][:2] == ["Introduction", "Theme one: access"]


def test_a_column_hint_names_a_column_the_vocabulary_does_not_know():
    text = "| Acción | Quién | Cuándo |\n|---|---|---|\n| Taller | Uruguay | 2024 |\n"
    assert read(text).activities[0].leads == ["Uruguay"]  # "Quién" alone is known
    text = "| Acción | Encargatura | Cuándo |\n|---|---|---|\n| Taller | Uruguay | 2024 |\n"
    assert read(text).activities[0].leads == []
    assert read(text, columns={"leads": "Encargatura"}).activities[0].leads == ["Uruguay"]


def test_the_table_hint_ignores_an_outline():
    plan = read(ENGLISH_OUTLINE + "\n" + SPANISH_TABLE, layout="table")
    assert [a.title for a in plan.activities] == [
        "Taller regional de datos abiertos",
        "Encuesta de madurez",
    ]


def test_an_unknown_layout_is_refused_with_the_choices():
    with pytest.raises(planfile.PlanParseError) as caught:
        read(SPANISH_TABLE, layout="spreadsheet")
    assert (
        caught.value.message == "unknown layout 'spreadsheet': choose one of coded, outline, table"
    )


def test_the_seed_still_chooses_the_coded_layout(seed_text, seed_plan):
    plan = read(seed_text, "plan.txt")

    assert plan.layout == "coded"
    assert plan.structure() == seed_plan.structure()


def test_the_choices_offered_for_a_document_are_its_levels_and_table_headers():
    choices = planfile.read_choices((ENGLISH_OUTLINE + "\n" + SPANISH_TABLE).encode(), "plan.md")

    assert [(value, count) for value, _, count in choices.levels] == [
        ("1", 2),
        ("2", 4),
        ("3", 3),
    ]
    assert choices.levels[2][1] == "headings of level 3"
    assert choices.headers == ["Actividad", "Responsable", "Plazo", "Producto"]
    assert choices.lines[0] == "# Open data action plan 2023-2025"


def _docx(build) -> bytes:
    import io

    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _commitment_table(document, title: str, lead: str, dates: str) -> None:
    table = document.add_table(rows=4, cols=2)
    title_row = table.rows[0].cells
    title_row[0].merge(title_row[1]).text = title
    for row, (label, value) in zip(
        table.rows[1:],
        [
            ("Lead implementing agency", lead),
            ("Commitment start and end date", dates),
            ("Milestones", "Publish the first dataset"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value


def test_a_table_per_commitment_with_a_label_per_row_gives_one_activity_each():
    def build(document):
        document.add_heading("National Action Plan 2023-2025", level=1)
        document.add_heading("Theme: fiscal openness", level=2)
        _commitment_table(document, "Commitment 1: Open budgets", "Ministry of Finance",
                          "January 2023 – June 2025")  # fmt: skip
        _commitment_table(document, "Commitment 2: Open contracts", "Procurement Agency",
                          "March 2023 – December 2024")  # fmt: skip

    plan = planfile.read_bytes(_docx(build), "nap.docx")

    first, second = plan.activities
    assert (first.code, first.title, first.leads) == (
        "Commitment 1",
        "Open budgets",
        ["Ministry of Finance"],
    )
    assert (first.starts, first.due) == (dt.date(2023, 1, 1), dt.date(2025, 6, 30))
    assert (second.title, second.due) == ("Open contracts", dt.date(2024, 12, 31))
    assert [area.title for area in plan.areas] == ["Theme: fiscal openness"]
    assert plan.period == (2023, 2025)


def test_a_table_broken_over_two_pages_is_read_as_one():
    def build(document):
        document.add_heading("Work plan 2024", level=1)
        first = document.add_table(rows=2, cols=3)
        for cell, text in zip(first.rows[0].cells, ["Task", "Lead", "Deadline"], strict=True):
            cell.text = text
        for cell, text in zip(first.rows[1].cells, ["Open data portal", "Ana", "May 2024"],
                              strict=True):  # fmt: skip
            cell.text = text
        document.add_page_break()
        second = document.add_table(rows=1, cols=3)
        for cell, text in zip(second.rows[0].cells, ["Data training", "Luis", "June 2024"],
                              strict=True):  # fmt: skip
            cell.text = text

    plan = planfile.read_bytes(_docx(build), "plan.docx")

    assert [(a.title, a.leads, a.due) for a in plan.activities] == [
        ("Open data portal", ["Ana"], dt.date(2024, 5, 31)),
        ("Data training", ["Luis"], dt.date(2024, 6, 30)),
    ]


def test_a_sheet_whose_header_comes_after_a_title_row_is_read():
    text = "Plan 2024 del grupo;;\nActividad;Responsable;Plazo\nTaller;Chile;06/2024\n"
    plan = planfile.read_bytes(text.encode(), "plan.csv")

    assert [(a.title, a.leads, a.due) for a in plan.activities] == [
        ("Taller", ["Chile"], dt.date(2024, 6, 30))
    ]
