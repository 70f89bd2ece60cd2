"""Word (.docx) into blocks.

python-docx gives paragraphs, runs, styles and tables, but not the numbers
Word draws in front of a numbered list ("1.1.i-", "a)"): those are computed
at display time from numbering.xml. Neither python-docx nor pandoc writes
them out as Word shows them, so `_Numbering` does, following the level
definitions (number format and level text such as "%1.%2.%3-").
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..blocks import Block, Document, Where
from ..errors import PlanParseError
from ..limits import check_archive
from ..text import int_to_roman, squash
from .lines import table_lines

_HEADING_STYLE = re.compile(r"^(?:heading|titulo|título|titre|título)\s*(\d)$", re.IGNORECASE)
_BULLETS = {"bullet": "•", "none": ""}


def read_docx(data: bytes, source: str | None = None) -> Document:
    check_archive(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        blocks, lines = _walk(document, numbering)
        title = document.core_properties.title or ""
    except PlanParseError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on damaged files
        raise PlanParseError(f"not a readable Word document ({error})", source=source) from None
    return Document(blocks, "docx", lines=lines, title=title)


def _walk(document: WordDocument, numbering: _Numbering) -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    lines: list[str] = []
    for index, part in enumerate(document.iter_inner_content(), start=1):
        where = Where(index)
        if isinstance(part, Table):
            rows = _rows(part)
            cells = [[squash(cell) for cell in row] for row in rows]
            blocks.append(Block("table", where=where, rows=cells, header_rows=_header_rows(part)))
            lines.extend(table_lines(rows))
            continue
        marker = numbering.marker(part)
        text = squash(part.text)
        lines.extend(
            f"{marker} {line}" if marker and i == 0 else line
            for i, line in enumerate(part.text.splitlines() or [""])
        )
        if not text:
            continue
        blocks.append(_paragraph_block(part, text, marker, numbering, where))
    return blocks, lines


def _paragraph_block(
    paragraph: Paragraph, text: str, marker: str, numbering: _Numbering, where: Where
) -> Block:
    runs = [run for run in paragraph.runs if run.text.strip()]
    strong = bool(runs) and all(_run_bold(run, paragraph) for run in runs)
    struck = bool(runs) and all(run.font.strike or run.font.double_strike for run in runs)
    level = _heading_level(paragraph)
    if level:
        return Block("heading", text, where, level=level, struck=struck)
    if marker or numbering.is_list(paragraph):
        return Block(
            "item",
            text,
            where,
            level=numbering.level(paragraph),
            marker=marker,
            strong=strong,
            struck=struck,
        )
    return Block("paragraph", text, where, strong=strong, struck=struck)


def _heading_level(paragraph: Paragraph) -> int:
    style = paragraph.style
    while style is not None:
        name = style.name or ""
        if name.lower() == "title":
            return 1
        if match := _HEADING_STYLE.match(name):
            return max(1, min(int(match.group(1)), 6))
        outline = style.element.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
        if outline is not None:
            return min(int(outline.get(qn("w:val"), "0")) + 1, 6)
        style = style.base_style
    own = paragraph._p.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
    own_level = own.get(qn("w:val")) if own is not None else None
    if own_level is not None and own_level != "9":
        return min(int(own_level) + 1, 6)
    return 0


def _run_bold(run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return run.bold
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _rows(table: Table) -> list[list[str]]:
    """Cell texts per grid column: python-docx repeats a merged cell over the
    columns and rows it covers, which is what the document model wants."""
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def _header_rows(table: Table) -> int:
    count = 0
    for row in table.rows:
        props = row._tr.trPr
        if props is not None and props.find(qn("w:tblHeader")) is not None:
            count += 1
        else:
            break
    return count or 1


class _Numbering:
    """The numbers Word shows before list paragraphs, counted as Word counts them."""

    def __init__(self, document: WordDocument):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return
        root = part.element
        abstract = {
            a.get(qn("w:abstractNumId")): self._abstract_levels(a)
            for a in root.findall(qn("w:abstractNum"))
        }
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                levels = dict(abstract.get(ref.get(qn("w:val")), {}))
                self.levels[num.get(qn("w:numId"))] = self._overridden(levels, num)

    @classmethod
    def _overridden(
        cls, levels: dict[int, tuple[str, str, int]], num
    ) -> dict[int, tuple[str, str, int]]:
        """A list instance's levels: Word's "Set numbering value" restarts a list
        by a new instance whose lvlOverride gives a level a new start (or a
        whole new level definition)."""
        for override in num.findall(qn("w:lvlOverride")):
            level = int(override.get(qn("w:ilvl"), "0"))
            levels.update(cls._abstract_levels(override))
            start = override.find(qn("w:startOverride"))
            if start is not None and level in levels:
                fmt, text, _ = levels[level]
                levels[level] = (fmt, text, int(start.get(qn("w:val"), "1")))
            elif start is not None:
                levels[level] = ("decimal", f"%{level + 1}.", int(start.get(qn("w:val"), "1")))
        return levels

    @staticmethod
    def _abstract_levels(abstract) -> dict[int, tuple[str, str, int]]:
        levels = {}
        for lvl in abstract.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            text = lvl.find(qn("w:lvlText"))
            start = lvl.find(qn("w:start"))
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                text.get(qn("w:val"), "") if text is not None else "",
                int(start.get(qn("w:val"), "1")) if start is not None else 1,
            )
        return levels

    def _props(self, paragraph: Paragraph) -> tuple[str, int] | None:
        props = paragraph._p.pPr
        # Any: python-docx types numPr as its ZeroOrOne descriptor, not the
        # CT_NumPr element (with numId and ilvl) that reading it returns.
        num: Any = props.numPr if props is not None else None
        style = paragraph.style
        while num is None and style is not None:
            style_props = style.element.pPr
            num = style_props.numPr if style_props is not None else None
            style = style.base_style
        if num is None or num.numId is None:
            return None
        num_id = str(num.numId.val)
        level = int(num.ilvl.val) if num.ilvl is not None else 0
        return (num_id, level) if num_id in self.levels and num_id != "0" else None

    def is_list(self, paragraph: Paragraph) -> bool:
        return self._props(paragraph) is not None

    def level(self, paragraph: Paragraph) -> int:
        props = self._props(paragraph)
        return props[1] if props else 0

    def marker(self, paragraph: Paragraph) -> str:
        props = self._props(paragraph)
        if props is None:
            return ""
        num_id, level = props
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, [])
        # A level above this one that was not used yet shows its start, as Word
        # shows "1.1" for a list whose first paragraph is on the second level.
        while len(counters) < level:
            counters.append(levels.get(len(counters), ("decimal", "", 1))[2])
        if len(counters) == level:
            counters.append(levels.get(level, ("decimal", "", 1))[2] - 1)
        counters[level] += 1
        del counters[level + 1 :]
        fmt, text, _ = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        if fmt in _BULLETS:
            return _BULLETS[fmt] or ""
        return re.sub(
            r"%(\d)",
            lambda m: _format(counters, int(m.group(1)) - 1, levels),
            text,
        ).strip()


def _format(counters: list[int], index: int, levels: dict[int, tuple[str, str, int]]) -> str:
    if index >= len(counters):
        return ""
    value = counters[index]
    fmt = levels.get(index, ("decimal", "", 1))[0]
    if fmt == "lowerRoman":
        return int_to_roman(value).lower()
    if fmt == "upperRoman":
        return int_to_roman(value).upper()
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    return str(value)
