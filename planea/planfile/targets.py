"""Targets: how many of a product an activity commits to.

A target is read from the head of a phrase -- "Tres intercambios",
"Realizar una reunión virtual cada dos meses", "Generación de un documento" --
never from a number deeper in the sentence, which usually describes
something else ("para cada uno de los 8 desafíos", "excelGOB 2016",
"V Abrelatam", "Quinto taller").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Target
from .text import fold

_UNITS_ES = {
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiun": 21,
    "veintiuno": 21,
    "veintiuna": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
}
_UNITS_PT = {
    "um": 1,
    "uma": 1,
    "dois": 2,
    "duas": 2,
    "tres": 3,
    "quatro": 4,
    "cinco": 5,
    "seis": 6,
    "sete": 7,
    "oito": 8,
    "nove": 9,
    "dez": 10,
    "onze": 11,
    "doze": 12,
    "treze": 13,
    "catorze": 14,
    "quatorze": 14,
    "quinze": 15,
    "dezesseis": 16,
    "dezasseis": 16,
    "dezessete": 17,
    "dezassete": 17,
    "dezoito": 18,
    "dezenove": 19,
    "dezanove": 19,
    "vinte": 20,
    "trinta": 30,
    "quarenta": 40,
    "cinquenta": 50,
    "sessenta": 60,
    "setenta": 70,
    "oitenta": 80,
    "noventa": 90,
    "cem": 100,
    "cento": 100,
}
_UNITS_EN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
# "dos" is "of the" in Portuguese and "a" is "to" in Spanish: words are only
# read as numbers in the plan's own language.
NUMBER_WORDS = {"es": _UNITS_ES, "pt": _UNITS_PT, "en": _UNITS_EN}
_TENS_JOINER = {"es": "y", "pt": "e", "en": None}

# "cada dos meses", "a cada três meses", "every two months", "every month"
_EVERY = {"cada", "every"}
_TIME_UNITS = {
    "mes": "M", "meses": "M", "month": "M", "months": "M", "mês": "M",
    "semana": "W", "semanas": "W", "week": "W", "weeks": "W",
    "trimestre": "Q", "trimestres": "Q", "quarter": "Q", "quarters": "Q",
    "semestre": "S", "semestres": "S", "semester": "S", "semesters": "S",
}  # fmt: skip
_ADJECTIVES = {
    "bimensual": "P2M", "bimensuales": "P2M", "bimestral": "P2M", "bimestrales": "P2M",
    "bimestrais": "P2M", "bimonthly": "P2M", "bi-monthly": "P2M",
    "mensual": "P1M", "mensuales": "P1M", "mensal": "P1M", "mensais": "P1M", "monthly": "P1M",
    "trimestral": "P3M", "trimestrales": "P3M", "trimestrais": "P3M", "quarterly": "P3M",
    "semestral": "P6M", "semestrales": "P6M", "semestrais": "P6M", "semiannual": "P6M",
    "biannual": "P6M", "semanal": "P1W", "semanales": "P1W", "semanais": "P1W",
    "weekly": "P1W", "quincenal": "P2W", "quincenales": "P2W", "quinzenal": "P2W",
    "quinzenais": "P2W", "fortnightly": "P2W", "biweekly": "P2W",
}  # fmt: skip
# Words after which a number is not counting products: durations, dates, years.
_NOT_UNITS = set(_TIME_UNITS) | {
    "dias",
    "dia",
    "days",
    "day",
    "anos",
    "ano",
    "years",
    "year",
    "horas",
    "hours",
    "veces",
    "vezes",
    "times",
    "de",
    "del",
    "do",
    "da",
    "of",
    "y",
    "e",
    "and",
    "o",
    "or",
    "la",
    "el",
    "los",
    "las",
    "the",
    "por",
    "ciento",
    "cento",
    "percent",
    "mil",
    "thousand",
}
_PREPOSITIONS = {"on", "in", "for", "with", "to", "at", "by", "about", "from", "per"}
# Words that may stand between a leading verb and its number.
_SKIPPABLE = {"al", "menos", "at", "least", "pelo", "por", "lo", "ao", "hasta", "up", "to"}
_NOMINAL_LINKS = {"de", "of", "da", "do"}

_TOKEN = re.compile(r"[\w'-]+")


@dataclass(slots=True)
class _Found:
    quantity: int
    unit: str
    recurrence: str | None = None


def find_targets(title: str, products: list[str], period: str, language: str) -> list[Target]:
    """Targets of an activity, each tied to the product it counts."""
    months = 12 if period == "ANNUAL" else 6
    targets: list[Target] = []
    found = _read(title, months, language)
    if found:
        targets.append(
            Target(found.quantity, found.unit, found.recurrence, 0 if products else None)
        )
    for index, product in enumerate(products):
        found = _read(product, months, language)
        if not found:
            continue
        # The title and the product often say the same thing twice
        # ("reunión cada dos meses" / "Actas de las reuniones"): keep one.
        if targets and targets[0].product == index:
            continue
        targets.append(Target(found.quantity, found.unit, found.recurrence, index))
    return targets


def _read(text: str, months: int, language: str) -> _Found | None:
    words = _TOKEN.findall(text)
    folded = [fold(word) for word in words]
    numbers = NUMBER_WORDS.get(language, _UNITS_ES)
    recurring = _recurrence(words, folded, months, numbers, language)
    if recurring:
        return recurring
    head = _head_number(folded, numbers, language)
    if head is None:
        return None
    position, quantity, width = head
    unit = _unit_after(words, folded, position + width, language)
    return _Found(quantity, unit) if unit else None


def _number_at(
    folded: list[str], i: int, numbers: dict[str, int], language: str
) -> tuple[int, int] | None:
    """(value, words used) of a number written at position i, in words or digits."""
    if i >= len(folded):
        return None
    word = folded[i]
    if word.isdigit():
        # Years and long numbers are never quantities of products.
        if len(word) > 3:
            return None
        return int(word), 1
    value = numbers.get(word)
    if value is None:
        return None
    joiner = _TENS_JOINER.get(language)
    if (
        joiner
        and value >= 20
        and value % 10 == 0
        and i + 2 < len(folded)
        and folded[i + 1] == joiner
        and 0 < numbers.get(folded[i + 2], 0) < 10
    ):
        return value + numbers[folded[i + 2]], 3
    return value, 1


def _head_number(
    folded: list[str], numbers: dict[str, int], language: str
) -> tuple[int, int, int] | None:
    """A number at the head of the phrase: first word, or after a leading verb
    ("Realizar tres …"), or after a leading noun and its "de" ("Generación de un …")."""
    candidates = [0, 1]
    if len(folded) > 1 and folded[1] in _NOMINAL_LINKS:
        candidates.append(2)
    for position in candidates:
        # Let "al menos", "at least", "up to" stand before the number.
        while position < len(folded) and position > 0 and folded[position] in _SKIPPABLE:
            position += 1
        found = _number_at(folded, position, numbers, language)
        if found:
            return position, found[0], found[1]
    return None


def _unit_after(words: list[str], folded: list[str], i: int, language: str) -> str:
    """The counted noun: the next word in Spanish and Portuguese ("tres
    intercambios regionales"); in English the last word before a preposition,
    because adjectives come first ("three regional workshops on …")."""
    if not _is_word(words, folded, i):
        return ""
    if language != "en":
        return words[i]
    end = i
    while end + 1 < len(words) and end - i < 2 and _is_word(words, folded, end + 1):
        end += 1
    return words[end]


def _is_word(words: list[str], folded: list[str], i: int) -> bool:
    return (
        i < len(words)
        and folded[i] not in _NOT_UNITS
        and folded[i] not in _ADJECTIVES
        and folded[i] not in _PREPOSITIONS
        and words[i][0].isalpha()
    )


def _recurrence(
    words: list[str], folded: list[str], months: int, numbers: dict[str, int], language: str
) -> _Found | None:
    """'reuniones bimensuales', 'una reunión cada dos meses', 'monthly meetings'.

    The recurring thing is the noun next to the adjective -- after it in
    English, before it in Spanish and Portuguese -- or, before "cada"/"every",
    the noun that follows its number in Spanish and Portuguese and the one
    just before "every" in English.
    """
    if _EVERY.isdisjoint(folded) and _ADJECTIVES.keys().isdisjoint(folded):
        return None
    for i, word in enumerate(folded):
        if word in _ADJECTIVES:
            step = _ADJECTIVES[word]
            j = i + 1 if language == "en" else i - 1
            unit = words[j] if 0 <= j < len(words) and _is_word(words, folded, j) else ""
            if not unit:
                continue
            return _Found(_occurrences(step, months), unit, step)
        if word in _EVERY:
            every = _every(folded, i + 1, numbers)
            if every is None:
                continue
            quantity, unit = _counted_before(words, folded, i, numbers, language)
            if not unit:
                continue
            return _Found(quantity * _occurrences(every, months), unit, every)
    return None


def _every(folded: list[str], i: int, numbers: dict[str, int]) -> str | None:
    """'dos meses' -> 'P2M'; 'mes' -> 'P1M'; 'other month' -> 'P2M'."""
    count = 1
    if i < len(folded) and folded[i] in ("other", "otro"):
        count, i = 2, i + 1
    elif i < len(folded) and (folded[i].isdigit() or folded[i] in numbers):
        count = int(folded[i]) if folded[i].isdigit() else numbers[folded[i]]
        i += 1
    if i >= len(folded) or folded[i] not in _TIME_UNITS:
        return None
    unit = _TIME_UNITS[folded[i]]
    if unit == "Q":
        return f"P{3 * count}M"
    if unit == "S":
        return f"P{6 * count}M"
    return f"P{count}{unit}"


def _counted_before(
    words: list[str], folded: list[str], i: int, numbers: dict[str, int], language: str
) -> tuple[int, str]:
    """What recurs before 'cada': 'una reunión virtual cada …' -> (1, 'reunión')."""
    for j in range(i - 1, -1, -1):
        if (folded[j] in numbers or folded[j].isdigit()) and j + 1 < i:
            value = int(folded[j]) if folded[j].isdigit() else numbers[folded[j]]
            noun = i - 1 if language == "en" else j + 1
            return value, words[noun] if _is_word(words, folded, noun) else ""
    if i > 0 and _is_word(words, folded, i - 1):
        return 1, words[i - 1]
    return 1, ""


def _occurrences(step: str, months: int) -> int:
    """How many times something every `step` happens in `months` months."""
    amount, unit = int(step[1:-1]), step[-1]
    if unit == "M":
        return max(1, months // amount)
    weeks = 52 if months == 12 else 26
    return max(1, weeks // amount)
