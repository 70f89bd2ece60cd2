"""Contributions: what each funding source puts into an activity, checked,
summed per currency, and carried through the JSON plan format."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from planea import planfile
from planea.plans.document import plan_document
from planea.plans.importer import PlanImportError, import_plan
from planea.plans.models import Contribution, ContributionKind, FundingSource, Network

from ..planfile.conftest import SEED


@pytest.fixture
def network(db):
    return Network.objects.create(name="Red GEALC", acronym="Red GEALC", slug="red-gealc")


@pytest.fixture
def plan(network):
    return import_plan(planfile.read_path(SEED), network)


def _source(network, name):
    return FundingSource.objects.get_or_create(network=network, name=name)[0]


def _contribution(activity, source, **values):
    values.setdefault("kind", ContributionKind.CASH)
    return Contribution(activity=activity, source=source, **values)


def test_a_network_publishes_its_data_under_cc_by_by_default(network):
    assert network.data_licence == "CC-BY-4.0"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": Decimal("10")}, "currency", "needs its currency"),
        ({"amount": Decimal("10"), "currency": "XYZ"}, "currency", "ISO 4217"),
        ({"amount": Decimal("-1"), "currency": "USD"}, "amount", "negative"),
        ({"hours": Decimal("5")}, "hours", "in-kind"),
        ({"kind": "in_kind", "hours": Decimal("-5")}, "hours", "negative"),
        (
            {"period_start": dt.date(2017, 6, 1), "period_end": dt.date(2017, 1, 1)},
            "period_end",
            "ends before it starts",
        ),
    ],
)
def test_a_contribution_that_makes_no_sense_is_refused_with_a_reason(plan, values, field, message):
    activity = plan.activities.first()
    row = _contribution(activity, _source(plan.network, "BID"), **values)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            row.full_clean()
        assert message in " ".join(refused.value.message_dict[field])


def test_a_currency_is_stored_upper_case(plan):
    row = _contribution(
        plan.activities.first(),
        _source(plan.network, "BID"),
        amount=Decimal("10"),
        currency="usd",
    )
    row.full_clean()
    assert row.currency == "USD"


@pytest.mark.engine("check constraints")
def test_the_database_refuses_hours_of_cash(plan):
    activity = plan.activities.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        _contribution(activity, _source(plan.network, "BID"), hours=Decimal("3")).save()


def test_totals_add_amounts_only_within_one_currency(plan):
    first, second = plan.activities.order_by("order")[:2]
    bid, countries = _source(plan.network, "BID"), _source(plan.network, "Países")
    for activity, source, values in [
        (first, bid, {"amount": Decimal("100"), "currency": "USD"}),
        (second, bid, {"amount": Decimal("50"), "currency": "USD"}),
        (second, bid, {"amount": Decimal("30"), "currency": "USD", "stage": "spent"}),
        (second, bid, {"amount": Decimal("20"), "currency": "EUR"}),
        (first, countries, {"kind": "in_kind", "hours": Decimal("40")}),
        (second, countries, {"kind": "tbd"}),
    ]:
        _contribution(activity, source, **values).save()
    by_source = [
        (t.label, t.currency, t.planned, t.spent, t.planned_hours, t.count)
        for t in Contribution.objects.filter(activity__plan=plan).totals("source")
    ]
    assert by_source == [
        ("BID", "EUR", Decimal("20"), None, None, 1),
        ("BID", "USD", Decimal("150"), Decimal("30"), None, 3),
        ("Países", "", None, None, Decimal("40"), 2),
    ]
    by_kind = [
        (t.key, t.currency, t.planned)
        for t in Contribution.objects.filter(activity__plan=plan).totals("kind")
    ]
    assert by_kind == [
        ("cash", "EUR", Decimal("20")),
        ("cash", "USD", Decimal("150")),
        ("in_kind", "", None),
        ("tbd", "", None),
    ]


def _with_contributions(document: planfile.Plan) -> planfile.Plan:
    first, second = document.activities[:2]
    first.contributions = [
        planfile.Contribution(
            "Cooperación Técnica del BID", "cash", "planned", Decimal("15000"), "USD",
            starts=dt.date(2017, 1, 1), ends=dt.date(2017, 12, 31), note="mínimo",
        ),
        planfile.Contribution(
            "Cooperación Técnica del BID", "cash", "spent", Decimal("4250.50"), "USD"
        ),
    ]  # fmt: skip
    second.contributions = [
        planfile.Contribution("Trabajo voluntario de los países", "in_kind", hours=Decimal("80")),
        planfile.Contribution("A definir", "tbd"),
    ]
    return document


def test_contributions_go_out_in_and_out_again_byte_identical(network):
    entered = _with_contributions(planfile.read_path(SEED))
    first = planfile.to_json(plan_document(import_plan(entered, network)))
    other = Network.objects.create(name="Otra", acronym="OTRA", slug="otra")
    second = planfile.to_json(plan_document(import_plan(planfile.from_json(first), other)))
    assert second == first
    out = planfile.from_json(first).activities
    assert [c.to_dict() for c in out[0].contributions + out[1].contributions] == [
        c.to_dict()
        for c in entered.activities[0].contributions + entered.activities[1].contributions
    ]


def test_the_importer_writes_contributions_in_bulk_with_their_sources(network):
    stored = import_plan(_with_contributions(planfile.read_path(SEED)), network)
    rows = Contribution.objects.filter(activity__plan=stored).order_by("activity__order", "order")
    assert [(r.source.name, r.kind, r.amount, r.currency, r.hours) for r in rows] == [
        ("Cooperación Técnica del BID", "cash", Decimal("15000.00"), "USD", None),
        ("Cooperación Técnica del BID", "cash", Decimal("4250.50"), "USD", None),
        ("Trabajo voluntario de los países", "in_kind", None, "", Decimal("80.0")),
        ("A definir", "tbd", None, "", None),
    ]
    # A source only a contribution names is still one of the network's.
    assert FundingSource.objects.filter(
        network=network, name="Cooperación Técnica del BID"
    ).exists()


def test_a_plan_without_contributions_exports_without_the_key(plan):
    assert (
        "contributions"
        not in json.loads(planfile.to_json(plan_document(plan)))["areas"][0]["activities"][0]
    )


def test_an_unknown_currency_stops_the_import_with_the_activity_and_the_reason(network):
    document = planfile.read_path(SEED)
    document.activities[0].contributions = [
        planfile.Contribution("BID", "cash", amount=Decimal("5"), currency="XYZ")
    ]
    with (
        translation.override("en"),
        pytest.raises(PlanImportError, match=r"1\.1\.i.*XYZ is not an ISO 4217"),
    ):
        import_plan(document, network)
    assert not Contribution.objects.exists()
