"""The words plans are written with, in Spanish, Portuguese and English.

Every table is keyed by folded text (no accents, no case), so that
"Liderança", "liderança" and "Lideranca" all find the same entry.
"""

from __future__ import annotations

import re

from .text import fold

# Field labels -> (field, plural). `plural` marks labels that introduce a list
# ("Productos: A, B, C"), as opposed to a single value that may hold commas.
LABELS: dict[str, tuple[str, bool]] = {}


def _labels(field: str, names: str, plural: bool = False) -> None:
    for name in names.split("|"):
        LABELS[fold(name)] = (field, plural)


_labels("product", "Producto|Produto|Product|Deliverable|Entregable|Entregável|Output")
_labels(
    "product",
    "Productos|Produtos|Products|Deliverables|Entregables|Entregáveis|Outputs|"
    "Resultados esperados|Expected outputs",
    plural=True,
)
_labels(
    "resources",
    "Recursos|Recurso|Resources|Funding|Funding source|Funding sources|Financiamiento|"
    "Financiación|Fuente de financiamiento|Fuentes de financiamiento|Financiamento|"
    "Fonte de financiamento|Fontes de recursos",
)
_labels(
    "leads",
    "Liderazgo del compromiso|Liderazgo|Líder|Lidera|Responsable|Responsables|"
    "Liderança|Liderança do compromisso|Responsável|Responsáveis|"
    "Lead|Leads|Led by|Leadership|Responsible",
)
_labels(
    "details",
    "Detalles|Detalle|Lugar y fecha|Fecha y lugar|Detalhes|Local e data|Details|Place and date",
)
_labels("objective", "Objetivo|Objetivos|Objective|Objectives|Aim|Goal")
_labels("note", "Nota|Notas|Note|Notes|Observación|Observaciones|Observação|Observações")

# Canonical labels used when writing a plan back, per language.
CANONICAL_LABELS = {
    "es": {
        "objective": "Objetivo",
        "details": "Detalles",
        "product": "Producto",
        "resources": "Recursos",
        "leads": "Liderazgo",
        "note": "Nota",
    },
    "pt": {
        "objective": "Objetivo",
        "details": "Detalhes",
        "product": "Produto",
        "resources": "Recursos",
        "leads": "Liderança",
        "note": "Nota",
    },
    "en": {
        "objective": "Objective",
        "details": "Details",
        "product": "Product",
        "resources": "Resources",
        "leads": "Lead",
        "note": "Note",
    },
}

# Section headers naming each period, written back per language.
CANONICAL_PERIODS = {
    "es": {
        "S1": "Actividades primer semestre",
        "S2": "Actividades segundo semestre",
        "ANNUAL": "Actividades de carácter anual",
    },
    "pt": {
        "S1": "Atividades do primeiro semestre",
        "S2": "Atividades do segundo semestre",
        "ANNUAL": "Atividades de caráter anual",
    },
    "en": {
        "S1": "First semester activities",
        "S2": "Second semester activities",
        "ANNUAL": "Year-round activities",
    },
}

# Words that betray a document's language; labels shared by Spanish and
# Portuguese ("Recursos", "Objetivo") say nothing and are left out.
LANGUAGE_MARKERS = {
    "es": {
        "producto", "productos", "liderazgo", "detalles", "detalle", "actividades", "primer",
        "caracter", "del", "responsable", "financiamiento", "entregable", "entregables",
    },
    "pt": {
        "produto", "produtos", "lideranca", "detalhes", "atividades", "primeiro",
        "responsavel", "financiamento", "do", "carater", "entregavel", "entregaveis",
    },
    "en": {
        "product", "products", "deliverable", "deliverables", "lead", "leads", "resources",
        "details", "activities", "first", "second", "semester", "annual", "half", "funding",
    },
}  # fmt: skip

# Free-text parts of a plan before its areas, and the heading of the areas.
FREE_SECTIONS = {
    fold(name)
    for name in (
        "Antecedentes", "Finalidad", "Finalidade", "Background", "Purpose", "Introducción",
        "Introdução", "Introduction", "Contexto", "Context", "Objetivo general", "Objetivo geral",
        "General objective", "Presentación", "Apresentação", "Foreword", "Justificación",
        "Justificativa", "Rationale", "Misión", "Visión", "Missão", "Visão", "Mission", "Vision",
    )
}  # fmt: skip
AREAS_HEADING = re.compile(
    r"\b(areas?|lineas? de accion|linhas? de acao|ejes?|eixos?|work areas?|areas? of work|"
    r"lines of action|plan de accion|plano de acao|action plan|actividades|atividades|activities)\b"
)

# Period cues in section headers, on folded words.
_ANNUAL = re.compile(
    r"\b(anual|anuales|annual|anuais|year[- ]?round|whole year|all year|todo el ano|"
    r"todo o ano|ano inteiro|full year|yearly)\b"
)
_SEMESTER = re.compile(r"\b(semestre|semester|semesters|half|semestral)\b")
_FIRST = re.compile(r"\b(prim\w*|first|1(?:er|ro|o|st)?|i)\b")
_SECOND = re.compile(r"\b(seg\w*|second|2(?:do|o|nd)?|ii)\b")


def period_of(header: str) -> str | None:
    """The period a section header announces: 'S1', 'S2', 'ANNUAL' or None.

    Forgiving on purpose: "segundoi semestre" is still the second semester.
    """
    words = fold(header).replace("º", "o").replace("°", "o")
    if _ANNUAL.search(words):
        return "ANNUAL"
    if _SEMESTER.search(words):
        if _SECOND.search(words):
            return "S2"
        if _FIRST.search(words):
            return "S1"
    return None


def detect_language(folded_words: list[str]) -> str:
    scores = dict.fromkeys(LANGUAGE_MARKERS, 0)
    for word in folded_words:
        for language, markers in LANGUAGE_MARKERS.items():
            if word in markers:
                scores[language] += 1
    best = max(scores, key=lambda language: (scores[language], language == "es"))
    return best if scores[best] else "es"
