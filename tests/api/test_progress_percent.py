"""A progress report's percent complete: optional, 0 to 100, read back by
the API and shown in the activity page's history."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from planea.tracking.models import ProgressUpdate
from tests.api.base import ApiTestCase


class ProgressPercent(ApiTestCase):
    def report(self, **fields):
        body = {"status": "on_track", "version": self.version_of(self.activity), **fields}
        return self.post_json(f"/activities/{self.activity.pk}/progress", body, "coordinator")

    def test_a_report_carries_its_percent_complete_and_the_history_lists_it(self):
        response = self.report(percent_complete=40, note="Avanza.")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["percent_complete"], 40)
        listed = self.get(f"/activities/{self.activity.pk}/progress").json()["results"]
        self.assertEqual([u["percent_complete"] for u in listed], [40])

    def test_without_it_the_percent_is_null(self):
        response = self.report()
        self.assertEqual(response.status_code, 201)
        self.assertIsNone(response.json()["percent_complete"])

    def test_over_a_hundred_or_below_zero_is_refused_and_nothing_is_recorded(self):
        version = self.version_of(self.activity)
        for refused in (101, -1):
            response = self.report(percent_complete=refused)
            self.assertEqual(response.status_code, 422)
            self.assertEqual(response.json()["detail"][0]["field"], "percent_complete")
        self.assertFalse(ProgressUpdate.objects.filter(activity=self.activity).exists())
        self.assertEqual(self.version_of(self.activity), version)

    def test_the_activity_page_shows_it_in_the_history(self):
        self.report(percent_complete=75)
        page = self.client.get(self.activity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, '<span class="update__percent">75 percent complete</span>')

    @pytest.mark.engine("a check constraint")
    def test_the_database_refuses_more_than_a_hundred(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ProgressUpdate.objects.create(
                activity=self.activity, status="on_track", percent_complete=101
            )
