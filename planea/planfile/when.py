"""Deadlines, periods and recurrence as people write them in plan tables and prose.

"Nov 30, 2021", "30-MAR-17", "novembro/2018", "S1 2022", "3e trimestre 2022",
"June 6-10, 2022", "2015-2017", "Permanente", "Bimensual"… in Spanish,
Portuguese, English and French. One small rule per construct, tried in order,
most specific first (like lines.py); the first rule that matches anywhere wins,
and when it matches several times ("06/16 y 06/17") the latest date is the due.
Nothing here raises: text that reads as no date gives When(text=...).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .text import fold, squash


@dataclass(frozen=True, slots=True)
class When:
    starts: dt.date | None = None
    due: dt.date | None = None
    precision: str | None = None  # "day" | "month" | "quarter" | "semester" | "year" | None
    ongoing: bool = False  # "Permanente", "ongoing", "CONT", "en continu"
    undecided: bool = False  # "TBD", "A definir", "à définir"
    tentative: bool = False  # "(tentative)", "(ish)", "aprox.", "~"
    recurrence: str | None = None  # ISO 8601 duration: P1W, P2W, P1M … P1Y
    text: str = ""  # the wording as given, whitespace-squashed


# Month names, folded (no accents, lower case). dates.py builds its own table
# from the es/pt/en entries, so both read the same names.
MONTH_NAMES: dict[str, dict[str, int]] = {
    "es": {
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
        "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
        "diciembre": 12,
    },
    "pt": {
        "janeiro": 1, "fevereiro": 2, "marco": 3, "abril": 4, "maio": 5, "junho": 6,
        "julho": 7, "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11,
        "dezembro": 12,
    },
    "en": {
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    },
    "fr": {
        "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
        "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "decembre": 12,
    },
}  # fmt: skip
_FULL_MONTHS = {name: n for names in MONTH_NAMES.values() for name, n in names.items()}
# Abbreviations are also ordinary words ("out", "set", "mar"), so the rules
# take them only next to a day or a year.
_ABBREVIATIONS = {
    "jan": 1, "janv": 1, "ene": 1, "feb": 2, "febr": 2, "fev": 2, "fevr": 2, "mar": 3,
    "apr": 4, "abr": 4, "avr": 4, "jun": 6, "jul": 7, "juil": 7, "aug": 8, "ago": 8,
    "sep": 9, "sept": 9, "set": 9, "oct": 10, "out": 10, "nov": 11, "dec": 12, "dez": 12,
    "dic": 12,
}  # fmt: skip
_MONTHS = _FULL_MONTHS | _ABBREVIATIONS


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _month(group: str, names: Iterable[str] = _MONTHS) -> str:
    return rf"\b(?P<{group}>{_alternation(names)})(?![a-z])\.?"


_DAY_SUFFIX = r"(?:st|nd|rd|th|er|o|a)?"


def _year(group: str) -> str:
    """A year after a month or day: ", 2022", " de 2022", "/2018", or "-17"."""
    return (
        rf"(?:\s*[,/]?\s*(?:de\s+|del\s+|of\s+)?(?P<{group}>(?:19|20)\d\d)(?!\d)"
        rf"|\s*[-/']\s*(?P<{group}s>\d\d)(?!\d))"
    )


_Span = tuple[dt.date | None, dt.date, str]


@dataclass(frozen=True, slots=True)
class _Context:
    year: int | None
    language: str | None


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    build: Callable[[dict[str, str | None], _Context], _Span | None]


# -- building dates from what a rule captured -------------------------------------------


def _year_of(groups: dict[str, str | None], tag: str, context: _Context) -> int | None:
    if groups.get(tag):
        return int(groups[tag] or 0)
    if short := groups.get(tag + "s"):
        # Two-digit years in plans are this century's, except the late 1900s.
        number = int(short)
        return 1900 + number if number >= 70 else 2000 + number
    return context.year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(year: int, length: int, number: int) -> dt.date:
    """The last day of the number-th period of `length` months: quarter 3 -> 30 September."""
    return _month_end(year, length * number)


def _month_number(name: str | None) -> int:
    return _MONTHS[(name or "").rstrip(".")]


def _iso_day(g: dict[str, str | None], context: _Context) -> _Span | None:
    day = dt.date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
    return None, day, "day"


def _numeric_day(g: dict[str, str | None], context: _Context) -> _Span | None:
    """'30/11/2021', '20/05/16'; month first in English, unless that is impossible."""
    first, second = int(g["a"] or 0), int(g["b"] or 0)
    year = _year_of(g, "y", context) or 0
    orders = [(first, second), (second, first)]  # (day, month)
    if context.language == "en":
        orders.reverse()
    for day, month in orders:
        if 1 <= month <= 12:
            try:
                return None, dt.date(year, month, day), "day"
            except ValueError:
                continue
    return None


def _day_month(g: dict[str, str | None], context: _Context) -> _Span | None:
    """'30 de noviembre de 2021', '1 al 15 de abril', 'June 6-10, 2022'."""
    year = _year_of(g, "y", context)
    if year is None:
        return None
    month = _month_number(g["mon"])
    first = dt.date(year, month, int(g["d1"] or 0))
    if g.get("d2"):
        return first, dt.date(year, month, int(g["d2"] or 0)), "day"
    return None, first, "day"


def _half_month(g: dict[str, str | None], context: _Context) -> _Span | None:
    """'primera quincena de abril' -> 1-15 April; the second half runs to the month's end."""
    year = _year_of(g, "y", context)
    if year is None:
        return None
    month = _month_number(g["mon"])
    if g.get("first"):
        return dt.date(year, month, 1), dt.date(year, month, 15), "day"
    return dt.date(year, month, 16), _month_end(year, month), "day"


