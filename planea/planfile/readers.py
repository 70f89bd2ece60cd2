"""Turning a file into text lines for the parser: plain text, Word, PDF, JSON.

The document's type is told by its content first and its name second, so a
.docx saved as "plan.txt" is still read as Word, and a PDF renamed .doc is
still a PDF. Whatever goes wrong becomes a PlanParseError saying what.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .encoding import decode
from .errors import PlanParseError
from .jsonio import from_json
from .model import Plan
from .parser import parse_text
from .text import fold
from .vocabulary import LABELS

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
SUPPORTED = ".txt, .md, .docx, .pdf or .json"
# Suffixes we know and cannot read, with what to do instead.
_UNSUPPORTED = {
    ".doc": "an old Word document: save it as .docx",
    ".rtf": "a Rich Text document: save it as .docx",
    ".odt": "an OpenDocument text: save it as .docx or .pdf",
    ".xls": "a spreadsheet", ".xlsx": "a spreadsheet", ".ods": "a spreadsheet",
    ".ppt": "a presentation", ".pptx": "a presentation", ".odp": "a presentation",
    ".png": "an image", ".jpg": "an image", ".jpeg": "an image", ".gif": "an image",
    ".zip": "a ZIP archive", ".exe": "a program", ".html": "a web page", ".htm": "a web page",
}  # fmt: skip


def read_path(path: str | Path) -> Plan:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanParseError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise PlanParseError("this is a directory, not a file", source=str(path)) from None
    except OSError as error:
        raise PlanParseError(f"cannot read the file: {error.strerror}", source=str(path)) from None
    return read_bytes(data, str(path))


def read_bytes(data: bytes, filename: str = "") -> Plan:
    """Read a plan from a file's bytes; `filename` only helps tell its type."""
    source = filename or None
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        return parse_text(pdf_text(data, source), source)
    if data.startswith(b"PK\x03\x04") and (_is_docx(data) or suffix not in _UNSUPPORTED):
        return parse_text(docx_text(data, source), source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(
            "unsupported file type: an old Office document; save it as .docx", source=source
        )
    if suffix in _UNSUPPORTED:
        raise PlanParseError(
            f"unsupported file type {suffix}: {_UNSUPPORTED[suffix]}; Planea reads {SUPPORTED}",
            source=source,
        )
    text = decode(data, source)
    if suffix == ".json" or (suffix not in TEXT_SUFFIXES and text.lstrip().startswith("{")):
        return from_json(text, source)
    return parse_text(text, source)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes, source: str | None = None) -> str:
    """The paragraphs of a Word document, and its tables row by row, one per line."""
    import docx
    from docx.table import Table

    if not _is_docx(data):
        raise PlanParseError(
            f"unsupported file type: a ZIP archive that is not a Word document; "
            f"Planea reads {SUPPORTED}",
            source=source,
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise PlanParseError(f"not a readable Word document ({error})", source=source) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend(block.text.splitlines() or [""])
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """A table of activities becomes the lines a typed plan would have.

    A header row of labels (Actividad | Producto | Recursos | Liderazgo) makes
    each later cell "Label: value"; a two-column row whose first cell is a
    label becomes "Label: value"; any other cell is copied line by line.
    """
    rows = [_row_cells(row) for row in table.rows]
    if not rows:
        return []
    header = rows[0]
    labelled = len(header) > 1 and all(fold(cell.rstrip(":")) in LABELS for cell in header[1:])
    lines: list[str] = []
    for row in rows[1:] if labelled else rows:
        if labelled:
            lines.append(row[0])
            lines.extend(
                f"{label.rstrip(':')}: {cell}"
                for label, cell in zip(header[1:], row[1:], strict=False)
                if cell
            )
        elif len(row) == 2 and fold(row[0].rstrip(":")) in LABELS:
            lines.append(f"{row[0].rstrip(':')}: {row[1]}")
        else:
            for cell in row:
                lines.extend(cell.splitlines())
        lines.append("")
    return lines


def _row_cells(row) -> list[str]:
    cells: list[str] = []
    for cell in row.cells:
        text = cell.text.strip()
        # A merged cell is returned once per grid column it spans.
        if not cells or text != cells[-1]:
            cells.append(text)
    return cells


def _page_text(page) -> str:
    """Layout mode keeps the blank lines between paragraphs, which plain mode
    loses; it is newer and fussier, so plain mode stands in when it fails."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode trips on some fonts; plain mode does not
        return page.extract_text() or ""


def pdf_text(data: bytes, source: str | None = None) -> str:
    """The text layer of a PDF, page after page."""
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanParseError("the PDF is password-protected", source=source)
        pages = [_page_text(page) for page in reader.pages]
    except PlanParseError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise PlanParseError(f"not a readable PDF ({error})", source=source) from None
    text = "\n".join(pages)
    if not text.strip():
        raise PlanParseError(
            "the PDF has no text layer (a scanned document?): Planea cannot read images",
            source=source,
        )
    return text
