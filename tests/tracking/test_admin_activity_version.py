"""Editing an activity in the admin on a stale version is refused, with a
message, and overwrites nothing."""

from __future__ import annotations

from planea.plans.models import Activity, Plan
from planea.tracking.models import record_progress
from tests.tracking.support import TrackingTestCase, admin_form_data


class AdminActivityVersionTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Only a draft's activities are edited in the admin; an adopted
        # plan's are read-only there (tests/plans/test_admin_adopted.py).
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.change = f"/admin/plans/activity/{self.activity.pk}/change/"
        self.ana_client = self.as_user(self.ana)

    def test_the_form_carries_the_version_it_was_read_at(self):
        response = self.ana_client.get(self.change)

        self.assertContains(response, 'name="seen_version" value="1"')

    def test_a_save_on_the_current_version_lands_and_moves_the_version(self):
        data = admin_form_data(self.ana_client.get(self.change))
        data["title"] = "Quinto taller regional, en Lima"

        response = self.ana_client.post(self.change, data)

        assert response.status_code == 302
        activity = Activity.objects.get(pk=self.activity.pk)
        assert (activity.title, activity.version) == ("Quinto taller regional, en Lima", 2)

    def test_a_save_after_a_progress_report_is_refused_and_the_report_survives(self):
        data = admin_form_data(self.ana_client.get(self.change))
        # While Ana edits, Cora reports the activity at risk.
        record_progress(self.activity, author=self.cora, status="at_risk", seen_version=1)
        data.update({"title": "Otro título", "status": "not_started"})

        response = self.ana_client.post(self.change, data)

        assert response.status_code == 200
        self.assertContains(response, "Alguien modificó esta actividad mientras usted la editaba")
        activity = Activity.objects.get(pk=self.activity.pk)
        assert (activity.title, activity.status, activity.version) == (
            "Quinto taller regional de software público",
            "at_risk",
            2,
        )

    def test_a_save_without_a_version_is_refused(self):
        data = admin_form_data(self.ana_client.get(self.change))
        del data["seen_version"]
        data["title"] = "Sin versión"

        response = self.ana_client.post(self.change, data)

        assert response.status_code == 200
        assert Activity.objects.get(pk=self.activity.pk).title != "Sin versión"