def _month_range(g: dict[str, str | None], context: _Context) -> _Span | None:
    """'March–May 2023', 'Nov 2011 - Dec 2012'."""
    end_year = _year_of(g, "y2", context)
    if end_year is None:
        return None
    start, end = _month_number(g["mon1"]), _month_number(g["mon2"])
    start_year = _year_of(g, "y1", _Context(None, None))
    if start_year is None:
        # "Nov - Feb 2023" crosses the new year.
        start_year = end_year - 1 if start > end else end_year
    return dt.date(start_year, start, 1), _month_end(end_year, end), "month"


def _month_year(g: dict[str, str | None], context: _Context) -> _Span | None:
    year = _year_of(g, "y", context)
    if year is None:
        return None
    return None, _month_end(year, _month_number(g["mon"])), "month"


def _numeric_month(g: dict[str, str | None], context: _Context) -> _Span | None:
    """'06/16', '11/2018', '2022-06': month and year in figures."""
    year = _year_of(g, "y", context)
    if year is None:
        return None
    return None, _month_end(year, int(g["m"] or 0)), "month"


_ORDINALS = {
    "1": 1, "1st": 1, "primer": 1, "primero": 1, "primeiro": 1, "primeira": 1, "primera": 1,
    "premier": 1, "premiere": 1, "first": 1,
    "2": 2, "2nd": 2, "segundo": 2, "segunda": 2, "second": 2, "deuxieme": 2, "seconde": 2,
    "3": 3, "3rd": 3, "tercer": 3, "tercero": 3, "terceiro": 3, "troisieme": 3, "third": 3,
    "4": 4, "4th": 4, "cuarto": 4, "quarto": 4, "quatrieme": 4, "fourth": 4,
}  # fmt: skip


def _period(
    length: int, precision: str
) -> Callable[[dict[str, str | None], _Context], _Span | None]:
    def build(g: dict[str, str | None], context: _Context) -> _Span | None:
        year = _year_of(g, "y", context)
        number = _ORDINALS.get(g.get("n") or "", 0)
        if year is None or not 1 <= number <= 12 // length:
            return None
        return None, _period_end(year, length, number), precision

    return build


def _year_range(g: dict[str, str | None], context: _Context) -> _Span | None:
    first, last = _span_years(g["y1"] or "", g["y2"] or "")
    if last is None:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "year"


def _whole_year(g: dict[str, str | None], context: _Context) -> _Span | None:
    return None, dt.date(int(g["y"] or 0), 12, 31), "year"


def _span_years(first: str, last: str) -> tuple[int, int | None]:
    """'2015', '2017' -> 2015-2017; '2012', '13' -> 2012-2013; backwards is no range."""
    start = int(first)
    end = int(last) if len(last) == 4 else start // 100 * 100 + int(last)
    return start, end if start < end <= start + 20 else None


# -- the rules ---------------------------------------------------------------------------

