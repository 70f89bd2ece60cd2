"""Contributions entered on the activity page appear identically in the
annual report, by source and by kind, in every format."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
from django.utils import translation

from planea.plans.models import Activity, Contribution
from planea.reports import docx as docx_format
from planea.reports import html, markdown
from planea.reports.data import annual_report
from tests.tracking.support import TrackingTestCase

SITE = "https://planea.example.org"


class ContributionReportTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        fields = {
            "contribution-TOTAL_FORMS": "3",
            "contribution-INITIAL_FORMS": "0",
            "contribution-MIN_NUM_FORMS": "0",
            "contribution-MAX_NUM_FORMS": "100",
            "version": str(activity.version),
        }
        rows = [
            {"source": "Cooperación Técnica del BID", "kind": "cash", "stage": "planned",
             "amount": "15.000", "currency": "USD"},
            {"source": "Cooperación Técnica del BID", "kind": "cash", "stage": "spent",
             "amount": "4.250,50", "currency": "USD"},
            {"source": "Trabajo voluntario de los países", "kind": "in_kind",
             "stage": "planned", "hours": "80"},
        ]  # fmt: skip
        for index, row in enumerate(rows):
            fields.update({f"contribution-{index}-{k}": v for k, v in row.items()})
        response = self.as_user(self.sara).post(self.url(2017, "1.1.i", "contributions"), fields)
        assert response.status_code == 302
        assert Contribution.objects.filter(activity=activity).count() == 3

    def report(self, language: str = "en"):
        with translation.override(language):
            return annual_report(self.plan, self.sara, base_url=SITE)

    def test_the_report_sums_what_was_entered_by_source_and_by_kind(self):
        funding = self.report().funding
        assert [(t.label, t.currency, t.planned, t.spent) for t in funding.by_source] == [
            ("Cooperación Técnica del BID", "USD", Decimal("15000.00"), Decimal("4250.50")),
            ("Trabajo voluntario de los países", "", None, None),
        ]
        assert [(t.key, t.planned_hours) for t in funding.by_kind] == [
            ("cash", None),
            ("in_kind", Decimal("80.0")),
        ]

    def test_markdown_and_html_show_the_same_figures_localised(self):
        with translation.override("en"):
            text = markdown.render(self.report("en"))
        assert "- USD: 15,000.00 planned, 4,250.50 spent" in text
        assert "| Cooperación Técnica del BID | USD | 15,000.00 | 4,250.50 | — | 2 |" in text
        assert "| In kind (voluntary work) | — | — | — | 80.0 / 0.0 | 1 |" in text
        with translation.override("es"):
            page = html.render(self.report("es"), standalone=True)
        assert "15\u00a0000,00" in page and "4\u00a0250,50" in page
        assert 'id="chart-funding-usd-caption"' in page

    def test_word_has_the_tables_and_the_chart(self):
        with translation.override("en"):
            document = docx.Document(io.BytesIO(docx_format.render(self.report("en"))))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert "Contributions by source and by kind" in headings
        assert "Contributions in USD by funding source" in headings
        cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
        assert {"15,000.00", "4,250.50", "80.0 / 0.0"} <= cells
