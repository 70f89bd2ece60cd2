"""Removing evidence: by the lead's coordinator or the Secretariat, after a
confirmation page; the piece is kept (and its file), no longer counted nor
shown, until the Secretariat restores it."""

from __future__ import annotations

import os
import re

from django.core.files.base import ContentFile

from planea.plans.models import Product
from planea.tracking.models import Evidence
from tests.tracking.support import TrackingTestCase, pdf_bytes


class EvidenceDeleteTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.product = Product.objects.get(activity__plan=self.plan, activity__key="1.1.i")

    def evidence(self, public=True) -> Evidence:
        evidence = Evidence(
            product=self.product,
            title="Relatoría del taller",
            is_public=public,
            content_type="application/pdf",
            original_name="relatoria.pdf",
            size=len(pdf_bytes()),
        )
        evidence.file.save("evidence.pdf", ContentFile(pdf_bytes()), save=False)
        evidence.save()
        return evidence

    def delete(self, evidence, user, client=None):
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.as_user(user)).post(f"/evidence/{evidence.pk}/delete/")

    def test_the_delete_link_leads_to_a_page_that_asks_first_and_changes_nothing(self):
        evidence = self.evidence()
        cora = self.as_user(self.cora)

        activity_page = cora.get(self.url(2017, "1.1.i"))
        page = cora.get(f"/evidence/{evidence.pk}/delete/")

        self.assertContains(activity_page, f'href="/evidence/{evidence.pk}/delete/"')
        self.assertContains(page, "¿Eliminar «Relatoría del taller»?")
        self.assertContains(page, f'action="/evidence/{evidence.pk}/delete/"')
        self.assertContains(page, "Sí, eliminarla")
        self.assertContains(page, 'href="/red-demo/2017/1.1.i/#evidence">Cancelar</a>')
        assert Evidence.objects.filter(pk=evidence.pk).exists()

    def test_the_delete_button_is_not_the_pages_primary_button(self):
        evidence = self.evidence()

        page = self.as_user(self.cora).get(self.url(2017, "1.1.i")).content.decode()

        tag = re.search(rf'<a [^>]*href="/evidence/{evidence.pk}/delete/"[^>]*>', page)
        assert tag is not None and "button--danger" in tag.group(0)

    def test_cora_removes_a_piece_it_stops_counting_and_its_file_stays(self):
        evidence = self.evidence()
        path = evidence.file.path
        cora = self.as_user(self.cora)

        response = self.delete(evidence, self.cora, client=cora)

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#evidence"
        assert not Evidence.objects.exists()
        removed = Evidence.all_objects.get(pk=evidence.pk)
        assert removed.removed_at is not None and removed.removed_by == self.cora
        assert os.path.exists(path)
        page = cora.get(response["Location"])
        self.assertContains(page, "Evidencia «Relatoría del taller» eliminada: ya no cuenta.")
        self.assertContains(page, '<span class="counter">0 de 1</span>', html=True)
        self.assertNotContains(page, 'href="/evidence/')

    def test_a_removed_piece_cannot_be_downloaded(self):
        evidence = self.evidence()
        self.delete(evidence, self.cora)

        assert self.as_user(self.sara).get(f"/evidence/{evidence.pk}/").status_code == 404

    def test_only_the_secretariat_and_the_leads_coordinator_may_remove(self):
        expected = {
            "committee": 403,
            "other_coordinator": 403,
            "viewer": 403,
            "anonymous": 403,
            "coordinator": 302,
            "secretariat": 302,
        }
        for role, status in expected.items():
            with self.subTest(role=role):
                evidence = self.evidence()
                response = self.delete(evidence, self.people()[role])
                page = self.as_user(self.people()[role]).get(f"/evidence/{evidence.pk}/delete/")

                assert response.status_code == status, role
                assert Evidence.objects.filter(pk=evidence.pk).exists() is (status != 302)
                if status == 403:
                    assert page.status_code == 403, role

    def test_the_delete_link_is_shown_only_to_who_may_use_it(self):
        evidence = self.evidence()
        link = f'href="/evidence/{evidence.pk}/delete/"'

        self.assertContains(self.as_user(self.cora).get(self.url(2017, "1.1.i")), link)
        self.assertNotContains(self.as_user(self.vera).get(self.url(2017, "1.1.i")), link)
        self.assertNotContains(self.bruno.get(self.url(2017, "1.1.i")), link)

    def test_bruno_cannot_even_learn_that_members_only_evidence_exists(self):
        evidence = self.evidence(public=False)

        assert self.delete(evidence, None).status_code == 404
        assert self.bruno.get(f"/evidence/{evidence.pk}/delete/").status_code == 404
        assert self.bruno.post("/evidence/999999/delete/").status_code == 404
        assert Evidence.objects.filter(pk=evidence.pk).exists()

    def test_a_piece_already_removed_is_not_found_again(self):
        evidence = self.evidence()
        self.delete(evidence, self.cora)

        assert self.delete(evidence, self.sara).status_code == 404
