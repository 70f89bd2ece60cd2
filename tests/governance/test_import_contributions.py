"""Amounts a plan states are read by the importer: shown in the preview, then
stored as planned cash of their source."""

from __future__ import annotations

from decimal import Decimal

from planea.plans.models import Contribution
from tests.governance.import_support import ImportTestCase, plan_text


class ImportContributionTests(ImportTestCase):
    def test_a_stated_amount_is_previewed_with_its_source(self):
        text = plan_text().decode("utf-8")
        assert "Recursos: Proyecto BPR/BID" in text
        text = text.replace(
            "Recursos: Proyecto BPR/BID", "Recursos: Proyecto BPR/BID (mínimo USD 15.000)", 1
        )
        client = self.client_for(self.secretariat)
        token = self.uploaded(client, "plan-2019.txt", text.encode("utf-8"))

        response = client.get(self.import_url(token))

        first = response.context["reading"]["areas"][0]["activities"][0]
        assert [f["name"] for f in first["funding"]] == ["Proyecto BPR/BID"]
        assert first["contributions"] == [
            {
                "source": "Proyecto BPR/BID",
                "kind": "cash",
                "stage": "planned",
                "amount": "15000.00",
                "currency": "USD",
                "note": "mínimo",
            }
        ]
        self.assertContains(response, "Proyecto BPR/BID: USD 15\u00a0000,00 (mínimo)")
        assert not Contribution.objects.filter(amount=Decimal("15000")).exists()
