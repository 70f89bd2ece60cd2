"""The annual report in each language of the network (issue 17): labels and
the plan's texts in the language asked for, each text not yet translated
left in the original with its language said in the text itself, in every
format; from the plan page (`?language=fr`) and the command line
(`--language fr`)."""

from __future__ import annotations

import io
import tempfile
from io import StringIO
from pathlib import Path

import docx
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import translation

from planea.plans.models import Activity, Area
from planea.plans.translations import set_translation
from planea.reports import formats
from planea.reports.data import annual_report
from tests.base import PlanTestCase
from tests.governance.support import set_status

FRENCH_TITLE = "Cinquième atelier régional du logiciel public"
UNTRANSLATED = "Cuatro intercambios de cooperación horizontal"
MARK = "(original en espagnol)"


class ReportLanguageTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        set_status(cls.plan, "approved")
        workshop = Activity.objects.get(plan=cls.plan, key="1.1.i")
        set_translation(workshop, "title", "fr", FRENCH_TITLE, cls.ana)
        area = Area.objects.get(plan=cls.plan, number=1)
        set_translation(area, "title", "fr", "Logiciel public", cls.ana)

    def report(self, language: str):
        with translation.override(language):
            return annual_report(self.plan, AnonymousUser(), language=language)

    def test_the_french_report_shows_translations_and_marks_each_original_left(self):
        report = self.report("fr")
        titles = {a.key: a.title for a in report.activities}

        assert titles["1.1.i"] == FRENCH_TITLE
        assert titles["1.2.i"] == f"{UNTRANSLATED} {MARK}"
        assert report.areas[0].title == "Logiciel public"
        assert report.areas[1].title == f"Medición del Gobierno Digital {MARK}"
        assert report.activities[0].status_label != "Pendiente"  # French labels

    def test_the_report_in_the_plans_own_language_marks_nothing(self):
        report = self.report("es")

        assert {a.title for a in report.activities} >= {UNTRANSLATED}
        assert "(original" not in str(report)

    def test_every_format_carries_the_mark_in_its_text(self):
        report = self.report("fr")
        with translation.override("fr"):
            markdown = formats.render_report(report, "md").decode()
            html = formats.render_report(report, "html").decode()
            word = formats.render_report(report, "docx")
        words = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
        words += "\n".join(
            cell.text
            for table in docx.Document(io.BytesIO(word)).tables
            for row in table.rows
            for cell in row.cells
        )

        for text in (markdown, html, words):
            assert FRENCH_TITLE in text
            assert f"{UNTRANSLATED} {MARK}" in text

    def test_the_plan_page_links_the_report_in_each_language(self):
        page = self.bruno.get(self.url(2017)).content.decode()

        for code in ("es", "en", "pt", "fr"):
            assert f'href="/red-demo/2017/report.html?language={code}"' in page

    def test_a_report_asked_for_in_french_is_wholly_french_whatever_the_browser_says(self):
        response = self.bruno.get(
            "/red-demo/2017/report.md", {"language": "fr"}, headers={"accept-language": "en"}
        )
        body = response.content.decode()

        assert response.status_code == 200
        assert FRENCH_TITLE in body and f"{UNTRANSLATED} {MARK}" in body
        assert "Rapport" in body and "Report on" not in body
        assert 'filename="red-demo-2017-rapport.md"' in response["Content-Disposition"]

    def test_an_unknown_language_is_the_readers_own(self):
        response = self.bruno.get(
            "/red-demo/2017/report.md", {"language": "xx"}, headers={"accept-language": "en"}
        )

        assert "Report on" in response.content.decode()

    def test_the_command_writes_the_report_in_the_language_asked_for(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        path = folder / "rapport.md"
        call_command(
            "report", "2017", "--network", "Red Demo", "--language", "fr", "-o", str(path),
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip

        text = path.read_text(encoding="utf-8")
        assert FRENCH_TITLE in text and f"{UNTRANSLATED} {MARK}" in text
