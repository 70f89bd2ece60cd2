"""What a layout found of one activity, before it is given meaning.

Every layout but the coded one fills `Draft`s with text as written; `build`
(in `assemble.py`) turns them into the plan's areas and activities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..blocks import Where
from ..text import fold_in_place, squash
from .fields import NUMBERED_LABEL


@dataclass(slots=True)
class Draft:
    title: str
    where: Where
    area: str = ""
    area_where: Where | None = None
    code: str = ""
    leads: list[str] = field(default_factory=list)
    due: str = ""
    starts: str = ""
    products: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    frequency: str = ""
    # Dated targets ("06/16: Diseñados indicadores…"): the latest date is the deadline.
    milestones: list[str] = field(default_factory=list)
    cancelled: bool = False

    def add(self, name: str, value: str | list[str]) -> None:
        """Record a field's value as the document gave it."""
        values = [squash(v) for v in ([value] if isinstance(value, str) else value)]
        values = [v for v in values if v and v not in ("-", "–", "—", "n/a", "N/A")]
        if not values:
            return
        if name == "leads":
            self.leads.extend(values)
        elif name == "product":
            self.products.extend(values)
        elif name == "resources":
            self.resources.extend(values)
        elif name == "due" and not self.due:
            self.due = " ".join(values)
        elif name == "span":
            # "January 2023 – June 2025": the start and the deadline in one.
            self.starts = self.starts or " ".join(values)
            self.due = self.due or " ".join(values)
        elif name == "starts" and not self.starts:
            self.starts = " ".join(values)
        elif name == "frequency" and not self.frequency:
            self.frequency = " ".join(values)
        elif name == "code" and not self.code:
            self.code = values[0]
        elif name == "milestones":
            self.milestones.extend(values)
        elif name in ("details", "indicator", "activities", "status", "contact"):
            self.details.extend(values)

    @property
    def field_count(self) -> int:
        due = self.due or self.milestones
        return sum(bool(v) for v in (self.leads, due, self.products, self.resources))


# "MP_I_01 - Title", "1.2 Title", "3) Title", "A1: Title", "COMPROMISO NRO. 1: TITLE".
_CODE = re.compile(
    r"^(?P<code>(?:[A-Z]{1,6}[_.-]?)?(?:[A-Z]{1,4}[_.-])*\d{1,3}(?:[._-]\d{1,3}){0,3}"
    r"|[ivxlc]{1,6}|[IVXLC]{1,6}|[a-zA-Z])"
    r"(?P<sep>\s*[.):–—-]\s+|\s+[–—-]\s+|\.\s*|\)\s*|\s+(?=[A-ZÁÉÍÓÚÂÊÔÃÕÇ]))(?P<title>\S.*)$"
)
_CANCELLED = re.compile(
    r"^\s*[\[(]?\s*(?:cancelad[oa]|cancelled|canceled|annul[ée]e?|postergad[oa]|aplazad[oa]|"
    r"adiad[oa]|postponed|report[ée]e?|suspendid[oa]|suspended|withdrawn|retirad[oa])\b",
    re.IGNORECASE,
)


def split_code(text: str) -> tuple[str, str]:
    """('MP_I_01', 'Patrimônio da União') from 'MP_I_01 - Patrimônio da União'."""
    text = squash(text)
    numbered = NUMBERED_LABEL.match(fold_in_place(text))
    if numbered:
        return text[: numbered.end("code")], text[numbered.start("title") :]
    match = _CODE.match(text)
    if match and len(match.group("title")) > 3:
        code = match.group("code")
        roman_or_letter = not any(c.isdigit() for c in code)
        # "A new approach" is not item A; a letter or numeral needs a ")" or "." right after.
        if roman_or_letter and not re.match(r"[.)]", match.group("sep")):
            return "", text
        return code, match.group("title")
    return "", text


def is_cancelled_note(text: str) -> bool:
    return bool(_CANCELLED.match(text))
