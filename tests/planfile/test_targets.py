"""Targets: the quantities an activity commits to, and only those."""

import pytest

from planea.planfile.targets import find_targets


def targets(title, products=(), period="ANNUAL", language="es"):
    return [
        (t.quantity, t.unit, t.recurrence, t.product)
        for t in find_targets(title, list(products), period, language)
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Tres intercambios de cooperación horizontal", "es", (3, "intercambios")),
        ("Diez ediciones del boletín", "es", (10, "ediciones")),
        ("Un intercambio de cooperación horizontal", "es", (1, "intercambio")),
        ("Cuatro adaptaciones de software público entre países", "es", (4, "adaptaciones")),
        ("Treinta y dos talleres", "es", (32, "talleres")),
        ("12 webinarios regionales", "es", (12, "webinarios")),
        ("Realizar al menos tres misiones técnicas", "es", (3, "misiones")),
        ("Generación de un documento base", "es", (1, "documento")),
        ("Três intercâmbios de cooperação horizontal", "pt", (3, "intercâmbios")),
        ("Dez edições do boletim", "pt", (10, "edições")),
        ("Realizar duas oficinas regionais", "pt", (2, "oficinas")),
        ("Three exchanges of horizontal cooperation", "en", (3, "exchanges")),
        ("Publish ten editions of the newsletter", "en", (10, "editions")),
        ("Hold two regional workshops on open data", "en", (2, "workshops")),
    ],
)
def test_a_number_at_the_head_of_the_phrase_is_the_quantity(text, language, expected):
    assert targets(text, ["Informe"], language=language) == [(*expected, None, 0)]


@pytest.mark.parametrize(
    "text",
    [
        "Generación de un documento base para cada uno de los 8 desafíos priorizados",
        "Misión a Corea de los ganadores de los Premios excelGOB 2016",
        "Implementar en el marco del V Abrelatam+Condatos 2017",
        "Quinto taller regional de software público",
        "Onceava Reunión Anual de Red Gealc",
        "Estudiar la viabilidad de generar una App de la red",
        "Informe Plan de trabajo 2017",
        "Taller de 3 días en Lima",
    ],
)
def test_years_editions_ordinals_and_descriptions_are_not_quantities(text):
    found = targets(text)
    assert all(q == 1 and unit == "documento" for q, unit, *_ in found), found


def test_one_document_for_eight_challenges_is_one_document():
    assert targets(
        "Generación de un documento base sobre la definición de acciones para cada uno de "
        "los 8 desafíos priorizados en Abrelatam+Condatos 2016"
    ) == [(1, "documento", None, None)]


@pytest.mark.parametrize(
    ("text", "period", "language", "expected"),
    [
        ("Realizar una reunión virtual cada dos meses", "ANNUAL", "es", (6, "reunión", "P2M")),
        ("Actas de reuniones bimensuales", "ANNUAL", "es", (6, "reuniones", "P2M")),
        ("Reuniones mensuales del grupo", "S1", "es", (6, "Reuniones", "P1M")),
        ("Una reunión cada mes", "S2", "es", (6, "reunión", "P1M")),
        ("Dos webinarios cada trimestre", "ANNUAL", "es", (8, "webinarios", "P3M")),
        ("Reuniões bimestrais do grupo", "ANNUAL", "pt", (6, "Reuniões", "P2M")),
        ("Uma reunião virtual a cada dois meses", "ANNUAL", "pt", (6, "reunião", "P2M")),
        ("Hold a virtual meeting every two months", "ANNUAL", "en", (6, "meeting", "P2M")),
        ("Minutes of monthly meetings", "ANNUAL", "en", (12, "meetings", "P1M")),
        ("Weekly updates", "ANNUAL", "en", (52, "updates", "P1W")),
    ],
)
def test_a_recurrence_counts_its_occurrences_in_the_period(text, period, language, expected):
    assert targets(text, period=period, language=language)[0][:3] == expected


def test_rotating_countries_each_semester_does_not_override_the_meetings():
    title = (
        "Realizar una reunión virtual cada dos meses del Grupo de Coordinación Técnica (GCT) "
        "de Software Público, rotando dos países nuevos cada semestre."
    )
    assert targets(title, ["Acta de las reuniones"]) == [(6, "reunión", "P2M", 0)]


def test_a_target_in_a_product_counts_that_product():
    found = targets("Boletín de gobierno electrónico", ["Sitio web", "Diez ediciones del boletín"])
    assert found == [(10, "ediciones", None, 1)]


def test_spanish_a_and_portuguese_dos_are_not_numbers():
    assert targets("Misión a Corea") == []
    assert targets("Atividades dos grupos de trabalho", language="pt") == []
