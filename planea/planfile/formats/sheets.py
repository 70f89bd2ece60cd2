"""Spreadsheets → blocks: each sheet a heading (its name) and a table.

Cells are kept sparse while reading, so a sheet that declares a million
repeated empty rows (as LibreOffice writes to the end of the sheet) costs
nothing; the grid is built only over the cells that hold text, merged cells
repeated into every cell they cover, empty rows and columns dropped.
A cell's paragraphs are joined with a newline, as its author typed them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from ..blocks import Block, Document, Where
from ..encoding import decode
from ..errors import PlanParseError
from ..limits import DEFAULT, check_archive

# A row or cell repeated more often than this is padding, not data.
_MAX_REPEAT = 1000


@dataclass(slots=True)
class _Sheet:
    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, column, rows spanned, columns spanned), 0-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


# ---------------------------------------------------------------- public API


def read_xlsx(data: bytes, source: str | None = None) -> Document:
    """An Excel workbook: a heading and a table per sheet that holds anything."""
    _check_archive(data, source)
    try:
        sheets = _xlsx_sheets(data, source)
    except PlanParseError:
        raise
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise PlanParseError(f"not a readable Excel workbook ({error})", source=source) from None
    return _document(sheets, "xlsx", source)


def read_ods(data: bytes, source: str | None = None) -> Document:
    """An OpenDocument spreadsheet: a heading and a table per sheet that holds anything."""
    _check_archive(data, source)
    try:
        sheets = _ods_sheets(data, source)
    except PlanParseError:
        raise
    except Exception as error:  # damaged XML, odd attributes
        raise PlanParseError(
            f"not a readable OpenDocument spreadsheet ({error})", source=source
        ) from None
    return _document(sheets, "ods", source)


def read_csv(data: bytes, source: str | None = None) -> Document:
    """Comma-, semicolon-, tab- or bar-separated values: one table, no heading
    (the file has no sheet name)."""
    text = decode(data, source)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise PlanParseError(f"not readable as CSV ({error})", source=source) from None
    sheet = _Sheet("")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.strip():
                sheet.cells[r, c] = value.strip()
        if len(sheet.cells) > DEFAULT.max_cells:
            raise _too_big(source)
    blocks = _sheet_blocks(sheet, source)
    if not blocks:
        raise PlanParseError("the CSV file holds no values", source=source)
    # No sheet name to head it; a title row above the table stays.
    return Document(blocks[1:], format="csv", lines=_typed_lines([sheet]))


# ---------------------------------------------------------------- shared


def _check_archive(data: bytes, source: str | None) -> None:
    """limits.check_archive, with a damaged compressed part (zlib.error while
    it reads the XML) reported as a damaged file too."""
    try:
        check_archive(data, source)
    except PlanParseError:
        raise
    except Exception:
        raise PlanParseError("a damaged archive (ZIP) that cannot be read", source=source) from None


def _document(sheets: list[_Sheet], kind: str, source: str | None) -> Document:
    blocks = [block for sheet in sheets for block in _sheet_blocks(sheet, source)]
    if not blocks:
        raise PlanParseError("the spreadsheet is empty", source=source)
    return Document(blocks, format=kind, lines=_typed_lines(sheets))


def _typed_lines(sheets: list[_Sheet]) -> list[str] | None:
    """A document typed into a sheet, a line per row down one column: its rows
    as lines, empty rows as empty lines, for the layout that reads a plan line
    by line. A sheet of several columns is a table, read as blocks only."""
    lines: list[str] = []
    for sheet in sheets:
        if not sheet.cells:
            continue
        last = max(r for r, _ in sheet.cells)
        if len({c for _, c in sheet.cells}) > 1 or last >= DEFAULT.max_cells:
            return None
        rows = {r: text for (r, _), text in sheet.cells.items()}
        if lines:
            lines.append("")
        lines.extend(line for r in range(last + 1) for line in rows.get(r, "").splitlines() or [""])
    return lines or None


def _too_big(source: str | None) -> PlanParseError:
    return PlanParseError(
        f"a sheet holds more than {DEFAULT.max_cells:,} cells, more than a plan needs: refused",
        source=source,
    )


def _sheet_blocks(sheet: _Sheet, source: str | None) -> list[Block]:
    """The sheet's name as a heading and its cells as a table; nothing for an empty sheet."""
    if not sheet.cells:
        return []
    rows = sorted({r for r, _ in sheet.cells})
    cols = sorted({c for _, c in sheet.cells})
    for r, c, height, width in sheet.merges:
        if (r, c) in sheet.cells:
            rows.extend(range(r, r + height))
            cols.extend(range(c, c + width))
    rows, cols = sorted(set(rows)), sorted(set(cols))
    if len(rows) * len(cols) > DEFAULT.max_cells:
        raise _too_big(source)
    cells = dict(sheet.cells)
    for r, c, height, width in sheet.merges:
        value = sheet.cells.get((r, c))
        if value:
            for rr in range(r, r + height):
                for cc in range(c, c + width):
                    cells[rr, cc] = value
    grid = [[cells.get((r, c), "") for c in cols] for r in rows]
    # Merges may have brought back rows or columns that are empty everywhere.
    keep_rows = [i for i, row in enumerate(grid) if any(row)]
    keep_cols = [j for j in range(len(cols)) if any(row[j] for row in grid)]
    grid = [[grid[i][j] for j in keep_cols] for i in keep_rows]
    row_numbers = [rows[i] for i in keep_rows]
    name = sheet.name or None
    blocks = [Block("heading", sheet.name.strip(), Where(sheet=name), level=1)]
    # Rows above the table holding one text (merged across it or alone) are titles.
    while len(grid) > 1 and len(keep_cols) > 1 and len({cell for cell in grid[0] if cell}) == 1:
        title = next(cell for cell in grid[0] if cell)
        where = Where(sheet=name, cell=_cell_name(row_numbers[0], cols[keep_cols[0]]))
        blocks.append(Block("heading", title, where, level=2))
        grid, row_numbers = grid[1:], row_numbers[1:]
    where = Where(sheet=name, cell=_cell_name(row_numbers[0], cols[keep_cols[0]]))
    header = _header_rows(sheet, grid, row_numbers)
    blocks.append(Block("table", where=where, rows=grid, header_rows=header))
    return blocks


