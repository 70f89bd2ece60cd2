"""Evidence through the API: lists, metadata, uploads checked by content,
downloads with the website's permission and Content-Disposition."""

from __future__ import annotations

import datetime as dt
import os
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from planea.tracking.models import Evidence
from tests.api.base import API, ApiTestCase, pdf_bytes, png_bytes


def stored_files() -> set[str]:
    root = settings.MEDIA_ROOT
    return {os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names}


class EvidenceLists(ApiTestCase):
    def titles(self, path: str, persona: str | None = None) -> set[str]:
        response = self.get(path, persona)
        self.assertEqual(response.status_code, 200, response.content)
        return {e["title"] for e in response.json()["results"]}

    def test_the_public_sees_public_evidence_only(self):
        path = f"/activities/{self.activity.pk}/evidence"
        self.assertEqual(self.titles(path), {"Relatoría pública", "Informe"})
        self.assertEqual(self.titles(path, "outsider"), {"Relatoría pública", "Informe"})

    def test_members_see_members_only_evidence_too(self):
        path = f"/products/{self.product.pk}/evidence"
        everything = {"Relatoría pública", "Acta interna", "Informe", "foto"}
        for persona in ("viewer", "coordinator", "other_coordinator", "committee", "secretariat"):
            self.assertEqual(self.titles(path, persona), everything, persona)

    def test_metadata_of_a_link(self):
        data = self.get(f"/evidence/{self.public_link.pk}").json()
        self.assertEqual(data["kind"], "link")
        self.assertEqual(data["url"], "https://example.org/relatoria")
        self.assertIsNone(data["download_url"])
        self.assertIsNone(data["file_name"])
        self.assertEqual(data["product"], self.product.pk)
        self.assertEqual(data["activity"], self.activity.pk)
        self.assertTrue(data["is_public"])

    def test_metadata_of_a_file(self):
        data = self.get(f"/evidence/{self.public_file.pk}").json()
        self.assertEqual(data["kind"], "file")
        self.assertIsNone(data["url"])
        self.assertTrue(
            data["download_url"].endswith(f"/api/v1/evidence/{self.public_file.pk}/download")
        )
        self.assertEqual(data["content_type"], "application/pdf")
        self.assertEqual(data["file_name"], "Informe.pdf")
        self.assertEqual(data["size"], len(pdf_bytes()))

    def test_minutes_of_a_meeting_count_as_evidence(self):
        minutes = Evidence.objects.create(
            product=self.product, meeting=self.open_meeting, title="Acta de febrero"
        )
        data = self.get(f"/evidence/{minutes.pk}").json()
        self.assertEqual(data["kind"], "minutes")
        self.assertEqual(data["meeting"], self.open_meeting.pk)
        self.assertIsNone(data["url"])
        self.assertIsNone(data["download_url"])
        self.assertEqual(self.get(f"/evidence/{minutes.pk}/download").status_code, 404)

    def test_an_unknown_product_is_a_404(self):
        self.assertEqual(self.get("/products/999999/evidence").status_code, 404)


class Downloads(ApiTestCase):
    def test_a_file_comes_down_as_an_attachment_with_its_name(self):
        response = self.get(f"/evidence/{self.public_file.pk}/download")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), pdf_bytes())
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="Informe.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_the_api_answers_as_the_website_does(self):
        for persona, evidence in (
            ("viewer", self.private_file),
            (None, self.public_file),
        ):
            api = self.get(f"/evidence/{evidence.pk}/download", persona)
            web = (self.client_for(getattr(self, persona)) if persona else self.bruno).get(
                f"/evidence/{evidence.pk}/"
            )
            self.assertEqual(api.status_code, web.status_code)
            for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
                self.assertEqual(api[header], web[header], header)

    def test_members_only_files_are_not_cached_by_the_browser(self):
        response = self.get(f"/evidence/{self.private_file.pk}/download", "viewer")
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_a_link_has_nothing_to_download(self):
        response = self.get(f"/evidence/{self.public_link.pk}/download")
        self.assertEqual(response.status_code, 404)
        self.assertIn("link", response.json()["detail"])

    def test_a_file_missing_from_storage_is_a_404_not_a_crash(self):
        # A file of its own: the class's files are shared by its tests.
        lost = self.file_evidence(self.product, "lost.pdf", pdf_bytes(), public=True)
        lost.file.storage.delete(lost.file.name)
        response = self.get(f"/evidence/{lost.pk}/download")
        self.assertEqual(response.status_code, 404)


