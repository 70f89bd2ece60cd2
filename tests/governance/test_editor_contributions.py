"""The draft editor's contributions: entered with the activity, written to the
draft, refused with a reason, and left alone when the form is sent as it came."""

from __future__ import annotations

from decimal import Decimal

from planea.plans.models import Activity, Contribution, FundingSource
from tests.base import PersonasTestCase
from tests.governance.editor_support import editor_form_data as form_of
from tests.governance.support import set_status


class EditorContributionTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "draft")
        self.carlos = self.client_for(self.committee)
        self.carlos.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.address = self.url(2017, "edit", "activities", "1.2.i")

    def send(self, **rows):
        data = form_of(self.carlos.get(self.address))
        data.update(rows)
        return self.carlos.post(self.address, data)

    def test_a_contribution_entered_with_the_activity_reaches_the_draft(self):
        response = self.send(
            **{
                "contributions-0-source": "Fondo Regional de Innovación",
                "contributions-0-kind": "cash",
                "contributions-0-amount": "20.000",
                "contributions-0-currency": "eur",
                "contributions-0-note": "mínimo",
            }
        )
        assert response.status_code == 302, (
            response.context and response.context["editor"].contributions.errors
        )
        activity = Activity.objects.get(plan=self.plan, key="1.2.i")
        (saved,) = Contribution.objects.filter(activity=activity)
        assert (saved.source.name, saved.amount, saved.currency, saved.note) == (
            "Fondo Regional de Innovación",
            Decimal("20000.00"),
            "EUR",
            "mínimo",
        )
        assert FundingSource.objects.filter(name="Fondo Regional de Innovación").exists()

        # Sent again as it comes: nothing lost, no row added.
        assert self.send().status_code == 302
        assert Contribution.objects.filter(activity=activity).count() == 1

    def test_hours_of_cash_are_refused_on_the_row(self):
        response = self.send(
            **{
                "contributions-0-source": "BID",
                "contributions-0-kind": "cash",
                "contributions-0-hours": "12",
            }
        )
        assert response.status_code == 400
        assert "hours" in response.context["editor"].contributions.forms[0].errors
        assert not Contribution.objects.exists()

    def test_a_blank_row_is_ignored(self):
        assert self.send().status_code == 302
        assert not Contribution.objects.exists()
