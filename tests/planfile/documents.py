"""Turning a plan's text into the documents people actually send: Word, with
typed or automatic numbers or a table of activities, OpenDocument text and
spreadsheet, PDF, Excel."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

# The seed's numbered lines: "1. Area", "1.1. Section" or "1.3- Section", "1.1.i- Activity".
_ACTIVITY = re.compile(r"^(\d+)\.(\d+)\.([ivx]+)-\s*(.*)$")
_SECTION = re.compile(r"^(\d+)\.(\d+)[.-]\s+(.*)$")
_AREA = re.compile(r"^(\d+)\.\s+(.*)$")
_FIELD = re.compile(r"^(Producto|Productos|Recursos|Liderazgo|Liderazgo del compromiso|Detalles):")
_COLUMNS = ("Actividad", "Producto", "Recursos", "Liderazgo")
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
# Ids well above those of python-docx's template numbering (0-8 and 1-9).
_FIRST_ID = 90


def as_docx(text: str) -> bytes:
    """One Word paragraph per line, as a secretariat typing the plan would make."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    return _saved(document)


def as_numbered_docx(text: str) -> bytes:
    """One paragraph per line, the areas, sections and activities numbered by
    Word's automatic list numbering ("%1.", "%1.%2.", "%1.%2.%3-" in lower
    roman) instead of typed numbers; where the plan's own numbering skips or
    repeats a number, the list restarts there as Word's "Set numbering value" does."""
    document = docx.Document()
    numbering = _WordNumbering(document)
    for line in text.splitlines():
        typed = typed_number(line)
        if typed is None:
            document.add_paragraph(line)
        else:
            numbering.number(document.add_paragraph(typed[1]), typed[0])
    return _saved(document)


def as_table_docx(text: str) -> bytes:
    """The areas and sections as paragraphs, each section's activities as a
    table with a header row Actividad | Producto | Recursos | Liderazgo; an
    activity's details follow its title in the first cell."""
    document = docx.Document()
    table = _ActivityTable()
    for line in text.splitlines():
        if _ACTIVITY.match(line):
            table.rows.append({0: [line]})
        elif table.rows and (found := _FIELD.match(line)):
            table.add(found.group(1), line, line[found.end() :].strip())
        elif not (table.rows and not line.strip()):
            table.write(document)
            table = _ActivityTable()
            document.add_paragraph(line)
    table.write(document)
    return _saved(document)


def as_odt(text: str) -> bytes:
    """A minimal OpenDocument text: its mimetype and a content.xml with one
    text:p per line, empty lines as empty paragraphs."""
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.splitlines())
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content office:version="1.2"'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body>"
        "</office:document-content>"
    )
    return _open_document("application/vnd.oasis.opendocument.text", content)


def as_pdf(text: str) -> bytes:
    """A PDF with a real text layer, long lines wrapping as they would in print."""
    import weasyprint

    body = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
    page = (
        "<html><head><style>@page { size: A4; margin: 2cm }"
        "body { font: 10pt sans-serif } p { margin: 0 }</style></head>"
        f"<body>{body}</body></html>"
    )
    return weasyprint.HTML(string=page).write_pdf()


def as_xlsx(text: str) -> bytes:
    """An Excel workbook with one line per row in column A, blank lines as empty rows."""
    return as_workbook([[line] for line in text.splitlines()])