_YEAR4 = r"(?<![\d/.-])(?P<y{n}>(?:19|20)\d\d)(?!\d)"
_DAY = rf"(?<!\d)(?P<{{g}}>[0-3]?\d){_DAY_SUFFIX}(?![\d])"
_TO = r"(?:\s*(?:-|–|—)\s*|\s+(?:al?|au|to|till|until|through|hasta|ate|e|y|et|and|&)\s+)"
_QUALIFIER = (
    r"(?:early|mid|late|beginning\s+of|end\s+of|the\s+end\s+of|debut|fin|mi|"
    r"principios\s+de|mediados\s+de|finales\s+de|fines\s+de|inicios\s+de|comienzos\s+de|"
    r"inicio\s+de|meados\s+de|final\s+de|fim\s+de|comeco\s+de|"
    r"en|in|em|durante|during|by|until|till|before|para|hasta|ate|antes\s+de|avant|"
    r"d'ici|jusqu'en|jusqu'a)"
)
_HALF = r"(?:quincena|quinzena|quinzaine|half|fortnight)"

RULES: list[_Rule] = [
    _Rule(
        "iso day",
        re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
        _iso_day,
    ),
    _Rule(
        "numeric day",
        re.compile(
            r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
            r"(?:(?P<y>(?:19|20)\d\d)|(?P<ys>\d\d))(?![\d/.])"
        ),
        _numeric_day,
    ),
    _Rule(
        "day month",  # "30 de noviembre de 2021", "1 al 15 de abril", "30-MAR-17", "1er mars"
        re.compile(
            _DAY.format(g="d1")
            + rf"(?:{_TO}{_DAY.format(g='d2')})?\s*(?:de\s+|of\s+|[-.]\s*)?"
            + _month("mon")
            + f"(?:{_year('y')})?"
        ),
        _day_month,
    ),
    _Rule(
        "month day",  # "Nov 30, 2021", "June 6-10, 2022", "April 25/26/27, 2023"
        re.compile(
            _month("mon")
            + r"\s*"
            + _DAY.format(g="d1")
            + rf"(?:(?:{_TO}|\s*/\s*){_DAY.format(g='d2')})*"
            + r"\s*,?"
            + f"(?:{_year('y')})?"
        ),
        _day_month,
    ),
    _Rule(
        "half month",  # "primera quincena de abril de 2017", "second half of June"
        re.compile(
            r"\b(?:(?P<first>primera|primeira|first|premiere)|segunda|second|seconde|deuxieme)"
            rf"\s+{_HALF}\s+(?:de\s+|of\s+|d')?(?:la\s+)?"
            + _month("mon", _FULL_MONTHS)
            + f"(?:{_year('y')})?"
        ),
        _half_month,
    ),
    _Rule(
        "month range",  # "March–May 2023", "Nov 2011 - Dec 2012", "de marzo a mayo de 2023"
        re.compile(
            _month("mon1")
            + f"(?:{_year('y1')})?"
            + rf"(?:{_TO}|\s*/\s*)"
            + _month("mon2")
            + f"(?:{_year('y2')})?"
        ),
        _month_range,
    ),
    _Rule("month year", re.compile(_month("mon") + _year("y")), _month_year),
    _Rule(
        "numeric month",  # "06/16", "11/2018"
        re.compile(
            r"(?<![\d/.-])(?P<m>0?[1-9]|1[0-2])\s*/\s*(?:(?P<y>(?:19|20)\d\d)|(?P<ys>\d\d))"
            r"(?![\d/])"
        ),
        _numeric_month,
    ),
    _Rule(
        "iso month",
        re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])(?![\d/.-])"),
        _numeric_month,
    ),
    _Rule(
        "semester",  # "S1 2022", "H1 2023", "1º semestre 2018", "first half of 2023"
        re.compile(
            r"(?:\b[sh](?P<n>[12])\b"
            r"|(?<!\d)(?P<n2>[12])\s*(?:o|a|er|re|e|eme|nd|st)?\.?\s*(?:semestre|semester)"
            r"|\b(?P<n3>primer|primero|primeiro|primeira|premier|first|segundo|second|"
            r"deuxieme|seconde)\s+(?:semestre|semester|half(?:\s+of)?|moitie))"
            r"(?:\s*(?:[,/-]|de|del|of|d')?\s*(?P<y>(?:19|20)\d\d)(?!\d))?"
        ),
        _period(6, "semester"),
    ),
    _Rule(
        "quarter",  # "T3 2022", "Q3 2023", "3e trimestre 2022", "third quarter"
        re.compile(
            r"(?:\b[qt](?P<n>[1-4])\b"
            r"|(?<!\d)(?P<n2>[1-4])\s*(?:o|a|er|e|eme|nd|rd|st|th)?\.?\s*(?:trimestre|quarter)"
            r"|\b(?P<n3>primer|primero|primeiro|premier|first|segundo|second|deuxieme|"
            r"tercer|tercero|terceiro|troisieme|third|cuarto|quarto|quatrieme|fourth)"
            r"\s+(?:trimestre|quarter))"
            r"(?:\s*(?:[,/-]|de|del|of|d')?\s*(?:fy\s*)?(?P<y>(?:19|20)\d\d)(?!\d))?"
        ),
        _period(3, "quarter"),
    ),
    _Rule(
        "year range",  # "2015-2017", "2012-13", "2018/2019", "de 2015 a 2017"
        re.compile(
            _YEAR4.format(n=1)
            + r"(?:\s*[-–—/]\s*|\s+(?:a|al|to|a|ate|au|until|through)\s+)"
            + r"(?P<y2>(?:19|20)\d\d|\d\d)(?![\d/.-])"
        ),
        _year_range,
    ),
    _Rule(
        "qualified month",  # "mediados de marzo", "in June", "fin juin" (the year is given apart)
        re.compile(rf"\b{_QUALIFIER}\s*-?\s*(?:de\s+|of\s+)?" + _month("mon", _FULL_MONTHS)),
        _month_year,
    ),
    _Rule("month alone", re.compile(r"^\W*" + _month("mon") + r"\W*$"), _month_year),
    _Rule("year", re.compile(_YEAR4.format(n="")), _whole_year),
]


