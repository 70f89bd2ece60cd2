"""Downloading evidence: the policy decides who sees it, and the file comes
down as an attachment of the type its content has."""

from __future__ import annotations

import os
from urllib.parse import quote

from django.core.files.base import ContentFile

from planea.plans.models import Plan, Product
from planea.tracking.models import Evidence
from tests.base import make_network
from tests.tracking.support import TrackingTestCase, make_user, member, pdf_bytes


class EvidenceDownloadTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.product = Product.objects.get(activity__plan=self.plan, activity__key="1.1.i")

    def evidence(self, *, public=True, name="Relatoría del taller.pdf", content=None, **fields):
        evidence = Evidence(
            product=self.product,
            title="Relatoría del taller",
            is_public=public,
            content_type="application/pdf",
            original_name=name,
            size=len(content or pdf_bytes()),
            **fields,
        )
        evidence.file.save("evidence.pdf", ContentFile(content or pdf_bytes()), save=False)
        evidence.save()
        return evidence

    def download(self, evidence, user=None):
        return self.as_user(user).get(f"/evidence/{evidence.pk}/")

    def test_bruno_downloads_public_evidence_as_an_attachment(self):
        evidence = self.evidence()

        response = self.download(evidence)

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''" + quote("Relatoría del taller.pdf")
        )
        assert "sandbox" in response["Content-Security-Policy"]

    def test_a_plain_name_is_quoted_and_cannot_break_the_header(self):
        evidence = self.evidence(name='acta "final"\r\nSet-Cookie: x=1.pdf')

        response = self.download(evidence)

        disposition = response["Content-Disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        assert disposition.startswith("attachment; filename=")
        assert r"\"final\"" in disposition

    def test_the_name_gets_the_extension_of_what_the_file_is(self):
        evidence = self.evidence(name="informe.docx")

        response = self.download(evidence)

        assert 'filename="informe.docx.pdf"' in response["Content-Disposition"]

    def test_members_only_evidence_is_for_members(self):
        evidence = self.evidence(public=False)
        expected = {
            "secretariat": 200,
            "committee": 200,
            "coordinator": 200,
            "other_coordinator": 200,
            "viewer": 200,
            "anonymous": 404,
        }
        for role, user in self.people().items():
            with self.subTest(role=role):
                response = self.download(evidence, user)

                assert response.status_code == expected[role], role
                if response.status_code == 200:
                    assert response["Cache-Control"] == "private, no-store"

    def test_a_member_of_another_network_gets_nothing(self):
        other = make_network("Red Otra", "red-otra")
        outsider = member(make_user("trk-otro", "Otto", "Otra"), other, "viewer")

        response = self.download(self.evidence(public=False), outsider)

        assert response.status_code == 404

    def test_members_only_evidence_is_not_listed_to_bruno_but_counted(self):
        self.evidence(public=False)

        public = self.bruno.get(self.url(2017, "1.1.i"))
        members = self.as_user(self.vera).get(self.url(2017, "1.1.i"))

        self.assertContains(
            public, '<span class="counter counter--complete">1 de 1</span>', html=True
        )
        self.assertNotContains(public, "Relatoría del taller")
        self.assertContains(public, "Una pieza más es visible solo para los miembros de la red.")
        self.assertContains(members, "Relatoría del taller")
        self.assertContains(members, "solo miembros")

    def test_evidence_of_a_draft_plan_is_not_found_for_bruno_nor_a_viewer(self):
        evidence = self.evidence()
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")

        assert self.download(evidence).status_code == 404
        assert self.download(evidence, self.vera).status_code == 404
        assert self.download(evidence, self.sara).status_code == 200

    def test_unknown_evidence_and_a_missing_file_are_not_found(self):
        evidence = self.evidence()
        os.remove(evidence.file.path)

        assert self.as_user(self.sara).get("/evidence/999999/").status_code == 404
        assert self.download(evidence, self.sara).status_code == 404

    def test_a_link_is_not_redirected_through_the_site(self):
        evidence = Evidence.objects.create(
            product=self.product, title="Nota", url="https://www.redgealc.org/nota"
        )

        response = self.download(evidence)

        assert response.status_code == 404
        assert "Location" not in response

    def test_the_download_address_takes_no_posts(self):
        evidence = self.evidence()
        assert self.as_user(self.sara).post(f"/evidence/{evidence.pk}/").status_code == 405
