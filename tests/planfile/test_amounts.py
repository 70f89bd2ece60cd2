"""Amounts in funding text: read with their currency, written back the same,
carried by the JSON plan format."""

import datetime as dt
import json
from decimal import Decimal

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planea import planfile
from planea.planfile.amounts import (
    CODES,
    Money,
    find_money,
    format_money,
    funding_with_amounts,
    read_number,
    split_amounts,
)
from planea.planfile.jsonio import schema


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("€20,000", "20000", "EUR"),
        ("USD 15.000", "15000", "USD"),
        ("US$ 5,000", "5000", "USD"),
        ("R$ 10.000,00", "10000", "BRL"),
        ("(minimum €10,000)", "10000", "EUR"),
        ("20 000 EUR", "20000", "EUR"),
        ("20\u00a0000 EUR", "20000", "EUR"),
        ("USD 1.234.567,89", "1234567.89", "USD"),
        ("USD 1,234,567.89", "1234567.89", "USD"),
        ("EUR 10,5", "10.5", "EUR"),
        ("USD 15.50", "15.50", "USD"),
        ("USD 1,5 millones", "1500000", "USD"),
        ("20 mil USD", "20000", "USD"),
    ],
)
def test_an_amount_is_read_with_the_currency_it_names(text, amount, currency):
    ((money, _),) = find_money(text)
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    "text", ["$ 2000", "BID 2017", "cup 20", "usd 20", "Proyecto BPR/BID", "15.000"]
)
def test_no_amount_is_read_without_a_currency_named_unambiguously(text):
    assert find_money(text) == []


def test_a_digit_group_of_three_is_thousands_and_of_one_or_two_decimals():
    assert read_number("15.000") == 15000
    assert read_number("15,000") == 15000
    assert read_number("15,50") == Decimal("15.50")
    assert read_number("15.5") == Decimal("15.5")


def test_the_amount_is_taken_out_of_the_source_name_and_the_qualifier_kept():
    assert split_amounts("Proyecto BPR/BID (mínimo €10.000)") == (
        "Proyecto BPR/BID",
        [Money(Decimal("10000"), "EUR", "mínimo")],
    )
    assert split_amounts("USD 15.000 del BID") == ("BID", [Money(Decimal("15000"), "USD")])


def test_an_amount_alone_belongs_to_the_source_before_it_or_stays_as_written():
    names, amounts = funding_with_amounts(["BID", "USD 15.000"])
    assert names == ["BID"]
    assert amounts == [("BID", Money(Decimal("15000"), "USD"))]
    assert funding_with_amounts(["€20,000"]) == (["€20,000"], [])


@given(
    amount=st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2),
    currency=st.sampled_from(sorted(CODES)),
    mark=st.sampled_from([",", "."]),
)
def test_an_amount_written_then_read_back_is_the_same(amount, currency, mark):
    text = f"Proyecto X ({format_money(amount, currency, mark)})"
    assert split_amounts(text) == ("Proyecto X", [Money(amount, currency)])


SEED_LINE = "Recursos: Cooperación Técnica del BID."


def test_the_coded_reader_makes_planned_cash_of_a_stated_amount(seed_text):
    text = seed_text.replace(SEED_LINE, "Recursos: Cooperación Técnica del BID (USD 15.000).", 1)
    plan = planfile.parse_text(text)
    (activity,) = [a for a in plan.activities if a.contributions]
    assert activity.resources == ["Cooperación Técnica del BID"]
    assert [c.to_dict() for c in activity.contributions] == [
        {
            "source": "Cooperación Técnica del BID",
            "kind": "cash",
            "stage": "planned",
            "amount": "15000.00",
            "currency": "USD",
        }
    ]


def test_the_table_reader_makes_planned_cash_of_a_stated_amount():
    text = (
        "# Plan 2023\n\n## Actividades\n\n"
        "| Actividad | Responsable | Plazo | Presupuesto |\n|---|---|---|---|\n"
        "| Taller regional | Secretaría | 2023-06-30 | Fondo Regional (mínimo €10.000) |\n"
        "| Estudio | Secretaría | 2023-09-30 | Fondo Regional |\n"
    )
    plan = planfile.read_bytes(text.encode(), "plan.md")
    first, second = plan.activities
    assert first.resources == second.resources == ["Fondo Regional"]
    assert [(c.source, c.amount, c.currency, c.note) for c in first.contributions] == [
        ("Fondo Regional", Decimal("10000"), "EUR", "mínimo")
    ]
    assert second.contributions == []


