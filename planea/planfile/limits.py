"""Bounded work for every file we open: checked before a document is parsed.

A 200 KB .docx can unpack to gigabytes of XML, a spreadsheet can declare a
million repeated columns, a JSON file can nest 200,000 brackets. These checks
read an archive's table of contents, stream its XML parts once through expat
(which keeps no tree), or count brackets, so they cost little next to the
reader they protect, and they refuse such a file with a message before any
reader allocates for it.

One set of limits (`DEFAULT`) serves plan documents, amendments and evidence
uploads alike; a refusal is a `LimitExceeded`, a `PlanParseError`, so that a
caller can tell "too big to open" from "damaged".
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from itertools import accumulate
from xml.parsers import expat

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
    # XML elements across an archive's parts. A reader that builds a tree
    # (python-docx, openpyxl) spends some 200 bytes on each: a 300-page
    # report has about 100,000; two million is a bomb made of empty tags.
    max_xml_elements: int = 2_000_000
    # The longest number a JSON plan may state, in digits. What the database
    # holds is narrower and checked when a plan is stored; this only keeps
    # the JSON reader from numbers of thousands of digits.
    max_number_digits: int = 15


DEFAULT = Limits()

# Office and OpenDocument files use these two; bzip2 and LZMA entries can
# expand without bound in a single read, and no office program writes them.
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 1024 * 1024


class LimitExceeded(PlanParseError):
    """The file is refused for its size or shape, not for being damaged."""


def check_archive(data: bytes, source: str | None = None, limits: Limits = DEFAULT) -> None:
    """Refuse a ZIP container (docx, xlsx, odt, ods) that would unpack past the limits.

    The table of contents is checked first (entries, declared sizes, ratio);
    then every XML part is streamed through expat: too deep, too many
    elements, a document type declaration (entity expansion), or more bytes
    than declared are refused. Raises PlanParseError for a damaged archive,
    LimitExceeded for one past the limits.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_table(entries, source, limits)
            elements = 0
            for entry in entries:
                if entry.filename.lower().endswith(_XML_SUFFIXES) and not entry.is_dir():
                    elements += _check_xml(archive, entry, source, limits, elements)
    except PlanParseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error):
        # zlib.error: a part whose compressed bytes are damaged, met while streaming it.
        raise PlanParseError(
            "a damaged archive (ZIP) that cannot be opened", source=source
        ) from None
    except (NotImplementedError, RuntimeError):  # encrypted or unknown compression
        raise PlanParseError(
            "an archive (ZIP) that is encrypted or uses an unknown compression", source=source
        ) from None


def _check_table(entries: list[zipfile.ZipInfo], source: str | None, limits: Limits) -> None:
    if len(entries) > limits.max_entries:
        raise LimitExceeded(
            f"the archive holds {len(entries)} files, more than the {limits.max_entries} "
            "a document may have",
            source=source,
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise LimitExceeded(
            f"the document unpacks to {unpacked // (1024 * 1024)} MB, more than the "
            f"{limits.max_unpacked_bytes // (1024 * 1024)} MB allowed",
            source=source,
        )
    for entry in entries:
        if entry.compress_type not in _COMPRESSIONS:
            raise LimitExceeded(
                f"{entry.filename} is compressed in a way office documents never are: refused",
                source=source,
            )
        if entry.file_size > 1024 * 1024 and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise LimitExceeded(
                f"{entry.filename} unpacks to {entry.file_size // max(entry.compress_size, 1)} "
                "times its packed size: a decompression bomb, refused",
                source=source,
            )


class _XmlRefused(Exception):
    pass


def _check_xml(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    source: str | None,
    limits: Limits,
    elements_before: int,
) -> int:
    """Stream one XML part through expat; the number of elements it holds.
    zipfile stops at the declared size, so a lying header cannot make this
    read more than the table of contents promised."""
    depth = 0
    elements = 0
    problem = ""

    def start(_name, _attributes) -> None:
        nonlocal depth, elements, problem
        depth += 1
        elements += 1
        if depth > limits.max_nesting:
            problem = f"its XML nests more than {limits.max_nesting} levels deep"
            raise _XmlRefused
        if elements_before + elements > limits.max_xml_elements:
            problem = f"its XML holds more than {limits.max_xml_elements:,} elements"
            raise _XmlRefused

    def end(_name) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_args) -> None:
        nonlocal problem
        # Office XML never declares a document type; one that does is how
        # entities are made to expand a billion times.
        problem = "its XML declares a document type (entities), which office files never do"
        raise _XmlRefused

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        with archive.open(entry) as part:
            while chunk := part.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _XmlRefused:
        raise LimitExceeded(f"{entry.filename}: {problem}: refused", source=source) from None
    except LookupError:
        # expat stops at an encoding it does not know, before counting anything.
        raise PlanParseError(
            f"{entry.filename}: its XML declares an unknown encoding", source=source
        ) from None
    except expat.ExpatError:
        # Malformed XML is the reader's to report (it may cope); what it
        # cannot do is run out of bounds, which the counts above ensure.
        pass
    return elements


# Escapes first (an escaped quote ends no string), then strings: both passes are linear,
# where one pattern for escaped strings backtracks quadratically on text
# such as a quote followed by a long run of escaped quotes.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_STRING = re.compile(r'"[^"]*+"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _outside_strings(text: str) -> str:
    return _STRING.sub('""', _ESCAPE.sub("", text))


def check_nesting(text: str, source: str | None = None, limits: Limits = DEFAULT) -> None:
    """Refuse JSON (or similar) text whose brackets nest deeper than any plan needs.

    Brackets inside strings ("Plan [borrador]") are text, not nesting. The
    strings are taken out first, then everything but brackets, so the depth
    is found at C speed rather than a character at a time in Python.
    """
    brackets = _NOT_BRACKET.sub("", _outside_strings(text))
    if brackets and max(accumulate(_STEP[char] for char in brackets)) > limits.max_nesting:
        raise LimitExceeded(
            f"the data nests more than {limits.max_nesting} levels deep: refused",
            source=source,
        )


def check_numbers(text: str, source: str | None = None, limits: Limits = DEFAULT) -> None:
    """Refuse JSON text stating a number longer than any plan does, before
    it is read (Python would spend quadratic time on, or refuse with a bare
    ValueError, numbers of thousands of digits)."""
    long_number = re.search(
        rf"(?<![\w.])-?\d{{{limits.max_number_digits + 1},}}", _outside_strings(text)
    )
    if long_number:
        number = long_number.group()
        shown = number if len(number) <= 20 else f"{number[:8]}… ({len(number)} digits)"
        raise LimitExceeded(
            f"the number {shown} is larger than any plan states "
            f"(at most {limits.max_number_digits} digits)",
            source=source,
        )
