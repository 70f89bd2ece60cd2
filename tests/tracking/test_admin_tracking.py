"""Progress updates and evidence in the admin: reports are made on the page,
and evidence uploaded here is checked like evidence uploaded there."""

from __future__ import annotations

from planea.plans.models import Product
from planea.tracking.models import Evidence, ProgressUpdate, record_progress
from tests.tracking.support import TrackingTestCase, html_bytes, pdf_bytes, upload


class TrackingAdminTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.product = Product.objects.get(activity__plan=self.plan, activity__key="1.1.i")
        self.ana_client = self.as_user(self.ana)

    def add_evidence(self, **data):
        fields = {
            "product": self.product.pk,
            "title": "Relatoría",
            "date": "2017-04-20",
            "is_public": "on",
            **data,
        }
        return self.ana_client.post("/admin/tracking/evidence/add/", fields)

    def test_progress_is_not_added_in_the_admin_but_its_note_can_be_corrected(self):
        update = record_progress(
            self.product.activity, author=self.cora, status="on_track", note="Typo", seen_version=1
        )

        assert self.ana_client.get("/admin/tracking/progressupdate/add/").status_code == 403
        change = self.ana_client.get(f"/admin/tracking/progressupdate/{update.pk}/change/")
        self.assertContains(change, 'name="note"')
        self.assertNotContains(change, 'name="status"')
        assert ProgressUpdate.objects.count() == 1

    def test_a_pdf_uploaded_in_the_admin_is_checked_and_stored_under_a_random_name(self):
        response = self.add_evidence(file=upload("Relatoría.pdf", pdf_bytes()))

        assert response.status_code == 302
        evidence = Evidence.objects.get()
        assert (evidence.content_type, evidence.original_name, evidence.added_by) == (
            "application/pdf",
            "Relatoría.pdf",
            self.ana,
        )
        assert evidence.file.name.endswith(".pdf") and "Relator" not in evidence.file.name

    def test_a_web_page_uploaded_in_the_admin_is_refused(self):
        response = self.add_evidence(file=upload("informe.pdf", html_bytes()))

        assert response.status_code == 200
        self.assertContains(response, "no es de ninguno de los tipos aceptados")
        assert not Evidence.objects.exists()
        assert self.stored_files() == []

    def test_a_script_link_is_refused_in_the_admin_too(self):
        response = self.add_evidence(url="javascript:alert(1)")

        assert response.status_code == 200
        self.assertContains(response, "Introduzca una dirección web")
        assert not Evidence.objects.exists()
