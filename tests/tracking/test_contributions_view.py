"""Recording contributions from the activity page: who may, what lands, what
is refused, and what shows."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from planea.plans.models import Activity, Contribution, FundingSource
from tests.tracking.support import TrackingTestCase

FORM_ACTION = 'action="/red-demo/2017/1.1.i/contributions/"'


def management(total: int, initial: int) -> dict[str, str]:
    return {
        "contribution-TOTAL_FORMS": str(total),
        "contribution-INITIAL_FORMS": str(initial),
        "contribution-MIN_NUM_FORMS": "0",
        "contribution-MAX_NUM_FORMS": "100",
    }


def row(index: int, **values) -> dict[str, str]:
    fields = {"source": "", "kind": "cash", "stage": "planned", "amount": "", "currency": ""}
    fields.update({k: str(v) for k, v in values.items()})
    return {f"contribution-{index}-{name}": value for name, value in fields.items()}


class ContributionViewTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.contributions_url = self.url(2017, "1.1.i", "contributions")

    def send(self, user, *rows: dict, initial: int = 0, version: int | None = None):
        data = {**management(len(rows), initial)}
        for r in rows:
            data.update(r)
        activity = Activity.objects.get(pk=self.activity.pk)
        data["version"] = str(version if version is not None else activity.version)
        return self.as_user(user).post(self.contributions_url, data)

    def test_the_secretariat_records_planned_cash_and_the_page_shows_it_localised(self):
        response = self.send(
            self.sara,
            row(0, source="Cooperación Técnica del BID", amount="15.000,50", currency="usd"),
        )
        assert response.status_code == 302
        (saved,) = Contribution.objects.filter(activity=self.activity)
        assert (saved.source.name, saved.amount, saved.currency) == (
            "Cooperación Técnica del BID",
            Decimal("15000.50"),
            "USD",
        )
        page = self.as_user(None).get(self.url(2017, "1.1.i"))
        self.assertContains(page, "USD 15\u00a0000,50")  # Spanish groups with a no-break space
        self.assertContains(page, "Cooperación Técnica del BID")
        self.assertNotContains(page, FORM_ACTION)

    def test_the_lead_records_what_was_spent_beside_what_was_planned(self):
        self.send(self.cora, row(0, source="BID", amount="100", currency="USD"))
        planned = Contribution.objects.get(activity=self.activity)
        response = self.send(
            self.cora,
            row(0, id=planned.pk, source="BID", amount="100", currency="USD"),
            row(1, source="BID", stage="spent", amount="40", currency="USD"),
            initial=1,
        )
        assert response.status_code == 302
        stages = list(
            Contribution.objects.filter(activity=self.activity)
            .order_by("order")
            .values_list("stage", "amount")
        )
        assert stages == [("planned", Decimal("100.00")), ("spent", Decimal("40.00"))]

    def test_a_row_marked_for_deletion_is_removed(self):
        self.send(self.sara, row(0, source="BID", kind="tbd"))
        existing = Contribution.objects.get(activity=self.activity)
        self.send(
            self.sara, row(0, id=existing.pk, source="BID", kind="tbd", DELETE="on"), initial=1
        )
        assert not Contribution.objects.filter(activity=self.activity).exists()

    def test_only_the_secretariat_and_the_leads_coordinator_may_record(self):
        expected = {
            "secretariat": 302,
            "committee": 403,
            "coordinator": 302,
            "other_coordinator": 403,
            "viewer": 403,
            "anonymous": 403,
        }
        for role, user in self.people().items():
            with self.subTest(role=role):
                Contribution.objects.all().delete()
                response = self.send(user, row(0, source="Países", kind="in_kind", hours="8"))
                assert response.status_code == expected[role], role
                assert Contribution.objects.exists() == (expected[role] == 302)

    def test_an_amount_without_currency_is_refused_with_the_reason(self):
        response = self.send(self.sara, row(0, source="BID", amount="10"))
        assert response.status_code == 400
        self.assertContains(response, "necesita su moneda", status_code=400)
        assert not Contribution.objects.exists()

    def test_an_unknown_currency_and_hours_of_cash_are_refused(self):
        response = self.send(
            self.sara, row(0, source="BID", amount="10", currency="XYZ", hours="3")
        )
        assert response.status_code == 400
        self.assertContains(response, "ISO 4217", status_code=400)
        assert not Contribution.objects.exists()

    def test_a_stale_form_is_refused_as_a_conflict_and_nothing_is_written(self):
        seen = self.activity.version
        self.send(self.sara, row(0, source="BID", kind="tbd"))
        response = self.send(self.cora, row(0, source="Países", kind="tbd"), version=seen)
        assert response.status_code == 409
        assert list(Contribution.objects.values_list("source__name", flat=True)) == ["BID"]

    def test_the_change_history_says_who_recorded_what(self):
        self.send(self.sara, row(0, source="BID", stage="spent", amount="40", currency="USD"))
        page = self.as_user(self.sara).get(self.url(2017, "1.1.i"))
        self.assertContains(page, "Aporte agregado: BID")

    def test_a_new_source_becomes_one_of_the_networks(self):
        self.send(self.sara, row(0, source="Fondo Regional Nuevo", amount="5", currency="EUR"))
        assert FundingSource.objects.filter(
            network=self.network, name="Fondo Regional Nuevo"
        ).exists()


class ContributionFormAsRenderedTests(TrackingTestCase):
    """The page's form posted back as a browser sends it: unchanged rows kept,
    the blank row (its lists on their first choice) not read."""

    def test_the_form_sent_back_untouched_changes_nothing(self):
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        source = FundingSource.objects.get_or_create(network=self.network, name="BID")[0]
        Contribution.objects.create(
            activity=activity, source=source, kind="cash", amount=Decimal("1500.5"), currency="USD"
        )
        client = self.as_user(self.sara)
        with translation.override("es"):
            page = client.get(self.url(2017, "1.1.i"))
        formset = page.context["contribution_formset"]
        data = {"version": str(activity.version)}
        for form in formset:
            for name in form.fields:
                value = form[name].value()
                if value is None or value is False:
                    continue
                data[form.add_prefix(name)] = str(value)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        data["contribution-0-amount"] = "1500,50"  # as the Spanish page shows it
        response = client.post(self.url(2017, "1.1.i", "contributions"), data)
        assert response.status_code == 302
        (kept,) = Contribution.objects.filter(activity=activity)
        assert (kept.amount, kept.currency) == (Decimal("1500.50"), "USD")
        assert Activity.objects.get(pk=activity.pk).version == activity.version
