"""Bounded work for every file we open: checked before a document is parsed.

A 200 KB .docx can unpack to gigabytes of XML, a spreadsheet can declare a
million repeated columns, a JSON file can nest 200,000 brackets. These checks
read only an archive's table of contents or count characters, so they cost
next to nothing, and they refuse such a file with a message before any
reader allocates for it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .errors import PlanParseError


@dataclass(frozen=True, slots=True)
class Limits:
    # Large real plans and evidence unpack to a few megabytes; 100 MB leaves
    # room for embedded images while refusing bombs.
    max_unpacked_bytes: int = 100 * 1024 * 1024
    max_entries: int = 2000
    # Text XML compresses about 10:1; images not at all. 200:1 is a bomb.
    max_ratio: int = 200
    max_nesting: int = 256
    # Rows × columns of one sheet, after repeated cells are expanded.
    max_cells: int = 200_000


DEFAULT = Limits()


def check_archive(data: bytes, source: str | None = None, limits: Limits = DEFAULT) -> None:
    """Refuse a ZIP container (docx, xlsx, odt, ods) that would unpack past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PlanParseError(
            "a damaged archive (ZIP) that cannot be opened", source=source
        ) from None
    if len(entries) > limits.max_entries:
        raise PlanParseError(
            f"the archive holds {len(entries)} files, more than the {limits.max_entries} "
            "a document may have",
            source=source,
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise PlanParseError(
            f"the document unpacks to {unpacked // (1024 * 1024)} MB, more than the "
            f"{limits.max_unpacked_bytes // (1024 * 1024)} MB allowed",
            source=source,
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise PlanParseError(
                f"{entry.filename} unpacks to {entry.file_size // entry.compress_size or 1} times "
                "its packed size: a decompression bomb, refused",
                source=source,
            )


def check_nesting(text: str, source: str | None = None, limits: Limits = DEFAULT) -> None:
    """Refuse JSON (or similar) text whose brackets nest deeper than any plan needs."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_nesting:
                    raise PlanParseError(
                        f"the data nests more than {limits.max_nesting} levels deep: refused",
                        source=source,
                    )
        elif char in "]}":
            depth -= 1
