"""The organisation page: what it leads, plan by plan."""

from __future__ import annotations

from planea.governance.models import BodySeat
from planea.plans.importer import import_plan
from planea.plans.models import Organisation
from tests.base import PlanTestCase, small_plan


class OrganisationPageTests(PlanTestCase):
    def test_bruno_sees_what_the_secretariat_leads_in_each_plan(self):
        import_plan(small_plan(2018), self.network)

        response = self.bruno.get(self.url("organisations", "secretaria-tecnica"))

        self.assertContains(response, "<h1>Secretaría Técnica</h1>", html=True)
        self.assertContains(response, "Órgano de la red")
        plans = response.context["plans"]
        assert [group["plan"].year for group in plans] == [2018, 2017]
        assert [a.key for a in plans[1]["activities"]] == ["1.2.i", "1.3.i", "2.2.i"]
        self.assertContains(response, 'href="/red-demo/2017/1.3.i/"')

    def test_a_partner_shows_the_funding_it_provides(self):
        response = self.bruno.get(self.url("organisations", "bid"))

        self.assertContains(response, "Recursos que aporta")
        self.assertContains(response, "Cooperación Técnica del BID")

    def test_a_country_shows_its_seats_and_says_when_it_leads_nothing(self):
        committee = Organisation.objects.create(network=self.network, name="Comité Ejecutivo")
        chile = Organisation.objects.create(network=self.network, name="Chile", kind="country")
        BodySeat.objects.create(body=committee, country=chile, year=2017)

        response = self.bruno.get(self.url("organisations", "chile"))

        self.assertContains(response, "Puestos en los órganos de la red")
        self.assertContains(response, "2017: <a")
        self.assertContains(response, "No lidera ninguna actividad en los planes publicados.")

    def test_an_unknown_organisation_is_not_found(self):
        assert self.bruno.get(self.url("organisations", "nadie")).status_code == 404
        assert self.bruno.get("/otra-red/organisations/bid/").status_code == 404
