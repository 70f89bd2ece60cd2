"""Folding text for matching: the same word whatever its accents or case.

Folding is the parser's (`planea.planfile.text.fold`), so that search in the
web app and names read from documents agree on what "the same" means.
"""

from __future__ import annotations

import re

from planea.planfile.text import fold

__all__ = ["fold", "words"]

_NON_WORD = re.compile(r"[^\w]+")


def words(text: str) -> str:
    """`fold`, with punctuation turned into spaces: "BPR/BID." -> "bpr bid"."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())
