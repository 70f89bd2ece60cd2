"""Properties of the file reader over every format: whatever bytes come in,
arbitrary or a valid document damaged, and whatever Markdown or HTML people
write, `read_bytes` gives a plan or a PlanParseError, never anything else;
and a plan written as text reads back through it to the same plan."""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planea import planfile
from planea.planfile import PlanParseError

from .conftest import SEED
from .documents import as_ods, as_odt, as_pdf, as_table_docx, as_workbook
from .test_properties import generated_plan

FORMATS = ["md", "html", "docx", "odt", "pdf", "xlsx", "ods", "csv"]
ZIPPED = ["docx", "odt", "xlsx", "ods"]
# Enough examples to find a crash in a reader's error handling, few enough
# that the file runs in well under a minute on a shared machine.
FEW = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
SOME = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

# The seed's first two areas: coded lines for the formats that keep lines.
SEED_PART = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:100])
TABLE = [
    ["Área", "Actividad", "Responsable", "Plazo", "Producto"],
    ["Datos abiertos", "Publicar el catálogo", "Chile", "30-MAR-17", "Catálogo"],
    ["Datos abiertos", "Taller regional", "Perú y BID", "S1 2022", "Relatoría"],
    ["Software público", "~~Encuesta~~", "Secretaría Técnica", "Permanente", ""],
    ["Software público", "Guía de adopción", "", "mid-March 2018", "La guía"],
]
MARKDOWN = """---
title: Plan 2022
---
# Plan de trabajo 2022

## 1. Datos abiertos

- **Publicar el catálogo**
  - Responsable: Chile
  - Plazo: 30-MAR-22
- ~~Taller regional~~ (postergado)

| Actividad | Responsable | Plazo |
|---|---|---|
| Guía de adopción | Secretaría Técnica | S1 2022 |
| Encuesta | Uruguay | T3 2022 |

### COMPROMISO NRO. 3: Interoperabilidad
Órgano: Ministerio
Lead implementing agency: GSA

<table><tr><th>Activity</th><th>Lead</th><th>Deadline</th></tr>
<tr><td rowspan="2">Open data portal</td><td>OMB</td><td>early Aug 2016</td></tr>
<tr><td>GSA</td><td>ongoing</td></tr></table>
"""
HTML = """<!doctype html><html><head><title>Plan 2016</title></head><body>
<h1>Plan 2016</h1><h2>1. Open government</h2>
<table><thead><tr><th>Action</th><th>Lead</th><th>Deadline</th><th>Budget</th></tr></thead>
<tr><td>Open data portal</td><td colspan="2">OMB, by June 2016</td><td>$1M</td></tr>
<tr><td><strike>FOIA portal</strike></td><td>DOJ</td><td>2017</td><td></td></tr></table>
<h2>2. Participation</h2><ol><li>Citizen panels<ul><li>Lead: GSA</li><li>Due: S2 2016</li></ul></li>
<li>Petitions</li></ol><p><b>Hackathon</b></p><p>Deadline: every two months</p>
</body></html>"""


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@cache
def valid(kind: str) -> bytes:
    """A small valid document of each format, built once: the PDF takes a second."""
    build = {
        "md": lambda: MARKDOWN.encode("utf-8"),
        "html": lambda: HTML.encode("utf-8"),
        "docx": lambda: as_table_docx(SEED_PART),
        "odt": lambda: as_odt(SEED_PART),
        "pdf": lambda: as_pdf(SEED_PART),
        "xlsx": lambda: as_workbook(TABLE),
        "ods": lambda: as_ods(TABLE),
        "csv": lambda: _csv(TABLE),
    }
    return build[kind]()


def read_or_refuse(data: bytes, filename: str, **hints) -> None:
    """The property itself: a plan that writes out as JSON, or a PlanParseError
    with a message."""
    try:
        plan = planfile.read_bytes(data, filename, **hints)
    except PlanParseError as error:
        assert error.message
        return
    planfile.to_json(plan)


# ---------------------------------------------------------------------------
# Damage


