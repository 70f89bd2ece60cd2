"""Bringing a spreadsheet of translations back, on the page and on the
command line: all of it or nothing, a row in error named by its number, a
row whose original changed since the export left out, a language the
translator does not translate refused, a file that is no workbook refused."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from planea.accounts.models import Role
from planea.governance import lifecycle, translating, translation_sheets
from planea.plans.models import Activity, Translation
from planea.plans.translations import set_translation
from tests.base import PersonasTestCase, member
from tests.governance.support import committee_meeting, document_of, find, set_status
from tests.tracking.support import upload

ENGLISH = {"accept-language": "en"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def edited(body: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    """The sheet with cells changed: {(key, column name): value}."""
    book = load_workbook(io.BytesIO(body))
    sheet = book[translation_sheets.SHEET]
    header = [cell.value for cell in sheet[1]]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    for (key, column), value in changes.items():
        row = rows.get(key) or sheet.max_row + 1
        if key not in rows:
            sheet.cell(row, 1, key)
        sheet.cell(row, header.index(column) + 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class SheetImportTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.translator = member("francoise", cls.network, Role.TRANSLATOR_FR)
        set_status(cls.plan, "in_execution")

    def setUp(self) -> None:
        super().setUp()
        self.sheet = translation_sheets.export(self.plan, ["fr"])

    def bring(self, body: bytes, user=None):
        client = self.client_for(user or self.translator)
        return client.post(
            self.url(2017, "translations", "import"),
            {"sheet": upload("textes.xlsx", body, XLSX)},
            headers=ENGLISH,
        )

    def said(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_a_filled_sheet_is_written_and_counted(self):
        body = edited(
            self.sheet,
            {
                ("activity:1.1.i:title", "translation:fr"): "Cinquième atelier",
                ("area:2:title", "translation:fr"): "Mesure du gouvernement numérique",
            },
        )

        response = self.bring(body)

        assert response.status_code == 302
        assert self.said(response) == ["2 translations saved."]
        assert Translation.objects.filter(language="fr").count() == 2

    def test_rows_in_error_are_named_by_their_number_and_nothing_is_written(self):
        body = edited(
            self.sheet,
            {
                ("activity:1.1.i:title", "translation:fr"): "Cinquième atelier",
                # A control character, as a careless copy and paste leaves one.
                ("activity:1.2.i:title", "translation:fr"): "Quatre\x7féchanges",
                ("activity:9.9.i:title", "translation:fr"): "Rien",
            },
        )
        rows = [r[0] for r in load_workbook(io.BytesIO(body))[translation_sheets.SHEET].values]

        said = " ".join(self.said(self.bring(body)))

        control = rows.index("activity:1.2.i:title") + 1
        unknown = rows.index("activity:9.9.i:title") + 1
        assert f"Row {control}: the translation holds characters a text may not: U+007F" in said
        assert f"Row {unknown}: no text of this plan has the key activity:9.9.i:title" in said
        assert "Nothing was saved" in said
        assert not Translation.objects.exists()

    def test_a_row_whose_original_changed_since_the_export_is_left_out_and_named(self):
        body = edited(
            self.sheet,
            {
                ("activity:1.1.i:title", "translation:fr"): "Cinquième atelier",
                ("activity:1.2.i:title", "translation:fr"): "Quatre échanges",
            },
        )
        amended = document_of(self.plan)
        find(amended, "1.1.i").title = "Quinto taller regional, en Lima"
        proposal = lifecycle.propose_amendment(self.plan, amended, self.committee)
        lifecycle.approve_amendment(
            self.plan, proposal, committee_meeting(self.network), self.secretariat
        )

        said = self.said(self.bring(body))

        assert any("the original changed after this text was translated" in s for s in said)
        assert said[-1] == "1 translation saved."
        assert list(Translation.objects.values_list("text", flat=True)) == ["Quatre échanges"]

    def test_a_column_the_translator_does_not_translate_is_refused_if_changed(self):
        sheet = translation_sheets.export(self.plan, ["fr", "pt"])
        untouched = edited(sheet, {("activity:1.1.i:title", "translation:fr"): "Atelier"})
        changed = edited(untouched, {("activity:1.1.i:title", "translation:pt"): "Oficina"})

        refused = " ".join(self.said(self.bring(changed)))
        assert "you may not translate into Portuguese" in refused
        assert not Translation.objects.exists()

        assert self.said(self.bring(untouched)) == ["1 translation saved."]

    def test_a_file_that_is_not_a_workbook_is_refused_whatever_its_name(self):
        said = " ".join(self.said(self.bring(b"key,original\nplan:title,Plan\n")))

        assert "Nothing was saved" in said
        assert not Translation.objects.exists()

    def test_a_text_that_looks_like_a_formula_goes_out_and_back_as_text(self):
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        set_translation(activity, "title", "fr", "=SOMME(A1:A3)", self.secretariat)

        body = translation_sheets.export(self.plan, ["fr"])
        read = translation_sheets.read(body, self.plan)
        outcome = translating.apply(self.plan, read.changes, self.translator, ["fr"])

        cell = next(
            row
            for row in load_workbook(io.BytesIO(body))[translation_sheets.SHEET].iter_rows()
            if row[0].value == "activity:1.1.i:title"
        )[4]
        assert (cell.value, cell.data_type) == ("=SOMME(A1:A3)", "s")
        assert (outcome.written, outcome.errors) == (0, [])

    @pytest.mark.engine("query count")
    def test_a_sheet_is_written_in_as_many_queries_for_two_texts_as_for_all(self):
        keys = [e.key for e in translating.entries(self.plan)]
        two = edited(self.sheet, {(k, "translation:fr"): f"FR {k}" for k in keys[:2]})
        every = edited(self.sheet, {(k, "translation:fr"): f"FR {k}" for k in keys})

        def queries(body: bytes) -> int:
            read = translation_sheets.read(body, self.plan)
            with CaptureQueriesContext(connection) as captured:
                outcome = translating.apply(self.plan, read.changes, self.translator, ["fr"])
            Translation.objects.all().delete()
            assert outcome.errors == [] and outcome.written in (2, len(keys))
            return len(captured)

        assert queries(two) == queries(every)


class CommandTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.translator = member("francoise", cls.network, Role.TRANSLATOR_FR)
        set_status(cls.plan, "in_execution")

    def test_the_texts_go_out_and_come_back_through_the_command_line(self):
        path = self.tmp / "textes.xlsx"
        out = io.StringIO()
        call_command(
            "translations", "export", "2017", "--network", "Red Demo", "--language", "fr",
            "-o", str(path), stdout=out,
        )  # fmt: skip
        assert "texts of Red Demo 2017, to translate into fr" in out.getvalue()
        path.write_bytes(
            edited(path.read_bytes(), {("plan:title", "translation:fr"): "PLAN ANNUEL 2017"})
        )

        call_command(
            "translations", "import", "2017", str(path), "--network", "red demo",
            "--as", "francoise", stdout=out,
        )  # fmt: skip

        assert "1 translations written" in out.getvalue()
        saved = Translation.objects.get()
        assert (saved.text, saved.updated_by) == ("PLAN ANNUEL 2017", self.translator)

    def test_a_sheet_in_error_stops_the_command_with_its_rows_and_writes_nothing(self):
        path = self.tmp / "textes.xlsx"
        body = translation_sheets.export(self.plan, ["fr"])
        path.write_bytes(edited(body, {("activity:7.7.i:title", "translation:fr"): "?"}))

        with pytest.raises(CommandError, match=r"textes.xlsx: Row \d+: no text of this plan"):
            call_command("translations", "import", "2017", str(path), "--network", "Red Demo")

        assert not Translation.objects.exists()

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path):
        self.tmp = tmp_path
