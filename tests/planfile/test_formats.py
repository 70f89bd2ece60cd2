"""The same plan as text in any encoding, as Word and as PDF reads the same."""

import io

import docx
import pytest

from planea import planfile

from .documents import as_docx, as_pdf


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_the_seed_in_any_common_encoding_reads_the_same(seed_text, seed_plan, encoding):
    plan = planfile.read_bytes(seed_text.encode(encoding, errors="replace"), "plan.txt")
    if encoding in ("cp1252", "latin-1"):
        # Curly quotes do not exist in Latin-1; everything else must.
        assert [a.key for a in plan.activities] == [a.key for a in seed_plan.activities]
        assert plan.areas[3].activities[0].leads == seed_plan.areas[3].activities[0].leads
    else:
        assert plan.structure() == seed_plan.structure()


def test_the_seed_as_a_word_document_reads_the_same(seed_text, seed_plan):
    plan = planfile.read_bytes(as_docx(seed_text), "plan.docx")
    assert plan.structure() == seed_plan.structure()
    assert plan.layout == "coded"
    assert [(w.line, w.code) for w in plan.warnings] == [(None, "layout")] + [
        (w.line, w.code) for w in seed_plan.warnings
    ]


def test_the_seed_as_a_pdf_reads_the_same(seed_text, seed_plan):
    plan = planfile.read_bytes(as_pdf(seed_text), "plan.pdf")
    assert plan.structure() == seed_plan.structure()


def test_a_word_document_is_recognised_by_content_not_name(seed_text, seed_plan):
    plan = planfile.read_bytes(as_docx(seed_text), "plan.txt")
    assert plan.structure() == seed_plan.structure()


def test_a_word_table_with_a_header_of_labels_is_read_row_by_row():
    document = docx.Document()
    document.add_paragraph("Plan de trabajo 2019")
    document.add_paragraph("1. Datos abiertos")
    document.add_paragraph("1.1. Actividades primer semestre 2019")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("Actividad", "Producto", "Recursos", "Liderazgo"),
        ("1.1.i- Tres talleres nacionales", "Relatorías", "Proyecto BID", "Chile y Perú"),
        ("1.1.ii- Un portal regional", "Portal publicado", "A definir", "Secretaría Técnica"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)

    plan = planfile.read_bytes(buffer.getvalue(), "plan.docx")

    first, second = plan.activities
    assert (first.code, first.title, first.products) == (
        "1.1.i",
        "Tres talleres nacionales",
        ["Relatorías"],
    )
    assert first.leads == ["Chile", "Perú"]
    assert first.targets[0].quantity == 3
    assert (second.resources, second.leads) == (["A definir"], ["Secretaría Técnica"])


def test_a_two_column_table_of_label_and_value_gives_fields():
    document = docx.Document()
    document.add_paragraph("Plan 2019")
    document.add_paragraph("1. Gobierno abierto")
    document.add_paragraph("1.1- Actividades de carácter anual")
    document.add_paragraph("1.1.i- Boletín")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Producto:", "Diez ediciones"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Liderazgo:", "BID"
    buffer = io.BytesIO()
    document.save(buffer)

    (item,) = planfile.read_bytes(buffer.getvalue(), "plan.docx").activities

    assert (item.products, item.leads, item.targets[0].quantity) == (
        ["Diez ediciones"],
        ["BID"],
        10,
    )
