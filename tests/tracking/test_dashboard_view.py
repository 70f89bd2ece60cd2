"""The dashboard page, /<network>/<year>/dashboard/: who sees it, and what it shows."""

from __future__ import annotations

import re
from unittest import mock

from django.test import Client, TestCase

from planea.accounts.models import Role
from planea.plans.models import Plan
from tests.base import make_network
from tests.tracking.test_dashboard import TODAY, build_health_plan, person

URL = "/red-demo/2024/dashboard/"


def today_is(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def text(response) -> str:
    """The page's text, tags removed and spaces collapsed, to read as a person would."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.split())


class DashboardPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network()
        cls.plan = build_health_plan(cls.network)
        cls.committee = person("committee", cls.network, Role.COMMITTEE)
        cls.viewer = person("viewer", cls.network, Role.VIEWER)

    def setUp(self) -> None:
        self.bruno = Client()  # never logged in

    def get(self, client=None, **headers):
        with today_is(TODAY):
            return (client or self.bruno).get(URL, headers=headers)

    def as_user(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def test_bruno_reads_the_dashboard_of_an_approved_plan(self):
        response = self.get()

        assert response.status_code == 200
        self.assertTemplateUsed(response, "tracking/dashboard.html")
        self.assertContains(response, "<h1>Tablero del plan 2024</h1>", html=True)
        assert "Al 15 de junio de 2024" in text(response)

    def test_the_summary_gives_the_totals(self):
        page = text(self.get(accept_language="en"))

        assert "8 activities in the plan" in page
        assert "1 done (14% of those not cancelled)" in page
        assert "2 overdue" in page
        assert "2 due in the next 30 days" in page
        assert "81% of the products' targets met" in page

    def test_overdue_activities_link_to_their_page_most_overdue_first(self):
        response = self.get(accept_language="en")
        html = response.content.decode()

        overdue = html[html.index('id="overdue-heading"') : html.index('id="due-soon-heading"')]
        assert overdue.index("/red-demo/2024/2.2/") < overdue.index("/red-demo/2024/1.1/")
        assert "135 days late" in overdue
        assert "1 day late" in overdue

    def test_upcoming_activities_say_how_soon(self):
        html = self.get(accept_language="en").content.decode()

        upcoming = html[html.index('id="due-soon-heading"') : html.index("</main>")]
        assert "due today" in upcoming
        assert "in 30 days" in upcoming
        assert "/red-demo/2024/1.4/" not in upcoming

    def test_the_summary_and_charts_come_first_and_the_long_lists_are_collapsed(self):
        html = self.get(accept_language="en").content.decode()

        order = [
            html.index(f'id="{heading}"')
            for heading in (
                "summary-heading",
                "status-heading",
                "areas-heading",
                "products-heading",
                "overdue-heading",
                "due-soon-heading",
            )
        ]
        assert order == sorted(order)
        for name in ("overdue-list", "due-soon-list", "products-list"):
            assert f'<details class="long-list" id="{name}">' in html, name
        assert "<details open" not in html

    def test_each_bar_has_its_figures_in_words_and_hides_the_drawing(self):
        html = self.get(accept_language="en").content.decode()

        assert html.count('class="stack" aria-hidden="true"') >= 3
        assert "Delayed: 1 · Not started: 1 · Cancelled: 1" in html
        assert 'style="width: 33.333%"' in html  # a dot, whatever the language

    def test_widths_stay_valid_css_in_spanish(self):
        html = self.get().content.decode()

        assert "33,333%" not in html
        assert 'style="width: 33.333%"' in html

    def test_areas_leads_and_funding_are_tables_with_headers(self):
        page = text(self.get(accept_language="en"))

        for caption in (
            "Activities of each work area, by status",
            "Activities of each lead, by status",
            "Activities of each funding source, by status",
        ):
            assert caption in page
        assert "País presidente in 2024: Uruguay" in page
        assert "No lead named" in page

    def test_a_lead_links_to_its_organisation_page(self):
        self.assertContains(
            self.get(), 'href="/red-demo/organisations/secretaria-tecnica/"', count=1
        )

    def test_products_show_evidence_against_target(self):
        page = text(self.get(accept_language="en"))

        # Untranslated, each product's name is marked as the plan's Spanish.
        assert "Tres intercambios (original in Spanish) 2 of 3 intercambios" in page
        assert "Actas de las reuniones (original in Spanish) (every 2 months) 8 of 6" in page
        assert "9 of 11 pieces of evidence expected (81%)" in page

    def test_numbers_and_dates_follow_the_language(self):
        page = text(self.get(accept_language="pt"))

        assert "Em 15 de Junho de 2024" in page
        assert "2 de 3" in page

    def test_the_plan_page_links_to_its_dashboard(self):
        self.assertContains(self.bruno.get("/red-demo/2024/"), f'href="{URL}"', count=2)

    def test_a_draft_plan_has_no_dashboard_for_bruno_or_a_viewer(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")

        assert self.get().status_code == 404
        assert self.get(self.as_user(self.viewer)).status_code == 404

    def test_the_committee_sees_the_dashboard_of_a_draft(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")

        assert self.get(self.as_user(self.committee)).status_code == 200

    def test_an_unknown_plan_is_not_found(self):
        assert self.bruno.get("/red-demo/1999/dashboard/").status_code == 404
        assert self.bruno.get("/nowhere/2024/dashboard/").status_code == 404

    def test_the_dashboard_only_answers_reads(self):
        assert self.bruno.post(URL).status_code == 405

    def test_titles_are_escaped(self):
        from planea.plans.models import Activity

        Activity.objects.filter(plan=self.plan, key="1.1").update(title="<script>alert(1)</script>")

        response = self.get()

        assert "<script>alert(1)</script>" not in response.content.decode()
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_the_header_links_to_the_dashboard_on_the_plans_pages(self):
        response = self.get()

        self.assertContains(response, f'<a href="{URL}" aria-current="page">Tablero</a>', html=True)


class EmptyPlanDashboardTests(TestCase):
    def test_a_plan_without_activities_still_has_a_dashboard(self):
        network = make_network()
        Plan.objects.create(network=network, year=2024, title="Plan vacío")

        response = Client().get(URL, headers={"accept-language": "en"})

        assert response.status_code == 200
        page = text(response)
        assert "Nothing is overdue." in page
        assert "This plan names no products." in page