def _plan_with(*contributions):
    plan = planfile.from_json(
        '{"title": "P", "year": 2020, "areas": [{"number": 1, "title": "A", "activities": '
        '[{"code": "1.1.i", "key": "1.1.i", "period": "S1", "title": "T"}]}]}'
    )
    plan.activities[0].contributions = list(contributions)
    return plan


def test_contributions_go_through_json_to_the_same_bytes():
    plan = _plan_with(
        planfile.Contribution("BID", "cash", "planned", Decimal("15000"), "USD"),
        planfile.Contribution(
            "Trabajo voluntario de los países",
            "in_kind",
            "spent",
            hours=Decimal("120"),
            starts=dt.date(2017, 1, 1),
            ends=dt.date(2017, 6, 30),
            note="Uruguay y Chile",
        ),
        planfile.Contribution("A definir", "tbd"),
    )
    text = planfile.to_json(plan)
    jsonschema.Draft202012Validator(schema()).validate(json.loads(text))
    assert '"amount": "15000.00"' in text and '"hours": "120.0"' in text
    assert planfile.to_json(planfile.from_json(text)) == text


def test_an_activity_without_contributions_writes_no_contributions_key():
    assert "contributions" not in planfile.to_json(_plan_with())


@pytest.mark.parametrize(
    ("contribution", "problem"),
    [
        ('{"source": "B", "kind": "cash", "stage": "planned", "amount": "5.00"}', "currency"),
        ('{"source": "B", "kind": "cash", "stage": "planned", "amount": "-5.00", '
         '"currency": "USD"}', "amount"),
        ('{"source": "B", "kind": "cash", "stage": "planned", "hours": "5.0"}', "hours only"),
        ('{"source": "B", "kind": "in_kind", "stage": "planned", "starts": "2017-05-01", '
         '"ends": "2017-01-01"}', "ends before"),
        ('{"source": "B", "kind": "gift", "stage": "planned"}', "kind"),
    ],
)  # fmt: skip
def test_a_bad_contribution_is_refused_with_a_clear_message(contribution, problem):
    text = (
        '{"title": "P", "year": 2020, "areas": [{"number": 1, "title": "A", "activities": '
        '[{"code": "1.1.i", "key": "1.1.i", "period": "S1", "title": "T", '
        f'"contributions": [{contribution}]}}]}}]}}'
    )
    with pytest.raises(planfile.PlanParseError, match=problem):
        planfile.from_json(text)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_canonical_text_writes_stated_amounts_that_read_back_the_same(seed_text, language):
    seed_plan = planfile.parse_text(seed_text)  # a copy of its own: it is changed
    seed_plan.language = language
    (activity,) = [a for a in seed_plan.activities if a.key == "3.1.i"]
    activity.contributions = [
        planfile.Contribution(
            "Cooperación Técnica del BID", "cash", amount=Decimal("15000.5"), currency="USD",
            note="mínimo",
        ),
    ]  # fmt: skip
    text = planfile.render_text(seed_plan)
    again = next(a for a in planfile.parse_text(text).activities if a.key == "3.1.i")
    assert again.resources == ["Cooperación Técnica del BID"]
    assert [c.to_dict() for c in again.contributions] == [
        c.to_dict() for c in activity.contributions
    ]


def test_what_the_text_cannot_state_is_left_out_of_it(seed_text):
    seed_plan = planfile.parse_text(seed_text)
    (activity,) = [a for a in seed_plan.activities if a.key == "3.1.i"]
    activity.contributions = [
        planfile.Contribution("Cooperación Técnica del BID", "cash", "spent", Decimal("5"), "USD"),
        planfile.Contribution("Cooperación Técnica del BID", "in_kind", hours=Decimal("8")),
    ]
    assert "Recursos: Cooperación Técnica del BID\n" in planfile.render_text(seed_plan)


_CONTRIBUTIONS = st.builds(
    planfile.Contribution,
    source=st.text(min_size=1, max_size=40).filter(str.strip),
    kind=st.just("cash"),
    stage=st.sampled_from(["planned", "spent"]),
    amount=st.one_of(
        st.none(), st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)
    ),
    currency=st.sampled_from(sorted(CODES)),
    starts=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
    note=st.text(max_size=60),
) | st.builds(
    planfile.Contribution,
    source=st.text(min_size=1, max_size=40).filter(str.strip),
    kind=st.just("in_kind"),
    hours=st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("99999999.9"), places=1)),
)


@given(st.lists(_CONTRIBUTIONS, max_size=4))
def test_any_contributions_go_through_json_to_the_same_bytes(contributions):
    plan = _plan_with(*contributions)
    text = planfile.to_json(plan)
    again = planfile.from_json(text)
    assert planfile.to_json(again) == text
    assert [c.amount for c in again.activities[0].contributions] == [
        c.amount for c in contributions
    ]
