"""What an area's note says of all its activities.

Area 4 of the 2017 Red GEALC plan ends with "Nota: Las actividades se
realizan con recursos del trabajo voluntario de los países y son coordinadas
por el Grupo de Trabajo de Red Gealc en Medición del Gobierno Digital." --
funding and lead for every activity of the area that does not name its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import split_names
from .text import fold_in_place

_ARTICLE = r"(?:(?:el|la|los|las|o|a|os|as|the)\s+)?"
_FUNDING = re.compile(
    r"\b(?:(?:con|com|with)\s+(?:los\s+|os\s+)?(?:recursos|fondos|fundos|resources|funds|funding)"
    r"\s+(?:provenientes\s+|provided\s+)?(?:del|de\s+la|de\s+los|de|do|da|dos|das|from|of)\s+"
    r"|(?:financiad[oa]s?|financiad[oa]s?|funded|financed)\s+(?:por|pelo|pela|by|con|com|with)\s+"
    + _ARTICLE
    + r")(?P<name>.+?)"
    r"(?=\s+(?:y|e|and)\s+(?:son|sao|are|is|es|sera|seran|serao|will|estan)\b|[.;]|$)"
)
_LEAD = re.compile(
    r"\b(?:coordinad[oa]s?|coordenad[oa]s?|coordinated|liderad[oa]s?|led|a\s+cargo)\s+"
    r"(?:por|pelo|pela|by|de|del|do|da)\s+" + _ARTICLE + r"(?P<name>.+?)(?=[.;]|$)"
)


@dataclass(slots=True)
class AreaNote:
    funding: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    line: int | None = None

    def __bool__(self) -> bool:
        return bool(self.funding or self.leads)

    def describe(self) -> list[str]:
        return [what for what, found in (("funding", self.funding), ("lead", self.leads)) if found]


def read(notes: list[tuple[str, int]]) -> AreaNote:
    """The funding and coordinators named in an area's notes, with the note's line."""
    result = AreaNote()
    for text, line in notes:
        folded = fold_in_place(text)
        for pattern, found in ((_FUNDING, result.funding), (_LEAD, result.leads)):
            match = pattern.search(folded)
            if match and not found:
                names = split_names(text[match.start("name") : match.end("name")])
                found.extend(_capitalised(name) for name in names)
                result.line = result.line or line
    return result


def _capitalised(name: str) -> str:
    """'trabajo voluntario de los países' -> 'Trabajo voluntario de los países'."""
    return name[:1].upper() + name[1:]
