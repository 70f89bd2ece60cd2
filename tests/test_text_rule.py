"""One rule for control characters, at every door (planea.core.text).

Forms, the admin and the API refuse text holding NUL or another control
character with a message naming it; imports and amendments strip them;
reports and exports strip them again, so that a title stored before the
rule (the issue's "acta\\x0bfinal") never breaks the Word report.
"""

from __future__ import annotations

import io

from django import forms
from django.db import connection

from planea.accounts.forms import PasswordResetForm, ProfileForm
from planea.api.views import TokenForm
from planea.core.text import strip_control
from planea.governance.forms import AmendmentForm, ApprovalForm, NoteForm
from planea.governance.models import Meeting
from planea.plans.forms import ActivityFilterForm
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Plan
from planea.tracking.forms import EvidenceForm, ProgressForm
from planea.tracking.models import Evidence, ProgressUpdate
from tests.api.base import API, ApiTestCase
from tests.base import make_network, small_plan
from tests.tracking.support import TrackingTestCase, admin_form_data

NUL = "a\x00b"
VERTICAL_TAB = "acta\x0bfinal"


def test_the_rule_keeps_tabs_and_line_breaks_in_multi_line_text_only():
    assert strip_control("uno\tdos\r\ntres\x00") == "uno\tdos\r\ntres"
    assert strip_control("uno\tdos\ntres", multiline=False) == "uno dos tres"
    assert strip_control(VERTICAL_TAB) == "acta final"
    assert strip_control("c1\x85c2\x9b") == "c1 c2"


