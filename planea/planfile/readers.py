"""Turning a file into a plan: tell its format, read it into blocks, find the plan.

The document's type is told by its content first and its name second, so a
.docx saved as "plan.txt" is still read as Word, and a PDF renamed .doc is
still a PDF. Each format's reader (`formats/`) gives the same document model;
the layouts (`layouts/`) find the plan in it. JSON in the plan format is read
as it is. Whatever goes wrong becomes a PlanParseError saying what.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .blocks import Document
from .encoding import decode
from .errors import PlanParseError
from .formats.markup import looks_like_html, read_html, read_markdown
from .formats.odt import read_odt
from .formats.pdf import read_pdf
from .formats.sheets import read_csv, read_ods, read_xlsx
from .formats.word import read_docx
from .jsonio import from_json
from .layouts import Hints, read_plan
from .layouts.choices import Choices, reading_choices
from .model import Plan

SUPPORTED = ".txt, .md, .html, .docx, .odt, .pdf, .xlsx, .ods, .csv or .json"
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".aspx", ".asp", ".php", ".jsp", ".cfm"}
# Suffixes we know and cannot read, with what to do instead.
_UNSUPPORTED = {
    ".doc": "an old Word document: save it as .docx",
    ".rtf": "a Rich Text document: save it as .docx",
    ".xls": "an old Excel workbook: save it as .xlsx",
    ".ppt": "a presentation", ".pptx": "a presentation", ".odp": "a presentation",
    ".png": "an image", ".jpg": "an image", ".jpeg": "an image", ".gif": "an image",
    ".zip": "a ZIP archive", ".exe": "a program",
}  # fmt: skip
# What a ZIP container holds tells Word, Excel and OpenDocument apart.
_OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": read_odt,
    b"application/vnd.oasis.opendocument.spreadsheet": read_ods,
}


def read_path(path: str | Path, **hints) -> Plan:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanParseError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise PlanParseError("this is a directory, not a file", source=str(path)) from None
    except OSError as error:
        raise PlanParseError(f"cannot read the file: {error.strerror}", source=str(path)) from None
    return read_bytes(data, str(path), **hints)


def read_bytes(
    data: bytes,
    filename: str = "",
    *,
    layout: str | None = None,
    activity_level: str | int | None = None,
    columns: dict[str, str] | None = None,
) -> Plan:
    """Read a plan from a file's bytes; `filename` only helps tell its type.

    The hints override the reader's own choice: `layout` ("coded", "outline",
    "table"), `activity_level` (a heading level such as 3, or "bold", "list",
    "list:1") and `columns` ({"leads": "Unidade responsável"}: which header
    names which field).
    """
    source = filename or None
    document = read_document(data, filename)
    if isinstance(document, Plan):
        return document
    hints = Hints(
        layout=layout,
        activity_level=str(activity_level) if activity_level is not None else None,
        columns=dict(columns or {}),
    )
    return read_plan(document, source, hints)


def read_document(data: bytes, filename: str = "") -> Document | Plan:
    """The blocks of any supported document (a JSON plan is already a plan)."""
    source = filename or None
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        return read_pdf(data, source)
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, suffix, source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(
            "unsupported file type: an old Office document; save it as .docx or .xlsx",
            source=source,
        )
    if suffix in _UNSUPPORTED:
        raise PlanParseError(
            f"unsupported file type {suffix}: {_UNSUPPORTED[suffix]}; Planea reads {SUPPORTED}",
            source=source,
        )
    text = decode(data, source)
    stripped = text.lstrip()
    if suffix == ".json" or (suffix not in (".txt", ".md", ".csv") and stripped.startswith("{")):
        return from_json(text, source)
    if suffix == ".csv":
        return read_csv(data, source)
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return read_html(text)
    return read_markdown(text, "markdown" if suffix in (".md", ".markdown") else "text")


def _read_zip(data: bytes, suffix: str, source: str | None) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PlanParseError(
            "a damaged archive (ZIP) that cannot be opened", source=source
        ) from None
    if "word/document.xml" in names:
        return read_docx(data, source)
    if "xl/workbook.xml" in names:
        return read_xlsx(data, source)
    if mimetype in _OPEN_DOCUMENT:
        return _OPEN_DOCUMENT[mimetype](data, source)
    raise PlanParseError(
        f"unsupported file type: a ZIP archive that is not a Word, Excel or OpenDocument "
        f"file; Planea reads {SUPPORTED}",
        source=source,
    )


def read_choices(data: bytes, filename: str = "") -> Choices:
    """The hints a person could give for this document (levels, table headers),
    and its text lines; none for a JSON plan, which needs no reading."""
    document = read_document(data, filename)
    return Choices() if isinstance(document, Plan) else reading_choices(document)
