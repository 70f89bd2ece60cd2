"""Meetings recorded and changed through the API, by the meeting page's own
form and save: the same checks, the same policy, minutes counting as
evidence toward the products they serve."""

from __future__ import annotations

from unittest import mock

import pytest

from planea.governance.models import Meeting
from tests.api.base import API, ApiTestCase
from tests.base import organisation


class MeetingWrites(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.committee_body = organisation(cls.network, "Comité Ejecutivo")
        cls.software_group = cls.lead

    def patch(self, path: str, body: dict, persona: str = "secretariat"):
        return self.as_(persona).patch(API + path, body, content_type="application/json")

    def new(self, **fields) -> dict:
        return {
            "network": self.network.slug,
            "organisation": self.committee_body.pk,
            "title": "Reunión de mayo",
            "date": "2017-05-10",
            **fields,
        }

    def test_the_secretariat_records_a_meeting_with_its_minutes(self):
        body = self.new(
            minutes="Se revisó el avance.",
            minutes_public=True,
            activities=[self.activity.pk],
            products=[self.product.pk],
        )
        response = self.post_json("/meetings", body, "secretariat")
        self.assertEqual(response.status_code, 201, response.content)
        answer = response.json()
        self.assertEqual((answer["title"], answer["minutes"]), ("Reunión de mayo", body["minutes"]))
        self.assertEqual(
            (answer["activities"], answer["products"]), ([self.activity.pk], [self.product.pk])
        )
        meeting = Meeting.objects.get(pk=answer["id"])
        self.assertEqual(meeting.created_by, self.secretariat)
        # The minutes count toward the product, as the page's would.
        self.assertTrue(self.product.evidence.filter(meeting=meeting).exists())

    def test_changing_the_minutes_keeps_the_rest(self):
        response = self.patch(
            f"/meetings/{self.open_meeting.pk}", {"minutes": "Acta corregida."}, "secretariat"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.open_meeting.refresh_from_db()
        self.assertEqual(self.open_meeting.minutes, "Acta corregida.")
        self.assertEqual(self.open_meeting.title, "Reunión virtual de febrero")
        self.assertEqual(self.open_meeting.decisions, "Aprobar el calendario.")
        self.assertEqual(
            set(self.open_meeting.products.values_list("pk", flat=True)), {self.product.pk}
        )
        self.assertTrue(self.open_meeting.minutes_file)

    def test_a_public_read_after_a_change_shows_it(self):
        before = self.get(f"/meetings/{self.open_meeting.pk}").json()["minutes"]
        self.patch(f"/meetings/{self.open_meeting.pk}", {"minutes": "Acta nueva."})
        after = self.get(f"/meetings/{self.open_meeting.pk}").json()["minutes"]
        self.assertEqual((before, after), ("Se acordó el calendario.", "Acta nueva."))

    @pytest.mark.engine("the data stamp's triggers")
    def test_the_cached_public_list_of_activities_counts_the_new_minutes(self):
        def delivered() -> int:
            page = self.get("/activities", plan=self.plan.pk, q="Quinto taller").json()
            return page["results"][0]["products"][0]["delivered"]

        before = delivered()
        self.assertEqual(delivered(), before)  # now answered from the cache
        body = self.new(minutes="Acta.", activities=[self.activity.pk], products=[self.product.pk])
        self.assertEqual(self.post_json("/meetings", body, "secretariat").status_code, 201)
        self.assertEqual(delivered(), before + 1)

    def test_an_end_before_the_start_is_refused_with_the_forms_message(self):
        body = self.new(start_time="10:00", end_time="09:00")
        response = self.post_json("/meetings", body, "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [{"field": "end_time", "message": "The meeting cannot end before it starts."}],
        )
        self.assertFalse(Meeting.objects.filter(title="Reunión de mayo").exists())

    def test_a_meeting_without_a_title_is_refused(self):
        response = self.post_json("/meetings", self.new(title=""), "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"], [{"field": "title", "message": "This field is required."}]
        )

    def test_minutes_counting_toward_a_product_of_an_activity_not_served_are_refused(self):
        body = self.new(products=[self.product.pk], activities=[])
        response = self.post_json("/meetings", body, "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "products")

    def test_a_coordinator_records_the_meetings_of_their_group_only(self):
        mine = self.post_json(
            "/meetings", self.new(organisation=self.software_group.pk), "coordinator"
        )
        self.assertEqual(mine.status_code, 201, mine.content)
        theirs = self.post_json("/meetings", self.new(), "coordinator")
        self.assertEqual(theirs.status_code, 403)
        change = self.patch(f"/meetings/{self.open_meeting.pk}", {"minutes": "No."}, "coordinator")
        self.assertEqual(change.status_code, 403)
        self.open_meeting.refresh_from_db()
        self.assertEqual(self.open_meeting.minutes, "Se acordó el calendario.")

    def test_a_viewer_may_not_record_a_meeting(self):
        response = self.post_json("/meetings", self.new(), "viewer")
        self.assertEqual(response.status_code, 403)

    def test_the_public_is_asked_to_authenticate(self):
        self.assertEqual(self.post_json("/meetings", self.new(), None).status_code, 401)
        response = self.patch(f"/meetings/{self.open_meeting.pk}", {"minutes": "No."}, None)
        self.assertEqual(response.status_code, 401)

    def test_an_unknown_network_is_refused(self):
        response = self.post_json("/meetings", self.new(network="no-such"), "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "network")

    def test_a_failure_while_the_minutes_are_counted_leaves_no_meeting(self):
        before = Meeting.objects.count()
        with mock.patch(
            "planea.governance.meetings.minutes_changed", side_effect=RuntimeError("boom")
        ):
            response = self.post_json(
                "/meetings",
                self.new(activities=[self.activity.pk], products=[self.product.pk]),
                "secretariat",
            )
        self.assertEqual(response.status_code, 500)
        self.assertEqual(Meeting.objects.count(), before)
