"""Governance in the admin: meetings and their series for the Secretariat to
correct, under the policy; signed minutes checked as on the meeting's page;
versions and changes of status shown, never edited."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile

from django.test import override_settings

from planea.governance import lifecycle
from planea.governance.models import Meeting
from planea.tracking.models import Evidence
from tests.base import PersonasTestCase, make_network, make_personas, organisation
from tests.governance.support import assembly_meeting, english, set_status
from tests.tracking.support import exe_bytes, upload


class GovernanceAdminTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = assembly_meeting(cls.network)
        set_status(cls.plan, "draft")
        lifecycle.propose(cls.plan, cls.committee)
        other = make_network("Otra Red", "otra-red")
        cls.otto = make_personas(other, prefix="otto-").secretariat
        cls.elsewhere = assembly_meeting(other, title="Reunión de la otra red")

    def setUp(self) -> None:
        super().setUp()
        media_root = tempfile.mkdtemp(prefix="planea-media-")
        self.addCleanup(shutil.rmtree, media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=media_root)
        media.enable()
        self.addCleanup(media.disable)

    def test_the_secretariat_lists_its_networks_meetings_versions_and_steps_only(self):
        client = english(self.secretariat)

        meetings = client.get("/admin/governance/meeting/")
        for path in ("planversion", "plantransition", "meetingseries", "meeting/add"):
            assert client.get(f"/admin/governance/{path}/").status_code == 200, path

        self.assertContains(meetings, "X Reunión Anual de la Red")
        self.assertNotContains(meetings, "Reunión de la otra red")
        other = f"/admin/governance/meeting/{self.elsewhere.pk}/change/"
        assert client.get(other).status_code == 404
        assert english(self.otto).get("/admin/governance/planversion/").status_code == 200
        self.assertNotContains(
            english(self.otto).get("/admin/governance/planversion/"), "PLAN ANUAL"
        )

    def test_coordinators_get_no_governance_admin(self):
        response = english(self.coordinator).get("/admin/governance/meeting/")

        assert response.status_code in (302, 403)

    def test_a_program_sent_as_signed_minutes_is_refused_in_the_admin_too(self):
        client = english(self.ana)
        url = f"/admin/governance/meeting/{self.meeting.pk}/change/"
        form = {
            "network": self.network.pk,
            "organisation": self.meeting.organisation_id,
            "title": self.meeting.title,
            "kind": "in_person",
            "date": "2016-12-02",
            "minutes_public": "on",
            "minutes_file": upload("acta.pdf", exe_bytes()),
        }

        response = client.post(url, form)

        assert response.status_code == 200
        self.assertContains(response, "This file is a program")
        assert not Meeting.objects.get(pk=self.meeting.pk).minutes_file

    def test_the_admin_refuses_minutes_counting_toward_an_activity_the_meeting_did_not_serve(
        self,
    ):
        set_status(self.plan, "in_execution")
        product = self.plan.activities.get(key="1.3.i").products.get()
        form = {
            "network": self.network.pk,
            "organisation": organisation(self.network, "Asamblea Anual").pk,
            "title": "Reunión de coordinación",
            "kind": "virtual",
            "date": "2017-02-15",
            "minutes": "Acta de la reunión.",
            "products": [product.pk],
        }

        response = english(self.ana).post("/admin/governance/meeting/add/", form)

        assert response.status_code == 200
        assert "products" in response.context["adminform"].form.errors
        assert not Meeting.objects.filter(title="Reunión de coordinación").exists()

    def test_minutes_recorded_in_the_admin_count_toward_the_linked_products(self):
        set_status(self.plan, "in_execution")
        product = self.plan.activities.get(key="1.3.i").products.get()
        client = english(self.ana)
        form = {
            "network": self.network.pk,
            "organisation": organisation(self.network, "Asamblea Anual").pk,
            "title": "Reunión de coordinación",
            "kind": "virtual",
            "date": "2017-02-15",
            "minutes": "Acta de la reunión.",
            "minutes_public": "on",
            "activities": [product.activity_id],
            "products": [product.pk],
        }

        response = client.post("/admin/governance/meeting/add/", form)

        assert response.status_code == 302, response.content.decode()[:3000]
        meeting = Meeting.objects.get(title="Reunión de coordinación")
        assert meeting.date == dt.date(2017, 2, 15)
        assert Evidence.objects.get(meeting=meeting).product == product
