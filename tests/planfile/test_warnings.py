"""Irregularities are reported with their line, never silently dropped."""

from planea import planfile

HEAD = "Plan 2017\n1. Área\n1.1- Actividades de carácter anual\n"
FULL = "Producto: P\nRecursos: R\nLiderazgo: L\n"


def warnings(text: str) -> list[tuple[int | None, str]]:
    return [(w.line, w.code) for w in planfile.parse_text(text).warnings]


def messages(text: str) -> list[str]:
    return [w.message for w in planfile.parse_text(text).warnings]


def test_a_complete_activity_has_no_warning():
    assert warnings(HEAD + "1.1.i- A\n" + FULL) == []


def test_missing_product_funding_and_lead_are_each_reported():
    assert warnings(HEAD + "1.1.i- A\n") == [
        (4, "missing-product"),
        (4, "missing-funding"),
        (4, "missing-lead"),
    ]


def test_a_duplicate_code_is_reported_and_keyed_apart():
    text = HEAD + "1.1.i- A\n" + FULL + "1.1.i- B\n" + FULL
    plan = planfile.parse_text(text)
    assert [a.key for a in plan.activities] == ["1.1.i", "1.1.i-2"]
    assert warnings(text) == [(8, "duplicate-code")]
    assert messages(text) == [
        "activity code 1.1.i is used twice (first on line 4); this one is keyed 1.1.i-2"
    ]


def test_a_gap_in_activity_numbering_names_what_is_missing():
    text = HEAD + "1.1.i- A\n" + FULL + "1.1.iv- B\n" + FULL
    assert messages(text) == ["activity 1.1.iv follows 1.1.i: 1.1.ii, 1.1.iii is missing"]


def test_a_gap_in_area_and_section_numbering_is_reported():
    text = HEAD + "1.1.i- A\n" + FULL + "3. Otra\n3.2- Actividades anuales\n3.2.i- B\n" + FULL
    assert warnings(text) == [(8, "numbering-gap"), (9, "numbering-gap")]
    assert messages(text) == ["area 3 follows area 1", "section 3.2 follows no section"]


def test_a_code_outside_its_section_is_reported():
    text = HEAD + "2.1.i- A\n" + FULL
    assert warnings(text) == [(4, "code-mismatch")]


def test_an_unknown_label_is_reported_and_its_text_kept():
    text = HEAD + "1.1.i- A\n" + FULL + "Presupuesto: USD 5.000\n"
    plan = planfile.parse_text(text)
    assert warnings(text) == [(8, "unknown-label")]
    assert plan.activities[0].leads == ["L Presupuesto: USD 5.000"]


def test_text_that_cannot_be_placed_is_reported_and_kept_in_the_area_notes():
    text = "Plan 2017\n1. Área\nProducto: huérfano\n1.1- Actividades anuales\n1.1.i- A\n" + FULL
    plan = planfile.parse_text(text)
    assert warnings(text) == [(3, "unplaced-text")]
    assert plan.areas[0].notes == "Producto: huérfano"


def test_an_area_note_after_the_activities_belongs_to_the_area():
    text = HEAD + "1.1.i- A\n" + FULL + "\nNota: Sin comentarios.\n"
    assert planfile.parse_text(text).areas[0].notes == "Sin comentarios."
    assert warnings(text) == []


def test_an_unknown_period_header_is_reported_and_read_as_year_round():
    text = "Plan 2017\n1. Área\n1.1- Actividades varias\n1.1.i- A\n" + FULL
    assert warnings(text) == [(3, "unknown-period")]
    assert planfile.parse_text(text).activities[0].period == "ANNUAL"


def test_a_numbered_list_inside_a_field_stays_in_the_field():
    text = HEAD + "1.1.i- A\nProductos:\n1. Informe\n2. Acta\nRecursos: R\nLiderazgo: L\n"
    plan = planfile.parse_text(text)
    assert plan.activities[0].products == ["1. Informe 2. Acta"]
    assert warnings(text) == [(6, "unplaced-text"), (7, "unplaced-text")]


def test_undecided_funding_is_reported():
    text = HEAD + "1.1.i- A\nProducto: P\nRecursos: A definir\nLiderazgo: L\n"
    assert warnings(text) == [(4, "funding-undecided")]
