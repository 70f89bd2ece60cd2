"""Small text helpers shared by the parser's rules."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def squash(text: str) -> str:
    """Collapse runs of whitespace into one space and trim the ends."""
    return " ".join(text.split())


class _FoldTable(dict):
    """A str.translate table filled on first use of each character, so that
    folding runs at C speed over text seen before (which is nearly all of it)."""

    def __init__(self, keep_length: bool):
        super().__init__()
        self.keep_length = keep_length

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        # A lone combining mark (text in decomposed form) folds to nothing,
        # unless every character must keep its place.
        folded = base.casefold() if base else ("" if not self.keep_length else char)
        if self.keep_length and len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        self[code] = folded
        return folded


_FOLD = _FoldTable(keep_length=False)
_FOLD_IN_PLACE = _FoldTable(keep_length=True)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A comparison key: no accents, no case, single spaces."""
    return squash(text.translate(_FOLD))


def fold_in_place(text: str) -> str:
    """Like fold(), but one character out for every character in, so that
    positions in the result are positions in `text`."""
    return text.translate(_FOLD_IN_PLACE)


def accent_count(text: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFKD", text) if unicodedata.combining(c))


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_OK = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@lru_cache(maxsize=1024)
def roman_to_int(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral, or None."""
    numeral = numeral.lower()
    if not numeral or not _ROMAN_OK.match(numeral):
        return None
    total = 0
    for current, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN[current]
        total += -value if following and _ROMAN[following] > value else value
    return total


def int_to_roman(number: int) -> str:
    parts = []
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)


def strip_end_punctuation(text: str) -> str:
    """'Proyecto BPR/BID. ' -> 'Proyecto BPR/BID' (values end with stray periods)."""
    return text.strip().rstrip(" .;,")
