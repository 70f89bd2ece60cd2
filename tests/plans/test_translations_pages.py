"""The pages show a plan's texts in the reader's language: the translation
where one is recorded, else the original, marked as such in visible text."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from planea.plans.importer import import_plan
from planea.plans.models import Activity, Area, Product
from planea.plans.translations import set_translation
from tests.base import PersonasTestCase, big_plan, make_network
from tests.governance.support import assembly_meeting


def page(client: Client, url: str, language: str) -> str:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


class TranslatedPagesTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        cls.survey = Activity.objects.get(plan=cls.plan, code="2.1.i")
        cls.software = Area.objects.get(plan=cls.plan, number=1)
        product = Product.objects.get(activity=cls.workshop)
        set_translation(cls.workshop, "title", "pt", "Quinta oficina regional", cls.ana)
        set_translation(cls.workshop, "title", "en", "Fifth regional workshop", cls.ana)
        set_translation(cls.software, "title", "fr", "Logiciel public", cls.ana)
        set_translation(cls.plan, "title", "en", "ANNUAL WORK PLAN 2017", cls.ana)
        set_translation(product, "description", "en", "Definition of <public> software", cls.ana)
        cls.meeting = assembly_meeting(
            cls.network, dt.date(2017, 11, 20), title="Reunión anual", decisions="Se aprueba."
        )
        set_translation(cls.meeting, "title", "en", "Annual meeting", cls.ana)

    def test_the_plan_page_shows_a_translation_and_marks_an_original(self):
        html = page(self.bruno, self.url(2017), "pt")
        assert "Quinta oficina regional" in html
        assert (
            '<span lang="es" class="original-text">Encuesta sobre acciones de medición</span>'
            in html
        )
        assert "(original em espanhol)" in html

    def test_the_plan_page_translates_an_area_heading(self):
        html = page(self.bruno, self.url(2017), "fr")
        assert "1. Logiciel public</h3>" in html
        assert "(original en espagnol)" in html

    def test_the_plan_page_in_the_plans_language_marks_nothing(self):
        html = page(self.bruno, self.url(2017), "es")
        assert "Quinto taller regional de software público" in html
        assert "original-text" not in html

    def test_a_translation_is_escaped(self):
        html = page(self.bruno, self.url(2017, "1.1.i"), "en")
        assert "Definition of &lt;public&gt; software" in html
        assert "<public>" not in html

    def test_the_activity_page_shows_its_title_and_plan_translated(self):
        html = page(self.bruno, self.url(2017, "1.1.i"), "en")
        assert "<title>1.1.i Fifth regional workshop" in html
        assert "ANNUAL WORK PLAN 2017</a>" in html
        assert '<span lang="es" class="original-text">Software público</span>' in html

    def test_the_timeline_shows_titles_translated_and_areas_marked(self):
        html = page(self.bruno, self.url(2017, "timeline"), "pt")
        assert "Quinta oficina regional</a>" in html
        assert '<span lang="es" class="original-text">Software público</span>' in html

    def test_the_lists_of_plans_and_an_organisations_activities_are_translated(self):
        for url in ("/", f"/{self.network.slug}/"):
            assert "ANNUAL WORK PLAN 2017</a>" in page(self.bruno, url, "en")
        group = page(
            self.bruno,
            f"/{self.network.slug}/organisations/grupo-de-trabajo-en-software-publico/",
            "en",
        )
        assert "Fifth regional workshop</a>" in group
        french = page(self.bruno, "/", "fr")
        assert "PLAN ANUAL DE TRABAJO 2017</span> <small" in french

    def test_the_dashboard_shows_products_translated(self):
        html = page(self.bruno, self.url(2017, "dashboard"), "en")
        assert "Definition of &lt;public&gt; software" in html
        assert "Reporte de los intercambios</span> <small" in html

    def test_my_commitments_show_the_readers_language(self):
        html = page(self.client_for(self.coordinator), "/my/commitments/", "pt")
        assert "Quinta oficina regional" in html

    def test_the_meeting_pages_show_the_meeting_translated(self):
        html = page(self.bruno, f"/{self.network.slug}/meetings/{self.meeting.pk}/", "en")
        assert "<h1>Annual meeting</h1>" in html
        assert '<div lang="es" class="original-text"><p>Se aprueba.</p></div>' in html
        listing = page(self.bruno, f"/{self.network.slug}/meetings/", "en")
        assert "Annual meeting" in listing


def translated_plan_page_queries(activities: int, slug: str) -> int:
    """The queries of a French plan page of a plan whose every activity title
    is translated."""
    plan = import_plan(big_plan(activities), make_network(slug, slug))
    for activity in plan.activities.all():
        set_translation(activity, "title", "fr", f"Activité {activity.code}", None)
    client = Client(headers={"accept-language": "fr"})
    client.get(f"/{slug}/{plan.year}/")  # content types read into the cache once
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/{slug}/{plan.year}/").content.decode()
    assert "Activité 1.1.1" in html
    return len(queries)


class TranslatedPlanPageCostTests(PersonasTestCase):
    def test_translations_cost_one_query_whatever_the_number_of_activities(self):
        client = Client()
        client.get(self.url(2017))
        with CaptureQueriesContext(connection) as spanish:
            client.get(self.url(2017), headers={"accept-language": "es"})
        small = translated_plan_page_queries(5, "small")
        large = translated_plan_page_queries(40, "large")
        assert small == large == len(spanish) + 1
