"""The dashboard's contributions: by source and by kind, per currency, and
only for a plan that records any."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client, TestCase

from planea.plans.models import Contribution, FundingSource
from planea.tracking.dashboard import plan_dashboard
from tests.base import make_network
from tests.tracking.test_dashboard import TODAY, build_health_plan
from tests.tracking.test_dashboard_view import URL, text, today_is


class DashboardContributionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network()
        cls.plan = build_health_plan(cls.network)

    def add(self, source: str, **values) -> None:
        activity = self.plan.activities.order_by("order").first()
        funder = FundingSource.objects.get_or_create(network=self.network, name=source)[0]
        Contribution.objects.create(activity=activity, source=funder, **values)

    def page(self) -> str:
        with today_is(TODAY):
            return text(Client().get(URL))

    def test_a_plan_without_contributions_shows_no_section(self):
        assert "Aportes por fuente y por tipo" not in self.page()
        assert not plan_dashboard(self.plan, TODAY).contributions

    def test_amounts_are_summed_per_currency_by_source_and_by_kind(self):
        self.add("BID", kind="cash", amount=Decimal("15000"), currency="USD")
        self.add("BID", kind="cash", stage="spent", amount=Decimal("4250.5"), currency="USD")
        self.add("Unión Europea", kind="cash", amount=Decimal("20000"), currency="EUR")
        self.add("Países", kind="in_kind", hours=Decimal("120"))
        self.add("A definir", kind="tbd")

        totals = plan_dashboard(self.plan, TODAY).contributions
        assert [(t.currency, t.planned, t.spent) for t in totals.by_currency] == [
            ("EUR", Decimal("20000"), None),
            ("USD", Decimal("15000"), Decimal("4250.5")),
        ]
        page = self.page()
        assert "Aportes por fuente y por tipo" in page
        assert "USD: 15 000,00 previsto, 4 250,50 ejecutado" in page.replace("\u00a0", " ")
        assert "En especie (trabajo voluntario)" in page
        assert "120,0 / 0,0" in page
