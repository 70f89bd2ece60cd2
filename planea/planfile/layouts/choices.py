"""What a person could tell the reader about a document: the levels at which
activities could stand, and the table headers a field could be mapped to.

A screen that previews a reading offers these as the hints it takes
(`activity_level`, `columns`), so that a person can correct the reader's
choice without knowing the document's structure in advance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..blocks import Document
from .fields import COLUMN_FIELDS
from .structured import candidate_levels, describe_level, header_text, hint_for, rank_of, read_nodes


@dataclass(slots=True)
class Choices:
    # (hint value, what it means, how many blocks stand at that level)
    levels: list[tuple[str, str, int]] = field(default_factory=list)
    # Header texts of the document's tables, as written, in order.
    headers: list[str] = field(default_factory=list)
    # The fields a column may be mapped to.
    fields: tuple[str, ...] = COLUMN_FIELDS
    # The document's text lines, for showing a warning's line in context.
    lines: list[str] = field(default_factory=list)


def reading_choices(document: Document) -> Choices:
    nodes = read_nodes(document.blocks)
    levels = sorted(candidate_levels(nodes), key=lambda level: rank_of(level.key))
    choices = Choices(
        levels=[
            (hint_for(level.key), describe_level(level.key), len(level.units)) for level in levels
        ],
        lines=list(document.lines or []),
    )
    for block in document.blocks:
        if block.kind == "table" and block.rows:
            width = max(len(row) for row in block.rows)
            header_rows = block.header_rows or 1
            for column in range(width):
                header = header_text(block.rows[:header_rows], column)
                if header and header not in choices.headers:
                    choices.headers.append(header)
    return choices
