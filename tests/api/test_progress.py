"""Progress updates through the API: the history, a new report, a stale one."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.utils import timezone

from planea.plans.models import Activity
from planea.tracking.models import ProgressUpdate, record_progress
from tests.api.base import ApiTestCase


class ProgressHistory(ApiTestCase):
    def test_the_history_in_order_with_authors(self):
        for status, day in (("delayed", 20), ("on_track", 5), ("at_risk", 10)):
            record_progress(
                self.activity,
                author=self.coordinator,
                status=status,
                note=f"Nota {day}",
                date=dt.date(2017, 3, day),
                seen_version=self.version_of(self.activity),
            )
        data = self.get(f"/activities/{self.activity.pk}/progress").json()
        self.assertEqual(data["count"], 3)
        self.assertEqual([u["status"] for u in data["results"]], ["on_track", "at_risk", "delayed"])
        first = data["results"][0]
        self.assertEqual(first["note"], "Nota 5")
        self.assertEqual(first["date"], "2017-03-05")
        self.assertEqual(first["author"], "Pedro")
        self.assertEqual(first["activity"], self.activity.pk)

    def test_an_empty_history(self):
        data = self.get(f"/activities/{self.activity.pk}/progress").json()
        self.assertEqual(data["count"], 0)


class ReportingProgress(ApiTestCase):
    def report(self, persona="coordinator", activity=None, **body):
        activity = activity or self.activity
        body.setdefault("status", "on_track")
        body.setdefault("version", self.version_of(activity))
        return self.post_json(f"/activities/{activity.pk}/progress", body, persona)

    def test_a_report_lands_and_moves_the_activity(self):
        response = self.report(status="at_risk", note="Falta el lugar.", date="2017-03-01")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["status"], "at_risk")
        self.assertEqual(data["note"], "Falta el lugar.")
        self.assertEqual(data["date"], "2017-03-01")
        self.assertEqual(data["author"], "Pedro")
        self.assertEqual(data["activity_version"], 2)
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((activity.status, activity.version), ("at_risk", 2))
        self.assertEqual(activity.status_date, dt.date(2017, 3, 1))
        update = ProgressUpdate.objects.get()
        self.assertEqual(update.author, self.coordinator)

    def test_the_date_defaults_to_today(self):
        data = self.report().json()
        self.assertEqual(data["date"], timezone.localdate().isoformat())

    def test_a_stale_version_is_a_409_with_the_current_version_and_saves_nothing(self):
        seen = self.version_of(self.activity)
        self.assertEqual(self.report(version=seen).status_code, 201)
        response = self.report(persona="secretariat", version=seen, status="done")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["current_version"], seen + 1)
        self.assertIn("version", response.json()["detail"])
        self.assertEqual(ProgressUpdate.objects.count(), 1)
        self.assertEqual(Activity.objects.get(pk=self.activity.pk).status, "on_track")

    def test_a_version_from_the_future_is_stale_too(self):
        response = self.report(version=99)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["current_version"], 1)

    def test_the_activity_as_read_carries_the_version_to_send(self):
        version = self.get(f"/activities/{self.activity.pk}").json()["version"]
        self.assertEqual(self.report(version=version).status_code, 201)
        self.assertEqual(self.get(f"/activities/{self.activity.pk}").json()["version"], version + 1)

    def test_bad_input_names_each_field(self):
        response = self.report(status="finished", version=0, note="x" * 5001)
        self.assertEqual(response.status_code, 422)
        fields = {e["field"]: e["message"] for e in response.json()["detail"]}
        self.assertEqual(set(fields), {"status", "version", "note"})
        self.assertIn("on_track", fields["status"])
        self.assertEqual(ProgressUpdate.objects.count(), 0)

    def test_a_missing_field_is_named(self):
        response = self.post_json(
            f"/activities/{self.activity.pk}/progress", {"status": "done"}, "coordinator"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json(), {"detail": [{"field": "version", "message": "Field required"}]}
        )

    def test_a_date_in_the_future_is_refused(self):
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        response = self.report(date=tomorrow.isoformat())
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [{"field": "date", "message": "the date cannot be in the future"}],
        )

    def test_a_date_long_before_the_plans_year_is_refused_and_saves_nothing(self):
        for date in ("0001-01-01", "2015-12-31"):
            with self.subTest(date=date):
                response = self.report(date=date)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(
                    response.json()["detail"],
                    [
                        {
                            "field": "date",
                            "message": "The date cannot be before Jan. 1, 2016: "
                            "the plan is for 2017.",
                        }
                    ],
                )
        self.assertEqual(ProgressUpdate.objects.count(), 0)
        self.assertEqual(Activity.objects.get(pk=self.activity.pk).version, 1)

    def test_a_date_in_the_year_before_the_plans_is_accepted(self):
        self.assertEqual(self.report(date="2016-01-01").status_code, 201)

    def test_a_body_that_is_not_json_is_a_400(self):
        response = self.as_("coordinator").post(
            f"/api/v1/activities/{self.activity.pk}/progress",
            "status=done",
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("JSON", response.json()["detail"])

    def test_a_closed_plan_takes_no_more_reports(self):
        self.plan.status = "closed"
        self.plan.save()
        response = self.report(persona="secretariat")
        self.assertEqual(response.status_code, 403)
        self.assertIn("not closed", response.json()["detail"])

    def test_nothing_is_half_saved_when_the_database_fails_midway(self):
        version = self.version_of(self.activity)
        with mock.patch.object(ProgressUpdate, "save", side_effect=RuntimeError("disk full")):
            response = self.report(version=version)
        self.assertEqual(response.status_code, 500)
        self.assertEqual(
            response.json(), {"detail": "Internal server error: the error has been logged."}
        )
        self.assertNotIn("disk full", response.content.decode())
        self.assertNotIn("Traceback", response.content.decode())
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual((activity.version, activity.status), (version, "not_started"))
        self.assertEqual(ProgressUpdate.objects.count(), 0)

    def test_the_report_is_in_the_audit_trail_as_the_tokens_user(self):
        self.report(status="delayed")
        latest = Activity.history.filter(id=self.activity.pk).latest("history_date")
        self.assertEqual(latest.history_user, self.coordinator)
        self.assertEqual(latest.status, "delayed")


class CorrectionsThroughTheApi(ApiTestCase):
    """Issue 12: withdrawn reports are listed, marked; "done" short of its
    products' targets must be said knowingly, as on the website."""

    def report(self, activity, **body):
        body.setdefault("version", self.version_of(activity))
        return self.post_json(f"/activities/{activity.pk}/progress", body, "secretariat")

    def test_a_withdrawn_report_is_listed_and_marked(self):
        from planea.tracking.models import withdraw_progress

        update = record_progress(
            self.activity, author=self.coordinator, status="at_risk", note="Sin sede.",
            date=dt.date(2017, 3, 1), seen_version=self.version_of(self.activity),
        )  # fmt: skip
        withdraw_progress(
            update,
            user=self.secretariat,
            reason="Actividad equivocada.",
            seen_version=self.version_of(self.activity),
        )

        result = self.get(f"/activities/{self.activity.pk}/progress").json()["results"][0]

        self.assertTrue(result["withdrawn"])
        self.assertEqual(result["withdrawal_reason"], "Actividad equivocada.")
        self.assertIsNotNone(result["withdrawn_at"])
        self.assertEqual(Activity.objects.get(pk=self.activity.pk).status, "not_started")

    def test_done_short_of_target_is_refused_unless_confirmed_and_then_recorded(self):
        short = self.other_activity

        refused = self.report(short, status="done")
        accepted = self.report(short, status="done", confirm_short_of_target=True)

        self.assertEqual(refused.status_code, 422, refused.content)
        self.assertEqual(refused.json()["detail"][0]["field"], "confirm_short_of_target")
        self.assertIn("0 of 1", refused.json()["detail"][0]["message"])
        self.assertEqual(accepted.status_code, 201, accepted.content)
        self.assertTrue(accepted.json()["short_of_target_confirmed"])
        self.assertTrue(ProgressUpdate.objects.get(activity=short).short_of_target_confirmed)
