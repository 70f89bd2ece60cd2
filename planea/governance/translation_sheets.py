"""A plan's texts as a spreadsheet, for translators who work offline, and
back: `export(plan, languages)` writes the .xlsx; `read(data, plan)` reads
one back into `translating.Change`s, which `translating.apply` writes.

The sheet "translations", one row per text, in the plan's order:

    key | text | original_language | original | translation:fr | state:fr | …

- `key` names the text without database ids where the plan gives one
  (`activity:1.1.i:title`; see `translating`); it is how a row finds its
  text again, so it must not be edited;
- `text` says what the text is for a person ("1.1.i · title"), `state:xx`
  whether it is missing, out of date or translated when exported: both are
  for reading, and ignored when the sheet comes back;
- `original` is the original as exported: a row whose original has changed
  since (an amendment approved meanwhile) is a conflict, reported and not
  written, so that no translation is recorded against a text its
  translator did not see;
- `translation:xx` is the text to write; an emptied cell removes the
  translation.

Exporting, importing unchanged and exporting again gives the same cells.
openpyxl (a dependency already, for the plan's own export) reads and writes
the file: no format code of our own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from planea.core.text import strip_control
from planea.core.uploads import XLSX, check_upload
from planea.plans.models import Plan
from planea.plans.translations import digest

from .translating import STATE_LABELS, Change, entries, state

SHEET = "translations"
FIXED = ("key", "text", "original_language", "original")
TRANSLATION, STATE = "translation:", "state:"
# A bound on the work one file may ask for: far more rows than any plan has
# texts (the seed plan has a few hundred).
MAX_ROWS = 20_000


def _put(sheet, row: int, column: int, value: str) -> Cell:
    cell = sheet.cell(row=row, column=column, value=strip_control(value) or None)
    if isinstance(cell.value, str) and cell.data_type == "f":
        # A text that starts with "=" is text, never a formula to run.
        cell.data_type = "s"
    return cell


def export(plan: Plan, languages: Sequence[str]) -> bytes:
    """The .xlsx of `plan`'s texts with their translations into `languages`."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = SHEET
    header = [*FIXED]
    for language in languages:
        header += [f"{TRANSLATION}{language}", f"{STATE}{language}"]
    for column, name in enumerate(header, start=1):
        _put(sheet, 1, column, name).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, entry in enumerate(entries(plan), start=2):
        values = [entry.key, entry.label, plan.language, entry.original]
        for language in languages:
            values += [entry.translation(language), str(STATE_LABELS[state(entry, language)])]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value).alignment = wrap
    sheet.freeze_panes = "C2"
    for letter, width in zip("ABCD", (24, 28, 10, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for index in range(len(languages)):
        sheet.column_dimensions[get_column_letter(len(FIXED) + 2 * index + 1)].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Sheet:
    """What a sheet brought back says: its languages and its changes, or
    the problems that stop it from being read."""

    languages: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    """A cell as text: a number a spreadsheet made of "2017" is "2017"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open(data: bytes, name: str):
    """The workbook in `data`, checked as any upload is (content, size,
    archive limits); ValidationError when it is not a readable .xlsx."""
    checked = check_upload(io.BytesIO(data), name, len(data))
    if checked.content_type != XLSX:
        raise ValidationError(_("This file is not an Excel workbook (.xlsx)."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError(_("This workbook cannot be read: it may be damaged.")) from exc


def _columns(header: Sequence[object], plan: Plan) -> tuple[dict[str, int], list[str], list[str]]:
    """{column name: index}, the languages of the translation columns, problems."""
    names = [_text(value).strip() for value in header]
    columns = {name: index for index, name in enumerate(names) if name}
    problems = [
        _("The sheet has no column “%(name)s” in its first row.") % {"name": name}
        for name in ("key", "original")
        if name not in columns
    ]
    languages = [name.removeprefix(TRANSLATION) for name in names if name.startswith(TRANSLATION)]
    known = dict(settings.LANGUAGES)
    for language in languages:
        if language not in known or language == plan.language:
            problems.append(
                _("The column “%(name)s” is not a language this plan is translated into.")
                % {"name": f"{TRANSLATION}{language}"}
            )
    if not languages:
        problems.append(_("The sheet has no translation column (such as “translation:fr”)."))
    return columns, languages, problems


def read(data: bytes, plan: Plan, name: str = "translations.xlsx") -> Sheet:
    """The changes a sheet brought back asks for, row by row, with the row
    number of each for the messages; errors stop it whole."""
    result = Sheet()
    try:
        book = _open(data, name)
    except ValidationError as exc:
        result.errors = list(exc.messages)
        return result
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns, result.languages, result.errors = _columns(next(rows, ()), plan)
        if result.errors:
            return result
        _changes(rows, columns, result)
    finally:
        book.close()
    return result


def _changes(rows, columns: dict[str, int], result: Sheet) -> None:
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            result.errors.append(
                _("The sheet has more than %(max)s rows: it is not one of a plan's texts.")
                % {"max": f"{MAX_ROWS:,}"}
            )
            return
        cells = list(row)

        def cell(name: str, cells: list = cells) -> str:
            index = columns.get(name)
            return _text(cells[index]) if index is not None and index < len(cells) else ""

        key = cell("key").strip()
        if not key:
            continue
        where = _("Row %(number)s") % {"number": number}
        if key in seen:
            result.errors.append(
                _("%(where)s: the key %(key)s is in an earlier row too.")
                % {"where": where, "key": key}
            )
            continue
        seen.add(key)
        for language in result.languages:
            result.changes.append(
                Change(
                    key=key,
                    language=language,
                    text=cell(f"{TRANSLATION}{language}"),
                    seen=digest(cell("original")),
                    where=where,
                )
            )
