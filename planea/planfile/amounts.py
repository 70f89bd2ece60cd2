"""Amounts of money in funding text: '€20,000', 'USD 15.000', 'R$ 10.000,00',
'(minimum €10,000)', '20 000 EUR'.

Plans name their funding sources and, now and then, what each puts in. An
amount is read only with a currency the text names unambiguously (a code or
a symbol that belongs to one currency); a bare '$' is the dollar of a dozen
countries and the peso of a dozen more, so it is left as written.

Thousands and decimal separators differ between languages ('15.000' is
fifteen thousand in Spanish, '15.50' fifteen and a half in English); the
digit groups decide: a separator followed by exactly three digits groups
thousands, one followed by one or two digits marks the decimals, and when
both appear the last one is the decimal mark.

Pure Python, like the rest of the reader. Libraries that find prices in text
(price-parser) return the symbol, not the ISO 4217 code, and the reader may
use only the format libraries (DEVELOPERS.md), so the few rules live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .model import Contribution
from .names import organisation_key
from .text import squash

# Symbols and words that name exactly one currency. Codes are matched as
# written, upper case, from ISO 4217's currencies of the Americas, Europe and
# the networks' usual partners.
_SYMBOLS = {
    "US$": "USD",
    "U$S": "USD",
    "U$D": "USD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "C$": "CAD",
    "CA$": "CAD",
    "MX$": "MXN",
    "¥": "JPY",
}
_CODE_LIST = (
    "ARS BOB BRL BZD CAD CHF CLP CNY COP CRC CUP DKK DOP EUR GBP GTQ GYD HNL HTG JMD JPY "
    "KRW MXN NIO NOK PAB PEN PYG SEK SRD TTD USD UYU VES XCD"
)
CODES = frozenset(_CODE_LIST.split(" "))

_CURRENCY = (
    "(?:"
    + "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
    + r"|(?-i:\b(?:"
    + "|".join(sorted(CODES))
    + r")\b))"
)
# Groups of three after a first group of one to three digits, separated by a
# point, a comma or a (thin, no-break) space; or plain digits; then decimals.
_NUMBER = r"\d{1,3}(?:(?:[.,]|[ \u00a0\u202f])\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_WHOLE_NUMBER = re.compile(_NUMBER)
_SCALE = (
    r"(?:\s+(?P<scale{n}>mil|millones|millón|millon|million|millions|"
    r"milhões|milhão|milhoes|milhao|thousand)\b)?"
)
_QUALIFIER = (
    r"(?P<qualifier>m[ií]nimo(?:\s+de)?|minimum(?:\s+of)?|at\s+least|al\s+menos|"
    r"por\s+lo\s+menos|pelo\s+menos|no\s+menos\s+de|not\s+less\s+than)"
)
_MONEY = re.compile(
    rf"(?:{_QUALIFIER}\s*:?\s*)?"
    rf"(?:(?P<before>{_CURRENCY})\s?(?P<number1>{_NUMBER}){_SCALE.format(n=1)}"
    rf"|(?<![\d.,])(?P<number2>{_NUMBER}){_SCALE.format(n=2)}\s?(?P<after>{_CURRENCY}))"
    r"(?![\d.,]*\d)",
    re.IGNORECASE,
)
_SCALES = {
    "mil": Decimal(1000),
    "thousand": Decimal(1000),
    "millones": Decimal(1_000_000),
    "millón": Decimal(1_000_000),
    "millon": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "milhões": Decimal(1_000_000),
    "milhão": Decimal(1_000_000),
    "milhoes": Decimal(1_000_000),
    "milhao": Decimal(1_000_000),
}
# What is left around an amount once it is taken out of a name:
# "Proyecto BID (mínimo €10.000)" -> "Proyecto BID ()" -> "Proyecto BID".
_LEFTOVER = re.compile(r"\(\s*[:;,]?\s*\)|\[\s*\]")
_JOINERS = re.compile(r"^(?:de|del|da|do|dos|das|of|from|por|by)\s+", re.IGNORECASE)
_EDGES = " \t-–—:;,/+"
# Amounts larger than the database keeps (14 digits, 2 of them decimals) are
# not amounts a plan means.
_LIMIT = Decimal(10) ** 12


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in an ISO 4217 currency, and the qualifier the plan put on it
    ('mínimo'), if any, as written."""

    amount: Decimal
    currency: str
    qualifier: str = ""


