"""Deadlines, periods and recurrence as people write them, in four languages."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planea.planfile.dates import MONTHS
from planea.planfile.when import MONTH_NAMES, When, period_span, read_recurrence, read_when

D = dt.date
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "plans"


@pytest.mark.parametrize(
    ("text", "starts", "due", "precision"),
    [
        # Full dates
        ("2022-06-30", None, D(2022, 6, 30), "day"),
        ("Nov 30, 2021", None, D(2021, 11, 30), "day"),
        ("30 Nov 2021", None, D(2021, 11, 30), "day"),
        ("30 de noviembre de 2021", None, D(2021, 11, 30), "day"),
        ("30 novembre 2021", None, D(2021, 11, 30), "day"),
        ("30/11/2021", None, D(2021, 11, 30), "day"),
        ("30-MAR-17", None, D(2017, 3, 30), "day"),
        ("20/05/16", None, D(2016, 5, 20), "day"),
        ("1er mars 2022", None, D(2022, 3, 1), "day"),
        ("15 de março de 2018", None, D(2018, 3, 15), "day"),
        ("On September 28, 2016", None, D(2016, 9, 28), "day"),
        ("12 févr. 2023", None, D(2023, 2, 12), "day"),
        ("3 déc. 2022", None, D(2022, 12, 3), "day"),
        # Ranges
        ("June 6-10, 2022", D(2022, 6, 6), D(2022, 6, 10), "day"),
        ("July 25-29 2022", D(2022, 7, 25), D(2022, 7, 29), "day"),
        ("April 25/26/27, 2023", D(2023, 4, 25), D(2023, 4, 27), "day"),
        ("Sep 12-16, 2022 (tentative)", D(2022, 9, 12), D(2022, 9, 16), "day"),
        ("1 al 15 de abril de 2017", D(2017, 4, 1), D(2017, 4, 15), "day"),
        ("du 1er au 15 avril 2022", D(2022, 4, 1), D(2022, 4, 15), "day"),
        ("primera quincena de abril de 2017", D(2017, 4, 1), D(2017, 4, 15), "day"),
        ("March–May 2023", D(2023, 3, 1), D(2023, 5, 31), "month"),
        ("de marzo a mayo de 2023", D(2023, 3, 1), D(2023, 5, 31), "month"),
        ("Nov 2011 - Dec 2012", D(2011, 11, 1), D(2012, 12, 31), "month"),
        ("2015-2017", D(2015, 1, 1), D(2017, 12, 31), "year"),
        ("2012-13", D(2012, 1, 1), D(2013, 12, 31), "year"),
        # Months
        ("novembro/2018", None, D(2018, 11, 30), "month"),
        ("Setembro/2018", None, D(2018, 9, 30), "month"),
        ("December 2012", None, D(2012, 12, 31), "month"),
        ("JUN-17", None, D(2017, 6, 30), "month"),
        ("06/16", None, D(2016, 6, 30), "month"),
        ("11/2018", None, D(2018, 11, 30), "month"),
        ("2022-06", None, D(2022, 6, 30), "month"),
        ("mid-March, 2022", None, D(2022, 3, 31), "month"),
        ("early Aug, 2022", None, D(2022, 8, 31), "month"),
        ("mediados de marzo de 2023", None, D(2023, 3, 31), "month"),
        ("fin juin 2022", None, D(2022, 6, 30), "month"),
        ("December 2013 (brought forward)", None, D(2013, 12, 31), "month"),
        (
            "by the end of this National Action Plan cycle in June 2017",
            None,
            D(2017, 6, 30),
            "month",
        ),
        ("January 2013; July 2013; January 2014", None, D(2014, 1, 31), "month"),
        ("06/16 y 06/17", None, D(2017, 6, 30), "month"),
        # Semesters, quarters, years
        ("S1 2022", None, D(2022, 6, 30), "semester"),
        ("S2 2022", None, D(2022, 12, 31), "semester"),
        ("1º semestre 2018", None, D(2018, 6, 30), "semester"),
        ("2º semestre de 2018", None, D(2018, 12, 31), "semester"),
        ("first half of 2023", None, D(2023, 6, 30), "semester"),
        ("H1 2023", None, D(2023, 6, 30), "semester"),
        ("T3 2022", None, D(2022, 9, 30), "quarter"),
        ("3e trimestre 2022", None, D(2022, 9, 30), "quarter"),
        ("Q3 2023", None, D(2023, 9, 30), "quarter"),
        ("4th quarter 2021", None, D(2021, 12, 31), "quarter"),
        ("2023", None, D(2023, 12, 31), "year"),
        ("end of 2023", None, D(2023, 12, 31), "year"),
        ("by the end of 2016", None, D(2016, 12, 31), "year"),
        ("early 2023", None, D(2023, 12, 31), "year"),
        ("late 2022", None, D(2022, 12, 31), "year"),
        ("fin 2022", None, D(2022, 12, 31), "year"),
        ("début 2023", None, D(2023, 12, 31), "year"),
        ("principios de 2023", None, D(2023, 12, 31), "year"),
    ],
)
def test_written_dates_give_the_end_of_what_they_name(text, starts, due, precision):
    found = read_when(text)
    assert (found.starts, found.due, found.precision) == (starts, due, precision)
    assert found.text == text


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        ("primer semestre", D(2018, 6, 30), "semester"),
        ("premier semestre", D(2018, 6, 30), "semester"),
        ("segundo semestre", D(2018, 12, 31), "semester"),
        ("3º trimestre", D(2018, 9, 30), "quarter"),
        ("third quarter", D(2018, 9, 30), "quarter"),
        ("mediados de marzo", D(2018, 3, 31), "month"),
        ("Marzo", D(2018, 3, 31), "month"),
        ("del 10 al 12 de mayo", D(2018, 5, 12), "day"),
        ("June 14", D(2018, 6, 14), "day"),
    ],
)
def test_a_date_without_a_year_takes_the_plans_year(text, due, precision):
    found = read_when(text, year=2018)
    assert (found.due, found.precision) == (due, precision)


@pytest.mark.parametrize("text", ["primer semestre", "mediados de marzo", "June 14", "Q2"])
def test_without_any_year_there_is_no_date_but_the_text_is_kept(text):
    assert read_when(text) == When(text=text)


def test_numeric_dates_are_day_first_except_in_english():
    assert read_when("05/06/2022").due == D(2022, 6, 5)
    assert read_when("05/06/2022", language="en").due == D(2022, 5, 6)
    # When one order is impossible the other is taken, whatever the language.
    assert read_when("20/05/16", language="en").due == D(2016, 5, 20)
    assert read_when("05/20/16").due == D(2016, 5, 20)


@pytest.mark.parametrize(
    "text",
    [
        "Permanente", "permanent", "ongoing", "Continuous", "CONT", "continu", "en continu",
        "contínuo", "em andamento", "en curso", "em curso",
    ],
)  # fmt: skip
def test_ongoing_work_has_no_date(text):
    found = read_when(text, year=2022)
    assert found.ongoing and found.due is None and not found.undecided


@pytest.mark.parametrize(
    "text", ["TBD", "A definir", "por definir", "à définir", "to be determined"]
)
def test_undecided_dates_are_marked_and_have_no_date(text):
    found = read_when(text)
    assert found.undecided and found.due is None and not found.ongoing


def test_an_undecided_day_in_a_known_year_keeps_the_year():
    found = read_when("TBD, 2023")
    assert found.undecided and (found.due, found.precision) == (D(2023, 12, 31), "year")


def test_asap_is_urgent_not_undecided():
    assert read_when("ASAP") == When(text="ASAP")


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Dec 20 (ish), 2022", D(2022, 12, 20)),
        ("Sep 12-16, 2022 (tentative)", D(2022, 9, 16)),
        ("aprox. junio 2019", D(2019, 6, 30)),
        ("approximately March 2020", D(2020, 3, 31)),
        ("~ 2024", D(2024, 12, 31)),
        ("Dec 2022 (TBC)", D(2022, 12, 31)),
    ],
)
def test_tentative_dates_are_read_and_marked(text, due):
    found = read_when(text)
    assert found.tentative and found.due == due and not found.undecided


def test_relative_phrases_give_no_date():
    for text in ("over the next year", "over the coming year", "over the next two years"):
        assert read_when(text, year=2022) == When(text=text)


def test_the_text_is_kept_whitespace_squashed():
    assert read_when("  Dec 2013\n (brought   forward) ").text == "Dec 2013 (brought forward)"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Bimensual", "P2M"), ("bimestral", "P2M"), ("Bimestriel", "P2M"),
        ("every two months", "P2M"), ("cada dos meses", "P2M"), ("a cada dois meses", "P2M"),
        ("tous les deux mois", "P2M"),
        ("mensual", "P1M"), ("Mensal", "P1M"), ("mensuel", "P1M"), ("Monthly", "P1M"),
        ("every month", "P1M"), ("chaque mois", "P1M"),
        ("Trimestral", "P3M"), ("trimestriel", "P3M"), ("quarterly", "P3M"),
        ("quarterly reporting (ongoing)", "P3M"),
        ("semestral", "P6M"), ("semestriel", "P6M"), ("twice a year", "P6M"),
        ("every six months", "P6M"), ("dos veces al año", "P6M"),
        ("anual", "P1Y"), ("Anual", "P1Y"), ("annuel", "P1Y"), ("annual", "P1Y"),
        ("yearly", "P1Y"), ("every year", "P1Y"), ("cada año", "P1Y"), ("tous les ans", "P1Y"),
        ("semanal", "P1W"), ("weekly", "P1W"), ("hebdomadaire", "P1W"),
        ("quincenal", "P2W"), ("quinzenal", "P2W"), ("fortnightly", "P2W"),
        ("biweekly", "P2W"), ("every 2 weeks", "P2W"),
        ("cuatrimestral", "P4M"),
        ("Frequência de Atualização: Mensal", "P1M"),
        ("publicado mensalmente", "P1M"),
    ],
)  # fmt: skip
def test_recurrence_is_an_iso_duration(text, period):
    assert read_recurrence(text) == period
    assert read_when(text).recurrence == period


@pytest.mark.parametrize(
    "text",
    ["Plan anual de trabajo", "bianual", "Annual Report 2022", "next year", "", "2023", "mes"],
)
def test_adjectives_in_sentences_and_ambiguous_words_are_no_recurrence(text):
    assert read_recurrence(text) is None


@pytest.mark.parametrize(
    ("texts", "span"),
    [
        (["Plan de Acción 2015-2017"], (2015, 2017)),
        (["Work Plan 2012-13"], (2012, 2013)),
        (["2018-2019"], (2018, 2019)),
        (["2017"], (2017, 2017)),
        (["Plano de Dados Abertos — vigência 2018/2019 (versão 3.0.0, julho/2018)"], (2018, 2019)),
        (["Plan de trabajo 2004–2006"], (2004, 2006)),
        (["Plan de trabajo", "1.1. Actividades primer semestre 2017"], (2017, 2017)),
        (["Terms of Reference (updated 21 Sept 2012)", "Annex A: WORK PLAN 2012-13"], (2012, 2013)),
        (["Decreto 8.777/2016"], None),
        (["Plan de trabajo"], None),
        ([], None),
    ],
)
def test_the_period_a_plan_covers_comes_from_its_title_and_headings(texts, span):
    assert period_span(texts) == span


def test_dates_py_reads_the_same_month_names_as_before():
    # dates.py builds its table from when.py; the seed's details must read as they did.
    assert set(MONTHS) == set(MONTH_NAMES["es"]) | set(MONTH_NAMES["pt"]) | set(MONTH_NAMES["en"])
    assert "mars" not in MONTHS and "nov" not in MONTHS and MONTHS["marco"] == 3


# -- the dates people wrote in the corpus plans ---------------------------------------------

# Some due_text values describe the cell rather than quote it.
_DESCRIPTIONS = re.compile(r"METAS dated|three review dates|stated once")


def _corpus_dates() -> list[tuple[str, str, str | None, str]]:
    """(file, due_text, language, due) for every activity whose due_text is raw cell text."""
    found = []
    for path in sorted(CORPUS.glob("*.expected.json")):
        plan = json.loads(path.read_text(encoding="utf-8"))
        for activity in _activities(plan):
            text, due = activity.get("due_text"), activity.get("due")
            if text and due and not _DESCRIPTIONS.search(text):
                found.append((path.name, text, plan.get("language"), str(due)))
    return found


def _activities(node: object):
    if isinstance(node, dict):
        if "due_text" in node:
            yield node
        for value in node.values():
            yield from _activities(value)
    elif isinstance(node, list):
        for value in node:
            yield from _activities(value)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
def test_corpus_deadlines_agree_to_the_month_with_what_people_wrote():
    cases = _corpus_dates()
    assert len(cases) > 50
    wrong = []
    for name, text, language, want in cases:
        got = read_when(text, language=language)
        if (month := re.match(r"\d{4}-\d\d", want)) is not None:
            ok = got.due is not None and got.due.isoformat()[:7] == month.group()
        elif (year := re.match(r"\d{4}", want)) is not None:
            ok = got.due is not None and str(got.due.year) == year.group()
        else:  # "ASAP": a deadline in words, not a date
            ok = got.due is None
        if not ok:
            wrong.append((name, text, want, got.due))
    assert wrong == []


# -- never an exception --------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["2022", "-", "/", "S1", "T3", "Q4", "de", "mars", "May", "30", "06", "12", "(ish)",
     "TBD", "–", "al", "1er", "semestre", "every", "two", "months", ",", " ", "17", "99",
     "0", "31", "feb", "2019-02-29", "2020-02-29", "H2", "trimestre", "3e", "(", ")"]
)  # fmt: skip
_DATEISH = st.lists(_PIECES, max_size=12).map(" ".join)


@given(
    text=st.one_of(st.text(), _DATEISH),
    year=st.one_of(st.none(), st.integers(min_value=-5, max_value=10_000)),
    language=st.sampled_from([None, "es", "pt", "en", "fr"]),
)
def test_any_text_reads_without_error_and_never_ends_before_it_starts(text, year, language):
    found = read_when(text, year, language)
    assert found.text == " ".join(text.split())
    if found.starts and found.due:
        assert found.starts <= found.due
    assert (found.due is None) == (found.precision is None)
    assert found.recurrence is None or re.fullmatch(r"P\d+[WMY]", found.recurrence)


@given(st.lists(st.text(), max_size=5))
def test_any_titles_give_a_span_in_order_or_none(texts):
    span = period_span(texts)
    assert span is None or span[0] <= span[1]


@pytest.mark.parametrize("text", ["31 de febrero de 2017", "June 10-6, 2022", "2022-13-45"])
def test_impossible_dates_are_mistakes_not_a_wider_period(text):
    assert read_when(text, year=2022).due is None


@pytest.mark.parametrize("text", ["Secretaría Permanente", "Permanent Secretary, DCLG"])
def test_permanent_bodies_are_not_ongoing_work(text):
    assert not read_when(text).ongoing


def test_permanent_as_a_manner_is_ongoing():
    assert read_when("de forma permanente").ongoing
