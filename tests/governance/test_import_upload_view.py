"""The import page: a document in, checked by size and content, read once,
kept for its preview."""

from __future__ import annotations

from django.test import override_settings

from planea.plans.models import Plan
from tests.governance.import_support import ImportTestCase


class ImportUploadViewTests(ImportTestCase):
    def test_the_secretariat_sees_the_upload_form(self):
        response = self.client_for(self.secretariat).get(self.import_url())

        assert response.status_code == 200
        self.assertContains(response, 'type="file"')
        self.assertContains(response, 'for="import_document"')

    def test_a_committee_member_is_told_the_proposal_becomes_a_draft(self):
        response = self.client_for(self.committee).get(self.import_url())

        assert response.status_code == 200
        self.assertContains(response, "borrador")

    def test_the_public_is_sent_to_log_in_and_a_viewer_or_coordinator_is_refused(self):
        assert self.bruno.get(self.import_url())["Location"].startswith("/accounts/login/")
        assert self.client_for(self.viewer).get(self.import_url()).status_code == 403
        assert self.client_for(self.coordinator).get(self.import_url()).status_code == 403

    def test_an_upload_keeps_the_document_under_a_random_token_and_opens_its_preview(self):
        client = self.client_for(self.secretariat)
        response = self.upload(client)

        assert response.status_code == 302
        token = response["Location"].rstrip("/").split("/")[-1]
        assert response["Location"] == self.import_url(token)
        assert len(token) >= 30
        assert token in client.session["plan_imports"]
        assert (self.preview_files()[0].parent.name) == token
        assert Plan.objects.filter(network=self.network, year=2019).count() == 0

    def test_a_program_named_like_a_plan_is_refused_and_nothing_is_kept(self):
        response = self.upload(
            self.client_for(self.secretariat), "plan.txt", b"MZ\x90\x00" + b"\x00" * 200
        )

        assert response.status_code == 400
        self.assertContains(response, "Este archivo es un programa", status_code=400)
        assert self.preview_files() == []

    def test_an_image_named_like_a_plan_is_refused_by_its_content(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
        response = self.upload(self.client_for(self.secretariat), "plan.pdf", png)

        assert response.status_code == 400
        assert response.context["form"].errors["document"]
        assert self.preview_files() == []

    @override_settings(EVIDENCE_MAX_BYTES=1000)
    def test_a_document_over_the_size_limit_is_refused(self):
        response = self.upload(self.client_for(self.secretariat), "plan.txt", b"x" * 5000)

        assert response.status_code == 400
        self.assertContains(response, "demasiado grande", status_code=400)
        assert self.preview_files() == []

    def test_a_text_that_is_no_plan_is_refused_with_the_readers_reason_and_leaves_no_file(self):
        response = self.upload(
            self.client_for(self.secretariat), "notas.txt", b"Una lista de compras.\n"
        )

        assert response.status_code == 400
        self.assertContains(response, "no se puede leer como plan", status_code=400)
        assert self.preview_files() == []

    def test_starting_a_preview_sweeps_away_those_abandoned_for_over_an_hour(self):
        import os
        import time

        client = self.client_for(self.secretariat)
        old = self.uploaded(client)
        folder = self.preview_files()[0].parent
        an_hour_and_more = time.time() - 3700
        os.utime(folder, (an_hour_and_more, an_hour_and_more))

        new = self.uploaded(client)

        assert {p.parent.name for p in self.preview_files()} == {new}
        assert self.client_for(self.secretariat).get(self.import_url(old)).status_code == 404
