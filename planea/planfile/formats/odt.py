"""OpenDocument text (.odt) into blocks, read from its content.xml with lxml.

ODF says what a paragraph is in its markup (text:h with an outline level,
text:list, table:table with spanned and covered cells) and how it looks in
its automatic styles (bold, struck through), so a walk over the XML gives
the document model directly. lxml is already installed for python-docx.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..blocks import Block, BlockKind, Document, Where
from ..errors import PlanParseError
from ..limits import check_archive
from ..text import squash
from .lines import block_lines

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
_T = f"{{{NS['text']}}}"
_TABLE = f"{{{NS['table']}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_odt(data: bytes, source: str | None = None) -> Document:
    check_archive(data, source)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("content.xml"), _PARSER)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError) as error:
        raise PlanParseError(f"not a readable OpenDocument text ({error})", source=source) from None
    body = root.find("office:body/office:text", NS)
    if body is None:
        raise PlanParseError("not an OpenDocument text: it has no text body", source=source)
    walker = _Walker(_styles(root))
    walker.children(body, depth=-1)
    return Document(walker.blocks, "odt", lines=block_lines(walker.blocks))


def _styles(root) -> dict[str, tuple[bool, bool]]:
    """Automatic style name -> (bold, struck through)."""
    found = {}
    for style in root.iterfind("office:automatic-styles/style:style", NS):
        props = style.find("style:text-properties", NS)
        if props is None:
            continue
        bold = props.get(f"{{{NS['fo']}}}font-weight") in ("bold", "700", "800", "900")
        line = props.get(f"{{{NS['style']}}}text-line-through-style", "none")
        found[style.get(f"{{{NS['style']}}}name")] = (bold, line not in ("none", ""))
    return found


class _Walker:
    def __init__(self, styles: dict[str, tuple[bool, bool]]):
        self.styles = styles
        self.blocks: list[Block] = []
        self.counters: dict[tuple[str, int], int] = {}

    def where(self) -> Where:
        return Where(len(self.blocks) + 1)

    def children(self, element, depth: int, list_style: str = "") -> None:
        for child in element:
            tag = child.tag
            if tag == _T + "h":
                level = int(child.get(_T + "outline-level", "1") or 1)
                self.add("heading", child, level=min(max(level, 1), 6))
            elif tag == _T + "p":
                self.add("paragraph", child)
            elif tag == _T + "list":
                style = child.get(_T + "style-name", list_style)
                self.list(child, depth + 1, style)
            elif tag == _TABLE + "table":
                self.table(child)
            elif tag in (_T + "section", _T + "soft-page-break", _TABLE + "table-header-rows"):
                self.children(child, depth, list_style)

    def add(self, kind: BlockKind, element, **extra) -> None:
        text = squash(_text(element))
        if not text:
            return
        bold, struck = self.look(element)
        self.blocks.append(
            Block(
                kind, text, self.where(), strong=bold and kind != "heading", struck=struck, **extra
            )
        )

    def look(self, element) -> tuple[bool, bool]:
        """Bold and struck when the paragraph's style, or every span of text, says so."""
        own = self.styles.get(element.get(_T + "style-name", ""), (False, False))
        spans = [s for s in element.iter(_T + "span") if squash(_text(s))]
        plain = squash(element.text or "") or any(squash(s.tail or "") for s in spans)
        looks = [self.styles.get(s.get(_T + "style-name", ""), (False, False)) for s in spans]
        if spans and not plain:
            return (own[0] or all(b for b, _ in looks), own[1] or all(s for _, s in looks))
        return own

    def list(self, element, depth: int, style: str) -> None:
        for item in element.iterfind("text:list-item", NS):
            key = (style, depth)
            self.counters[key] = self.counters.get(key, 0) + 1
            for part in item:
                if part.tag in (_T + "p", _T + "h"):
                    marker = f"{self.counters[key]}." if _numbered(style) else "•"
                    self.add("item", part, level=depth, marker=marker)
                elif part.tag == _T + "list":
                    self.list(part, depth + 1, part.get(_T + "style-name", style))
                elif part.tag == _TABLE + "table":
                    self.table(part)

    def table(self, element) -> None:
        rows: list[list[str]] = []
        header = 0
        pending: dict[int, str] = {}
        for row in element.iter(_TABLE + "table-row"):
            cells: list[str] = []
            for cell in row:
                repeat = min(int(cell.get(_TABLE + "number-columns-repeated", "1") or 1), 64)
                if cell.tag == _TABLE + "covered-table-cell":
                    for _ in range(repeat):
                        cells.append(pending.get(len(cells), cells[-1] if cells else ""))
                elif cell.tag == _TABLE + "table-cell":
                    text = squash(" ".join(_text(p) for p in cell.iter(_T + "p", _T + "h")))
                    down = int(cell.get(_TABLE + "number-rows-spanned", "1") or 1)
                    for _ in range(repeat):
                        if down > 1:
                            pending[len(cells)] = text
                        cells.append(text)
            if any(cells):
                if row.getparent().tag == _TABLE + "table-header-rows":
                    header = len(rows) + 1
                rows.append(cells)
        if rows:
            self.blocks.append(
                Block("table", where=self.where(), rows=rows, header_rows=header or 1)
            )


def _numbered(style: str) -> bool:
    # Office's list styles named for numbered lists; without the style sheet, a
    # list whose items are counted is the common case in plans.
    return not style.lower().startswith(("bullet", "l2"))


def _text(element) -> str:
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if tag == _T + "s":
            parts.append(" " * min(int(child.get(_T + "c", "1") or 1), 100))
        elif tag in (_T + "tab", _T + "line-break"):
            parts.append(" ")
        elif tag in (_T + "note", _T + "bookmark-ref"):
            pass
        elif tag != _T + "list":
            parts.append(_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)