def as_workbook(rows: list[list[str]]) -> bytes:
    """An Excel workbook holding `rows` from A1, empty cells left empty."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value.strip():
                sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_ods(rows: list[list[str]]) -> bytes:
    """A minimal OpenDocument spreadsheet holding `rows`, a string cell each."""
    xml_rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>"
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content office:version="1.2"'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        '<office:body><office:spreadsheet><table:table table:name="Plan">'
        f"{xml_rows}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    return _open_document("application/vnd.oasis.opendocument.spreadsheet", content)


def typed_number(line: str) -> tuple[list[int], str] | None:
    """The number typed before an area, section or activity, as the counters
    of its list levels ("1.2.iii- X" -> [1, 2, 3]), and the text after it."""
    if found := _ACTIVITY.match(line):
        area, section, roman, rest = found.groups()
        return [int(area), int(section), _ROMAN.index(roman) + 1], rest
    if found := _SECTION.match(line):
        return [int(found.group(1)), int(found.group(2))], found.group(3)
    if found := _AREA.match(line):
        return [int(found.group(1))], found.group(2)
    return None


def _open_document(mimetype: str, content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # ODF wants the mimetype first and stored, so tools can tell the type.
        archive.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _saved(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class _ActivityTable:
    """A section's activities, a row each, their fields by column."""

    rows: list[dict[int, list[str]]] = field(default_factory=list)
    header: list[str] = field(default_factory=lambda: list(_COLUMNS))

    def add(self, label: str, line: str, value: str) -> None:
        if label == "Detalles":  # no column of its own: a line under the title
            self.rows[-1][0].append(line)
            return
        column = next(i for i, name in enumerate(_COLUMNS) if label.startswith(name))
        if label == "Productos":  # products written as a list: the column says so
            self.header[column] = label
        self.rows[-1].setdefault(column, []).append(value)

    def write(self, document: WordDocument) -> None:
        if not self.rows:
            return
        table = document.add_table(rows=len(self.rows) + 1, cols=len(self.header))
        for cell, name in zip(table.rows[0].cells, self.header, strict=True):
            cell.text = name
        for row, values in zip(table.rows[1:], self.rows, strict=True):
            for column, cell in enumerate(row.cells):
                first, *more = values.get(column, [""])
                cell.text = first
                for paragraph in more:  # the Detalles line under the title
                    cell.add_paragraph(paragraph)


@dataclass
class _WordNumbering:
    """One multilevel list definition, and the list instances that use it.

    Word shows a paragraph's number from counters it keeps per list instance:
    a level counts up from its start, deeper levels start again under it, and
    a level not yet used shows its start. A new instance with start overrides
    is how Word restarts a list at a chosen number."""

    document: WordDocument
    num_id: int = 0
    starts: dict[int, int] = field(default_factory=dict)
    counters: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.numbering = self.document.part.numbering_part.element
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for level, (fmt, text) in enumerate(
                [("decimal", "%1."), ("decimal", "%1.%2."), ("lowerRoman", "%1.%2.%3-")]
            )
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_FIRST_ID}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        # The schema wants every abstractNum before the first num.
        first_num = self.numbering.find(f"{{{self.numbering.nsmap['w']}}}num")
        if first_num is None:
            self.numbering.append(abstract)
        else:
            first_num.addprevious(abstract)

    def number(self, paragraph: Paragraph, typed: list[int]) -> None:
        level = len(typed) - 1
        if not self.num_id:
            self._new_instance({})
        if self._shown(level) != typed:
            self._new_instance(dict(enumerate(typed)))
        self.counters = self._shown(level)
        numbers = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbers.get_or_add_ilvl().val = level
        numbers.get_or_add_numId().val = self.num_id

    def _shown(self, level: int) -> list[int]:
        counters = list(self.counters)
        while len(counters) < level:
            counters.append(self.starts.get(len(counters), 1))
        if len(counters) == level:
            counters.append(self.starts.get(level, 1) - 1)
        counters[level] += 1
        return counters[: level + 1]

    def _new_instance(self, starts: dict[int, int]) -> None:
        """A new list instance, its levels starting where `starts` says."""
        self.num_id = self.num_id + 1 if self.num_id else _FIRST_ID
        self.counters = []
        self.starts = starts
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{value}"/></w:lvlOverride>'
            for level, value in self.starts.items()
        )
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{self.num_id}">'
                f'<w:abstractNumId w:val="{_FIRST_ID}"/>{overrides}</w:num>'
            )
        )
