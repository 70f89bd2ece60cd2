"""Text bytes in whichever encoding people's files come in: shared by every reader
of text (plain text, Markdown, CSV), so it lives apart from the readers that
import each other."""

from __future__ import annotations

from .errors import PlanParseError


def decode(data: bytes, source: str | None = None) -> str:
    """Text in any common encoding: UTF-8 (with or without BOM), UTF-16/32 with
    a BOM, UTF-16 without one, or Windows-1252/Latin-1."""
    if not data.strip():
        raise PlanParseError("the document is empty", source=source)
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_as(data, encoding, source)
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 3:
        # UTF-16 without a BOM: every other byte of Latin text is zero.
        encoding = "utf-16-le" if data[1] == 0 else "utf-16-be"
        return _decode_as(data, encoding, source)
    if b"\x00" in data[:8192]:
        raise PlanParseError("this is binary data, not text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise PlanParseError(
            f"cannot decode the text: it is not UTF-8, UTF-16 or Windows-1252 "
            f"(byte 0x{data[error.start]:02x} at offset {error.start})",
            source=source,
        ) from None


def _decode_as(data: bytes, encoding: str, source: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise PlanParseError(
            f"cannot decode the text as {encoding.upper()} (offset {error.start})", source=source
        ) from None