def _header_rows(sheet: _Sheet, grid: list[list[str]], row_numbers: list[int]) -> int:
    """How many leading rows form the header: the first row if it looks like
    column names; with merged cells in the header, every row down to where the
    header's merges end (group titles over a row of column names)."""
    if len(grid) < 2 or not _looks_like_names(grid[0]):
        return 0
    first = row_numbers[0]
    bottom = first
    for r, _, height, width in sheet.merges:
        if r == first and (height > 1 or width > 1):
            bottom = max(bottom, r + height - 1)
    # A title merged across columns has its column names on the next row.
    changed = True
    while changed:
        changed = False
        for r, _, height, width in sheet.merges:
            if width > 1 and first <= r <= bottom and r + height - 1 == bottom:
                bottom += 1
                changed = True
                break
    header = sum(1 for r in row_numbers if r <= bottom)
    # Rows the header's merges reach are header even when they hold numbers
    # (week numbers under month names).
    return max(1, min(header, len(grid) - 1))


def _looks_like_names(row: list[str]) -> bool:
    """Column names: short texts, not numbers or dates."""
    filled = [cell for cell in row if cell]
    return bool(filled) and all(
        len(cell) <= 80 and not cell.replace(".", "").replace("-", "").isdigit() for cell in filled
    )


def _cell_name(row: int, col: int) -> str:
    """0-based row and column as "B4"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _value_text(value: object) -> str:
    """A cell's value as people read it: dates as ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        # The sniffer gives up on one-column or ragged files: take the most used.
        first = sample.splitlines()[0] if sample.splitlines() else ""
        return max(",;\t|", key=first.count)


# ---------------------------------------------------------------- xlsx


