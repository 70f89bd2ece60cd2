"""The API's plan texts in the language asked for: `?lang=` first, else
Accept-Language; the original where there is no translation, said so in
`untranslated`; and never one language's answer served for another."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planea.plans.models import Area
from planea.plans.translations import set_translation
from tests.api.base import API, ApiTestCase


class TranslatedTextsTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.area = Area.objects.get(plan=cls.plan, number=1)
        set_translation(cls.activity, "title", "fr", "Cinquième atelier régional", cls.ana)
        set_translation(cls.activity, "title", "pt", "Quinta oficina regional", cls.ana)
        set_translation(cls.product, "description", "fr", "Définition du logiciel", cls.ana)
        set_translation(cls.area, "title", "fr", "Logiciel public", cls.ana)
        set_translation(cls.plan, "title", "fr", "PLAN ANNUEL DE TRAVAIL 2017", cls.ana)

    def activity_json(self, query: str = "", **headers) -> dict:
        response = self.client.get(f"{API}/activities/{self.activity.pk}{query}", headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_lang_gives_the_translation_and_says_what_is_still_the_original(self):
        answer = self.activity_json("?lang=fr")
        assert answer["title"] == "Cinquième atelier régional"
        assert answer["details"] == self.activity.details  # no French yet
        assert answer["language"] == "fr"
        assert answer["original_language"] == "es"
        assert answer["untranslated"] == ["details"]

    def test_the_area_and_products_come_translated_with_their_own_markers(self):
        answer = self.activity_json("?lang=fr")
        assert answer["area"]["title"] == "Logiciel public"
        assert answer["area"]["untranslated"] == []
        [product] = answer["products"]
        assert (product["description"], product["language"]) == ("Définition du logiciel", "fr")

    def test_accept_language_is_read_when_lang_is_not_given(self):
        answer = self.activity_json(accept_language="pt-BR,pt;q=0.9")
        assert answer["title"] == "Quinta oficina regional"
        assert answer["untranslated"] == ["details"]

    def test_lang_takes_precedence_over_accept_language(self):
        answer = self.activity_json("?lang=fr", accept_language="pt")
        assert answer["title"] == "Cinquième atelier régional"

    def test_the_plans_own_language_is_all_original_and_nothing_untranslated(self):
        answer = self.activity_json()
        assert answer["title"] == self.activity.title
        assert (answer["language"], answer["untranslated"]) == ("es", [])

    def test_an_unknown_language_is_refused_naming_the_parameter(self):
        response = self.client.get(f"{API}/activities/{self.activity.pk}?lang=de")
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "lang"

    def test_a_plan_comes_with_its_title_and_areas_translated(self):
        response = self.client.get(f"{API}/plans/{self.plan.pk}?lang=fr")
        answer = response.json()
        assert answer["title"] == "PLAN ANNUEL DE TRAVAIL 2017"
        assert answer["untranslated"] == ["background", "purpose"]
        assert answer["areas"][0]["title"] == "Logiciel public"
        assert answer["areas"][0]["untranslated"] == ["objective"]
        assert answer["areas"][1]["untranslated"] == ["title", "objective"]

    def test_the_plan_list_and_the_areas_alone_are_translated(self):
        listed = self.client.get(f"{API}/plans?lang=fr").json()["results"]
        assert [plan["title"] for plan in listed] == ["PLAN ANNUEL DE TRAVAIL 2017"]
        areas = self.client.get(f"{API}/plans/{self.plan.pk}/areas?lang=fr").json()
        assert areas[0]["title"] == "Logiciel public"

    def test_a_meeting_comes_with_its_title_translated_and_its_decisions_marked(self):
        set_translation(self.open_meeting, "title", "en", "February virtual meeting", self.ana)
        answer = self.client.get(f"{API}/meetings/{self.open_meeting.pk}?lang=en").json()
        assert answer["title"] == "February virtual meeting"
        assert answer["decisions"] == "Aprobar el calendario."
        assert (answer["language"], answer["original_language"]) == ("en", "es")
        assert answer["untranslated"] == ["decisions"]
        listed = self.client.get(f"{API}/meetings?lang=en").json()["results"]
        assert "February virtual meeting" in [meeting["title"] for meeting in listed]

    def test_a_page_in_another_language_costs_one_query_more(self):
        url = f"{API}/activities?page_size=100"
        self.client.get(url, headers={"accept-language": "fr"})  # content types cached
        counts = []
        for language in ("es", "fr"):
            cache.clear()  # built afresh
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url, headers={"accept-language": language})
            counts.append(len(queries))
        assert counts[1] == counts[0] + 1


@pytest.mark.engine("cached answers are keyed by the engine's trigger-kept stamp")
class LanguageCacheTests(ApiTestCase):
    def titles(self, url: str, client=None, **headers) -> list[str]:
        response = (client or self.client).get(url, headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        return [item["title"] for item in response.json()["results"]][:1]

    def test_a_french_answer_is_never_served_to_a_spanish_reader(self):
        set_translation(self.activity, "title", "fr", "Cinquième atelier", self.ana)
        url = f"{API}/activities?page_size=100"
        assert self.titles(url, accept_language="fr") == ["Cinquième atelier"]
        assert self.titles(url, accept_language="es") == [self.activity.title]
        assert self.titles(url) == [self.activity.title]
        assert self.titles(url, accept_language="fr") == ["Cinquième atelier"]

    def test_a_signed_in_readers_kept_page_is_kept_per_language(self):
        set_translation(self.activity, "title", "fr", "Cinquième atelier", self.ana)
        client = self.as_("secretariat")
        url = f"{API}/activities?page_size=100"
        assert self.titles(url, client, accept_language="fr") == ["Cinquième atelier"]
        assert self.titles(url, client, accept_language="es") == [self.activity.title]

    def test_a_new_translation_is_seen_at_once(self):
        url = f"{API}/activities?page_size=100&lang=fr"
        assert self.titles(url) == [self.activity.title]
        set_translation(self.activity, "title", "fr", "Cinquième atelier", self.ana)
        assert self.titles(url) == ["Cinquième atelier"]
