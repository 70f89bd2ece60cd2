"""Spreadsheets (xlsx, ods, csv) read into heading and table blocks."""

import contextlib
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planea.planfile.blocks import Where
from planea.planfile.errors import PlanParseError
from planea.planfile.formats.sheets import read_csv, read_ods, read_xlsx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "plans"
ODS_PLAN = CORPUS / "bo-ctic-gt-interoperabilidad-plan-trabajo-2016.ods"


def xlsx_plan() -> bytes:
    """A group title merged over two columns above the column names, an area
    merged down two rows, a date and a whole number; an empty sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan 2024"
    sheet["B2"] = "Área"
    sheet["C2"] = "Actividad"
    sheet["D2"] = "Plazo"
    sheet["E2"] = "Recursos"
    sheet.merge_cells("D2:E2")
    sheet["D3"] = "Fecha"
    sheet["E3"] = "Monto"
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C3")
    sheet["B4"] = "Datos abiertos"
    sheet.merge_cells("B4:B5")
    sheet["C4"] = "Publicar el catálogo"
    sheet["D4"] = dt.datetime(2024, 6, 30)
    sheet["E4"] = 1500.0
    sheet["C5"] = "Taller regional"
    sheet["D5"] = dt.date(2024, 9, 1)
    sheet["E5"] = 2.5
    workbook.create_sheet("Vacía")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods(rows_xml: str, name: str = "Hoja1") -> bytes:
    """A minimal OpenDocument spreadsheet around the given table rows."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def cell(text: str, **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f"<table:table-cell{extra}><text:p>{text}</text:p></table:table-cell>"


def test_xlsx_sheet_heading_table_merges_and_values():
    document = read_xlsx(xlsx_plan(), "plan.xlsx")
    assert document.format == "xlsx"
    assert [(b.kind, b.text) for b in document.blocks] == [("heading", "Plan 2024"), ("table", "")]
    table = document.blocks[1]
    assert table.where == Where(sheet="Plan 2024", cell="B2")
    assert table.header_rows == 2
    assert table.rows == [
        ["Área", "Actividad", "Plazo", "Plazo"],
        ["Área", "Actividad", "Fecha", "Monto"],
        ["Datos abiertos", "Publicar el catálogo", "2024-06-30", "1500"],
        ["Datos abiertos", "Taller regional", "2024-09-01", "2.5"],
    ]


def test_ods_repeats_spans_and_values():
    rows = (
        "<table:table-row>"
        + cell("Actividad")
        + cell("Responsable")
        + cell("Plazo")
        + "</table:table-row>"
        + "<table:table-row>"
        + cell("Primera", number_rows_spanned="2")
        + '<table:table-cell office:value-type="float" office:value="3.0"><text:p>3</text:p>'
        "</table:table-cell>"
        + '<table:table-cell office:value-type="date" office:date-value="2016-05-20">'
        "<text:p>20/05/16</text:p></table:table-cell>"
        + '<table:table-cell table:number-columns-repeated="16000"/>'
        + "</table:table-row>"
        + "<table:table-row><table:covered-table-cell/>"
        + cell("Agetic<text:s text:c='2'/>y otros")
        + "</table:table-row>"
        + '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    document = read_ods(ods(rows), "plan.ods")
    heading, table = document.blocks
    assert (heading.kind, heading.text, heading.level) == ("heading", "Hoja1", 1)
    assert table.where == Where(sheet="Hoja1", cell="A1")
    assert table.header_rows == 1
    assert table.rows == [
        ["Actividad", "Responsable", "Plazo"],
        ["Primera", "3", "2016-05-20"],
        ["Primera", "Agetic  y otros", ""],
    ]


def test_ods_sheet_past_the_cell_limit_is_refused():
    row = "<table:table-row>" + cell("x", number_columns_repeated="1000") + "</table:table-row>"
    with pytest.raises(PlanParseError, match="cells"):
        read_ods(ods(row * 300))


def test_csv_semicolons_with_bom():
    data = "\ufeffActividad;Responsable;Plazo\nPublicar datos;ST;30/06/2024\n;;\n".encode()
    document = read_csv(data, "plan.csv")
    assert document.format == "csv"
    (table,) = document.blocks
    assert table.rows == [
        ["Actividad", "Responsable", "Plazo"],
        ["Publicar datos", "ST", "30/06/2024"],
    ]
    assert table.header_rows == 1
    assert table.where.cell == "A1"


def test_csv_in_windows_1252_with_tabs():
    data = "Acción\tLíder\nTaller\tMéxico\n".encode("cp1252")
    assert read_csv(data).blocks[0].rows == [["Acción", "Líder"], ["Taller", "México"]]


@pytest.mark.skipif(not ODS_PLAN.exists(), reason="corpus not available")
def test_corpus_ods_reads_as_a_table_with_a_three_row_header():
    document = read_ods(ODS_PLAN.read_bytes(), ODS_PLAN.name)
    tables = [b for b in document.blocks if b.kind == "table"]
    plan = tables[0]
    assert plan.where.sheet == "Plan de Trabajo"
    assert plan.header_rows == 3
    assert plan.rows[0][:3] == ["Objetivo", "Responsables", "Detalle de Actividades"]
    assert any("Definir metodología de trabajo de grupo." in row for row in plan.rows)
    objective = [row[0] for row in plan.rows[3:11]]
    assert len(set(objective)) == 1 and objective[0].startswith("Elaborar estándares")


@pytest.mark.parametrize("reader", [read_xlsx, read_ods, read_csv])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_plan_parse_errors(reader, data):
    with contextlib.suppress(PlanParseError):
        reader(data, "x")


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 40))
def test_damaged_spreadsheets_raise_only_plan_parse_errors(kind, seed, flips):
    if kind == "xlsx":
        original, reader = xlsx_plan(), read_xlsx
    else:
        original = ods("<table:table-row>" + cell("a") + cell("b") + "</table:table-row>")
        reader = read_ods
    damaged = bytearray(original)
    rng = random.Random(seed)
    for _ in range(flips):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    with contextlib.suppress(PlanParseError):
        reader(bytes(damaged), "x")