def _xlsx_sheets(data: bytes, source: str | None) -> list[_Sheet]:
    import openpyxl

    # read_only=False: merged cells are only known to the full reader.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    sheets = []
    for worksheet in workbook.worksheets:
        sheet = _Sheet(worksheet.title)
        # openpyxl keeps the cells the file has, sparse; iter_rows would walk
        # the whole bounding box, which a stray formatted cell can make huge.
        for (row, col), cell in worksheet._cells.items():
            text = _value_text(cell.value)
            if text:
                sheet.cells[row - 1, col - 1] = text
        if len(sheet.cells) > DEFAULT.max_cells:
            raise _too_big(source)
        for merged in worksheet.merged_cells.ranges:
            sheet.merges.append(
                (
                    merged.min_row - 1,
                    merged.min_col - 1,
                    merged.max_row - merged.min_row + 1,
                    merged.max_col - merged.min_col + 1,
                )
            )
        sheets.append(sheet)
    return sheets


# ---------------------------------------------------------------- ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods_sheets(data: bytes, source: str | None) -> list[_Sheet]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            content = archive.read("content.xml")
        except KeyError:
            raise PlanParseError(
                "not an OpenDocument spreadsheet (no content.xml)", source=source
            ) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser)
    return [_ods_sheet(table, source) for table in root.iter(f"{{{_TABLE}}}table")]


def _ods_sheet(table, source: str | None) -> _Sheet:
    sheet = _Sheet(table.get(f"{{{_TABLE}}}name", ""))
    row = 0
    for element in table.iter(f"{{{_TABLE}}}table-row"):
        repeat = _count(element, "number-rows-repeated")
        values = _ods_row(element, row, sheet)
        if values:
            # Identical rows written once with a count: rare, and capped.
            for extra in range(1, min(repeat, _MAX_REPEAT)):
                for col, text in values:
                    sheet.cells[row + extra, col] = text
        if len(sheet.cells) > DEFAULT.max_cells:
            raise _too_big(source)
        row += repeat
    return sheet


def _ods_row(element, row: int, sheet: _Sheet) -> list[tuple[int, str]]:
    """Record one row's cells and merges; return the (column, text) it holds."""
    col = 0
    values = []
    for cell in element:
        tag = cell.tag
        if tag not in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
            continue
        repeat = _count(cell, "number-columns-repeated")
        text = _ods_text(cell) if tag.endswith("}table-cell") else ""
        if text:
            for c in range(col, col + min(repeat, _MAX_REPEAT)):
                sheet.cells[row, c] = text
                values.append((c, text))
            height = _count(cell, "number-rows-spanned")
            width = _count(cell, "number-columns-spanned")
            if height > 1 or width > 1:
                sheet.merges.append((row, col, min(height, _MAX_REPEAT), min(width, _MAX_REPEAT)))
        col += repeat
    return values


def _count(element, name: str) -> int:
    try:
        return max(1, int(element.get(f"{{{_TABLE}}}{name}", "1")))
    except ValueError:
        return 1


def _ods_text(cell) -> str:
    """Dates as ISO and numbers as their value; anything else as displayed."""
    kind = cell.get(f"{{{_OFFICE}}}value-type")
    if kind == "date":
        value = cell.get(f"{{{_OFFICE}}}date-value", "")
        return value[:10] if value.endswith("T00:00:00") or len(value) == 10 else value
    if kind == "float":
        try:
            return _value_text(float(cell.get(f"{{{_OFFICE}}}value", "")))
        except ValueError:
            pass
    if kind == "boolean":
        return cell.get(f"{{{_OFFICE}}}boolean-value", "").upper()
    # Direct children only: a comment's paragraphs sit inside office:annotation.
    paragraphs = [_paragraph_text(p) for p in cell if p.tag in (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")]
    return "\n".join(p for p in paragraphs if p.strip()).strip()


def _paragraph_text(paragraph) -> str:
    """A text:p's text with its spaces (<text:s c="3"/>), tabs and line breaks."""
    parts: list[str] = []
    _collect(paragraph, parts, depth=0)
    return "".join(parts).strip()


def _collect(element, parts: list[str], depth: int) -> None:
    parts.append(element.text or "")
    for child in element:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if name == "s":
            parts.append(" " * min(_int(child.get(f"{{{_TEXT}}}c", "1")), 100))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in ("note", "annotation", "") and depth < 50:
            _collect(child, parts, depth + 1)
        parts.append(child.tail or "")


def _int(value: str) -> int:
    try:
        return max(1, int(value))
    except ValueError:
        return 1
