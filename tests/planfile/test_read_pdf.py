"""PDF read into blocks: headings by size, bold paragraphs, items, ruled tables."""

import contextlib
import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planea.planfile.errors import PlanParseError
from planea.planfile.formats.pdf import pdf_lines, read_pdf

from .documents import as_pdf

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "plans"
SEED = Path(__file__).resolve().parents[2] / "planea" / "demo" / "plan-anual-2017-red-gealc.txt"

PLAN_HTML = """<html><head><style>
@page { size: A4; margin: 2cm }
body { font: 11pt sans-serif } h1 { font-size: 20pt } h2 { font-size: 15pt }
table { border-collapse: collapse } td, th { border: 1px solid black; padding: 4px }
</style></head><body>
<h1>Plan de trabajo 2024</h1>
<p>La red aprobó este plan en su asamblea anual.</p>
<h2>1. Datos abiertos</h2>
<p><b>Actividades del primer semestre</b></p>
<ul><li>Publicar el catálogo nacional</li><li>Organizar un taller regional</li></ul>
<ol><li>Primera tarea numerada</li></ol>
<p><s>Actividad cancelada por falta de fondos</s></p>
<table>
<tr><th>Actividad</th><th>Responsable</th><th>Plazo</th></tr>
<tr><td>Guía de interoperabilidad con un título largo que ocupa dos líneas de la celda
de esta tabla</td><td>Uruguay</td><td>30/06/2024</td></tr>
<tr><td>Encuesta</td><td>Chile</td><td>S2 2024</td></tr>
</table>
<p>Texto después de la tabla.</p>
</body></html>"""


@cache
def plan_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string=PLAN_HTML).write_pdf()


def test_headings_paragraphs_items_and_table():
    document = read_pdf(plan_pdf(), "plan.pdf")
    assert document.format == "pdf"
    blocks = document.blocks
    kinds = [(b.kind, b.text) for b in blocks if b.kind != "table"]
    assert kinds[:3] == [
        ("heading", "Plan de trabajo 2024"),
        ("paragraph", "La red aprobó este plan en su asamblea anual."),
        ("heading", "1. Datos abiertos"),
    ]
    assert [b.level for b in blocks if b.kind == "heading"] == [1, 2]
    strong = next(b for b in blocks if b.text == "Actividades del primer semestre")
    assert strong.kind == "paragraph" and strong.strong
    items = [(b.marker, b.text, b.level) for b in blocks if b.kind == "item"]
    assert items == [
        ("•", "Publicar el catálogo nacional", 0),
        ("•", "Organizar un taller regional", 0),
        ("1.", "Primera tarea numerada", 0),
    ]
    cancelled = next(b for b in blocks if "cancelada" in b.text)
    assert cancelled.struck and not strong.struck
    assert blocks[-1].text == "Texto después de la tabla."


def test_table_rows_header_and_text_not_repeated():
    blocks = read_pdf(plan_pdf()).blocks
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.header_rows == 1
    assert table.rows == [
        ["Actividad", "Responsable", "Plazo"],
        [
            "Guía de interoperabilidad con un título largo que ocupa dos líneas de la celda "
            "de esta tabla",
            "Uruguay",
            "30/06/2024",
        ],
        ["Encuesta", "Chile", "S2 2024"],
    ]
    assert not any("Uruguay" in b.text for b in blocks)
    assert table.where.page == 1 and table.where.line > 1


def test_every_block_has_page_and_line():
    for block in read_pdf(plan_pdf()).blocks:
        assert block.where.page == 1 and block.where.line >= 1


PAGES = ["Antecedentes del plan.", "Objetivos del año.", "Actividades.", "Presupuesto."]


def test_running_headers_and_page_numbers_are_dropped():
    html = (
        "<html><head><style>@page { size: A5; margin: 2cm;"
        " @top-center { content: 'Plan anual 2024 — Red' }"
        " @bottom-center { content: counter(page) } }"
        " body { font: 10pt sans-serif }</style></head><body>"
        + "".join(f"<p style='break-after: page'>{text}</p>" for text in PAGES)
        + "</body></html>"
    )
    import weasyprint

    document = read_pdf(weasyprint.HTML(string=html).write_pdf())
    texts = [b.text for b in document.blocks]
    assert texts == PAGES
    assert [b.where.page for b in document.blocks] == [1, 2, 3, 4]