class _Invalid(Exception):
    """A date that names no day: "31 de febrero", "June 10-6"."""


def _read_date(clean: str, context: _Context) -> _Span | None:
    for rule in RULES:
        found, invalid = [], False
        for match in rule.pattern.finditer(clean):
            try:
                if span := _build(rule, match, context):
                    found.append(span)
            except _Invalid:
                invalid = True
        if found:
            # Several dates in one cell ("06/16 y 06/17"): the work ends with the last.
            return max(found, key=lambda span: span[1])
        if invalid:
            # "31 de febrero de 2017" is a mistake, not the whole of February (as in dates.py).
            return None
    return None


def _build(rule: _Rule, match: re.Match[str], context: _Context) -> _Span | None:
    """The span a match names; None when it needs a year nobody gave."""
    groups = match.groupdict()
    # Alternatives that capture the same thing in differently named groups.
    groups["n"] = groups.get("n") or groups.get("n2") or groups.get("n3")
    try:
        span = rule.build(groups, context)
    except (ValueError, KeyError, OverflowError) as error:
        raise _Invalid from error
    if span and span[0] is not None and span[0] > span[1]:
        raise _Invalid  # "June 10-6" runs backwards: no reading is safe
    return span


# -- flags: ongoing, undecided, tentative ------------------------------------------------

_ONGOING = re.compile(
    # "Permanente" alone or as a manner, not "Secretaría Permanente", "Permanent Secretary".
    r"^\W*(?:cont|permanente?)\W*$|\b(?:(?:de|en|em) (?:forma|manera|modo) permanente|"
    r"on a permanent basis|ongoing|on-going|continuous|continuously|"
    r"continuo|continua|continu|en continu|em andamento|en curso|em curso|en cours|"
    r"in progress|de forma continua|todo el ano|throughout the year|toute l'annee|"
    r"o ano todo|durante todo o ano)\b"
)
_UNDECIDED = re.compile(
    r"\b(?:tbd|tba|to be (?:determined|defined|decided|agreed|announced)|"
    r"(?:a|por|a ser) (?:definir|determinar|fijar|decidir)|a preciser|a determiner|"
    r"non (?:defini|determine)e?|sin fecha|sem data|sans date|no date)\b"
)
_TO_CONFIRM = re.compile(
    r"\b(?:tbc|to be confirmed|(?:a|por) confirmar|a confirmer|provisional|provisoire|"
    r"provisorio)\b"
)
_TENTATIVE = re.compile(
    r"\(ish\)|\bish\b|\btentative(?:ly)?\b|\baprox\b\.?|\baproximadamente\b|\bapprox\b\.?|"
    r"\bapproximately\b|\baround\b|\bcirca\b|\benviron\b|\bvers\b|~"
)


