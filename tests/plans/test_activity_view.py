"""The activity page: every field, with those inherited from the area marked."""

from __future__ import annotations

from planea.governance.models import BodySeat
from planea.plans.models import Organisation
from tests.base import PlanTestCase


class ActivityPageTests(PlanTestCase):
    def test_bruno_sees_every_field_of_a_dated_activity(self):
        response = self.bruno.get(self.url(2017, "1.1.i"))

        html = response.content.decode()
        for text in [
            "Quinto taller regional de software público",
            "1. Software público",
            "Avanzar en la co-creación de software público.",
            "Primer semestre",
            "Lima (Perú), primera quincena de abril de 2017.",
            '<time datetime="2017-04-01">1 de abril de 2017</time>',
            '<time datetime="2017-04-15">15 de abril de 2017</time>',
            "Definición del software público regional",
            "Grupo de Trabajo en software público",
            "Proyecto BPR/BID",
            "línea 12 de plan-2017.txt",
        ]:
            assert text in html, text
        assert "de la nota del área" not in html

    def test_a_target_and_its_recurrence_are_shown(self):
        response = self.bruno.get(self.url(2017, "1.3.i"))

        self.assertContains(response, "Meta: 6 reuniones, cada 2 meses")

    def test_fields_taken_from_the_areas_note_are_marked(self):
        response = self.bruno.get(self.url(2017, "2.1.i"))

        # The explanation once, then the lead and the funding marked.
        self.assertContains(response, "de la nota del área", count=3)
        self.assertContains(response, "Las actividades se realizan con trabajo voluntario")

    def test_the_presiding_country_is_named_when_the_committee_has_a_chair(self):
        committee = Organisation.objects.create(
            network=self.network, name="Comité Ejecutivo", kind="body"
        )
        uruguay = Organisation.objects.create(network=self.network, name="Uruguay", kind="country")
        BodySeat.objects.create(body=committee, country=uruguay, year=2017, is_chair=True)

        response = self.bruno.get(self.url(2017, "2.2.i"))

        self.assertContains(response, "País presidente")
        self.assertContains(response, "en 2017: Uruguay")

    def test_an_unknown_activity_is_not_found(self):
        assert self.bruno.get(self.url(2017, "9.9.ix")).status_code == 404
        assert self.bruno.get(self.url(2018, "1.1.i")).status_code == 404


class ActivityPageRowsTests(PlanTestCase):
    """No empty rows, the code once, and who reports on an activity no one leads."""

    def bare_activity(self):
        from planea.plans.models import Activity

        bare = Activity.objects.get(plan=self.plan, key="1.2.i")
        bare.details = bare.location = ""
        bare.starts = bare.due = None
        bare.save()
        bare.lead_links.all().delete()
        bare.funding_links.all().delete()
        return bare

    def test_an_activity_without_details_place_dates_or_funding_shows_no_empty_row(self):
        self.bare_activity()

        response = self.client.get(self.url(2017, "1.2.i"), headers={"accept-language": "en"})

        html = response.content.decode()
        for label in ("Details", "Location", "Starts", "Due", "Funding"):
            assert f"<dt>{label}" not in html, label
        assert "<dd>—</dd>" not in html

    def test_the_code_is_shown_once_without_a_separate_key_row(self):
        response = self.client.get(self.url(2017, "1.1.i"), headers={"accept-language": "en"})

        assert "<dt>Key</dt>" not in response.content.decode()
        self.assertContains(response, "<dt>Code</dt><dd>1.1.i</dd>", html=True)

    def test_an_activity_with_no_lead_says_the_secretariat_reports_it(self):
        self.bare_activity()

        response = self.client.get(self.url(2017, "1.2.i"))

        self.assertContains(response, "Sin responsable: la Secretaría informa sobre esta actividad")
