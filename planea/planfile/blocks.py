"""One document model for every format: a sequence of blocks.

Each reader (Markdown, HTML, Word, OpenDocument, PDF, spreadsheets) turns a
file into the same few kinds of block, each carrying where it stood in the
source; the layouts (`layouts/`) then look for a plan in the blocks without
caring which format they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "table", "label"]


@dataclass(slots=True, frozen=True)
class Where:
    """A position in the source: a line, a page and line, or a sheet and cell."""

    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


@dataclass(slots=True)
class Block:
    """A heading, paragraph, list item, table or label–value pair.

    - heading: `text`, `level` 1 (largest) to 6.
    - paragraph: `text`; `strong` when the whole paragraph is bold, as people
      write a heading without a heading style.
    - item: `text`, `level` = list depth from 0, `marker` as written ("1.",
      "a)", "-", "•", "i.").
    - table: `rows` of cell texts with merged cells repeated into every grid
      cell they cover, the first `header_rows` of them the header;
      `struck_rows` holds the indexes of rows struck through.
    - label: `label` as written, without its colon; `text` is the value.
    """

    kind: BlockKind
    text: str = ""
    where: Where = Where()
    level: int = 0
    marker: str = ""
    label: str = ""
    strong: bool = False
    struck: bool = False
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    struck_rows: list[int] = field(default_factory=list)

    @property
    def line(self) -> int | None:
        return self.where.line


@dataclass(slots=True)
class Document:
    """What a reader found: the blocks, and the source's text lines where it has
    them (plain text and Markdown), for the layouts that read line by line."""

    blocks: list[Block]
    format: str
    lines: list[str] | None = None
    # The document's own title where the format states one (front matter, <title>).
    title: str = ""
