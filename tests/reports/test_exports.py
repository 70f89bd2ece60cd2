"""The plan's data for other programs, read back: CSV, XLSX, ICS and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
from io import StringIO

import icalendar
import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planea import planfile
from planea.governance.models import Meeting
from planea.ops.demo import DEMO_PLAN, load_demo
from planea.planfile.sample import synthetic_plan_text
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Network, Organisation, Plan
from planea.reports import exports
from tests.base import make_network

from .support import SITE, DemoTestCase

DATE_COLUMNS = ("starts", "due", "status_date")


def column(name: str) -> int:
    return [n for n, _label, _is_date in exports.COLUMNS].index(name)


class SpreadsheetTests(DemoTestCase):
    def xlsx(self):
        with translation.override("en"):
            data = exports.to_xlsx(self.plan, base_url=SITE)
        return openpyxl.load_workbook(io.BytesIO(data)).active

    def csv_rows(self) -> list[list[str]]:
        with translation.override("en"):
            data = exports.to_csv(self.plan, base_url=SITE)
        assert data.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    def test_the_xlsx_has_a_header_and_44_activity_rows(self):
        sheet = self.xlsx()
        rows = list(sheet.iter_rows(values_only=True))

        assert rows[0][:5] == ("Key", "Code", "Work area", "Period", "Title")
        assert len(rows) == 1 + 44
        assert [row[0] for row in rows[1:4]] == ["1.1.i", "1.1.ii", "1.1.iii"]

    def test_xlsx_dates_are_dates_with_a_date_format(self):
        sheet = self.xlsx()
        rows = list(sheet.iter_rows(min_row=2))

        due = [row[column("due")] for row in rows]
        assert all(isinstance(cell.value, dt.datetime) for cell in due)
        assert all(cell.number_format == exports.DATE_FORMAT for cell in due)
        starts = [row[column("starts")].value for row in rows if row[column("starts")].value]
        assert starts and all(isinstance(value, dt.datetime) for value in starts)
        done = rows[0]
        assert done[column("status_date")].value == dt.datetime(2017, 4, 20)

    def test_the_xlsx_header_is_frozen_filtered_and_columns_have_widths(self):
        sheet = self.xlsx()

        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert sheet.column_dimensions["E"].width > sheet.column_dimensions["A"].width

    def test_a_row_has_every_field_status_and_counts(self):
        sheet = self.xlsx()
        first = {
            name: value
            for (name, _label, _is_date), value in zip(
                exports.COLUMNS, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True
            )
        }

        assert first["area"] == "1. Mecanismo colaborativo de software público"
        assert first["period"] == "First half"
        assert first["leads"] == "Grupo de Trabajo de Red Gealc en software público"
        assert first["funding"] == "Proyecto BPR/BID"
        assert first["status"] == "Done"
        assert (first["delivered"], first["target"]) == (1, 1)
        assert first["url"] == f"{SITE}/red-gealc/2017/1.1.i/"

    def test_targets_are_written_with_their_unit_and_recurrence(self):
        rows = {row[0]: row for row in self.xlsx().iter_rows(min_row=2, values_only=True)}

        assert rows["1.1.iii"][column("targets")] == "3 intercambios"
        assert "(every 2 months)" in rows["1.3.i"][column("targets")]

    def test_the_csv_reads_back_with_excels_bom_and_quoted_fields(self):
        Activity.objects.filter(plan=self.plan, key="1.1.ii").update(
            title='Taller "regional", en Lima;\nsegunda línea'
        )
        rows = self.csv_rows()

        assert rows[0][:2] == ["Key", "Code"]
        assert len(rows) == 1 + 44
        assert rows[2][column("title")] == 'Taller "regional", en Lima;\nsegunda línea'
        assert rows[2][column("due")] == "2017-04-15"
        assert rows[1][column("status_date")] == "2017-04-20"

    def test_plan_text_that_looks_like_a_formula_stays_text(self):
        Activity.objects.filter(plan=self.plan, key="1.1.ii").update(
            title='=HYPERLINK("https://evil.example.org","clic")', details="-5 días"
        )

        csv_row = self.csv_rows()[2]
        assert csv_row[column("title")] == '\'=HYPERLINK("https://evil.example.org","clic")'
        assert csv_row[column("details")] == "'-5 días"
        cell = self.xlsx()["A3":"R3"][0][column("title")]
        assert cell.data_type == "s"
        assert cell.value == '=HYPERLINK("https://evil.example.org","clic")'

    def test_headings_are_in_the_readers_language(self):
        with translation.override("es"):
            data = exports.to_csv(self.plan, base_url=SITE).decode("utf-8-sig")

        assert data.startswith("Clave,Código,Área de trabajo,Período,Título")


class CalendarTests(DemoTestCase):
    NOW = dt.datetime(2017, 9, 15, 12, tzinfo=dt.UTC)

    def calendar(self) -> icalendar.Calendar:
        with translation.override("en"):
            data = exports.to_ics(self.plan, base_url=SITE, now=self.NOW)
        return icalendar.Calendar.from_ical(data)

    def events(self) -> dict[str, icalendar.Event]:
        return {str(e["uid"]): e for e in self.calendar().walk("VEVENT")}

    def test_the_calendar_is_named_after_the_network_and_plan(self):
        calendar = self.calendar()

        assert str(calendar["x-wr-calname"]) == "Red GEALC 2017: PLAN ANUAL DE TRABAJO 2017"
        assert str(calendar["version"]) == "2.0"

    def test_every_due_date_is_an_all_day_event(self):
        events = self.events()

        for activity in self.plan.activities.all():
            event = events[f"{self.plan.pk}-{activity.key}@planea"]
            assert event.decoded("dtstart") == activity.due
            assert event.decoded("dtend") == activity.due + dt.timedelta(days=1)
            assert str(event["url"]) == f"{SITE}/red-gealc/2017/{activity.key}/"

    def test_every_dated_activity_spans_its_dates(self):
        events = self.events()
        dated = list(self.plan.activities.filter(starts__isnull=False))

        assert dated
        for activity in dated:
            event = events[f"{self.plan.pk}-{activity.key}-dates@planea"]
            assert event.decoded("dtstart") == activity.starts
            assert event.decoded("dtend") == activity.due + dt.timedelta(days=1)
        assert len(events) == 44 + len(dated)

    def test_uids_are_the_same_from_one_export_to_the_next(self):
        assert list(self.events()) == list(self.events())

    def test_a_cancelled_activity_is_a_cancelled_event(self):
        event = self.events()[f"{self.plan.pk}-6.2.i@planea"]

        assert str(event["status"]) == "CANCELLED"

    def test_the_networks_meetings_of_the_year_are_in_it(self):
        committee = Organisation.objects.get(network=self.network, name="Comité Ejecutivo")
        meeting = Meeting.objects.create(
            network=self.network,
            organisation=committee,
            title="Reunión virtual del Comité",
            date=dt.date(2017, 10, 3),
            start_time=dt.time(10, 0),
            end_time=dt.time(11, 30),
        )
        Meeting.objects.create(
            network=self.network, organisation=committee, title="Otro año", date=dt.date(2016, 5, 1)
        )

        event = self.events()[meeting.calendar_uid]

        assert str(event["summary"]) == "Reunión virtual del Comité"
        assert event.decoded("dtstart") == dt.datetime(2017, 10, 3, 13, 0, tzinfo=dt.UTC)
        assert event.decoded("dtend") == dt.datetime(2017, 10, 3, 14, 30, tzinfo=dt.UTC)
        assert "Otro año" not in [str(e["summary"]) for e in self.events().values()]


def export_json(plan: Plan) -> bytes:
    return exports.to_json(Plan.objects.select_related("network").get(pk=plan.pk))


def planea_import(path, acronym: str) -> Plan:
    call_command("import", str(path), "--network", acronym, stdout=StringIO(), stderr=StringIO())
    return Plan.objects.get(network=Network.by_acronym(acronym), year=2017)


@pytest.mark.django_db
def test_json_exported_then_imported_into_another_network_exports_the_same_bytes(tmp_path):
    first = export_json(load_demo().plan)
    path = tmp_path / "plan.json"
    path.write_bytes(first)

    make_network("Otra Red", "otra-red")  # an import finds a network, never makes one
    again = export_json(planea_import(path, "Otra Red"))

    assert again == first
    assert planfile.from_json(first.decode()).year == 2017


@pytest.mark.django_db
def test_json_exported_then_imported_after_deleting_the_plan_exports_the_same_bytes(tmp_path):
    # Imported as a document, not through the demo: a plan whose approval is
    # on record (a version) cannot be deleted.
    plan = import_plan(planfile.read_path(DEMO_PLAN), make_network("Red GEALC", "red-gealc"))
    first = export_json(plan)
    path = tmp_path / "plan.json"
    path.write_bytes(first)
    plan.delete()

    assert export_json(planea_import(path, "Red GEALC")) == first


@pytest.mark.engine("query count")
@pytest.mark.django_db
def test_exports_take_the_same_number_of_queries_for_44_and_120_activities():
    small = Plan.objects.select_related("network").get(pk=load_demo().plan.pk)
    parsed = planfile.parse_text(synthetic_plan_text(120, year=2017))
    big = Plan.objects.select_related("network").get(
        pk=import_plan(parsed, make_network("Red Grande", "red-grande")).pk
    )
    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as queries:
            exports.to_csv(plan, base_url=SITE)
            exports.to_ics(plan, base_url=SITE)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