def test_seed_plan_gives_headings_and_coded_lines():
    document = read_pdf(as_pdf(SEED.read_text(encoding="utf-8")), "seed.pdf")
    texts = [b.text for b in document.blocks]
    assert texts[0] == "PLAN ANUAL DE TRABAJO 2017"
    assert any(t.startswith("1.1.i- ") for t in texts)
    assert any(t.startswith("Producto:") for t in texts)
    assert "1.1.i- " in "\n".join(document.lines)


def test_pdf_lines_keeps_the_old_text_layer():
    lines = pdf_lines(as_pdf("1. Datos abiertos\n1.1.i- Publicar datos"))
    assert [line.strip() for line in lines if line.strip()] == [
        "1. Datos abiertos",
        "1.1.i- Publicar datos",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a PDF"),
        (b"%PDF-1.4\n garbage", "damaged"),
        (b"hello", "not a PDF"),
    ],
)
def test_unreadable_pdfs(data, message):
    with pytest.raises(PlanParseError, match=message):
        read_pdf(data, "x.pdf")


def test_no_text_layer():
    import weasyprint

    blank = weasyprint.HTML(string="<html><body><div style='height:5cm'></div></body></html>")
    with pytest.raises(PlanParseError, match="no text layer"):
        read_pdf(blank.write_pdf())


def test_password_protected():
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(plan_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PlanParseError, match="password"):
        read_pdf(buffer.getvalue())


# ---------------------------------------------------------------- corpus


def corpus(name: str) -> bytes:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not available")
    return path.read_bytes()


def test_corpus_uk_table_rebuilt_from_ruling_lines():
    blocks = read_pdf(corpus("uk-lpdp-terms-of-reference-2013-14.pdf")).blocks
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    (table,) = tables
    assert table.header_rows == 1
    assert table.rows[0][1:] == ["Task", "Start date", "Finish date", "Lead Panel member"]
    assert len(table.rows) == 8
    assert table.rows[2][2] == "November 2011 (brought forward)"
    assert table.rows[-1][3] == "January 2013 July 2013 January 2014"
    assert any(b.kind == "heading" and b.text == "Annex A" for b in blocks)


def test_corpus_colombia_running_headers_dropped_and_words_whole():
    document = read_pdf(corpus("co-aga-plan-accion-2015-2017.pdf"))
    texts = [b.text for b in document.blocks]
    assert not any(t.startswith("II PLAN DE ACCIÓN 2015 – 2017 COLOMBIA – AGA") for t in texts)
    joined = "\n".join(texts)
    assert "ciud adanía" not in joined and "ciudadanía" in joined
    assert "Conse jo" not in joined
    commitments = [t for t in texts if t.startswith("COMPROMISO NRO.")]
    assert len(commitments) == 19


def test_corpus_us_nap3_headings_bold_and_bullets():
    blocks = read_pdf(corpus("us-nap3-new-commitments-2016.pdf")).blocks
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert "Support Open Contracting" in headings
    strong = [b.text for b in blocks if b.kind == "paragraph" and b.strong]
    assert "Champion Internet Connectivity through Global Connect" in strong
    bullets = [b for b in blocks if b.kind == "item"]
    assert len(bullets) == 11 and {b.marker for b in bullets} == {"•"}
    assert bullets[4].text.endswith(
        "Roadmaps at the national and subnational level in key partner countries."
    )


@pytest.mark.parametrize(
    "name",
    [
        "co-aga-plan-accion-2015-2017.pdf",
        "uk-lpdp-terms-of-reference-2013-14.pdf",
        "us-nap3-new-commitments-2016.pdf",
    ],
)
def test_corpus_pdfs_read_within_a_second_of_cpu(name):
    import time

    data = corpus(name)
    started = time.process_time()  # CPU time: the test machine is shared
    read_pdf(data)
    assert time.process_time() - started < 1.0


# ---------------------------------------------------------------- robustness


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_plan_parse_errors(data):
    with contextlib.suppress(PlanParseError):
        read_pdf(b"%PDF-1.4\n" + data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 60))
def test_damaged_pdfs_raise_only_plan_parse_errors(seed, flips):
    damaged = bytearray(plan_pdf())
    rng = random.Random(seed)
    for _ in range(flips):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    with contextlib.suppress(PlanParseError):
        read_pdf(bytes(damaged))
