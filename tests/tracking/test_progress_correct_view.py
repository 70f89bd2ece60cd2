"""Correcting a progress report: its author only, from a form filled with it;
the report changes in place, the history keeps what it said, and the
activity's status follows."""

from __future__ import annotations

import datetime as dt

from planea.plans.models import Activity
from planea.tracking.models import ProgressUpdate, record_progress
from tests.tracking.support import TrackingTestCase


class ProgressCorrectionTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.update = self.report_as(self.cora, "on_track", "El taller quedó convocado.")
        self.correct_url = self.url(2017, "1.1.i", "progress", self.update.pk, "correct")

    def report_as(self, user, status: str, note: str, date=dt.date(2017, 3, 1)):
        activity = Activity.objects.get(pk=self.activity.pk)
        return record_progress(
            activity, author=user, status=status, note=note, date=date,
            seen_version=activity.version,
        )  # fmt: skip

    def correct(self, user, client=None, **data):
        activity = Activity.objects.get(pk=self.activity.pk)
        fields = {
            "status": "at_risk",
            "note": "El taller quedó convocado, sin sede aún.",
            "date": "2017-03-02",
            "version": activity.version,
            **data,
        }
        return (client or self.as_user(user)).post(self.correct_url, fields)

    def test_the_author_sees_a_correct_link_and_a_form_filled_with_the_report(self):
        cora = self.as_user(self.cora)

        page = cora.get(self.url(2017, "1.1.i"))
        form = cora.get(self.correct_url)

        self.assertContains(page, f'href="{self.correct_url}"')
        self.assertContains(page, "Corregir")
        self.assertContains(form, "Corregir el informe del 1 de marzo de 2017")
        self.assertContains(form, "El taller quedó convocado.")
        self.assertContains(form, '<option value="on_track" selected>', html=False)
        self.assertContains(form, "Guardar la corrección")

    def test_the_author_corrects_it_in_place_and_the_status_follows(self):
        cora = self.as_user(self.cora)

        response = self.correct(self.cora, client=cora)

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#progress"
        update = ProgressUpdate.objects.get()
        assert (update.status, update.date) == ("at_risk", dt.date(2017, 3, 2))
        assert update.note == "El taller quedó convocado, sin sede aún."
        assert update.corrected_at is not None
        activity = Activity.objects.get(pk=self.activity.pk)
        assert (activity.status, activity.status_date) == ("at_risk", dt.date(2017, 3, 2))
        page = cora.get(response["Location"])
        self.assertContains(
            page, "Informe de avance corregido: la actividad está ahora «En riesgo»."
        )
        self.assertContains(page, "corregido el")

    def test_the_history_keeps_what_the_report_said_before(self):
        self.correct(self.cora)

        page = self.as_user(self.sara).get(self.url(2017, "1.1.i"))

        self.assertContains(page, "Informe de avance del 1 de marzo de 2017 corregido")
        self.assertContains(page, '<td class="changes__before">El taller quedó convocado.</td>')
        self.assertContains(
            page, '<td class="changes__after">El taller quedó convocado, sin sede aún.</td>'
        )

    def test_correcting_an_earlier_report_leaves_the_status_with_the_latest(self):
        self.report_as(self.cora, "delayed", "Sin sede.", dt.date(2017, 3, 10))

        self.correct(self.cora, status="on_track")

        assert Activity.objects.get(pk=self.activity.pk).status == "delayed"

    def test_only_its_author_may_correct_it(self):
        for role in ("secretariat", "committee", "other_coordinator", "viewer", "anonymous"):
            with self.subTest(role=role):
                user = self.people()[role]
                assert self.as_user(user).get(self.correct_url).status_code == 403
                assert self.correct(user).status_code == 403
                assert ProgressUpdate.objects.get().status == "on_track"

    def test_the_correct_link_is_shown_to_the_author_only(self):
        link = f'href="{self.correct_url}"'

        self.assertNotContains(self.as_user(self.sara).get(self.url(2017, "1.1.i")), link)
        self.assertNotContains(self.as_user(self.vera).get(self.url(2017, "1.1.i")), link)

    def test_a_correction_made_on_a_stale_version_is_refused_and_kept(self):
        stale = Activity.objects.get(pk=self.activity.pk).version
        self.report_as(self.sara, "delayed", "Sin sede.", dt.date(2017, 3, 10))

        response = self.correct(self.cora, version=stale)

        assert response.status_code == 409
        self.assertContains(response, "Alguien actualizó esta actividad", status_code=409)
        self.assertContains(response, "sin sede aún", status_code=409)
        assert ProgressUpdate.objects.get(pk=self.update.pk).status == "on_track"

    def test_a_bad_date_is_refused_with_the_reason_and_nothing_changes(self):
        response = self.correct(self.cora, date="0001-01-01")

        assert response.status_code == 400
        self.assertContains(response, "La fecha no puede ser anterior", status_code=400)
        assert ProgressUpdate.objects.get().note == "El taller quedó convocado."

    def test_a_withdrawn_report_cannot_be_corrected(self):
        ProgressUpdate.objects.filter(pk=self.update.pk).update(
            withdrawn_at=dt.datetime.now(dt.UTC)
        )

        assert self.correct(self.cora).status_code == 403

    def test_correcting_to_done_short_of_target_asks_and_records_the_confirmation(self):
        refused = self.correct(self.cora, status="done")
        accepted = self.correct(self.cora, status="done", confirm_short="on")

        assert refused.status_code == 400
        self.assertContains(refused, "Hay productos por debajo de su meta", status_code=400)
        self.assertContains(refused, 'name="confirm_short"', status_code=400)
        assert accepted.status_code == 302
        update = ProgressUpdate.objects.get()
        assert update.status == "done" and update.short_of_target_confirmed
