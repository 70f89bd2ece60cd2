"""Blocks back into text lines, for the layout that reads a plan line by line.

A Word table of activities becomes the lines a typed plan would have: a
header row of labels (Actividad | Producto | Recursos | Liderazgo) makes each
later cell "Label: value"; a two-column row whose first cell is a label
becomes "Label: value"; any other cell is copied line by line.
"""

from __future__ import annotations

from ..blocks import Block
from ..text import fold
from ..vocabulary import LABELS


def block_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "table":
            lines.extend(table_lines(block.rows))
        elif block.kind == "label":
            lines.append(f"{block.label}: {block.text}")
        elif block.kind == "item" and block.marker[:1].isalnum():
            lines.append(f"{block.marker} {block.text}")
        else:
            lines.append(block.text)
        if block.kind != "item":
            lines.append("")
    return lines


def table_lines(rows: list[list[str]]) -> list[str]:
    rows = [_unmerged(row) for row in rows]
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


def _unmerged(row: list[str]) -> list[str]:
    """A merged cell stands once per grid column it covers; the typed form has it once.
    Empty cells side by side are kept: they are columns left blank, and dropping
    one would give the next cell the wrong column's label."""
    cells: list[str] = []
    for text in row:
        if not cells or not text or text != cells[-1]:
            cells.append(text)
    return cells
