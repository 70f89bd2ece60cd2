"""Deleting evidence: by the lead's coordinator or the Secretariat, by POST,
and the file goes with it."""

from __future__ import annotations

import os

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

    def test_cora_deletes_a_piece_and_its_file_goes(self):
        evidence = self.evidence()
        path = evidence.file.path
        cora = self.as_user(self.cora)

        response = self.delete(evidence, self.cora, client=cora)

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#evidence"
        assert not Evidence.objects.exists()
        assert not os.path.exists(path)
        page = cora.get(response["Location"])
        self.assertContains(page, "Evidencia «Relatoría del taller» eliminada.")
        self.assertContains(page, '<span class="counter">0 de 1</span>', html=True)

    def test_only_the_secretariat_and_the_leads_coordinator_may_delete(self):
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

                assert response.status_code == status, role
                assert Evidence.objects.filter(pk=evidence.pk).exists() is (status != 302)

    def test_the_delete_button_is_shown_only_to_who_may_use_it(self):
        evidence = self.evidence()
        button = f'action="/evidence/{evidence.pk}/delete/"'

        self.assertContains(self.as_user(self.cora).get(self.url(2017, "1.1.i")), button)
        self.assertNotContains(self.as_user(self.vera).get(self.url(2017, "1.1.i")), button)
        self.assertNotContains(self.bruno.get(self.url(2017, "1.1.i")), button)

    def test_bruno_cannot_even_learn_that_members_only_evidence_exists(self):
        evidence = self.evidence(public=False)

        assert self.delete(evidence, None).status_code == 404
        assert self.bruno.post("/evidence/999999/delete/").status_code == 404
        assert Evidence.objects.filter(pk=evidence.pk).exists()

    def test_deleting_takes_a_post(self):
        evidence = self.evidence()

        assert self.as_user(self.sara).get(f"/evidence/{evidence.pk}/delete/").status_code == 405
        assert Evidence.objects.filter(pk=evidence.pk).exists()