def read_when(text: str, year: int | None = None, language: str | None = None) -> When:
    """'Sep 12-16, 2022 (tentative)' -> starts 12 Sep, due 16 Sep 2022, tentative."""
    given = squash(text)
    folded = fold(given)
    to_confirm = bool(_TO_CONFIRM.search(folded))
    # The flags' own words go before reading the date, so that "Dec 20 (ish), 2022"
    # reads as "Dec 20, 2022" and "TBD, 2023" as "2023".
    clean = folded
    for flag in (_TENTATIVE, _UNDECIDED, _TO_CONFIRM):
        clean = flag.sub(" ", clean)
    clean = squash(clean.replace("(", " ").replace(")", " "))
    span = _read_date(clean, _Context(year, language))
    starts, due, precision = span if span else (None, None, None)
    return When(
        starts=starts,
        due=due,
        precision=precision,
        ongoing=bool(_ONGOING.search(folded)),
        undecided=bool(_UNDECIDED.search(folded)) or (to_confirm and due is None),
        tentative=bool(_TENTATIVE.search(folded)) or (to_confirm and due is not None),
        recurrence=read_recurrence(given),
        text=given,
    )


# -- recurrence ---------------------------------------------------------------------------

# A whole cell that is one of these words ("Anual", "Mensal") is a recurrence;
# the same adjective inside a sentence ("Plan anual de trabajo") is not.
_WHOLE_WORDS = {
    "P1W": "semanal semanales semanais weekly hebdomadaire hebdomadaires",
    "P2W": "quincenal quincenales quinzenal quinzenais fortnightly biweekly bi-weekly "
    "bimensuel bimensuelle",
    "P1M": "mensual mensuales mensal mensais mensuel mensuelle mensuels monthly",
    "P2M": "bimensual bimensuales bimestral bimestrales bimestrais bimestriel bimestrielle "
    "bimestriels",
    "P3M": "trimestral trimestrales trimestrais trimestriel trimestrielle trimestriels quarterly",
    "P4M": "cuatrimestral cuatrimestrales quadrimestral quadrimestrais quadrimestriel",
    "P6M": "semestral semestrales semestrais semestriel semestrielle semestriels "
    "semiannual semi-annual half-yearly biannually",
    "P1Y": "anual anuales anuais annuel annuelle annuels annual yearly annually",
}
_WHOLE = {word: period for period, words in _WHOLE_WORDS.items() for word in words.split()}
# Adverbs say "how often" wherever they stand: "quarterly reporting", "publicado mensalmente".
_ADVERBS = {
    "weekly": "P1W", "semanalmente": "P1W", "hebdomadairement": "P1W",
    "fortnightly": "P2W", "biweekly": "P2W", "quincenalmente": "P2W",
    "quinzenalmente": "P2W", "monthly": "P1M", "mensualmente": "P1M",
    "mensalmente": "P1M", "mensuellement": "P1M", "bimestralmente": "P2M",
    "bimestriellement": "P2M", "quarterly": "P3M", "trimestralmente": "P3M",
    "trimestriellement": "P3M", "semestralmente": "P6M", "semestriellement": "P6M",
    "yearly": "P1Y", "annually": "P1Y", "anualmente": "P1Y", "annuellement": "P1Y",
}  # fmt: skip
_ADVERB = re.compile(rf"\b({_alternation(_ADVERBS)})\b")
_NUMBERS = {
    "one": 1, "un": 1, "una": 1, "uno": 1, "um": 1, "uma": 1, "une": 1,
    "two": 2, "dos": 2, "dois": 2, "duas": 2, "deux": 2, "three": 3, "tres": 3,
    "trois": 3, "four": 4, "cuatro": 4, "quatro": 4, "quatre": 4, "six": 6, "seis": 6,
}  # fmt: skip
# Each unit in months, or in weeks when negative.
_UNITS = {
    "week": -1, "weeks": -1, "semana": -1, "semanas": -1, "semaine": -1, "semaines": -1,
    "fortnight": -2, "quincena": -2, "quinzena": -2, "quinzaine": -2,
    "month": 1, "months": 1, "mes": 1, "meses": 1, "mois": 1,
    "quarter": 3, "quarters": 3, "trimestre": 3, "trimestres": 3,
    "semester": 6, "semesters": 6, "semestre": 6, "semestres": 6,
    "year": 12, "years": 12, "ano": 12, "anos": 12, "an": 12, "ans": 12, "annee": 12,
    "annees": 12,
}  # fmt: skip
_NUMBER = rf"(?:(?P<n>\d{{1,2}}|{_alternation(_NUMBERS)})\s+)?"
_EVERY = re.compile(
    r"\b(?:every|each|cada|a cada|chaque|tous les|toutes les|todos los|todas las|"
    rf"todos os|todas as|todo|toda)\s+{_NUMBER}(?P<unit>{_alternation(_UNITS)})\b"
)
_TIMES = re.compile(
    r"\b(?P<k>once|twice|one time|two times|three times|four times|una vez|dos veces|"
    r"tres veces|cuatro veces|uma vez|duas vezes|tres vezes|quatro vezes|une fois|"
    r"deux fois|trois fois|quatre fois)\s+(?:a|an|per|al|por|par|a cada|cada)\s+"
    r"(?P<unit>year|ano|an|annee|month|mes|mois|week|semana|semaine)\b"
)


