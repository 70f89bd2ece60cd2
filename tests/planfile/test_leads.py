"""Leads and funding sources are organisations: split, cleaned, one spelling each."""

from planea import planfile
from planea.planfile.names import organisation_key, split_names


def test_two_bodies_joined_by_y_are_two_leads():
    assert split_names("Comité Ejecutivo y Secretaria Técnica") == [
        "Comité Ejecutivo",
        "Secretaria Técnica",
    ]


def test_a_comma_and_y_list_gives_three_leads():
    assert split_names("País anfitrión, País presidente y Secretaria Técnica") == [
        "País anfitrión",
        "País presidente",
        "Secretaria Técnica",
    ]


def test_y_inside_a_name_does_not_split_it():
    assert split_names("Grupo de trabajo en Indicadores y medición de impacto") == [
        "Grupo de trabajo en Indicadores y medición de impacto"
    ]


def test_portuguese_and_english_conjunctions_split_too():
    assert split_names("Secretaria Técnica e BID") == ["Secretaria Técnica", "BID"]
    assert split_names("Technical Secretariat and IDB; Chile") == [
        "Technical Secretariat",
        "IDB",
        "Chile",
    ]


def test_accent_case_article_and_year_variants_are_one_organisation():
    keys = {
        organisation_key(name)
        for name in (
            "Secretaria Técnica",
            "Secretaría Técnica",
            "SECRETARÍA TÉCNICA",
            "la Secretaría Técnica.",
            "Secretaría  Técnica 2017",
        )
    }
    assert keys == {"secretaria tecnica"}


def test_a_capitalised_article_is_part_of_the_name():
    assert organisation_key("La Paz") != organisation_key("Paz")


def test_the_plan_shows_each_organisation_with_its_accented_spelling():
    plan = planfile.parse_text(
        "Plan 2017\n1. Área\n1.1- Actividades de carácter anual\n"
        "1.1.i- Uno\nProducto: A\nRecursos: Trabajo voluntario\nLiderazgo: Secretaria Tecnica\n"
        "1.1.ii- Dos\nProducto: B\nRecursos: Trabajo voluntario\nLiderazgo: Secretaría Técnica\n"
    )
    assert [a.leads for a in plan.activities] == [["Secretaría Técnica"], ["Secretaría Técnica"]]
