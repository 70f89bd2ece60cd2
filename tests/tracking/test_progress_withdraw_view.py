"""Withdrawing a progress report: by its author or the Secretariat, with a
reason; the report stays listed, marked, and the activity's status follows
the reports that still stand."""

from __future__ import annotations

import datetime as dt

from planea.plans.models import Activity
from planea.tracking.models import ProgressUpdate, record_progress
from tests.tracking.support import TrackingTestCase

REASON = "Informe cargado en la actividad equivocada."


class ProgressWithdrawalTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.first = self.report_as(self.cora, "on_track", "Convocado.", dt.date(2017, 3, 1))
        self.update = self.report_as(self.cora, "done", "Realizado.", dt.date(2017, 4, 15))
        self.withdraw_url = self.url(2017, "1.1.i", "progress", self.update.pk, "withdraw")

    def report_as(self, user, status: str, note: str, date: dt.date) -> ProgressUpdate:
        activity = Activity.objects.get(pk=self.activity.pk)
        return record_progress(
            activity, author=user, status=status, note=note, date=date,
            seen_version=activity.version,
        )  # fmt: skip

    def withdraw(self, user, client=None, **data):
        activity = Activity.objects.get(pk=self.activity.pk)
        fields = {"reason": REASON, "version": activity.version, **data}
        return (client or self.as_user(user)).post(self.withdraw_url, fields)

    def test_the_withdraw_link_leads_to_a_page_that_asks_why(self):
        cora = self.as_user(self.cora)

        page = cora.get(self.url(2017, "1.1.i"))
        form = cora.get(self.withdraw_url)

        self.assertContains(page, f'href="{self.withdraw_url}"')
        self.assertContains(page, "Retirar")
        self.assertContains(form, "¿Retirar el informe del 15 de abril de 2017?")
        self.assertContains(form, "Motivo para retirarlo")
        self.assertContains(form, "Retirar el informe")
        assert ProgressUpdate.objects.get(pk=self.update.pk).withdrawn_at is None

    def test_the_author_withdraws_it_and_the_status_goes_back_to_the_report_before(self):
        cora = self.as_user(self.cora)

        response = self.withdraw(self.cora, client=cora)

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#progress"
        update = ProgressUpdate.objects.get(pk=self.update.pk)
        assert update.withdrawn_at is not None and update.withdrawn_by == self.cora
        assert update.withdrawal_reason == REASON
        activity = Activity.objects.get(pk=self.activity.pk)
        assert (activity.status, activity.status_date) == ("on_track", dt.date(2017, 3, 1))
        page = cora.get(response["Location"])
        self.assertContains(page, "Informe de avance retirado: la actividad está ahora «En curso».")
        self.assertContains(page, "retirado")
        self.assertContains(page, REASON)

    def test_with_every_report_withdrawn_the_activity_is_not_started(self):
        self.withdraw(self.cora)
        self.url_first = self.url(2017, "1.1.i", "progress", self.first.pk, "withdraw")
        activity = Activity.objects.get(pk=self.activity.pk)

        self.as_user(self.cora).post(
            self.url_first, {"reason": "Duplicado.", "version": activity.version}
        )

        activity = Activity.objects.get(pk=self.activity.pk)
        assert (activity.status, activity.status_date) == ("not_started", None)

    def test_the_secretariat_may_withdraw_a_coordinators_report(self):
        assert self.withdraw(self.sara).status_code == 302
        assert ProgressUpdate.objects.get(pk=self.update.pk).withdrawn_by == self.sara

    def test_no_one_else_may_withdraw_it(self):
        for role in ("committee", "other_coordinator", "viewer", "anonymous"):
            with self.subTest(role=role):
                user = self.people()[role]
                assert self.as_user(user).get(self.withdraw_url).status_code == 403
                assert self.withdraw(user).status_code == 403
                assert ProgressUpdate.objects.get(pk=self.update.pk).withdrawn_at is None

    def test_a_withdrawal_needs_a_reason(self):
        response = self.withdraw(self.cora, reason="   ")

        assert response.status_code == 400
        self.assertContains(response, "Indique por qué se retira el informe.", status_code=400)
        assert ProgressUpdate.objects.get(pk=self.update.pk).withdrawn_at is None

    def test_a_withdrawn_report_is_offered_no_more_and_cannot_be_withdrawn_twice(self):
        self.withdraw(self.cora)

        page = self.as_user(self.cora).get(self.url(2017, "1.1.i"))

        self.assertNotContains(page, f'href="{self.withdraw_url}"')
        assert self.withdraw(self.cora).status_code == 403

    def test_a_withdrawal_on_a_stale_version_is_refused(self):
        stale = Activity.objects.get(pk=self.activity.pk).version
        self.report_as(self.sara, "delayed", "Sin sede.", dt.date(2017, 4, 20))

        response = self.withdraw(self.cora, version=stale)

        assert response.status_code == 409
        assert ProgressUpdate.objects.get(pk=self.update.pk).withdrawn_at is None
        assert Activity.objects.get(pk=self.activity.pk).status == "delayed"

    def test_the_history_says_it_was_withdrawn_and_why(self):
        self.withdraw(self.cora)

        page = self.as_user(self.sara).get(self.url(2017, "1.1.i"))

        self.assertContains(page, "Informe de avance del 15 de abril de 2017 retirado")
        self.assertContains(page, f'<td class="changes__after">{REASON}</td>')