@st.composite
def damaged_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """Bytes flipped, cut, inserted or deleted, as a bad disk or upload does."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if operation == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "truncate":
            del data[at:]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


XML_SNIPPETS = [
    "<", ">", "&", "&bogus;", "]]>", '"', "\x00", "\ufffd", "</w:p>", "<w:p>", "<w:tc>",
    "</w:tr>", "<text:p>", "</text:list>", "<table:table-row>", "<table:covered-table-cell/>",
    '<w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr>', '<w:gridSpan w:val="-3"/>',
    '<w:vMerge w:val="restart"/>', '<text:h text:outline-level="0">x</text:h>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', "<c r=\"ZZZ999999\"><v>1</v></c>",
]  # fmt: skip


@st.composite
def damaged_member(draw: st.DrawFn, original: bytes) -> bytes:
    """A valid archive with one XML part's text damaged: cut, doubled, broken
    by stray markup, or a number in it made huge, so that the archive opens
    and the XML parsers and the readers meet the damage."""
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    parts = sorted(name for name in members if name.endswith((".xml", ".rels")))
    main = [name for name in parts if re.search(r"document|content|sheet|shared", name)]
    name = draw(st.sampled_from(main) | st.sampled_from(parts))
    text = members[name].decode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["delete", "duplicate", "insert", "number"]))
        at = draw(st.integers(0, len(text)))
        span = draw(st.integers(1, 300))
        if operation == "delete":
            text = text[:at] + text[at + span :]
        elif operation == "duplicate":
            text = text[:at] + text[at : at + span] + text[at:]
        elif operation == "insert":
            snippet = draw(st.sampled_from(XML_SNIPPETS) | st.text(max_size=8))
            text = text[:at] + snippet + text[at:]
        elif numbers := list(re.finditer(r"\d+", text)):
            found = draw(st.sampled_from(numbers))
            value = draw(st.sampled_from(["0", "-1", "99999999", "1e9", ""]))
            text = text[: found.start()] + value + text[found.end() :]
    return with_part(original, name, text.encode("utf-8", errors="surrogatepass"))


def with_part(original: bytes, name: str, content: bytes) -> bytes:
    """The archive with one part's content replaced, the others as they were."""
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


@FEW
@given(
    kind=st.sampled_from(FORMATS),
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04"]),
    data=st.binary(max_size=3000),
)
def test_arbitrary_bytes_in_any_format_are_read_or_refused_with_a_parse_error(kind, prefix, data):
    # The prefixes take the bytes past the sniffing into the PDF and ZIP readers.
    read_or_refuse(prefix + data, f"x.{kind}")


def test_the_valid_documents_the_damage_starts_from_are_plans():
    for kind in FORMATS:
        assert planfile.read_bytes(valid(kind), f"x.{kind}").activities, kind


@SOME
@given(st.data())
def test_a_damaged_document_in_any_format_is_read_or_refused_with_a_parse_error(data):
    kind = data.draw(st.sampled_from(FORMATS))
    damaged = data.draw(damaged_bytes(valid(kind)))
    read_or_refuse(damaged, f"x.{kind}")


@SOME
@given(st.data())
def test_an_archive_with_a_damaged_xml_part_is_read_or_refused_with_a_parse_error(data):
    kind = data.draw(st.sampled_from(ZIPPED))
    damaged = data.draw(damaged_member(valid(kind)))
    read_or_refuse(damaged, f"x.{kind}")


MAIN_PART = {
    "docx": "word/document.xml",
    "odt": "content.xml",
    "xlsx": "xl/worksheets/sheet1.xml",
    "ods": "content.xml",
}


