"""The Word report, read back with python-docx: real headings, a table per
area with a row per activity, the charts embedded, links that work."""

from __future__ import annotations

import io

import docx
from django.utils import translation
from docx.opc.constants import RELATIONSHIP_TYPE

from planea.reports import docx as word
from planea.reports.data import annual_report

from .support import PRIVATE_FILE_TITLE, PUBLIC_LINK, SITE, TODAY, DemoTestCase


def cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


class DocxReportTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with translation.override("en"):
            cls.report = annual_report(cls.plan, cls.public, TODAY, base_url=SITE)
            cls.bytes = word.render(cls.report)
        cls.document = docx.Document(io.BytesIO(cls.bytes))

    def headings(self, level: int) -> list[str]:
        return [p.text for p in self.document.paragraphs if p.style.name == f"Heading {level}"]

    def area_tables(self):
        """The tables whose header row starts with the code column."""
        return [t for t in self.document.tables if t.rows[0].cells[0].text == "Code"]

    def test_the_cover_is_a_title(self):
        titles = [p.text for p in self.document.paragraphs if p.style.name == "Title"]

        assert titles == ["Report on the 2017 work plan"]

    def test_there_is_a_heading_1_per_area_each_on_a_new_page(self):
        headings = self.headings(1)

        for area in self.report.areas:
            assert area.label in headings
        area_headings = [
            p for p in self.document.paragraphs if p.text in {a.label for a in self.report.areas}
        ]
        assert all(p.paragraph_format.page_break_before for p in area_headings)
        assert headings[0] == "Executive summary"
        assert headings[-1] == "Annex: unfinished commitments"

    def test_the_summarys_parts_are_heading_2(self):
        assert self.headings(2)[:2] == ["Activities by status", "Progress by work area"]

    def test_each_area_has_a_table_with_a_row_per_activity(self):
        tables = self.area_tables()[: len(self.report.areas)]

        assert len(tables) == 6
        for table, area in zip(tables, self.report.areas, strict=True):
            rows = table.rows[1:]
            assert len(rows) == len(area.activities)
            assert [row.cells[0].text for row in rows] == [a.label for a in area.activities]

    def test_a_row_gives_the_activity_its_status_and_its_products(self):
        row = self.area_tables()[0].rows[1]
        done = self.report.areas[0].activities[0]

        assert done.title in cell_text(row.cells[1])
        assert "Grupo de Trabajo de Red Gealc en software público" in cell_text(row.cells[1])
        assert cell_text(row.cells[2]).startswith("Done")
        assert "Temáticas incorporadas al taller." in cell_text(row.cells[2])
        assert "2 of 1" in cell_text(row.cells[3])
        assert "Relatoría del taller" in cell_text(row.cells[3])
        assert PRIVATE_FILE_TITLE not in cell_text(row.cells[3])

    def test_the_header_row_repeats_on_every_page(self):
        header = self.area_tables()[0].rows[0]._tr

        assert header.xpath("./w:trPr/w:tblHeader")

    def test_the_four_charts_are_embedded_pictures(self):
        # Status, products, timeline, and the demo's contributions in USD.
        assert len(self.document.inline_shapes) == 4
        images = [
            rel.target_part.blob
            for rel in self.document.part.rels.values()
            if rel.reltype == RELATIONSHIP_TYPE.IMAGE
        ]
        assert len(images) == 4
        assert all(image.startswith(b"\x89PNG") for image in images)

    def test_evidence_links_are_hyperlinks(self):
        targets = [
            rel.target_ref
            for rel in self.document.part.rels.values()
            if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
        ]

        assert PUBLIC_LINK in targets
        assert f"{SITE}/evidence/{self.evidence['public_file'].pk}/" in targets
        assert f"{SITE}/evidence/{self.evidence['private_file'].pk}/" not in targets

    def test_the_annex_has_a_row_per_unfinished_commitment(self):
        annex = self.area_tables()[-1]

        assert len(annex.rows) - 1 == len(self.report.carry_over) == 42

    def test_it_is_a4_and_says_its_title_and_language(self):
        section = self.document.sections[0]
        properties = self.document.core_properties

        assert round(section.page_width.cm, 1) == 21.0
        assert round(section.page_height.cm, 1) == 29.7
        assert properties.title == "Report on the 2017 work plan · Red GEALC"
        assert properties.language == "en"
