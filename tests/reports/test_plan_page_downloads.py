"""The plan page offers the report and the data in every format."""

from __future__ import annotations

from .support import DemoTestCase


class PlanPageDownloadTests(DemoTestCase):
    def page(self, **headers) -> str:
        return self.client_for(None).get(self.url(""), headers=headers).content.decode()

    def test_there_is_a_link_per_format(self):
        page = self.page()

        for name in ("report.html", "report.md"):
            assert f'href="/red-gealc/2017/{name}" download' in page
        # Built in the background: the answer may be a page saying so.
        for name in ("report.pdf", "report.docx"):
            assert f'href="/red-gealc/2017/{name}" type=' in page
        for name in ("export.csv", "export.xlsx", "export.json", "export.ics"):
            assert f'href="/red-gealc/2017/{name}" download' in page
        assert 'href="/red-gealc/2017/report.html">' in page

    def test_the_downloads_are_a_labelled_section_and_each_link_names_what_it_gets(self):
        page = self.page(accept_language="en")

        assert '<section class="card downloads" aria-labelledby="downloads-heading">' in page
        assert 'PDF<span class="visually-hidden"> · The annual report</span>' in page
        assert "Activities (Excel, XLSX)" in page

    def test_a_public_plan_gives_the_address_to_subscribe_to_its_calendar(self):
        assert (
            'href="/red-gealc/2017/calendar.ics">http://testserver/red-gealc/2017/calendar.ics'
            in (self.page())
        )
