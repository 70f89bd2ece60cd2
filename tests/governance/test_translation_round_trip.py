"""Issue 17's "done when": the seed plan's texts go out to a spreadsheet,
come back translated into French, and the French report then holds no
untranslated text; a sheet exported, brought back unchanged and exported
again is the same, cell for cell."""

from __future__ import annotations

import io

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase
from django.utils import translation
from openpyxl import load_workbook

from planea.accounts.models import Role
from planea.governance import translating, translation_sheets
from planea.ops.demo import load_demo
from planea.plans.models import Activity, Translation
from planea.plans.translations import set_translation
from planea.reports import markdown
from planea.reports.data import annual_report
from tests.base import member

SEED_LANGUAGE = "es"


def cells(body: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row."""
    book = load_workbook(io.BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def filled_in_french(body: bytes) -> bytes:
    """The sheet with every French cell filled in, as a translator would."""
    book = load_workbook(io.BytesIO(body))
    sheet = book[translation_sheets.SHEET]
    header = [cell.value for cell in sheet[1]]
    original, french = header.index("original") + 1, header.index("translation:fr") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=french, value=f"FR {sheet.cell(row=row, column=original).value}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bring_back(body: bytes, plan, user, allowed=("fr",)) -> translating.Outcome:
    sheet = translation_sheets.read(body, plan)
    assert sheet.errors == []
    return translating.apply(plan, sheet.changes, user, allowed)


class TranslationRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        demo = load_demo()
        cls.plan = demo.plan
        cls.secretariat = member("rt-sofia", cls.plan.network, Role.SECRETARIAT)
        cls.translator = member("rt-france", cls.plan.network, Role.TRANSLATOR_FR)

    def french_report(self) -> str:
        with translation.override("fr"):
            report = annual_report(self.plan, AnonymousUser(), language="fr")
            return markdown.render(report)

    def test_the_seed_filled_in_french_comes_back_whole_and_the_french_report_has_no_original(
        self,
    ):
        assert self.plan.language == SEED_LANGUAGE
        assert "(original en espagnol)" in self.french_report()
        exported = translation_sheets.export(self.plan, ["fr"])
        texts = len(cells(exported)[translation_sheets.SHEET]) - 1

        outcome = bring_back(filled_in_french(exported), self.plan, self.translator)

        assert (outcome.errors, outcome.conflicts) == ([], [])
        assert outcome.written == texts == Translation.objects.filter(language="fr").count()
        report = self.french_report()
        assert "(original en" not in report
        title = Activity.objects.get(plan=self.plan, key="1.1.ii").title
        assert f"FR {title}" in report
        # The labels are French too: the report is wholly in French.
        assert "Rapport" in report or "rapport" in report

    def test_export_import_export_gives_the_same_sheet(self):
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        set_translation(activity, "title", "fr", "Cinquième atelier", self.secretariat)
        set_translation(activity, "title", "pt", "Quinta oficina", self.secretariat)
        first = translation_sheets.export(self.plan, ["fr", "pt"])

        outcome = bring_back(first, self.plan, self.secretariat, ("fr", "pt", "en"))
        again = translation_sheets.export(self.plan, ["fr", "pt"])

        assert (outcome.written, outcome.removed, outcome.errors) == (0, 0, [])
        assert cells(again) == cells(first)

    def test_a_filled_sheet_brought_back_is_exported_again_with_the_same_texts(self):
        filled = filled_in_french(translation_sheets.export(self.plan, ["fr"]))
        bring_back(filled, self.plan, self.translator)

        again = cells(translation_sheets.export(self.plan, ["fr"]))[translation_sheets.SHEET]
        sent = cells(filled)[translation_sheets.SHEET]

        # Key, text, original language, original and translation: the same;
        # only the state column moved, from "missing" to "translated".
        assert [row[:5] for row in again] == [row[:5] for row in sent]
        assert {row[5] for row in again[1:]} == {str(translating.STATE_LABELS["done"])}
