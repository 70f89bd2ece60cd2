"""The report as a web page: readable on screen, printable, no JavaScript;
and the variant WeasyPrint makes the PDF from."""

from __future__ import annotations

import re

from django.utils import translation

from planea.reports import html
from planea.reports.data import annual_report

from .support import SITE, TODAY, DemoTestCase


class HtmlReportTests(DemoTestCase):
    def render(self, **options) -> str:
        with translation.override("en"):
            report = annual_report(self.plan, self.public, TODAY, base_url=SITE)
            return html.render(report, **options)

    def test_every_area_is_a_section_named_by_its_heading_and_listed_in_the_contents(self):
        page = self.render(standalone=True)

        for number in range(1, 7):
            assert f'<section class="area" id="area-{number}" aria-labelledby=' in page
            assert f'<li><a href="#area-{number}" lang="es">' in page

    def test_it_prints_each_area_on_a_new_page_and_runs_no_script(self):
        page = self.render(standalone=True)
        style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)

        assert "@media print" in style
        assert re.search(r"\.area,\s*\.annex \{\s*break-before: page;", style)
        assert "<script" not in page
        assert "http://" not in style and "https://" not in style

    def test_the_plans_own_text_is_marked_with_the_plans_language(self):
        page = self.render(standalone=True)

        # Untranslated into English: the original, its language said in the text.
        assert (
            '<p class="cover__title" lang="es">PLAN ANUAL DE TRABAJO 2017 (original in Spanish)</p>'
            in page
        )
        assert '<html lang="en">' in page

    def test_for_the_pdf_the_charts_are_svg_images_and_the_stylesheet_a_link(self):
        page = self.render(for_pdf=True)

        # Status, products, timeline, and the demo's contributions in USD.
        assert page.count('<img src="data:image/svg+xml;base64,') == 4
        assert '<link rel="stylesheet" href="/static/reports/report.css">' in page
        assert "<style>" not in page
