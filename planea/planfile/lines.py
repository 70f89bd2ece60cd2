"""Each line of a plan, classified on its own: the first of the parser's two passes.

One small rule per construct, tried in order. A line's kind says what it
would be if the context allows; the parser decides with the context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .text import fold, roman_to_int, squash
from .vocabulary import AREAS_HEADING, FREE_SECTIONS, LABELS


class Kind(Enum):
    BLANK = "blank"
    HEADING = "heading"  # "I. ANTECEDENTES", "FINALIDAD"
    AREA = "area"  # "1. Datos abiertos"
    SECTION = "section"  # "1.1. Actividades primer semestre 2017", "2.1- …"
    ACTIVITY = "activity"  # "1.1.i- Quinto taller…", "4.1.i-Encuesta…"
    LABEL = "label"  # "Producto: …"
    UNKNOWN_LABEL = "unknown_label"  # "Presupuesto: …" -- looks like a label, is not one
    TEXT = "text"


@dataclass(slots=True)
class Line:
    number: int
    text: str
    kind: Kind
    # What the rule captured: numbers, label field, the rest of the line.
    area: int = 0
    section: int = 0
    item: str = ""
    field: str = ""
    plural: bool = False
    label: str = ""
    rest: str = ""
    is_areas_heading: bool = False


_SEP = r"(?:\s*[-–—.):]\s*|\s+)"
_ACTIVITY = re.compile(
    rf"^(\d{{1,3}})\s*\.\s*(\d{{1,3}})\s*\.\s*([ivxlcdm]{{1,7}}|\d{{1,3}}|[a-z])(?![\w]){_SEP}(.*)$",
    re.IGNORECASE,
)
_SECTION = re.compile(rf"^(\d{{1,3}})\s*\.\s*(\d{{1,3}})(?![\d]){_SEP}(?!\d)(\S.*)$")
_AREA = re.compile(r"^(\d{1,3})\s*[.)-]\s*(?![\d.])(\S.*)$")
_ROMAN_HEADING = re.compile(r"^([IVXLC]{1,6})\s*[.)-]\s+(\S.*)$")
_LABEL = re.compile(r"^([^\W\d_][^:]{0,40}?)\s*:\s*(.*)$")


def classify(number: int, raw: str) -> Line:
    text = squash(raw)
    if not text:
        return Line(number, text, Kind.BLANK)
    first = text[0]
    if first.isdigit():
        return _numbered(number, text)
    if first in "IVXLC" and (heading := _roman_heading(number, text)):
        return heading
    if ":" in text[:48] and (label := _label(number, text)):
        return label
    if _is_bare_heading(text):
        return Line(number, text, Kind.HEADING, rest=text, is_areas_heading=_is_areas(text))
    return Line(number, text, Kind.TEXT, rest=text)


def _numbered(number: int, text: str) -> Line:
    if match := _ACTIVITY.match(text):
        area, section, item, rest = match.groups()
        return Line(
            number, text, Kind.ACTIVITY, area=int(area), section=int(section), item=item, rest=rest
        )
    if match := _SECTION.match(text):
        area, section, rest = match.groups()
        return Line(number, text, Kind.SECTION, area=int(area), section=int(section), rest=rest)
    if match := _AREA.match(text):
        area, rest = match.groups()
        return Line(number, text, Kind.AREA, area=int(area), rest=rest)
    return Line(number, text, Kind.TEXT, rest=text)


def _roman_heading(number: int, text: str) -> Line | None:
    match = _ROMAN_HEADING.match(text)
    if not match or roman_to_int(match.group(1)) is None:
        return None
    heading = match.group(2)
    # A heading is shouted or is a known heading; "V Abrelatam…" is neither.
    letters = [c for c in heading if c.isalpha()]
    shouted = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6
    if not shouted and fold(heading) not in FREE_SECTIONS:
        return None
    return Line(number, text, Kind.HEADING, rest=heading, is_areas_heading=_is_areas(heading))


def _label(number: int, text: str) -> Line | None:
    match = _LABEL.match(text)
    if not match:
        return None
    label, rest = match.groups()
    known = LABELS.get(fold(label))
    if known:
        field, plural = known
        return Line(number, text, Kind.LABEL, field=field, plural=plural, label=label, rest=rest)
    # Short and capitalised like a label ("Presupuesto:", "Fecha límite:").
    words = label.split()
    if label[0].isupper() and len(words) <= 4 and all(w.isalpha() for w in words):
        return Line(number, text, Kind.UNKNOWN_LABEL, label=label, rest=rest)
    return None


def _is_bare_heading(text: str) -> bool:
    """'ANTECEDENTES' alone on its line, or a known heading word such as 'Finalidad'."""
    if len(text) > 60:
        return False
    folded = fold(text.rstrip(".:"))
    if folded in FREE_SECTIONS:
        return True
    # A shouted line naming the areas; a title usually carries its year.
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in text)
        and _is_areas(text)
    )


def _is_areas(heading: str) -> bool:
    return bool(AREAS_HEADING.search(fold(heading)))
