"""Plans of any size, written the way real plans are, for tests and benchmarks."""

from __future__ import annotations

import random

from .text import int_to_roman

_TOPICS = [
    "software público",
    "datos abiertos",
    "interoperabilidad",
    "identidad digital",
    "firma electrónica",
    "ciberseguridad",
    "gobierno abierto",
    "servicios digitales",
    "medición del gobierno digital",
    "trámites en línea",
]
_VERBS = ["Realizar", "Elaborar", "Publicar", "Organizar", "Coordinar", "Desarrollar"]
_THINGS = [
    ("intercambios de cooperación horizontal", "Reportes de los intercambios."),
    ("talleres regionales", "Relatoría de los talleres."),
    ("documentos de buenas prácticas", "Documentos publicados."),
    ("ediciones del boletín", "Ediciones publicadas."),
]
_NUMBERS = ["Dos", "Tres", "Cuatro", "Cinco", "Seis", "Diez"]
_LEADS = [
    "Secretaría Técnica",
    "Comité Ejecutivo",
    "Grupo de trabajo en datos abiertos",
    "Grupo de Trabajo de Red Gealc en software público",
    "BID",
    "País presidente",
]
_FUNDING = [
    "Proyecto BPR/BID", "Cooperación Técnica del BID", "Trabajo voluntario de los países",
]  # fmt: skip
_PERIODS = [
    "Actividades primer semestre {year}",
    "Actividades segundo semestre {year}",
    "Actividades de carácter anual",
]


def _roman(n: int) -> str:
    return int_to_roman(n)


def synthetic_plan_text(activities: int, year: int = 2017, seed: int = 0) -> str:
    """A plan in the seed's layout with exactly `activities` activities."""
    rng = random.Random(seed)  # noqa: S311 -- sample text, not secrets
    per_area = 24
    areas = max(1, -(-activities // per_area))
    out = [f"PLAN ANUAL DE TRABAJO {year}", "I. ANTECEDENTES", "Plan generado.", ""]
    out.append("II. ÁREAS DE TRABAJO")
    made = 0
    for a in range(1, areas + 1):
        topic = rng.choice(_TOPICS)
        out += [f"{a}. Área de {topic} {a}", f"Objetivo: Avanzar en {topic}.", ""]
        in_area = min(per_area, activities - made)
        per_section = -(-in_area // 3)
        for s in range(1, 4):
            count = min(per_section, in_area - (s - 1) * per_section)
            if count <= 0:
                break
            out.append(f"{a}.{s}- " + _PERIODS[s - 1].format(year=year))
            for i in range(1, count + 1):
                thing, product = rng.choice(_THINGS)
                title = f"{rng.choice(_NUMBERS)} {thing} sobre {topic}"
                if rng.random() < 0.3:
                    title = f"{rng.choice(_VERBS)} una reunión virtual cada dos meses sobre {topic}"
                out.append(f"{a}.{s}.{_roman(i)}- {title}.")
                if rng.random() < 0.2:
                    out.append(f"Detalles: Lima (Perú), primera quincena de abril de {year}.")
                out += [
                    f"Producto: {product}",
                    "",
                    f"Recursos: {rng.choice(_FUNDING)}.",
                    f"Liderazgo: {rng.choice(_LEADS)} y {rng.choice(_LEADS)}.",
                    "",
                ]
                made += 1
    return "\n".join(out) + "\n"