class Uploads(ApiTestCase):
    def upload(self, persona="coordinator", product=None, **form):
        product = product or self.product
        form.setdefault("title", "Relatoría del taller")
        return self.as_(persona).post(f"{API}/products/{product.pk}/evidence", form)

    def test_a_pdf_is_stored_with_its_checked_type(self):
        before = stored_files()
        pdf = SimpleUploadedFile("relatoria.pdf", pdf_bytes(), "application/octet-stream")
        response = self.upload(file=pdf, date="2017-04-20", is_public="false")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["kind"], "file")
        self.assertEqual(data["content_type"], "application/pdf")
        self.assertEqual(data["file_name"], "relatoria.pdf")
        self.assertEqual(data["date"], "2017-04-20")
        self.assertFalse(data["is_public"])
        evidence = Evidence.objects.get(pk=data["id"])
        self.assertEqual(evidence.added_by, self.coordinator)
        self.assertNotIn("relatoria", evidence.file.name)  # a random name in storage
        self.assertEqual(len(stored_files() - before), 1)
        download = self.get(f"/evidence/{evidence.pk}/download", "viewer")
        self.assertEqual(b"".join(download.streaming_content), pdf_bytes())

    def test_a_png_named_pdf_comes_down_as_what_it_is(self):
        fake = SimpleUploadedFile("informe.pdf", png_bytes(), "application/pdf")
        data = self.upload(file=fake).json()
        self.assertEqual(data["content_type"], "image/png")
        self.assertEqual(data["file_name"], "informe.pdf.png")

    def test_a_link(self):
        response = self.upload(url="https://example.org/acta-3")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["kind"], "link")
        self.assertEqual(response.json()["date"], timezone.localdate().isoformat())

    def test_a_program_is_refused_whatever_its_name(self):
        before = stored_files()
        program = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00" + b"\x00" * 200)
        response = self.upload(file=program)
        self.assertEqual(response.status_code, 422)
        (error,) = response.json()["detail"]
        self.assertEqual(error["field"], "file")
        self.assertIn("program", error["message"])
        self.assertEqual(stored_files(), before)
        self.assertFalse(Evidence.objects.filter(title="Relatoría del taller").exists())

    def test_a_file_and_a_link_at_once_is_refused(self):
        pdf = SimpleUploadedFile("a.pdf", pdf_bytes())
        response = self.upload(file=pdf, url="https://example.org/x")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "file")

    def test_neither_a_file_nor_a_link_is_refused(self):
        response = self.upload()
        self.assertEqual(response.status_code, 422)
        self.assertIn("link", response.json()["detail"][0]["message"])

    def test_bad_fields_are_named(self):
        future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
        response = self.upload(title="", url="javascript:alert(1)", date=future)
        self.assertEqual(response.status_code, 422)
        fields = {e["field"] for e in response.json()["detail"]}
        self.assertEqual(fields, {"title", "url", "date"})

    @override_settings(EVIDENCE_MAX_BYTES=1000)
    def test_a_file_over_the_limit_is_a_413(self):
        big = SimpleUploadedFile("big.pdf", pdf_bytes() + b"\n%" + b"x" * 2000)
        response = self.upload(file=big)
        self.assertEqual(response.status_code, 413)
        self.assertIn("too big", response.json()["detail"])
        self.assertFalse(Evidence.objects.filter(title="Relatoría del taller").exists())

    @override_settings(EVIDENCE_MAX_BYTES=1000)
    def test_a_body_announced_over_the_limit_is_refused_before_it_is_read(self):
        with mock.patch("planea.core.uploads.check_upload") as check:
            response = self.as_("coordinator").post(
                f"{API}/products/{self.product.pk}/evidence",
                {"title": "x", "url": "https://example.org"},
                headers={"Content-Length": str(1000 + 64 * 1024 + 1)},
            )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        check.assert_not_called()

    @override_settings(EVIDENCE_MAX_BYTES=1000)
    def test_the_public_gets_its_401_before_any_413(self):
        response = self.as_(None).post(
            f"{API}/products/{self.product.pk}/evidence",
            {"title": "x", "url": "https://example.org"},
            headers={"Content-Length": str(1000 + 64 * 1024 + 1)},
        )
        self.assertEqual(response.status_code, 401)

    def test_nothing_is_half_saved_when_the_row_cannot_be_written(self):
        before = stored_files()
        pdf = SimpleUploadedFile("a.pdf", pdf_bytes())
        with mock.patch.object(Evidence, "save", side_effect=RuntimeError("db down")):
            response = self.upload(file=pdf)
        self.assertEqual(response.status_code, 500)
        self.assertEqual(stored_files(), before)

    def test_the_upload_is_in_the_audit_trail_as_the_tokens_user(self):
        data = self.upload(url="https://example.org/acta-4").json()
        row = Evidence.history.filter(id=data["id"]).get()
        self.assertEqual(row.history_user, self.coordinator)


class RemovedEvidence(ApiTestCase):
    """Issue 12: removed evidence is neither listed, nor found, nor counted."""

    def test_a_removed_piece_is_not_listed_found_or_counted(self):
        from planea.tracking.models import remove_evidence

        remove_evidence(self.public_link, self.secretariat)

        listed = self.get(f"/products/{self.product.pk}/evidence", "secretariat").json()
        activity = self.get(f"/activities/{self.activity.pk}", "secretariat").json()

        self.assertNotIn("Relatoría pública", {e["title"] for e in listed["results"]})
        self.assertEqual(
            self.get(f"/evidence/{self.public_link.pk}", "secretariat").status_code, 404
        )
        self.assertEqual(activity["products"][0]["delivered"], 3)
