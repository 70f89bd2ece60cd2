"""Reporting progress from the activity page: who may, what lands, what is refused."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from planea.governance.models import BodySeat
from planea.plans.models import Activity, Organisation, Plan
from planea.tracking.models import ProgressUpdate, record_progress
from tests.tracking.support import TrackingTestCase, member

FORM_ACTION = 'action="/red-demo/2017/1.1.i/progress/"'


class ProgressFormTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.progress_url = self.url(2017, "1.1.i", "progress")

    def report(self, user, client=None, **data):
        fields = {
            "status": "on_track",
            "note": "El taller quedó convocado.",
            "date": "2017-03-01",
            "version": self.activity.version,
            **data,
        }
        return (client or self.as_user(user)).post(self.progress_url, fields)

    # -- who sees the form, who may use it

    def test_cora_sees_the_form_on_the_activity_her_group_leads(self):
        response = self.as_user(self.cora).get(self.url_of("1.1.i"))

        self.assertContains(response, FORM_ACTION)
        self.assertContains(response, 'name="version" value="1"')
        self.assertContains(response, "Registrar avance")

    def test_only_the_secretariat_and_the_leads_coordinator_may_report(self):
        expected = {
            "secretariat": 302,
            "committee": 403,
            "coordinator": 302,
            "other_coordinator": 403,
            "viewer": 403,
            "anonymous": 403,
        }
        for role, user in self.people().items():
            with self.subTest(role=role):
                activity = Activity.objects.get(pk=self.activity.pk)
                page = self.as_user(user).get(self.url_of("1.1.i"))
                response = self.as_user(user).post(
                    self.progress_url,
                    {"status": "at_risk", "date": "2017-03-01", "version": activity.version},
                )

                assert response.status_code == expected[role], role
                allowed = expected[role] == 302
                assert (FORM_ACTION in page.content.decode()) is allowed, role

        assert ProgressUpdate.objects.filter(activity=self.activity).count() == 2

    def test_nobody_reports_on_a_closed_plan(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="closed")

        response = self.report(self.cora)

        assert response.status_code == 403
        assert not ProgressUpdate.objects.exists()

    def test_the_coordinator_of_the_presiding_country_reports_on_what_the_plan_gives_it(self):
        committee = Organisation.objects.create(
            network=self.network, name="Comité Ejecutivo", kind="body"
        )
        uruguay = Organisation.objects.create(network=self.network, name="Uruguay", kind="country")
        BodySeat.objects.create(body=committee, country=uruguay, year=2017, is_chair=True)
        from tests.tracking.support import make_user

        ursula = member(
            make_user("trk-ursula", "Úrsula", "Uruguay"), self.network, "coordinator", uruguay
        )
        boletin = Activity.objects.get(plan=self.plan, key="2.2.i")

        response = self.as_user(ursula).post(
            self.url_of("2.2.i") + "progress/",
            {"status": "on_track", "date": "2017-03-01", "version": boletin.version},
        )

        assert response.status_code == 302
        assert ProgressUpdate.objects.get().activity == boletin

    # -- what lands

    def test_a_report_moves_the_status_and_the_page_says_so(self):
        cora = self.as_user(self.cora)

        response = self.report(self.cora, client=cora)

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#progress"
        update = ProgressUpdate.objects.get()
        assert (update.status, update.note, update.date, update.author) == (
            "on_track",
            "El taller quedó convocado.",
            dt.date(2017, 3, 1),
            self.cora,
        )
        activity = Activity.objects.get(pk=self.activity.pk)
        assert (activity.status, activity.status_date, activity.version) == (
            "on_track",
            dt.date(2017, 3, 1),
            2,
        )
        page = cora.get(response["Location"])
        self.assertContains(page, "Avance registrado: la actividad está ahora «En curso».")
        self.assertContains(page, "El taller quedó convocado.")

    def test_the_reports_are_listed_in_date_order_with_their_authors_for_members(self):
        for day, status, note in [(20, "delayed", "Tercero"), (5, "on_track", "Primero")]:
            record_progress(
                self.activity,
                author=self.cora,
                status=status,
                note=note,
                date=dt.date(2017, 3, day),
                seen_version=self.activity.version,
            )
        record_progress(
            self.activity,
            author=self.sara,
            status="at_risk",
            note="Segundo",
            date=dt.date(2017, 3, 10),
            seen_version=self.activity.version,
        )

        members = self.as_user(self.vera).get(self.url_of("1.1.i")).content.decode()
        public = self.bruno.get(self.url_of("1.1.i")).content.decode()

        for html in (members, public):
            assert html.index("Primero") < html.index("Segundo") < html.index("Tercero")
            assert '<time datetime="2017-03-05">5 de marzo de 2017</time>' in html
        assert "por Cora Software" in members and "por Sara Secretaría" in members
        assert "Cora Software" not in public and "trk-cora" not in public

    def test_a_note_with_a_script_is_shown_as_text(self):
        self.report(self.cora, note='<script>alert("x")</script> & <b>más</b>')

        response = self.bruno.get(self.url_of("1.1.i"))

        self.assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;")
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertNotContains(response, "<b>más</b>")

    # -- what is refused

    def test_a_report_on_a_stale_version_is_refused_and_the_note_kept(self):
        # Sara reports first; Cora still has the page she opened before.
        record_progress(
            self.activity,
            author=self.sara,
            status="delayed",
            note="Sin sede todavía.",
            seen_version=1,
        )

        response = self.report(self.cora, version=1, note="Mi nota <larga>")

        assert response.status_code == 409
        assert ProgressUpdate.objects.count() == 1
        assert Activity.objects.get(pk=self.activity.pk).version == 2
        self.assertContains(
            response, "Alguien actualizó esta actividad mientras usted la editaba.", status_code=409
        )
        self.assertContains(response, "El estado actual es: Retrasada.", status_code=409)
        # Her note is kept, escaped, and the form now carries the new version.
        self.assertContains(response, "Mi nota &lt;larga&gt;</textarea>", status_code=409)
        self.assertContains(response, 'name="version" value="2"', status_code=409)

        again = self.report(self.cora, version=2, note="Mi nota <larga>")

        assert again.status_code == 302
        assert ProgressUpdate.objects.count() == 2

    def test_bad_input_is_refused_with_messages_and_nothing_is_written(self):
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        cases = {
            "unknown status": ({"status": "finished"}, "Escoja una opción válida."),
            "a date in the future": ({"date": tomorrow.isoformat()}, "no puede ser futura"),
            "a date long before the plan's year": (
                {"date": "0001-01-01"},
                "La fecha no puede ser anterior al 1 de enero de 2016: el plan es de 2017.",
            ),
            "no date": ({"date": ""}, "Este campo es obligatorio."),
            "not a date": ({"date": "ayer"}, "Introduzca una fecha válida."),
            "no version": ({"version": ""}, "recargue la página"),
            "a version that is no number": ({"version": "dos"}, "recargue la página"),
            "a note too long": ({"note": "x" * 5001}, "5000"),
        }
        for case, (data, message) in cases.items():
            with self.subTest(case):
                response = self.report(self.cora, **data)

                assert response.status_code == 400, case
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "corrija lo señalado", status_code=400)
        assert not ProgressUpdate.objects.exists()

    def test_the_progress_address_only_takes_posts(self):
        assert self.as_user(self.cora).get(self.progress_url).status_code == 405

    def test_an_unknown_activity_or_a_plan_bruno_cannot_see_is_not_found(self):
        assert self.report(self.sara).status_code == 302
        missing = self.as_user(self.sara).post(self.url_of("9.9.ix") + "progress/", {})
        assert missing.status_code == 404

    def url_of(self, key: str) -> str:
        return f"/{self.network.slug}/2017/{key}/"


class DoneShortOfTargetTests(TrackingTestCase):
    """'Done' while a product's evidence is short of its target asks first,
    and the confirmation is recorded on the report (issue 12)."""

    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.progress_url = self.url(2017, "1.1.i", "progress")

    def report(self, client, **data):
        activity = Activity.objects.get(pk=self.activity.pk)
        fields = {"status": "done", "date": "2017-04-15", "version": activity.version, **data}
        return client.post(self.progress_url, fields)

    def test_done_with_0_of_1_delivered_is_refused_with_the_products_and_a_box_to_tick(self):
        response = self.report(self.as_user(self.cora))

        assert response.status_code == 400
        self.assertContains(response, "Hay productos por debajo de su meta", status_code=400)
        self.assertContains(
            response, "Definición del software público regional: 0 de 1", status_code=400
        )
        self.assertContains(response, 'name="confirm_short"', status_code=400)
        assert not ProgressUpdate.objects.exists()
        assert Activity.objects.get(pk=self.activity.pk).status == "not_started"

    def test_ticking_the_box_records_it_and_the_history_shows_the_confirmation(self):
        cora = self.as_user(self.cora)

        response = self.report(cora, confirm_short="on")

        assert response.status_code == 302
        update = ProgressUpdate.objects.get()
        assert update.status == "done" and update.short_of_target_confirmed
        page = cora.get(self.url(2017, "1.1.i"))
        self.assertContains(page, "Marcada como realizada a sabiendas")
        self.assertContains(page, "Realizada con productos por debajo de la meta, confirmado")

    def test_done_with_every_target_met_asks_nothing(self):
        from planea.tracking.models import Evidence

        Evidence.objects.create(
            product=self.activity.products.get(),
            title="Relatoría",
            url="https://redgealc.example.org/relatoria",
        )

        response = self.report(self.as_user(self.cora))

        assert response.status_code == 302
        assert not ProgressUpdate.objects.get().short_of_target_confirmed

    def test_a_status_other_than_done_asks_nothing(self):
        response = self.report(self.as_user(self.cora), status="at_risk")

        assert response.status_code == 302
        assert not ProgressUpdate.objects.get().short_of_target_confirmed