def with_garbled_part(data: bytes, member: str) -> bytes:
    """The archive with the compressed bytes of one part garbled and its table
    of contents intact: zlib, not the ZIP reader, is the first to notice."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(member).header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    # A deflate block of type 3, which does not exist.
    return data[:start] + b"\xff" * 8 + data[start + 8 :]


@pytest.mark.parametrize("kind", ZIPPED)
def test_an_archive_with_a_garbled_compressed_part_is_refused_with_a_parse_error(kind):
    with pytest.raises(PlanParseError, match="damaged"):
        planfile.read_bytes(with_garbled_part(valid(kind), MAIN_PART[kind]), f"x.{kind}")


@pytest.mark.parametrize("kind", ZIPPED)
def test_an_archive_whose_xml_declares_an_unknown_encoding_is_refused_with_a_parse_error(kind):
    original = valid(kind)
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read(MAIN_PART[kind])
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    damaged = with_part(
        original, MAIN_PART[kind], b'<?xml version="1.0" encoding="UTF-99"?>' + body
    )
    with pytest.raises(PlanParseError, match="encoding"):
        planfile.read_bytes(damaged, f"x.{kind}")


# ---------------------------------------------------------------------------
# Markdown and HTML from a small grammar of what plans are made of

WORDS = [
    "Actividad", "Activity", "Ação", "Action", "Responsable", "Lead", "Responsável", "Pilote",
    "Plazo", "Deadline", "Prazo", "Échéance", "Producto", "Deliverable", "Recursos", "Budget",
    "2017", "2015–2017", "30-MAR-17", "JUN-17", "06/16", "S1 2022", "T3 2022", "1º semestre",
    "mid-March", "early Aug", "Permanente", "ongoing", "CONT", "Bimensual", "every two months",
    "Datos abiertos", "Chile", "BID", "y", "and", "1.1.i-", "1.", "a)", "i.", "•", "COMPROMISO",
    "NRO. 3:", "Órgano:", "~~", "**", "|", ":", "-", "#", "<b>", "</td>", "&nbsp;", "\t",
]  # fmt: skip
LABELS = [
    "Lead", "Responsable", "Unidade responsável", "Plazo", "Deadline", "Prazo", "Producto",
    "Deliverable", "Recursos", "Funding", "Órgano", "Lead implementing agency", "Objetivo",
    "Nota", "COMPROMISO NRO. 3", "Detalles", "Liderazgo del compromiso",
]  # fmt: skip
word = st.sampled_from(WORDS) | st.text(min_size=1, max_size=10)
phrase = st.lists(word, min_size=1, max_size=6).map(" ".join)
cells = st.lists(phrase | st.just(""), min_size=1, max_size=5)


@st.composite
def markdown_block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(["heading", "item", "label", "table", "html", "text", "bold", "struck", ""])
    )
    if kind == "heading":
        return "#" * draw(st.integers(1, 7)) + " " + draw(phrase)
    if kind == "item":
        indent = "  " * draw(st.integers(0, 4))
        marker = draw(st.sampled_from(["-", "*", "+", "1.", "2)", "a)", "i.", "•", "1.1.i-"]))
        return f"{indent}{marker} {draw(phrase)}"
    if kind == "label":
        return f"{draw(st.sampled_from(LABELS))}: {draw(phrase)}"
    if kind == "table":
        rows = draw(st.lists(cells, min_size=1, max_size=5))
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return "\n".join(lines)
    if kind == "html":
        return draw(html_block())
    if kind in ("bold", "struck"):
        mark = "**" if kind == "bold" else "~~"
        return f"{mark}{draw(phrase)}{mark}"
    return draw(phrase) if kind == "text" else ""


@st.composite
def html_block(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["heading", "list", "table", "p", "label", "struck", "broken"]))
    if kind == "heading":
        level = draw(st.integers(1, 6))
        return f"<h{level}>{draw(phrase)}</h{level}>"
    if kind == "list" and depth < 3:
        tag = draw(st.sampled_from(["ul", "ol"]))
        items = draw(st.lists(phrase | html_block(depth + 1), min_size=1, max_size=4))
        return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"
    if kind == "table":
        span = st.sampled_from(["", ' rowspan="2"', ' colspan="3"', ' rowspan="0"', ' colspan="x"'])
        rows = draw(st.lists(cells, min_size=1, max_size=5))
        head = draw(st.sampled_from(["th", "td"]))
        body = "".join(
            "<tr>" + "".join(f"<{head if i == 0 else 'td'}{draw(span)}>{c}</td>" for c in row)
            + "</tr>"
            for i, row in enumerate(rows)
        )  # fmt: skip
        return f"<table>{body}</table>"
    if kind == "label":
        return f"<p>{draw(st.sampled_from(LABELS))}: {draw(phrase)}</p>"
    if kind == "struck":
        return f"<p><{draw(st.sampled_from(['s', 'strike', 'del']))}>{draw(phrase)}</strike></p>"
    if kind == "broken":
        return draw(st.sampled_from(["<table><tr><td>", "</li></ul>", "<h2>", "<p", "<!--"]))
    return f"<p><b>{draw(phrase)}</b></p>"


hints = st.fixed_dictionaries(
    {},
    optional={
        "layout": st.sampled_from(["coded", "outline", "table", "other"]),
        "activity_level": st.sampled_from([1, 2, 3, "bold", "list", "list:1", "x"]),
        "columns": st.dictionaries(st.sampled_from(["leads", "due", "title"]), phrase, max_size=2),
    },
)


@SOME
@given(
    blocks=st.lists(markdown_block(), max_size=25),
    front_matter=st.booleans(),
    hints=hints,
)
def test_markdown_of_headings_lists_tables_and_labels_is_read_or_refused(
    blocks, front_matter, hints
):
    text = "\n\n".join(blocks)
    if front_matter:
        text = "---\ntitle: Plan\n---\n" + text
    read_or_refuse(text.encode("utf-8", errors="surrogatepass"), "x.md", **hints)


@SOME
@given(blocks=st.lists(html_block(), max_size=20), page=st.booleans(), hints=hints)
def test_html_of_headings_lists_tables_and_labels_is_read_or_refused(blocks, page, hints):
    body = "".join(blocks)
    text = f"<!doctype html><html><body>{body}</body></html>" if page else body
    read_or_refuse(text.encode("utf-8", errors="surrogatepass"), "x.html", **hints)


# ---------------------------------------------------------------------------
# Round trip through the file reader


@SOME
@given(generated_plan())
def test_a_generated_plan_written_as_text_reads_back_from_a_file_as_the_same_plan(text):
    # test_properties round-trips through parse_text; a file goes through the
    # layouts too, which must still choose the coded reading for it.
    plan = planfile.parse_text(text)
    again = planfile.read_bytes(planfile.render_text(plan).encode("utf-8"), "plan.txt")
    assert again.structure() == plan.structure()
