"""Names of organisations and funding sources: splitting lists, telling variants apart."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .text import accent_count, fold, squash, strip_end_punctuation

# Only a lower-case article is dropped: "La Paz" is a name, "la Secretaría" is not.
_LEADING_ARTICLE = re.compile(r"^(?:(?:el|la|los|las|o|a|os|as|the)\s+)+")
_TRAILING_YEAR = re.compile(r"(\s+(19|20)\d\d)+$")
# A list separator is only a separator when a new name starts after it:
# "Secretaría Técnica y BID" is two names, "Indicadores y medición" is one.
_SPLIT = re.compile(
    r"\s*;\s*|\s*,\s+(?=[A-ZÁÉÍÓÚÑÇÂÊÔÃÕ])|\s+(?:y|e|and|&)\s+(?=[A-ZÁÉÍÓÚÑÇÂÊÔÃÕ])"
)
_ANY_COMMA = re.compile(r"\s*;\s*|\s*,\s+|\s+(?:y|e|and|&)\s+(?=[A-ZÁÉÍÓÚÑÇÂÊÔÃÕ])")


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """'la Secretaría Técnica 2017.' -> 'Secretaría Técnica'."""
    name = squash(name)
    while True:
        cleaned = _LEADING_ARTICLE.sub("", _TRAILING_YEAR.sub("", strip_end_punctuation(name)))
        if cleaned == name:
            return name
        name = cleaned


@lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """One key per organisation, whatever accents, case, article or year the text used."""
    return fold(clean_name(name))


def split_names(text: str) -> list[str]:
    """'País anfitrión, País presidente y Secretaria Técnica' -> three names."""
    return list(_split_names(text))


@lru_cache(maxsize=16384)
def _split_names(text: str) -> tuple[str, ...]:
    # Plans repeat the same few leads and funding sources on every activity.
    parts = (clean_name(part) for part in _SPLIT.split(squash(text)))
    return tuple(part for part in parts if part)


def split_list(text: str) -> list[str]:
    """Items of a list introduced by a plural label ('Productos: A, B, C').

    Semicolons win when present, because the items may then hold commas.
    """
    text = squash(text)
    pieces = text.split(";") if ";" in text else _ANY_COMMA.split(text)
    items = (strip_end_punctuation(piece) for piece in pieces)
    return [item for item in items if item]


def preferred_spellings(names: Iterable[str]) -> dict[str, str]:
    """For each key, the spelling to show: the one with the most accents
    (documents drop accents far more often than they add wrong ones), the
    first written among equals."""
    best: dict[str, str] = {}
    for name in dict.fromkeys(names):  # each spelling once, in order
        key = organisation_key(name)
        if key not in best or accent_count(name) > accent_count(best[key]):
            best[key] = name
    return best
