"""The home page: every network and its published plans."""

from __future__ import annotations

from planea.plans.models import Network, Plan
from tests.base import PersonasTestCase, PlanTestCase


class HomePageTests(PlanTestCase):
    def test_bruno_sees_each_network_with_its_plans(self):
        response = self.bruno.get("/")

        self.assertContains(response, "Redes y sus planes")
        self.assertContains(response, '<a href="/red-demo/">La Red Demo</a>', html=True)
        self.assertContains(
            response, '<a href="/red-demo/2017/">PLAN ANUAL DE TRABAJO 2017</a>', html=True
        )

    def test_unpublished_plans_are_not_listed(self):
        Plan.objects.create(network=self.network, year=2018, title="BORRADOR 2018", status="draft")

        response = self.bruno.get("/")

        self.assertNotContains(response, "BORRADOR 2018")

    def test_a_network_without_plans_says_so(self):
        Network.objects.create(name="Red Vacía", acronym="RV", slug="rv")

        response = self.bruno.get("/")

        self.assertContains(response, "Todavía no se ha publicado ningún plan.")

    def test_the_page_has_landmarks_a_skip_link_and_one_main_heading(self):
        html = self.bruno.get("/").content.decode()

        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html
        assert "<header" in html and "<footer" in html
        assert html.count("<h1") == 1

    def test_the_health_check_answers_ok(self):
        response = self.bruno.get("/healthz")

        assert (response.status_code, response.content) == (200, b"ok")


class HomePageImportLinkTests(PersonasTestCase):
    def test_the_secretariat_and_the_committee_are_offered_to_bring_a_plan_in(self):
        for user in (self.secretariat, self.committee):
            response = self.client_for(user).get("/")
            self.assertContains(response, 'href="/red-demo/import/"')

    def test_nobody_else_is_offered_it(self):
        for user in (None, self.viewer, self.coordinator):
            response = self.client_for(user).get("/")
            self.assertNotContains(response, "/import/")
