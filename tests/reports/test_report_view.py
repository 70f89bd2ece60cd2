"""`/<network>/<year>/report.<html|pdf|docx|md>`: the annual report, as the
reader may see it, in their language."""

from __future__ import annotations

import io

import docx
from django.urls import resolve
from pypdf import PdfReader

from planea.plans.models import Plan

from .support import PRIVATE_FILE_TITLE, DemoTestCase


class ReportViewTests(DemoTestCase):
    def get(self, fmt: str, person=None, **headers):
        return self.client_for(person).get(self.url(f"report.{fmt}"), headers=headers)

    def test_the_html_report_is_a_page_shown_in_the_browser(self):
        response = self.get("html", accept_language="en")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["Content-Disposition"] == 'inline; filename="red-gealc-2017-report.html"'
        page = response.content.decode()
        assert '<html lang="en">' in page
        assert "<h1>Report on the 2017 work plan</h1>" in page
        assert "<script" not in page

    def test_the_html_report_carries_its_style_and_its_charts(self):
        page = self.get("html").content.decode()

        assert "<style>" in page and "@page" in page
        # Status, products, timeline, and the demo's contributions in USD.
        assert page.count('<svg role="img" aria-labelledby="chart-') == 4

    def test_the_pdf_is_an_attachment_named_after_the_plan(self):
        response = self.get("pdf", accept_language="en")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'attachment; filename="red-gealc-2017-report.pdf"'
        )
        assert PdfReader(io.BytesIO(response.content)).metadata.title.startswith("Report on")

    def test_the_docx_is_a_word_document(self):
        response = self.get("docx", accept_language="en")

        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert response["Content-Disposition"].endswith('filename="red-gealc-2017-report.docx"')
        assert docx.Document(io.BytesIO(response.content)).tables

    def test_the_markdown_is_text(self):
        response = self.get("md", accept_language="en")

        assert response["Content-Type"] == "text/markdown; charset=utf-8"
        assert response.content.decode().startswith("# Report on the 2017 work plan")

    def test_the_report_speaks_the_readers_language(self):
        spanish = self.get("md").content.decode()
        portuguese = self.get("md", accept_language="pt").content.decode()

        assert "Retrasada" in spanish and "Atrasada" in portuguese
        assert "20 de abril de 2017" in spanish

    def test_links_are_absolute_to_the_site_the_reader_used(self):
        page = self.get("md", HTTP_HOST="testserver").content.decode()

        assert "<http://testserver/red-gealc/2017/>" in page

    def test_members_only_evidence_is_listed_for_members_only(self):
        private = self.evidence["private_file"]
        public = self.get("html").content.decode()
        member = self.get("html", self.vera).content.decode()

        assert PRIVATE_FILE_TITLE not in public
        assert f"/evidence/{private.pk}/" not in public
        assert f'href="http://testserver/evidence/{private.pk}/"' in member

    def test_a_draft_is_not_found_for_the_public_and_found_for_the_secretariat(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)

        for fmt in ("html", "pdf", "docx", "md"):
            assert self.get(fmt).status_code == 404
            assert self.get(fmt, self.vera).status_code == 404
        assert self.get("md", self.sofia).status_code == 200

    def test_the_report_of_a_plan_that_does_not_exist_is_not_found(self):
        assert self.client_for(None).get("/red-gealc/2031/report.pdf").status_code == 404

    def test_report_dot_pdf_is_a_format_not_an_activity_key(self):
        assert resolve(self.url("report.pdf")).url_name == "report"
        assert resolve(self.url("report.odt/")).url_name == "activity"
        unknown = self.client_for(None).get(self.url("report.odt"), follow=True)
        assert unknown.status_code == 404

    def test_the_report_is_kept_by_no_shared_cache(self):
        assert "private" in self.get("md")["Cache-Control"]

    def test_only_get_and_head_are_answered(self):
        assert self.client_for(None).post(self.url("report.md")).status_code == 405
