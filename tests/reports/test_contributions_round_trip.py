"""Issue 16's round trip: contributions entered on the activity page come out
the same in the annual report, the IATI file's budget and transaction
elements, the data package and the JSON plan format, and the JSON goes out,
in and out again byte for byte."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from lxml import etree

from planea import planfile
from planea.plans.document import plan_document
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Network
from planea.reports import datapackage, iati
from planea.reports.data import annual_report
from planea.reports.opendata import open_plan
from tests.tracking.support import TrackingTestCase

SITE = "https://planea.example.org"

# What Sara types on 1.1.i's page, Spanish style, and what it means.
ENTERED = (
    {"source": "Cooperación Técnica del BID", "kind": "cash", "stage": "planned",
     "amount": "15.000", "currency": "usd", "period_start": "2017-01-01",
     "period_end": "2017-06-30", "note": "Taller regional"},
    {"source": "Cooperación Técnica del BID", "kind": "cash", "stage": "spent",
     "amount": "4.250,50", "currency": "USD", "period_end": "2017-04-20"},
    {"source": "Trabajo voluntario de los países", "kind": "in_kind", "stage": "planned",
     "hours": "80"},
    {"source": "A definir", "kind": "tbd", "stage": "planned", "note": "Por confirmar"},
)  # fmt: skip
MEANT = [
    # (source, kind, stage, amount, currency, hours, start, end, note)
    ("Cooperación Técnica del BID", "cash", "planned", Decimal("15000.00"), "USD", None,
     "2017-01-01", "2017-06-30", "Taller regional"),
    ("Cooperación Técnica del BID", "cash", "spent", Decimal("4250.50"), "USD", None,
     "", "2017-04-20", ""),
    ("Trabajo voluntario de los países", "in_kind", "planned", None, "", Decimal("80.0"),
     "", "", ""),
    ("A definir", "tbd", "planned", None, "", None, "", "", "Por confirmar"),
]  # fmt: skip


def decimal_or_none(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


class ContributionsRoundTripTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        fields = {
            "contribution-TOTAL_FORMS": str(len(ENTERED)),
            "contribution-INITIAL_FORMS": "0",
            "contribution-MIN_NUM_FORMS": "0",
            "contribution-MAX_NUM_FORMS": "100",
            "version": str(self.activity.version),
        }
        for index, row in enumerate(ENTERED):
            fields.update({f"contribution-{index}-{k}": v for k, v in row.items()})
        page = self.url(2017, "1.1.i", "contributions")
        response = self.as_user(self.sara).post(page, fields)
        assert response.status_code == 302, response.content.decode()[:2000]

    def test_the_page_stored_what_was_meant(self):
        stored = [
            (
                c.source.name,
                c.kind,
                c.stage,
                c.amount,
                c.currency,
                c.hours,
                c.period_start.isoformat() if c.period_start else "",
                c.period_end.isoformat() if c.period_end else "",
                c.note,
            )
            for c in self.activity.contributions.order_by("order")
        ]
        assert stored == MEANT

    def test_the_report_gives_the_same_sums_by_source_and_by_kind(self):
        funding = annual_report(self.plan, self.sara, base_url=SITE).funding

        by_source = {(t.label, t.currency): (t.planned, t.spent) for t in funding.by_source}
        assert by_source[("Cooperación Técnica del BID", "USD")] == (
            Decimal("15000.00"),
            Decimal("4250.50"),
        )
        hours = {t.key: t.planned_hours for t in funding.by_kind}
        assert hours["in_kind"] == Decimal("80.0")

    def test_the_iati_file_holds_the_planned_and_the_spent_money_to_the_cent(self):
        root = etree.fromstring(iati.render(open_plan(self.plan, base_url=SITE)))
        ref = iati.reporting_org_ref(self.network.slug)
        wanted = iati.activity_identifier(ref, 2017, "1.1.i")
        (activity,) = [a for a in root if a.findtext("iati-identifier") == wanted]

        planned = [
            (Decimal(d.findtext("value")), d.find("value").get("currency"))
            for d in activity.findall("planned-disbursement")
        ]
        spent = [
            (Decimal(t.findtext("value")), t.find("value").get("currency"))
            for t in activity.findall("transaction")
        ]
        budgets = [
            (Decimal(b.findtext("value")), b.find("value").get("currency"))
            for b in activity.findall("budget")
        ]
        assert planned == [(Decimal("15000.00"), "USD")]
        assert spent == [(Decimal("4250.50"), "USD")]
        assert budgets == [(Decimal("15000.00"), "USD")]
        assert activity.find("planned-disbursement/period-start").get("iso-date") == "2017-01-01"

    def test_the_data_package_lists_each_contribution_as_entered(self):
        package = datapackage.render(open_plan(self.plan, base_url=SITE))
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            text = archive.read("contributions.csv").decode("utf-8")
        rows = [r for r in csv.DictReader(io.StringIO(text)) if r["activity_key"] == "1.1.i"]

        listed = [
            (
                r["source"],
                r["kind"],
                r["stage"],
                decimal_or_none(r["amount"]),
                r["currency"],
                decimal_or_none(r["hours"]),
                r["period_start"],
                r["period_end"],
                r["note"],
            )
            for r in rows
        ]
        assert listed == MEANT

    def test_the_json_plan_carries_them_and_goes_out_in_and_out_unchanged(self):
        first = planfile.to_json(plan_document(self.plan))
        other = Network.objects.create(name="Otra Red", acronym="OTRA", slug="otra-red")
        second = planfile.to_json(plan_document(import_plan(planfile.from_json(first), other)))

        assert second == first
        (activity,) = [a for a in planfile.from_json(first).activities if a.key == "1.1.i"]
        carried = [
            (
                c.source,
                c.kind,
                c.stage,
                c.amount,
                c.currency,
                c.hours,
                c.starts.isoformat() if c.starts else "",
                c.ends.isoformat() if c.ends else "",
                c.note,
            )
            for c in activity.contributions
        ]
        assert carried == MEANT
