"""The admin shows a network's translations to its Secretariat, read-only:
they are written on the translations page, which keeps their digest."""

from __future__ import annotations

from planea.plans.models import Activity, Translation
from planea.plans.translations import set_translation
from tests.base import PersonasTestCase, make_network, make_personas

URL = "/admin/plans/translation/"


class TranslationAdminTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        cls.translation = set_translation(workshop, "title", "fr", "Cinquième atelier", cls.ana)
        cls.outsider = make_personas(make_network("Otra", "otra"), prefix="x").secretariat

    def test_the_secretariat_sees_its_networks_translations(self):
        response = self.client_for(self.secretariat).get(URL)
        assert list(response.context["cl"].result_list) == [self.translation]
        response = self.client_for(self.secretariat).get(f"{URL}{self.translation.pk}/change/")
        self.assertContains(response, "Cinquième atelier")

    def test_nobody_adds_or_changes_one_here(self):
        client = self.client_for(self.secretariat)
        assert client.get(f"{URL}add/").status_code == 403
        client.post(f"{URL}{self.translation.pk}/change/", {"text": "Autre"})
        assert Translation.objects.get(pk=self.translation.pk).text == "Cinquième atelier"

    def test_the_secretariat_may_remove_one_made_in_error(self):
        client = self.client_for(self.secretariat)
        client.post(f"{URL}{self.translation.pk}/delete/", {"post": "yes"})
        assert not Translation.objects.exists()

    def test_another_networks_secretariat_neither_sees_nor_removes_it(self):
        client = self.client_for(self.outsider)
        assert list(client.get(URL).context["cl"].result_list) == []
        assert client.get(f"{URL}{self.translation.pk}/change/").status_code == 404
        client.post(f"{URL}{self.translation.pk}/delete/", {"post": "yes"})
        assert Translation.objects.exists()
