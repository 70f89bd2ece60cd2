"""Properties over many documents: nothing escapes but PlanParseError, and
what was read writes back and reads again to the same plan."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planea import planfile
from planea.planfile import PlanParseError

from .conftest import SEED

pytestmark = pytest.mark.slow  # 150 generated documents a property

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
TRICKY_LINES = [
    "", "1. Área nueva", "7. Otra área", "1.1. Actividades primer semestre 2017",
    "3.2- Actividades de carácter anual", "9.9.ix- Actividad", "1.1.i-", "Producto:",
    "Productos: a, b; c", "Recursos: A definir", "Liderazgo: Comité Ejecutivo y BID",
    "Liderança: Secretaria Técnica", "Nota: coordinadas por el Grupo de Trabajo.",
    "Objetivo:", "IV. ANEXO", "ANTECEDENTES", "Presupuesto: 100", "Detalles: Lima, 31 de febrero",
    "2017", "Detalles: en el marco de", "V Abrelatam", "Tres", "cada dos meses", ":", "1.",
    "I.", "1.1", "1.1.", "\t", "Ω≈ç√∫", "\u0301", "١٢٣", "1. 1. i- espacio",
]  # fmt: skip
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def read_or_refuse(text: str) -> planfile.Plan | None:
    try:
        return planfile.parse_text(text)
    except PlanParseError as error:
        assert error.message
        return None


def assert_round_trip(plan: planfile.Plan) -> None:
    again = planfile.parse_text(planfile.render_text(plan))
    assert again.structure() == plan.structure()
    assert planfile.from_json(planfile.to_json(plan)).to_dict() == plan.to_dict()


@st.composite
def mutated_seed(draw) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 8))):
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "edit"]))
        at = draw(st.integers(0, len(lines) - 1))
        if operation == "delete" and len(lines) > 1:
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, lines[at])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif operation == "insert":
            lines.insert(at, draw(st.sampled_from(TRICKY_LINES) | st.text(max_size=40)))
        else:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=5)) + line[cut + 1 :]
    return "\n".join(lines)


@st.composite
def generated_plan(draw) -> str:
    """A plan written from scratch in the seed's layout, with random words."""
    words = st.text(st.characters(categories=["L"]), min_size=1, max_size=8)
    phrase = st.lists(words, min_size=1, max_size=6).map(" ".join)
    year = draw(st.integers(1990, 2060))
    out = [f"PLAN {draw(phrase)} {year}"]
    for heading in draw(st.lists(st.sampled_from(["ANTECEDENTES", "FINALIDAD"]), max_size=2)):
        out += [f"I. {heading}", draw(phrase), ""]
    for area in range(1, draw(st.integers(1, 3)) + 1):
        out.append(f"{area}. {draw(phrase)}")
        if draw(st.booleans()):
            out.append(f"Objetivo: {draw(phrase)}")
        for section in range(1, draw(st.integers(1, 3)) + 1):
            period = draw(
                st.sampled_from(["primer semestre", "segundo semestre", "de carácter anual"])
            )
            out.append(f"{area}.{section}- Actividades {period} {year}")
            for item in range(1, draw(st.integers(1, 3)) + 1):
                number = draw(st.sampled_from(["", "Tres ", "Un ", "Diez "]))
                out.append(f"{area}.{section}.{'i' * item}- {number}{draw(phrase)}")
                for label in draw(st.lists(st.sampled_from(
                    ["Producto", "Productos", "Recursos", "Liderazgo", "Detalles"]
                ), max_size=4)):  # fmt: skip
                    out.append(f"{label}: {draw(phrase)}")
        if draw(st.booleans()):
            out.append(f"Nota: coordinadas por el {draw(phrase)}.")
    return "\n".join(out)


@PROPERTY_SETTINGS
@given(st.text())
def test_arbitrary_text_is_read_or_refused_with_a_parse_error(text):
    read_or_refuse(text)


@PROPERTY_SETTINGS
@given(
    st.binary(),
    st.sampled_from(["plan.txt", "plan.docx", "plan.pdf", "plan.json", "plan", "x.doc"]),
)
def test_arbitrary_bytes_are_read_or_refused_with_a_parse_error(data, filename):
    try:
        planfile.read_bytes(data, filename)
    except PlanParseError as error:
        assert error.message


@PROPERTY_SETTINGS
@given(mutated_seed())
def test_a_mutated_seed_is_read_or_refused_and_what_is_read_round_trips(text):
    plan = read_or_refuse(text)
    if plan is not None:
        assert_round_trip(plan)


@PROPERTY_SETTINGS
@given(generated_plan())
def test_a_generated_plan_round_trips(text):
    plan = planfile.parse_text(text)
    assert_round_trip(plan)


def test_the_seed_round_trips(seed_plan):
    assert_round_trip(seed_plan)
    rendered = planfile.render_text(seed_plan)
    assert planfile.render_text(planfile.parse_text(rendered)) == rendered
