"""The IATI 2.03 activity file of a public plan, read back: valid against the
official schema, every code in its codelist, identifiers stable, the
contributions' money where IATI puts it, and nothing the public may not read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from lxml import etree

from planea import planfile
from planea.core.uploads import ALLOWED
from planea.ops.demo import load_demo
from planea.planfile.sample import synthetic_plan_text
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Plan, Product
from planea.reports import iati
from planea.reports.opendata import open_plan
from planea.reports.transparency import transparency
from tests.base import make_network

from .opendata_support import codelist, fund, funder, recorded, schema
from .support import PRIVATE_FILE_TITLE, PUBLIC_FILE_TITLE, SITE, DemoTestCase, track

NOW = dt.datetime(2017, 9, 15, 12, 0, tzinfo=dt.UTC)


def parse(body: bytes) -> etree._Element:
    return etree.fromstring(body)


class IatiTestCase(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.contributions = fund(cls.plan)

    def export(self, plan: Plan | None = None) -> bytes:
        return iati.render(open_plan(plan or self.plan, base_url=SITE), now=NOW)

    def activity(self, root: etree._Element, key: str) -> etree._Element:
        ref = iati.reporting_org_ref(self.network.slug)
        wanted = iati.activity_identifier(ref, 2017, key)
        (found,) = [a for a in root if a.findtext("iati-identifier") == wanted]
        return found


class ValidityTests:
    def test_the_demo_plan_is_a_valid_iati_2_03_file_of_44_activities(self):
        root = parse(self.export())

        valid = schema().validate(root)

        assert valid, schema().error_log
        assert root.tag == "iati-activities" and root.get("version") == "2.03"
        assert len(root.findall("iati-activity")) == 44

    def test_every_code_written_is_in_its_2_03_codelist(self):
        root = parse(self.export())
        checks = {
            "participating-org/@role": "OrganisationRole",
            "participating-org/@type": "OrganisationType",
            "reporting-org/@type": "OrganisationType",
            "activity-status/@code": "ActivityStatus",
            "activity-date/@type": "ActivityDateType",
            "description/@type": "DescriptionType",
            "sector/@code": "Sector",
            "sector/@vocabulary": "SectorVocabulary",
            "budget/@type": "BudgetType",
            "budget/@status": "BudgetStatus",
            "planned-disbursement/@type": "BudgetType",
            "transaction/transaction-type/@code": "TransactionType",
            ".//value/@currency": "Currency",
            "document-link/category/@code": "DocumentCategory",
            "document-link/language/@code": "Language",
            "document-link/@format": "FileFormat",
            "result/@type": "ResultType",
            "result/indicator/@measure": "IndicatorMeasure",
            "@xml:lang": "Language",
        }
        for path, name in checks.items():
            with self.subTest(path):
                values = set(root.xpath(f"iati-activity/{path}"))
                assert values, f"no {path} written"
                assert values <= codelist(name), values - codelist(name)
        assert {root.get("version")} <= codelist("Version")

    def test_every_kind_of_evidence_file_has_a_format_of_the_codelist(self):
        for content_type in [*ALLOWED, ""]:
            with self.subTest(content_type):
                assert iati.document_format(content_type) in codelist("FileFormat")

    def test_the_network_reports_and_answers_for_every_activity(self):
        root = parse(self.export())
        ref = iati.reporting_org_ref(self.network.slug)

        for activity in root:
            reporter = activity.find("reporting-org")
            assert reporter.get("ref") == ref
            assert reporter.findtext("narrative") == self.network.name
            accountable = activity.find("participating-org[@role='2']")
            assert accountable.get("ref") == ref

    def test_titles_and_descriptions_are_in_the_plans_language(self):
        root = parse(self.export())
        activity = self.activity(root, "1.1.ii")

        assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
        assert (
            activity.findtext("title/narrative")
            == "1.1.ii Quinto taller regional de software público"
        )
        assert activity.findtext("description[@type='1']/narrative").startswith("Lima (Perú)")

    def test_leads_implement_and_the_idb_funds_with_its_dac_identifier(self):
        activity = self.activity(parse(self.export()), "1.1.i")

        implementing = activity.findall("participating-org[@role='4']")
        funding = activity.findall("participating-org[@role='1']")

        assert [o.findtext("narrative") for o in implementing] == [
            "Grupo de Trabajo de Red Gealc en software público"
        ]
        assert [(o.get("ref"), o.findtext("narrative")) for o in funding] == [
            ("XM-DAC-46012", "BID")
        ]

    def test_statuses_and_dates_follow_the_progress_reports(self):
        root = parse(self.export())
        done = self.activity(root, "1.1.i")
        cancelled = self.activity(root, "6.2.i")
        untouched = self.activity(root, "1.2.i")

        assert done.find("activity-status").get("code") == "3"
        assert done.find("activity-date[@type='2']").get("iso-date") == "2017-03-01"
        assert done.find("activity-date[@type='4']").get("iso-date") == "2017-04-20"
        assert cancelled.find("activity-status").get("code") == "5"
        assert untouched.find("activity-status").get("code") == "1"
        assert untouched.find("activity-date[@type='1']") is not None
        assert untouched.find("activity-date[@type='3']") is not None


class IdentifierTests:
    def test_identifiers_are_the_same_in_every_export(self):
        first = parse(self.export()).xpath("iati-activity/iati-identifier/text()")
        Activity.objects.filter(plan=self.plan, key="1.1.ii").update(title="Otro título")
        second = parse(self.export()).xpath("iati-activity/iati-identifier/text()")

        assert first == second
        assert len(set(first)) == 44
        assert first[0] == "XI-PLANEA-RED-GEALC-2017-1.1.i"

    @override_settings(IATI_ORGANISATION_IDS={"red-gealc": "XM-EXAMPLE-1234"})
    def test_a_network_with_a_registered_identifier_reports_under_it(self):
        root = parse(self.export())

        assert root[0].findtext("iati-identifier") == "XM-EXAMPLE-1234-2017-1.1.i"
        assert root[0].find("reporting-org").get("ref") == "XM-EXAMPLE-1234"


class MoneyTests:
    """Round trip: every contribution with an amount comes back, to the cent,
    from the IATI elements."""

    def test_planned_amounts_are_planned_disbursements_from_their_funder(self):
        root = parse(self.export())
        found = []
        for activity in root:
            for item in activity.findall("planned-disbursement"):
                value = item.find("value")
                found.append(
                    (
                        activity.findtext("iati-identifier").rsplit("-", 1)[-1],
                        Decimal(value.text),
                        value.get("currency"),
                        item.findtext("provider-org/narrative"),
                    )
                )
        expected = [
            (c.activity.key, c.amount, c.currency, funder(c))
            for c in recorded(self.plan)
            if c.stage == "planned" and c.amount is not None
        ]

        assert found == expected
        assert ("1.1.i", Decimal("15000.00"), "USD", "BID") in found
        assert ("3.1.i", Decimal("8000.50"), "EUR", "BID") in found

    def test_spent_amounts_come_back_as_transactions_to_the_cent(self):
        root = parse(self.export())
        found = [
            (
                activity.findtext("iati-identifier").rsplit("-", 1)[-1],
                Decimal(item.findtext("value")),
                item.find("value").get("currency"),
                item.findtext("provider-org/narrative"),
            )
            for activity in root
            for item in activity.findall("transaction")
        ]
        expected = [
            (c.activity.key, c.amount, c.currency, funder(c))
            for c in recorded(self.plan)
            if c.stage == "spent" and c.amount is not None
        ]

        assert found == expected
        assert ("1.1.i", Decimal("12345.67"), "USD", "BID") in found

    def test_the_budget_adds_up_the_planned_amounts_of_each_currency(self):
        activity = self.activity(parse(self.export()), "1.1.i")
        (budget,) = activity.findall("budget")

        assert budget.get("type") == "1" and budget.get("status") == "1"
        assert budget.find("period-start").get("iso-date") == "2017-01-01"
        assert budget.find("period-end").get("iso-date") == "2017-06-30"
        assert Decimal(budget.findtext("value")) == Decimal("15000.00")
        assert budget.find("value").get("currency") == "USD"

    def test_spent_amounts_are_expenditure_transactions(self):
        activity = self.activity(parse(self.export()), "1.1.i")
        (transaction,) = activity.findall("transaction")

        assert transaction.find("transaction-type").get("code") == "4"
        assert transaction.find("transaction-date").get("iso-date") == "2017-04-20"
        assert Decimal(transaction.findtext("value")) == Decimal("12345.67")
        assert transaction.find("value").get("currency") == "USD"
        assert transaction.find("provider-org").get("ref") == "XM-DAC-46012"
        assert transaction.findtext("description/narrative") == "Pasajes y sede del taller"

    def test_hours_and_pledges_without_an_amount_carry_no_money(self):
        root = parse(self.export())
        in_kind = self.activity(root, "1.1.iii")
        pledged = self.activity(root, "3.1.i")

        assert in_kind.findall("budget") == [] and in_kind.findall("transaction") == []
        funders = in_kind.xpath("participating-org[@role='1']/narrative/text()")
        assert "Trabajo voluntario de los países" in funders
        assert [d.findtext("value") for d in pledged.findall("planned-disbursement")] == [
            "15000.00",  # the demo's, of the IDB's technical cooperation
            "8000.50",
        ]
        assert "A definir" in pledged.xpath("participating-org[@role='1']/narrative/text()")


class ResultsAndDocumentsTests:
    def test_each_product_is_an_output_with_its_target_and_what_was_delivered(self):
        root = parse(self.export())
        software = self.activity(root, "1.1.i")
        (result,) = software.findall("result")
        period = result.find("indicator/period")

        assert result.get("type") == "1"
        assert result.findtext("title/narrative").startswith("Análisis de viabilidad")
        assert period.find("target").get("value") == "1"
        # The public link and the members-only file both count, as on the activity page.
        assert period.find("actual").get("value") == "2"
        products = Product.objects.filter(activity__plan=self.plan).count()
        assert len(root.findall("iati-activity/result")) == products

    def test_only_public_evidence_is_a_document_and_never_a_members_only_one(self):
        body = self.export()
        root = parse(body)
        titles = root.xpath("iati-activity/document-link/title/narrative/text()")

        assert PUBLIC_FILE_TITLE in titles and "Relatoría del taller" in titles
        assert PRIVATE_FILE_TITLE.encode() not in body
        assert f"/evidence/{self.evidence['private_file'].pk}/".encode() not in body
        link = self.activity(root, "1.1.iii").find("document-link")
        assert link.get("url") == f"{SITE}/evidence/{self.evidence['public_file'].pk}/"
        assert link.get("format") == "application/pdf"
        assert link.find("category").get("code") == "A08"


class PublicOnlyTests:
    def test_a_draft_is_never_exported(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        self.plan.refresh_from_db()

        with self.assertRaises(PermissionDenied):
            self.export()

    def test_the_command_refuses_a_draft_and_writes_a_public_plan(self):
        with TemporaryDirectory() as folder:
            path = Path(folder) / "red-gealc-2017.xml"
            call_command(
                "export", "2017", "--network", "Red GEALC", "-o", str(path), stdout=StringIO()
            )
            assert schema().validate(etree.parse(str(path)))
            assert len(etree.parse(str(path)).getroot()) == 44

            Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
            with self.assertRaisesMessage(CommandError, "not public"):
                call_command("export", "2017", "--network", "Red GEALC", "--format", "iati",
                             "-o", str(path), stdout=StringIO())  # fmt: skip


class IatiTests(
    ValidityTests,
    IdentifierTests,
    MoneyTests,
    ResultsAndDocumentsTests,
    PublicOnlyTests,
    IatiTestCase,
):
    """One test case, so that the demo is loaded once for all of them."""


@pytest.mark.engine("query count")
@pytest.mark.django_db
def test_open_data_takes_the_same_number_of_queries_for_44_and_120_activities():
    demo = load_demo()
    track(demo.plan)
    fund(demo.plan)
    small = Plan.objects.select_related("network").get(pk=demo.plan.pk)
    parsed = planfile.parse_text(synthetic_plan_text(120, year=2017))
    big = Plan.objects.select_related("network").get(
        pk=import_plan(parsed, make_network("Red Grande", "red-grande")).pk
    )
    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as queries:
            open_plan(plan, base_url=SITE)
            transparency(plan.network, base_url=SITE)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 13
