"""The network page: its plans, its Executive Committee by year, its members."""

from __future__ import annotations

from planea.governance.models import BodySeat
from planea.plans.models import Organisation
from tests.base import PersonasTestCase, PlanTestCase


class NetworkPageTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        org = Organisation.objects.create
        committee = org(network=cls.network, name="Comité Ejecutivo", kind="body")
        uruguay = org(network=cls.network, name="Uruguay", kind="country")
        chile = org(network=cls.network, name="Chile", kind="country")
        cls.network.countries.add(uruguay, chile)
        BodySeat.objects.create(body=committee, country=uruguay, year=2017, is_chair=True)
        BodySeat.objects.create(body=committee, country=chile, year=2017)

    def test_bruno_sees_the_networks_plans_with_their_timelines(self):
        response = self.bruno.get(self.url())

        self.assertContains(
            response, '<h1>La Red Demo <span class="acronym">(Red Demo)</span></h1>', html=True
        )
        self.assertContains(response, 'href="/red-demo/2017/"')
        self.assertContains(response, 'href="/red-demo/2017/timeline/"')

    def test_the_executive_committee_of_each_year_is_shown_with_its_chair(self):
        response = self.bruno.get(self.url())

        self.assertContains(response, "Comité Ejecutivo</a> 2017")
        self.assertContains(response, "Presidido por Uruguay.")
        committee = response.context["committees"][0]
        assert [c.name for c in committee["members"]] == ["Uruguay", "Chile"]

    def test_member_countries_link_to_their_pages(self):
        response = self.bruno.get(self.url())

        self.assertContains(response, "Países miembros")
        self.assertContains(
            response, '<a href="/red-demo/organisations/chile/">Chile</a>', html=True
        )

    def test_an_unknown_network_is_not_found(self):
        response = self.bruno.get("/red-que-no-existe/")

        self.assertContains(response, "Página no encontrada", status_code=404)


class NetworkPageImportLinkTests(PersonasTestCase):
    def test_the_secretariat_is_offered_to_bring_a_plan_in_and_a_viewer_is_not(self):
        self.assertContains(
            self.client_for(self.secretariat).get("/red-demo/"), 'href="/red-demo/import/"'
        )
        self.assertNotContains(self.client_for(self.viewer).get("/red-demo/"), "/import/")


class NetworkPageStatutesTests(PersonasTestCase):
    """The rules the network's approvals follow, as data the page shows."""

    def test_without_recorded_statutes_the_page_shows_red_gealcs_rules(self):
        response = self.client_for(self.viewer).get("/red-demo/", headers={"accept-language": "en"})

        self.assertContains(response, 'id="statutes"')
        self.assertContains(
            response,
            "Plans are approved by the Assembly, at a meeting held during the plan&#x27;s year "
            "or the year before.",
        )
        self.assertContains(
            response,
            "Amendments to an adopted plan are approved by the Assembly or the Executive "
            "Committee, at a meeting held after the plan was adopted and before its year ends.",
        )
        self.assertContains(response, "Planea applies those of Red GEALC.")
        self.assertNotContains(response, "/admin/governance/statutes/")

    def test_the_secretariat_is_offered_to_record_them(self):
        response = self.client_for(self.secretariat).get("/red-demo/")

        network = response.context["network"]
        self.assertContains(response, f"/admin/governance/statutes/add/?network={network.pk}")
