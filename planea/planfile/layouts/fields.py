"""What a table column or a label names, in Spanish, Portuguese, English and French.

A plan table says which column is which in its header ("Actividad",
"Responsable", "Plazo"; "Task", "Lead Panel member", "Finish date";
"Actions", "Ministère", "Echéances"); a plan in prose says it with labels
("Unidade responsável:", "Meta/Prazo:", "ENTIDAD(ES) RESPONSABLE(S):"). Both
are read with the same vocabulary: the first field whose words appear in the
folded text wins, so the more specific phrases come first.
"""

from __future__ import annotations

import re

from ..text import fold

# The fields a table column may be mapped to (`--column lead="Unidade responsável"`).
COLUMN_FIELDS = ("title", "code", "leads", "due", "starts", "product", "resources", "area",
                 "details")  # fmt: skip
FIELDS = (
    "title", "code", "leads", "due", "starts", "product", "resources", "area", "details",
    "status", "indicator", "frequency", "activities", "contact", "milestones", "span",
)  # fmt: skip

# (field, phrases) in order of precedence; phrases are folded and matched as
# whole words anywhere in the header or label.
_VOCABULARY: list[tuple[str, str]] = [
    ("span", "start and end date|start and end dates|start and end|fecha de inicio y fin|"
             "fecha de inicio y finalizacion|fechas de inicio y fin|inicio y fin|inicio y termino|"
             "data de inicio e fim|inicio e fim|inicio e termino|date de debut et de fin|"
             "debut et fin|periodo de ejecucion|periodo de implementacion|periodo de execucao|"
             "implementation period|duration|duracion|duracao|duree|vigencia"),
    ("starts", "fecha de inicio|fecha inicio|data de inicio|data inicial|start date|start|"
               "starts|inicio|debut|date de debut|commencement|comienzo"),
    ("due", "fecha limite|fecha de finalizacion|fecha de termino|fecha fin|fecha de entrega|"
            "finish date|end date|due date|completion date|deadline|due|plazo|prazo|"
            "periodo previsto|meta/prazo|meta prazo|echeance|echeances|date de fin|"
            "calendrier|cronograma|calendario|timeline|timeframe|fechas|fecha|datas|data|date|dates|"
            "when|cuando|quando|finish|termino|periodo|period|trimestre|semestre"),
    ("frequency", "frequencia de atualizacao|frecuencia|frequencia|frequency|periodicidad|"
                  "periodicidade|periodicite"),
    ("contact", "personas responsables|persona responsable|pessoas responsaveis|"
                "pessoa responsavel|contact person|contact persons|contacto|contato|"
                "punto focal|ponto focal|focal point|point de contact"),
    ("milestones", "metas|hitos|marcos|milestones|jalons|etapes|cronograma de metas"),
    ("leads", "unidade responsavel|unidad responsable|entidad responsable|entidades responsables|"
              "entidad(es) responsable(s)|organo|orgao|lead implementing agency|"
              "lead agency|lead panel member|responsable|responsables|responsavel|"
              "responsaveis|responsible|lead|leads|led by|leader|lider|liderazgo|lideranca|"
              "owner|pilote|porteur|ministere|ministerio|ministry|agency|agencia|"
              "organismo|institucion|instituicao|coordinador|coordenador|encargado|who|quien"),
    ("product", "productos|producto|produtos|produto|products|product|deliverables|"
                "deliverable|entregables|entregable|entregaveis|entregavel|outputs|output|"
                "livrables|livrable|resultados esperados|resultado esperado|"
                "expected outputs|spec|specs|specification|specifications"),
    ("resources", "recursos|recurso|resources|funding|budget|presupuesto|orcamento|"
                  "financiamiento|financiamento|financement|budget|costo|custo|cout|cost"),
    ("indicator", "indicadores|indicador|indicators|indicator|indicateur|indicateurs|"
                  "medio de verificacion|means of verification"),
    ("status", "estado|status|situacao|statut|avance|progress|progreso"),
    ("activities", "atividades|atividade|sub-actividades|subactividades|steps|etapas|"
                   "hitos|milestones"),
    ("area", "area|areas|eje|ejes|eixo|eixos|tema|temas|tematica|tematicas|thematique|"
             "thematiques|theme|themes|axe|axes|pilar|pilares|pillar|componente|component|"
             "linea de accion|linha de acao|objetivo estrategico|objetivos|objetivo|objectives|"
             "objective|desafio|"
             "challenge|programa|program"),
    ("code", "n°|nº|no.|numero|num|#|codigo|code|id|ref|item|clave|nro"),
    ("title", "nome da acao|nombre de la actividad|nombre|nome|actividades|actividad|activity|"
              "activities|tareas|tarea|tasks|task|acciones|accion|acoes|acao|actions|action|"
              "description|descripcion|descricao|compromisos|compromiso|commitments|"
              "commitment|compromissos|compromisso|engagements|engagement|iniciativas|"
              "iniciativa|initiatives|initiative|medidas|medida|mesures|mesure|measures|"
              "proyecto|projeto|project|projet|title|titulo|titre|detalle de actividades"),
    ("details", "detalles|detalle|detalhes|details|observaciones|observacoes|observations|"
                "notes|note|comentarios|comments|remarks|descripcion detallada|lugar|local|"
                "place|lieu"),
]  # fmt: skip


def _compile() -> list[tuple[str, re.Pattern[str]]]:
    compiled = []
    for name, phrases in _VOCABULARY:
        words = sorted({fold(p) for p in phrases.split("|")}, key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in words)
        compiled.append((name, re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")))
    return compiled


_PATTERNS = _compile()


def field_of(text: str, exclude: tuple[str, ...] = (), whole: bool = False) -> str | None:
    """The field a header cell or label names, or None. With `whole`, the words
    must be most of the text: "Produtos" is a label, "Theme one: access" a title."""
    folded = fold(text).strip(" :*_.")
    if not folded or len(folded) > 60:
        return None
    for name, pattern in _PATTERNS:
        match = pattern.search(folded) if name not in exclude else None
        if not match or (match.group(0) in _ONLY_ALONE and match.group(0) != folded):
            continue
        if not whole or len(match.group(0)) >= 0.6 * len(folded):
            return name
    return None


# Words that name a field only when they are the whole header: "Data" is a
# Portuguese date column, "Open data portal" is not.
_ONLY_ALONE = {"data", "date", "id", "item", "who", "when", "quien", "cuando", "quando", "num",
               "no.", "#", "ref", "lead", "period", "periodo", "program", "programa"}  # fmt: skip


# "COMPROMISO NRO. 3: TITLE", "Commitment 2 -", "Action 4.", "Compromisso nº 5:",
# "Engagement 7 :" -- a label that numbers the activity it introduces.
NUMBERED_LABEL = re.compile(
    r"^(?P<code>(?:compromiso|compromisso|commitment|engagement|accion|acao|action|"
    r"actividad|atividade|activity|iniciativa|initiative|medida|mesure|measure|meta|"
    r"milestone|hito|proyecto|projeto|project|projet|tarea|task|objetivo)s?\s*"
    r"(?:n(?:ro|o|°|º)?\.?\s*)?(?:[#]\s*)?\d{1,3}(?:\.\d{1,3})*)\s*[:.–—-]\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