def read_recurrence(text: str) -> str | None:
    """'Bimensual' -> 'P2M', 'every two months' -> 'P2M', 'twice a year' -> 'P6M'."""
    folded = fold(text)
    whole = re.sub(r"\([^)]*\)", " ", folded.rsplit(":", 1)[-1]).strip(" .;,*_-")
    if period := _WHOLE.get(whole):
        return period
    if match := _ADVERB.search(folded):
        return _ADVERBS[match.group(1)]
    if match := _EVERY.search(folded):
        count = match.group("n") or "1"
        number = int(count) if count.isdigit() else _NUMBERS[count]
        return _duration(_UNITS[match.group("unit")] * number)
    if match := _TIMES.search(folded):
        return _per(match.group("k"), match.group("unit"))
    return None


def _duration(months: int) -> str | None:
    """Months (weeks when negative) as an ISO 8601 duration: 12 -> 'P1Y', -2 -> 'P2W'."""
    if months == 0:
        return None
    if months < 0:
        return f"P{-months}W"
    return f"P{months // 12}Y" if months % 12 == 0 else f"P{months}M"


def _per(times: str, unit: str) -> str | None:
    """'twice a year' -> every six months; only the splits that come out even."""
    count = {"once": 1, "twice": 2}.get(times) or _NUMBERS.get(times.split()[0], 0)
    months = {"week": -1, "semana": -1, "semaine": -1, "month": 1, "mes": 1, "mois": 1}.get(
        unit, 12
    )
    if months < 0:
        return "P1W" if count == 1 else None
    if months == 1:
        return {1: "P1M", 2: "P2W", 4: "P1W"}.get(count)
    return _duration(12 // count) if count and 12 % count == 0 else None


# -- the years a plan covers ---------------------------------------------------------------

_PLAN_RANGE = re.compile(
    r"(?<![\d/.])(?P<y1>(?:19|20)\d\d)(?:\s*[-–—/]\s*|\s+(?:a|al|to|ate|au|until)\s+)"
    r"(?P<y2>(?:19|20)\d\d|\d\d)(?![\d/.])"
)
_PLAN_YEAR = re.compile(r"(?<!\d)(?<!\d[./])(?P<y>(?:19|20)\d\d)(?!\d)")


def period_span(texts: Iterable[str]) -> tuple[int, int] | None:
    """'Plan de Acción 2015-2017' -> (2015, 2017); 'Work Plan 2012-13' -> (2012, 2013).

    The first range in the title or headings wins; without one, the first year.
    """
    single: int | None = None
    for text in texts:
        folded = fold(text)
        for match in _PLAN_RANGE.finditer(folded):
            first, last = _span_years(match.group("y1"), match.group("y2"))
            if last is not None:
                return first, last
        if single is None and (year := _PLAN_YEAR.search(folded)):
            single = int(year.group("y"))
    return (single, single) if single is not None else None
