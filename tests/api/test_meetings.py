"""/meetings: public, as their pages are; minutes for whoever may read them."""

from __future__ import annotations

import pytest

from tests.api.base import ApiTestCase, pdf_bytes


class Meetings(ApiTestCase):
    def test_meetings_newest_first(self):
        data = self.get("/meetings", network="red-demo").json()
        self.assertEqual(
            [m["title"] for m in data["results"]],
            ["Reunión reservada", "Reunión virtual de febrero"],
        )
        self.assertEqual(self.get("/meetings", network="red-otra").json()["count"], 0)
        self.assertEqual(self.get("/meetings", year=2016).json()["count"], 0)

    def test_a_meeting_with_public_minutes(self):
        data = self.get(f"/meetings/{self.open_meeting.pk}").json()
        self.assertEqual(data["organisation"]["name"], "Comité Ejecutivo")
        self.assertEqual(data["date"], "2017-02-15")
        self.assertEqual(data["agenda"], "Plan del año.")
        self.assertEqual(data["decisions"], "Aprobar el calendario.")
        self.assertEqual(data["minutes"], "Se acordó el calendario.")
        self.assertTrue(
            data["minutes_file_url"].endswith(f"/meetings/{self.open_meeting.pk}/minutes")
        )
        self.assertTrue(data["web_url"].endswith(f"/red-demo/meetings/{self.open_meeting.pk}/"))
        self.assertEqual(data["products"], [self.product.pk])

    def test_members_only_minutes_are_hidden_from_the_public(self):
        public = self.get(f"/meetings/{self.closed_meeting.pk}").json()
        self.assertTrue(public["has_minutes"])
        self.assertFalse(public["minutes_public"])
        self.assertIsNone(public["minutes"])
        self.assertIsNone(public["minutes_file_url"])
        member = self.get(f"/meetings/{self.closed_meeting.pk}", "viewer").json()
        self.assertIsNotNone(member["minutes_file_url"])

    def test_the_activities_served_are_listed_as_far_as_the_caller_may_read(self):
        public = self.get(f"/meetings/{self.open_meeting.pk}").json()
        self.assertEqual(public["activities"], [self.activity.pk])
        insider = self.get(f"/meetings/{self.open_meeting.pk}", "committee").json()
        self.assertEqual(
            sorted(insider["activities"]), sorted([self.activity.pk, self.draft_activity.pk])
        )

    def test_the_signed_minutes_come_down_as_on_the_website(self):
        api = self.get(f"/meetings/{self.closed_meeting.pk}/minutes", "viewer")
        self.assertEqual(b"".join(api.streaming_content), pdf_bytes())
        web = self.client_for(self.viewer).get(
            f"/red-demo/meetings/{self.closed_meeting.pk}/minutes/"
        )
        for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
            self.assertEqual(api[header], web[header], header)

    def test_an_unknown_meeting_is_a_404(self):
        self.assertEqual(self.get("/meetings/999999").status_code, 404)
        self.assertEqual(self.get("/meetings/999999/minutes").status_code, 404)

    @pytest.mark.engine("query count")
    def test_the_list_costs_a_fixed_number_of_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.get("/meetings", "viewer").status_code, 200)
            return len(queries)

        count()  # the token's first use is recorded once
        before = count()
        from planea.governance.models import Meeting

        for n in range(20):
            meeting = Meeting.objects.create(
                network=self.network,
                organisation=self.open_meeting.organisation,
                title=f"Reunión {n}",
                date=self.open_meeting.date,
            )
            meeting.activities.add(self.activity)
        self.assertEqual(count(), before)
