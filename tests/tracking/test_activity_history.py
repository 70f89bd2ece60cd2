"""The activity's change history: members read who changed what, when, field
by field; the public does not."""

from __future__ import annotations

import datetime as dt

from planea.plans.models import Activity, Plan, Product
from planea.tracking.models import Evidence, record_progress
from tests.tracking.support import TrackingTestCase, admin_form_data


class ActivityHistoryTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.page = self.url(2017, "1.1.i")

    def history(self, user) -> str:
        html = self.as_user(user).get(self.page).content.decode()
        start = html.find('id="history"')
        return html[start : html.index("</section>", start)] if start >= 0 else ""

    def test_members_see_the_history_and_bruno_does_not(self):
        for role, user in self.people().items():
            with self.subTest(role=role):
                shown = bool(self.history(user))
                assert shown is (user is not None), role

    def test_the_history_of_a_draft_is_for_those_who_may_read_the_draft(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")

        assert self.as_user(self.vera).get(self.page).status_code == 404
        assert "Historial de cambios" in self.history(self.carlos)

    def test_the_import_is_one_entry(self):
        history = self.history(self.vera)

        assert history.count('class="history__entry') == 1
        assert "Creada por la importación de plan-2017.txt" in history

    def test_a_progress_report_shows_the_status_before_and_after_and_who_made_it(self):
        record_progress(
            self.activity,
            author=self.cora,
            status="at_risk",
            note="Falta sede.",
            date=dt.date(2017, 3, 1),
            seen_version=1,
        )

        history = self.history(self.vera)

        assert "Avance informado" in history
        assert "Cora Software" in history
        row = '<tr><th scope="row">Estado</th><td class="changes__before">No iniciada</td>'
        assert row + '<td class="changes__after">En riesgo</td></tr>' in history
        assert "Falta sede." in history

    def test_an_edit_in_the_admin_shows_each_changed_field_before_and_after(self):
        # Of a draft, which the Secretariat and the Committee read: an
        # adopted plan's activities are read-only in the admin.
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")
        ana = self.as_user(self.ana)
        change = f"/admin/plans/activity/{self.activity.pk}/change/"
        data = admin_form_data(ana.get(change))
        data.update({"title": "Quinto taller regional, en Lima", "location": "Lima"})

        response = ana.post(change, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

        history = self.history(self.carlos)

        assert "Actividad modificada" in history
        assert ">Quinto taller regional de software público</td>" in history
        assert ">Quinto taller regional, en Lima</td>" in history
        assert ">Lima (Perú)</td>" in history
        assert "ana" in history

    def test_evidence_added_and_removed_is_in_the_history(self):
        product = Product.objects.get(activity=self.activity)
        evidence = Evidence.objects.create(
            product=product, title="Relatoría <b>final</b>", url="https://example.org/r"
        )
        evidence.delete()

        history = self.history(self.vera)

        assert "Evidencia agregada: Relatoría &lt;b&gt;final&lt;/b&gt;" in history
        assert "Evidencia eliminada: Relatoría &lt;b&gt;final&lt;/b&gt;" in history
        assert "https://example.org/r" in history
