"""Due dates from periods, dated events and places from the details."""

import datetime as dt

import pytest

from planea.planfile.dates import period_due, read_details

D = dt.date


def test_the_first_semester_is_due_on_30_june_and_the_rest_on_31_december():
    assert period_due("S1", 2017) == D(2017, 6, 30)
    assert period_due("S2", 2017) == D(2017, 12, 31)
    assert period_due("ANNUAL", 2017) == D(2017, 12, 31)
    assert period_due("S1", None) is None


@pytest.mark.parametrize(
    ("details", "starts", "due", "location"),
    [
        (
            "Lima (Perú), primera quincena de abril de 2017.",
            D(2017, 4, 1),
            D(2017, 4, 15),
            "Lima (Perú)",
        ),
        (
            "Montevideo (Uruguay), septiembre de 2017.",
            D(2017, 9, 1),
            D(2017, 9, 30),
            "Montevideo (Uruguay)",
        ),
        ("Segunda quincena de febrero", D(2017, 2, 16), D(2017, 2, 28), ""),
        ("Santiago, 3 y 4 de diciembre de 2017", D(2017, 12, 3), D(2017, 12, 4), "Santiago"),
        ("del 10 al 12 de mayo", D(2017, 5, 10), D(2017, 5, 12), ""),
        ("en Quito, 5 de octubre", D(2017, 10, 5), D(2017, 10, 5), "Quito"),
        (
            "Brasília (Brasil), 15 de março de 2018",
            D(2018, 3, 15),
            D(2018, 3, 15),
            "Brasília (Brasil)",
        ),
        (
            "Kingston (Jamaica), April 10-12, 2017",
            D(2017, 4, 10),
            D(2017, 4, 12),
            "Kingston (Jamaica)",
        ),
        ("first half of June 2017", D(2017, 6, 1), D(2017, 6, 15), ""),
        ("Virtual, 2017-11-20", D(2017, 11, 20), D(2017, 11, 20), "Virtual"),
        ("setiembre 2017", D(2017, 9, 1), D(2017, 9, 30), ""),
    ],
)
def test_details_give_dates_and_place(details, starts, due, location):
    found = read_details(details, 2017)
    assert (found.starts, found.due, found.location) == (starts, due, location)


@pytest.mark.parametrize(
    "details",
    ["en el marco de la reunión anual", "A definir", "This may be postponed"],
)
def test_ordinary_words_are_not_months(details):
    found = read_details(details, 2017)
    assert (found.starts, found.due) == (None, None)


def test_a_place_alone_is_a_location():
    assert read_details("San José (Costa Rica)", 2017).location == "San José (Costa Rica)"
    assert read_details("Lima, Perú", 2017).location == "Lima, Perú"


def test_a_date_that_does_not_exist_is_not_a_date():
    assert read_details("31 de febrero de 2017", 2017).due is None
