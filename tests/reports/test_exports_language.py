"""Exports in the reader's language: translated texts where recorded, the
originals named in a "not translated" column (CSV, XLSX) or marked in the
text (the calendar); the JSON plan document always the original."""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar
import openpyxl
from django.utils import translation

from planea.plans.models import Activity, Area
from planea.plans.translations import set_translation
from planea.reports import exports
from tests.base import PlanTestCase
from tests.governance.support import assembly_meeting

SITE = "https://planea.example.org"


class ExportLanguageTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        software = Area.objects.get(plan=cls.plan, number=1)
        set_translation(workshop, "title", "fr", "Cinquième atelier régional", cls.ana)
        set_translation(workshop, "details", "fr", "Lima (Pérou), avril 2017.", cls.ana)
        set_translation(workshop, "title", "pt", "Quinta oficina regional", cls.ana)
        set_translation(software, "title", "fr", "Logiciel public", cls.ana)
        assembly_meeting(cls.network, dt.date(2017, 11, 20), title="Reunión anual")

    def csv_rows(self, language: str) -> list[list[str]]:
        with translation.override(language):
            data = exports.to_csv(self.plan, base_url=SITE, language=language)
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    def test_a_french_csv_has_the_translations_and_names_what_is_left_in_spanish(self):
        header, workshop, *rest = self.csv_rows("fr")
        row = dict(zip(header, workshop, strict=True))
        assert row["Titre"] == "Cinquième atelier régional"
        assert row["Axe de travail"] == "1. Logiciel public"
        assert row["Non traduit"] == "produits (original en espagnol)"
        survey = dict(zip(header, rest[2], strict=True))
        assert survey["Non traduit"] == "axe de travail; titre; produits (original en espagnol)"

    def test_in_the_plans_own_language_the_csv_is_as_it_always_was(self):
        assert self.csv_rows("es") == self.csv_rows_without_language()

    def csv_rows_without_language(self) -> list[list[str]]:
        with translation.override("es"):
            data = exports.to_csv(self.plan, base_url=SITE)
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    def test_the_xlsx_says_its_language_and_holds_the_translations(self):
        with translation.override("pt"):
            data = exports.to_xlsx(self.plan, base_url=SITE, language="pt")
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert workbook.properties.language == "pt"
        assert rows[1][4] == "Quinta oficina regional"
        assert rows[0][-1] == "Não traduzido"
        assert rows[1][-1] == "área de trabalho; detalhes; produtos (original em espanhol)"

    def test_the_calendar_marks_an_untranslated_title_as_the_reports_do(self):
        with translation.override("pt"):
            data = exports.to_ics(self.plan, base_url=SITE, language="pt")
        summaries = [
            str(event["summary"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")
        ]
        assert "1.1.i Quinta oficina regional" in summaries
        assert "Reunión anual (original em espanhol)" in summaries

    def test_the_json_plan_document_stays_the_original(self):
        assert b"Cinqui" not in exports.to_json(self.plan)


class ExportViewLanguageTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        set_translation(workshop, "title", "fr", "Cinquième atelier régional", cls.ana)

    def test_lang_in_the_address_wins_over_the_readers_language(self):
        response = self.bruno.get("/red-demo/2017/export.csv?lang=fr", HTTP_ACCEPT_LANGUAGE="en")
        text = response.content.decode("utf-8-sig")
        assert text.startswith("Clé,Code,")
        assert "Cinquième atelier régional" in text

    def test_the_readers_language_is_the_default(self):
        response = self.bruno.get("/red-demo/2017/export.csv", HTTP_ACCEPT_LANGUAGE="fr")
        assert "Cinquième atelier régional" in response.content.decode("utf-8-sig")
