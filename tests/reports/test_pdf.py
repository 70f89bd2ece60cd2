"""The PDF report, read back with pypdf: every area and every activity is in
it, with the title and language it says it has."""

from __future__ import annotations

import gc
import io
import re

from django.utils import translation
from pypdf import PdfReader

from planea.reports import pdf
from planea.reports.data import annual_report

from .support import PRIVATE_FILE_TITLE, SITE, TODAY, DemoTestCase


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class PdfReportTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with translation.override("en"):
            cls.report = annual_report(cls.plan, cls.public, TODAY, base_url=SITE)
            cls.document = pdf.render(cls.report)
        cls.reader = PdfReader(io.BytesIO(cls.document))
        cls.text = words(" ".join(page.extract_text() for page in cls.reader.pages))

    def test_it_is_a_pdf_of_many_pages(self):
        assert self.document.startswith(b"%PDF-")
        assert len(self.reader.pages) > 10

    def test_it_contains_every_area_title(self):
        for area in self.report.areas:
            assert area.title in self.text

    def test_it_contains_every_activity_code(self):
        for activity in self.report.activities:
            assert activity.code in self.text

    def test_the_areas_follow_one_another_in_the_plans_order(self):
        # An area's label last appears, before the annex, as its section's heading.
        body = self.text[: self.text.rindex("Annex: unfinished commitments")]
        headings = [body.rindex(area.label) for area in self.report.areas]

        assert len(headings) > 1
        assert headings == sorted(headings)

    def test_the_annex_lists_every_unfinished_activity_in_order(self):
        annex = self.text[self.text.rindex("Annex: unfinished commitments") :]
        assert self.report.carry_over
        at = 0
        for activity in self.report.carry_over:
            at = annex.index(activity.label, at)

    def test_it_says_its_title_author_and_language(self):
        metadata = self.reader.metadata

        assert metadata.title == "Report on the 2017 work plan · Red GEALC"
        assert metadata.author.startswith("Red de Gobierno Electrónico")
        assert self.reader.trailer["/Root"]["/Lang"] == "en"

    def test_pages_are_numbered(self):
        assert re.search(r"\b3 / \d+\b", self.reader.pages[2].extract_text())

    def test_links_to_evidence_are_live_and_members_only_evidence_is_left_out(self):
        actions = [
            annotation.get_object().get("/A")
            for page in self.reader.pages
            for annotation in page.get("/Annots") or []
        ]
        links = [action.get("/URI") for action in actions if action]

        assert "https://example.org/relatoria-taller-software" in links
        assert f"{SITE}/evidence/{self.evidence['public_file'].pk}/" in links
        assert f"{SITE}/evidence/{self.evidence['private_file'].pk}/" not in links
        assert PRIVATE_FILE_TITLE not in self.text

    def test_the_stylesheet_is_read_from_disk_and_nothing_from_the_network(self):
        fetcher = pdf._StaticFiles()

        css = fetcher.fetch(f"{pdf.base_url()}static/reports/report.css")
        assert b"@page" in css.read()
        for address in ("https://example.org/tracker.png", "file:///etc/passwd"):
            try:
                fetcher.fetch(address)
            except ValueError:
                continue
            raise AssertionError(f"{address} was fetched")


class _Recording:
    """Stands in for WeasyPrint's HTML: notes whether the cyclic collector
    ran while the page was laid out."""

    collecting: list[bool] = []

    def __init__(self, **kwargs) -> None:
        pass

    def render(self):
        self.collecting.append(gc.isenabled())
        return self


def test_the_garbage_collector_is_held_off_while_a_page_is_laid_out_and_on_again_after(
    monkeypatch,
):
    monkeypatch.setattr(pdf, "HTML", _Recording)
    _Recording.collecting = []

    pdf.layout("<p>x</p>")

    assert _Recording.collecting == [False]
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off_after_a_pdf():
    gc.disable()
    try:
        assert pdf.write(pdf.layout("<p>x</p>")).startswith(b"%PDF-")
        assert not gc.isenabled()
    finally:
        gc.enable()
