"""The translations page of a plan: every text beside its translation, the
counts per language, the filters, a page of texts saved at once by who
translates into that language, and a translation an amendment made stale."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planea.accounts.models import Role
from planea.governance import lifecycle, translating
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Plan, Translation
from planea.plans.translations import digest, set_translation
from tests.base import PersonasTestCase, big_plan, member
from tests.governance.support import committee_meeting, document_of, find, set_status

KEY = "activity:1.1.i:title"
ENGLISH = {"accept-language": "en"}
NEW_TITLE = "Quinto taller regional de software público, en Lima"


def counts(html: str, language: str) -> dict[str, int]:
    row = re.search(rf'<tr data-language="{language}">(.*?)</tr>', html, re.S).group(1)
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', row)}


def keys_shown(html: str) -> list[str]:
    return re.findall(r'<tr id="text-\d+" data-key="([^"]+)"', html)


class TranslationsPageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.translator = member("francoise", cls.network, Role.TRANSLATOR_FR)
        set_status(cls.plan, "in_execution")
        cls.meeting = committee_meeting(cls.network)
        cls.workshop = Activity.objects.get(plan=cls.plan, key="1.1.i")
        set_translation(cls.workshop, "title", "fr", "Cinquième atelier régional", cls.translator)
        cls.total = len(translating.entries(cls.plan))

    def setUp(self) -> None:
        super().setUp()
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)

    def page(self, user=None, **query) -> str:
        client = self.client_for(user or self.translator)
        response = client.get(self.url(2017, "translations"), query, headers=ENGLISH)
        assert response.status_code == 200
        return response.content.decode()

    def save(self, user, language: str, texts: dict[str, str], **extra) -> object:
        entries = {e.key: e for e in translating.entries(self.plan)}
        data = {"language": language, "key": list(texts), **extra}
        for key, text in texts.items():
            data[f"text-{key}"] = text
            data[f"digest-{key}"] = digest(entries[key].original)
        return self.client_for(user).post(
            self.url(2017, "translations", "save"), data, headers=ENGLISH
        )

    def amend_the_workshops_title(self) -> None:
        document = document_of(self.plan)
        find(document, "1.1.i").title = NEW_TITLE
        proposal = lifecycle.propose_amendment(self.plan, document, self.committee)
        lifecycle.approve_amendment(self.plan, proposal, self.meeting, self.secretariat)

    # -- reading

    def test_each_language_is_counted_translated_missing_and_out_of_date(self):
        html = self.page()

        assert counts(html, "fr") == {"translated": 1, "missing": self.total - 1, "stale": 0}
        assert counts(html, "pt") == {"translated": 0, "missing": self.total, "stale": 0}
        assert 'data-language="es"' not in html  # the plan's own language: the originals

    def test_a_text_is_shown_beside_its_translation_in_the_chosen_language(self):
        html = self.page(language="fr", area="1")

        row = html[html.index(f'data-key="{KEY}"') :].split("</tr>")[0]
        assert "Quinto taller regional de software público" in row
        assert "Cinquième atelier régional" in row
        assert 'lang="es"' in row and 'lang="fr"' in row

    def test_the_filters_keep_an_area_and_a_state(self):
        second_area = keys_shown(self.page(area="2"))
        done = keys_shown(self.page(language="fr", state="done"))
        missing = keys_shown(self.page(language="fr", state="missing", area="1"))

        assert second_area and all(
            k.startswith(("area:2:", "activity:2.", "product:2.")) for k in second_area
        )
        assert done == [KEY]
        assert KEY not in missing and "activity:1.2.i:title" in missing

    def test_an_amendment_approved_makes_the_translation_of_the_changed_text_out_of_date(self):
        self.amend_the_workshops_title()

        html = self.page(language="fr", state="stale")

        assert counts(html, "fr") == {"translated": 0, "missing": self.total - 1, "stale": 1}
        assert keys_shown(html) == [KEY]
        assert "The original changed after this translation" in html
        assert NEW_TITLE in html and "Cinquième atelier régional" in html

    @pytest.mark.engine("query count")
    def test_the_page_reads_as_many_queries_for_120_activities_as_for_5(self):
        big = import_plan(big_plan(120, year=2019), self.network, source_name="big.txt")
        set_status(big, "in_execution")
        client = self.client_for(self.translator)
        client.get(self.url(2017, "translations"))  # the session and the content types

        def queries(year: int) -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(self.url(year, "translations")).status_code == 200
            return len(captured)

        assert queries(2019) == queries(2017)

    def test_the_plan_page_links_to_the_translations_for_who_may_read_them(self):
        link = self.url(2017, "translations")
        for user, shown in ((self.translator, True), (self.committee, True), (self.viewer, False)):
            with self.subTest(user=user.username):
                page = self.client_for(user).get(self.url(2017)).content.decode()
                assert (f'href="{link}"' in page) == shown

    # -- writing

    def test_a_translator_saves_a_page_of_texts_at_once(self):
        response = self.save(
            self.translator,
            "fr",
            {KEY: "Cinquième atelier, à Lima", "activity:1.2.i:title": "Quatre échanges"},
            area="1",
        )

        assert response.status_code == 302
        assert response["Location"].endswith("/translations/?language=fr&area=1")
        fr = dict(Translation.objects.filter(language="fr").values_list("text", "object_id"))
        assert set(fr) == {"Cinquième atelier, à Lima", "Quatre échanges"}
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 translations saved."]

    def test_one_text_refused_saves_none_and_says_which(self):
        response = self.save(
            self.translator,
            "fr",
            {KEY: "Atelier modifié", "activity:1.2.i:title": "Quatre\x0béchanges"},
        )

        said = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert "1.2.i · title: the translation holds characters a text may not: U+000B" in said
        assert Translation.objects.get(language="fr").text == "Cinquième atelier régional"

    def test_a_translator_writes_only_into_their_language(self):
        response = self.save(self.translator, "pt", {KEY: "Quinta oficina"})

        assert response.status_code == 403
        assert not Translation.objects.filter(language="pt").exists()

    def test_a_text_translated_from_an_original_changed_since_is_a_conflict_and_not_saved(self):
        entries = {e.key: e for e in translating.entries(self.plan)}
        seen = digest(entries[KEY].original)
        self.amend_the_workshops_title()

        self.client_for(self.translator).post(
            self.url(2017, "translations", "save"),
            {"language": "fr", "key": [KEY], f"text-{KEY}": "Autre", f"digest-{KEY}": seen},
        )

        assert Translation.objects.get(language="fr").text == "Cinquième atelier régional"

    def test_an_out_of_date_translation_confirmed_is_current_again(self):
        self.amend_the_workshops_title()

        self.save(
            self.translator, "fr", {KEY: "Cinquième atelier régional"}, **{f"confirm-{KEY}": "on"}
        )

        assert counts(self.page(), "fr")["stale"] == 0
        assert counts(self.page(), "fr")["translated"] == 1
