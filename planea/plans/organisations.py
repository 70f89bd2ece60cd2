"""Telling what kind of organisation, or of funding, a name in a plan refers to.

Plans name who leads an activity and who pays for it in free text ("Grupo de
trabajo en datos abiertos", "Secretaria Técnica y BID", "Proyecto BPR/BID").
These classifiers turn such a name into a kind so that the database can keep
countries, bodies, working groups and partners apart. They only guess from the
wording: an administrator can always correct the kind afterwards.
"""

from __future__ import annotations

import re

from planea.core.text import words

# The kinds, spelled as stored; models.py turns them into translated choices.
COUNTRY = "country"
WORKING_GROUP = "working_group"
BODY = "body"
PARTNER = "partner"
ROLE = "role"
OTHER = "other"

# The 33 countries of Latin America and the Caribbean, as the network's
# documents name them in Spanish.
LAC_COUNTRIES: tuple[str, ...] = (
    "Antigua y Barbuda",
    "Argentina",
    "Bahamas",
    "Barbados",
    "Belice",
    "Bolivia",
    "Brasil",
    "Chile",
    "Colombia",
    "Costa Rica",
    "Cuba",
    "Dominica",
    "Ecuador",
    "El Salvador",
    "Granada",
    "Guatemala",
    "Guyana",
    "Haití",
    "Honduras",
    "Jamaica",
    "México",
    "Nicaragua",
    "Panamá",
    "Paraguay",
    "Perú",
    "República Dominicana",
    "San Cristóbal y Nieves",
    "San Vicente y las Granadinas",
    "Santa Lucía",
    "Surinam",
    "Trinidad y Tobago",
    "Uruguay",
    "Venezuela",
)

# International organisations that fund or partner with the network, by the
# acronym the plans use, with their full names for display.
PARTNERS: dict[str, str] = {
    "BID": "Banco Interamericano de Desarrollo",
    "ALADI": "Asociación Latinoamericana de Integración",
    "OEA": "Organización de los Estados Americanos",
    "CEPAL": "Comisión Económica para América Latina y el Caribe",
    "CAF": "Banco de Desarrollo de América Latina",
    "OCDE": "Organización para la Cooperación y el Desarrollo Económicos",
}

_COUNTRY_KEYS = frozenset(words(name) for name in LAC_COUNTRIES)
_PARTNER_KEYS = frozenset(words(acronym) for acronym in PARTNERS)

# Matched against words(name): lower case, no accents, no punctuation.
_BODY = re.compile(
    r"^(comite ejecutivo|secretaria tecnica|asamblea|gerencia|presidencia|reunion anual)\b"
)
_WORKING_GROUP = re.compile(r"^(grupo|grupos|gt|gct|subgrupo|mesa)\b|\b(gt|gct)$")
_ROLE = re.compile(r"^(pais|paises) (presidente|anfitrion|sede|coordinador)\b")


def kind_for(name: str) -> str:
    """The kind of organisation that `name` most likely refers to.

    >>> kind_for("Secretaria Técnica")
    'body'
    >>> kind_for("Grupo de trabajo en datos abiertos")
    'working_group'
    """
    key = words(name)
    if key in _COUNTRY_KEYS:
        return COUNTRY
    if key in _PARTNER_KEYS:
        return PARTNER
    if _ROLE.search(key):
        return ROLE
    if _BODY.search(key):
        return BODY
    if _WORKING_GROUP.search(key):
        return WORKING_GROUP
    return OTHER


# Funding kinds, spelled as stored.
PROJECT = "project"
COOPERATION = "cooperation"
IN_KIND = "in_kind"
UNDECIDED = "undecided"

_UNDECIDED = re.compile(r"^(a definir|por definir|a determinar|pendiente|sin definir)\b")
_IN_KIND = re.compile(r"\b(trabajo voluntario|voluntari[oa]s?|recursos propios|en especie)\b")
_COOPERATION = re.compile(r"\bcooperacion\b")
_PROJECT = re.compile(r"\b(proyecto|programa|bpr)\b")


def funding_kind_for(name: str) -> str:
    """The kind of funding a "Recursos:" entry describes.

    >>> funding_kind_for("A definir")
    'undecided'
    >>> funding_kind_for("Cooperación Técnica del BID")
    'cooperation'
    """
    key = words(name)
    if _UNDECIDED.search(key):
        return UNDECIDED
    if _IN_KIND.search(key):
        return IN_KIND
    if _COOPERATION.search(key):
        return COOPERATION
    if _PROJECT.search(key):
        return PROJECT
    return OTHER


def funder_acronym(name: str) -> str | None:
    """The partner behind a funding source, when its name mentions one.

    "Proyecto BPR/BID" and "Cooperación Técnica del BID" are both paid by the
    BID, so both point at the BID organisation.
    """
    found = set(words(name).split())
    for acronym in PARTNERS:
        if words(acronym) in found:
            return acronym
    return None