def _code(text: str) -> str:
    upper = text.upper()
    return _SYMBOLS.get(text) or _SYMBOLS.get(upper) or upper


def read_number(text: str) -> Decimal | None:
    """'15.000' -> 15000, '10,5' -> 10.5, '1.234,56' -> 1234.56, '20 000' -> 20000."""
    digits = re.sub(r"[ \u00a0\u202f]", "", text)
    marks = [c for c in digits if c in ".,"]
    whole, decimals = digits, ""
    if marks:
        head, tail = digits.rsplit(marks[-1], 1)
        if len(tail) in (1, 2):
            whole, decimals = head, tail
        whole = whole.replace(".", "").replace(",", "")
    try:
        value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    except InvalidOperation:
        return None
    return value


def is_qualifier(text: str) -> bool:
    """Whether `text` is a qualifier the reader keeps with an amount ('mínimo')."""
    return re.fullmatch(_QUALIFIER, text.strip(), re.IGNORECASE) is not None


def parse_amount(text: str) -> Decimal | None:
    """A number as a person types it in any of the plans' languages
    ('15.000,50', '15,000.50', '15 000'), or None if it is not one."""
    text = text.strip()
    return read_number(text) if _WHOLE_NUMBER.fullmatch(text) else None


def find_money(text: str) -> list[tuple[Money, tuple[int, int]]]:
    """Every amount with a named currency in `text`, with where it stands."""
    found = []
    for match in _MONEY.finditer(text):
        number = match.group("number1") or match.group("number2")
        currency = match.group("before") or match.group("after")
        scale = match.group("scale1") or match.group("scale2")
        value = read_number(number)
        if value is None:
            continue
        if scale:
            value *= _SCALES[scale.lower()]
        if value >= _LIMIT:
            continue
        money = Money(value, _code(currency), squash(match.group("qualifier") or ""))
        found.append((money, match.span()))
    return found


def split_amounts(name: str) -> tuple[str, list[Money]]:
    """A funding source as written, without its amounts, and the amounts:
    'Proyecto BPR/BID (mínimo €10.000)' -> ('Proyecto BPR/BID', [€10,000, 'mínimo']).
    A text that is nothing but an amount keeps its text and gives no amount:
    the reader does not invent whose money it is."""
    found = find_money(name)
    if not found:
        return name, []
    rest = name
    for _, (start, end) in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    rest = squash(_LEFTOVER.sub(" ", rest)).strip(_EDGES)
    rest = squash(_JOINERS.sub("", rest)).strip(_EDGES)
    if not any(c.isalpha() for c in rest):
        return name, []
    return rest, [money for money, _ in found]


def format_money(amount: Decimal, currency: str, decimal_mark: str = ",") -> str:
    """'USD 15.000' (decimal_mark ',') or 'USD 15,000' ('.'): what `find_money`
    reads back to the same amount. Cents only when there are any."""
    group = "." if decimal_mark == "," else ","
    quantized = amount.quantize(Decimal("0.01"))
    whole, cents = f"{quantized:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", group)
    text = grouped if cents == "00" else f"{grouped}{decimal_mark}{cents}"
    return f"{currency} {text}"


def funding_with_amounts(names: list[str]) -> tuple[list[str], list[tuple[str, Money]]]:
    """Funding sources as one field wrote them, without their amounts, and
    each amount with the name of its source. An amount standing alone
    ('BID; USD 15.000') is the previous source's; with none before it, it
    stays a name as written."""
    kept: list[str] = []
    amounts: list[tuple[str, Money]] = []
    for written in names:
        name, found = split_amounts(written)
        if not found and kept and find_money(written) and _only_money(written):
            found = [money for money, _ in find_money(written)]
            amounts.extend((kept[-1], money) for money in found)
            continue
        kept.append(name)
        amounts.extend((name, money) for money in found)
    return kept, amounts


def _only_money(text: str) -> bool:
    rest = text
    for _, (start, end) in reversed(find_money(text)):
        rest = rest[:start] + rest[end:]
    return not any(c.isalpha() for c in rest)


def cash_contributions(
    amounts: list[tuple[str, Money]], spellings: dict[str, str]
) -> list[Contribution]:
    """The amounts a plan states, as planned cash of their sources, each
    source spelt as the plan's other mentions of it (`spellings`, by key)."""
    return [
        Contribution(
            source=spellings.get(organisation_key(name), name),
            kind="cash",
            amount=money.amount,
            currency=money.currency,
            note=money.qualifier,
        )
        for name, money in amounts
    ]