class EveryTextFieldOfEveryFormRefusesControlCharacters(TrackingTestCase):
    def forms(self) -> list[forms.Form]:
        """One of each form people type into (the admin's are below)."""
        return [
            NoteForm,
            lambda data: ApprovalForm(data, meetings=Meeting.objects.none()),
            lambda data: AmendmentForm(data, {}),
            lambda data: ProgressForm(data),
            lambda data: EvidenceForm(data, products=[]),
            lambda data: ActivityFilterForm(data, areas=[], leads=[], funding_sources=[]),
            TokenForm,
            lambda data: ProfileForm(data, user=self.cora),
            PasswordResetForm,
        ]

    def test_each_text_field_refuses_nul_and_vertical_tab_with_a_message(self):
        checked = 0
        for make in self.forms():
            names = [
                name
                for name, field in make({}).fields.items()
                if isinstance(field, forms.CharField) and not isinstance(field, forms.FileField)
            ]
            for name in names:
                for value in (NUL, VERTICAL_TAB):
                    with self.subTest(form=make, field=name, value=value):
                        form = make({name: value})
                        form.is_valid()
                        codes = [error.code for error in form.errors.as_data().get(name, [])]
                        assert "control_characters" in codes
                        checked += 1
        assert checked >= 20  # eleven text fields, two values each

    def test_a_multi_line_note_keeps_its_line_breaks(self):
        form = NoteForm({"note": "Primera línea.\r\n\tSegunda."})

        assert form.is_valid()

    def test_a_progress_note_with_a_control_character_is_refused_and_nothing_is_stored(self):
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        response = self.as_user(self.cora).post(
            self.url(2017, "1.1.i", "progress"),
            {
                "status": "on_track",
                "note": VERTICAL_TAB,
                "date": "2017-03-01",
                "version": activity.version,
            },
        )

        self.assertContains(response, "caracteres de control invisibles", status_code=400)
        assert not ProgressUpdate.objects.exists()

    def test_a_search_for_nul_on_the_plan_page_is_no_server_error(self):
        response = self.bruno.get(self.url(2017), {"q": "\x00"})

        assert response.status_code == 200

    def test_the_admin_refuses_a_title_with_a_control_character(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")  # adopted: read-only
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        admin = self.as_user(self.ana)
        url = f"/admin/plans/activity/{activity.pk}/change/"
        data = admin_form_data(admin.get(url))
        data["title"] = VERTICAL_TAB

        response = admin.post(url, data)

        self.assertContains(response, "caracteres de control invisibles")
        activity.refresh_from_db()
        assert activity.title != VERTICAL_TAB

    def test_the_admin_search_box_takes_a_nul_in_its_stride(self):
        response = self.as_user(self.ana).get("/admin/plans/activity/", {"q": "\x00taller"})

        assert response.status_code == 200


class TheApiRefusesControlCharacters(ApiTestCase):
    def test_an_anonymous_search_for_nul_is_a_422_naming_the_field(self):
        for path, field in (
            ("/activities", "q"),
            ("/organisations", "q"),
            ("/plans", "network"),
            ("/meetings", "network"),
        ):
            with self.subTest(path):
                response = self.get(path, None, **{field: "\x00"})
                assert response.status_code == 422
                assert response.json()["detail"][0]["field"] == field

    def test_a_progress_note_with_nul_is_refused(self):
        response = self.post_json(
            f"/activities/{self.activity.pk}/progress",
            {"status": "on_track", "note": NUL, "version": self.version_of(self.activity)},
            "coordinator",
        )

        assert response.status_code == 422
        [refusal] = response.json()["detail"]
        assert refusal["field"] == "note" and "control characters" in refusal["message"]
        assert not ProgressUpdate.objects.filter(activity=self.activity).exists()

    def test_a_progress_note_keeps_its_line_breaks(self):
        response = self.post_json(
            f"/activities/{self.activity.pk}/progress",
            {"status": "on_track", "note": "uno\ndos", "version": self.version_of(self.activity)},
            "coordinator",
        )

        assert response.status_code == 201

    def test_an_evidence_title_with_a_vertical_tab_is_refused(self):
        before = Evidence.objects.count()
        response = self.as_("coordinator").post(
            f"{API}/products/{self.product.pk}/evidence",
            {"title": VERTICAL_TAB, "url": "https://example.org/acta"},
        )

        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "title"
        assert Evidence.objects.count() == before


class ImportsStripControlCharacters(TrackingTestCase):
    def test_an_imported_plan_is_stored_without_them(self):
        document = small_plan(2019, title="PLAN\x00 ANUAL\x0b2019")
        document.areas[0].activities[0].title = "Taller\x0bregional\x07"
        document.areas[0].activities[0].details = "Línea uno\nLínea dos\x1b"

        plan = import_plan(document, make_network("Red Limpia", "red-limpia"))

        assert plan.title == "PLAN ANUAL 2019"
        activity = plan.activities.get(key="1.1.i")
        assert (activity.title, activity.details) == ("Taller regional", "Línea uno\nLínea dos")


class ReportsSurviveLegacyControlCharacters(TrackingTestCase):
    """Data stored before the rule, written straight to the database."""

    def setUp(self) -> None:
        super().setUp()
        product = Activity.objects.get(plan=self.plan, key="1.1.i").products.get()
        Evidence.objects.create(product=product, title=VERTICAL_TAB, url="https://example.org/a")
        # NUL can only have been stored by SQLite: PostgreSQL refuses it outright.
        legacy = "taller\x0bvt\x00" if connection.vendor == "sqlite" else "taller\x0bvt\x1f"
        Activity.objects.filter(plan=self.plan, key="1.2.i").update(title=legacy)
        Plan.objects.filter(pk=self.plan.pk).update(status="in_execution")

    def test_the_word_report_downloads_with_the_title_cleaned(self):
        import docx

        response = self.bruno.get(f"/{self.network.slug}/2017/report.docx")

        assert response.status_code == 200
        content = b"".join(response) if response.streaming else response.content
        document = docx.Document(io.BytesIO(content))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(
            cell.text for t in document.tables for row in t.rows for cell in row.cells
        )
        assert "acta final" in text and "taller vt" in text

    def test_every_export_downloads(self):
        for fmt in ("csv", "xlsx", "json", "ics"):
            with self.subTest(fmt):
                response = self.bruno.get(f"/{self.network.slug}/2017/export.{fmt}")
                assert response.status_code == 200

    def test_every_report_format_downloads(self):
        for fmt in ("html", "md", "pdf"):
            with self.subTest(fmt):
                response = self.bruno.get(f"/{self.network.slug}/2017/report.{fmt}")
                assert response.status_code == 200
