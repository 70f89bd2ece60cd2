"""Dates and places in an activity's details, and the due date its period implies."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .text import fold_in_place, strip_end_punctuation
from .when import MONTH_NAMES

# The Spanish, Portuguese and English names only: the seed's details are read
# exactly as before when.py added French and abbreviations.
MONTHS = {
    name: number
    for language in ("es", "pt", "en")
    for name, number in MONTH_NAMES[language].items()
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_YEAR = r"(?:\s*,?\s*(?:de\s+|del\s+|of\s+)?(?P<year>(?:19|20)\d\d))?"
_FIRST_HALF = r"(?P<first>primera|primeira|first)"
_SECOND_HALF = r"(?P<second>segunda|second)"

# Each pattern names the groups it sets; they are tried in order, most specific first.
_PATTERNS = [
    re.compile(p)
    for p in (
        r"\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b",
        rf"\b(?:{_FIRST_HALF}|{_SECOND_HALF})\s+(?:quincena|quinzena|half|fortnight)\s+"
        rf"(?:de|of)\s+{_MONTH}\b{_YEAR}",
        rf"\b(?:del?\s+)?(?P<day>\d{{1,2}})\s*(?:-|–|al|a|y|e|to|and)\s*(?P<day2>\d{{1,2}})\s+"
        rf"(?:de\s+|of\s+)?{_MONTH}\b{_YEAR}",
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})\s*(?:-|–|to)\s*(?P<day2>\d{{1,2}})\b{_YEAR}",
        rf"\b(?P<day>\d{{1,2}})\s+(?:de\s+|of\s+)?{_MONTH}\b{_YEAR}",
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})\b{_YEAR}",
        # A bare month needs a year or a preposition: "mayo" and "marco" are
        # also ordinary words ("en el marco de").
        rf"\b{_MONTH}\s*,?\s*(?:de\s+|del\s+|of\s+)?(?P<year>(?:19|20)\d\d)\b",
        rf"(?:^|\b(?:en|in|em|durante|during)\s+){_MONTH}\b",
    )
]
_PLACE = re.compile(r"^(?:en\s+|in\s+|em\s+)?(?P<place>[^\W\d][^,;]*?(?:\([^)]*\))?)\s*[,;.]?$")


@dataclass(slots=True)
class WhenWhere:
    starts: dt.date | None = None
    due: dt.date | None = None
    location: str = ""


def period_due(period: str, year: int | None) -> dt.date | None:
    """S1 ends on 30 June; S2 and the whole year on 31 December."""
    if year is None:
        return None
    return dt.date(year, 6, 30) if period == "S1" else dt.date(year, 12, 31)


def read_details(details: str, year: int | None) -> WhenWhere:
    """'Lima (Perú), primera quincena de abril de 2017.' -> 1-15 April 2017 in Lima (Perú)."""
    if not details:
        return WhenWhere()
    # Search a folded copy of the same length, so that positions found in it
    # cut the original text at the same places.
    folded = fold_in_place(details)
    for pattern in _PATTERNS:
        match = pattern.search(folded)
        if not match:
            continue
        span = _span(match.groupdict(), year)
        if span is None:
            # "31 de febrero" is a mistake, not the whole of February.
            return WhenWhere()
        before = details[: match.start()]
        return WhenWhere(span[0], span[1], _place(before))
    return WhenWhere(location=strip_end_punctuation(details) if _looks_like_place(details) else "")


def _span(groups: dict[str, str | None], year: int | None) -> tuple[dt.date, dt.date] | None:
    try:
        if iso := groups.get("iso"):
            day = dt.date.fromisoformat(iso)
            return day, day
        year = int(named_year) if (named_year := groups.get("year")) else year
        if year is None:
            return None
        # No month, whether the group is missing or unmatched: KeyError, caught below.
        month = MONTHS[groups["month"] or ""]
        last = calendar.monthrange(year, month)[1]
        if groups.get("first"):
            return dt.date(year, month, 1), dt.date(year, month, 15)
        if groups.get("second"):
            return dt.date(year, month, 16), dt.date(year, month, last)
        first_day, last_day = groups.get("day"), groups.get("day2")
        if first_day and last_day:
            return dt.date(year, month, int(first_day)), dt.date(year, month, int(last_day))
        if first_day:
            day = dt.date(year, month, int(first_day))
            return day, day
        return dt.date(year, month, 1), dt.date(year, month, last)
    except (ValueError, KeyError):
        return None


def _place(text: str) -> str:
    text = strip_end_punctuation(text)
    match = _PLACE.match(text)
    return match.group("place").strip() if match else ""


def _looks_like_place(details: str) -> bool:
    """Without a date, only 'City (Country)' or 'City, Country' is taken for a place."""
    text = strip_end_punctuation(details)
    return bool(
        re.fullmatch(r"[^\W\d][\w .'-]{1,40}(?:\([^)]{2,40}\)|,\s*[^\W\d][\w .'-]{1,40})", text)
    )
