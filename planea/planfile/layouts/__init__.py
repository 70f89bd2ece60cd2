"""Finding the plan in a document's blocks, whatever layout it was written in.

Each layout is a small rule that reads the blocks its own way: `coded` the
numbered lines of the Red GEALC plans ("1.1.i- Title" with "Producto:"
labels), `structured` tables of activities, outlines of headings, bold lines
or list items, and numbered label blocks. Every reading that finds
activities is scored by how many it found and how many fields they carry;
the best is kept, and a warning says which layout was chosen and why. Hints
(`layout`, `activity_level`, `columns`) override the choice.
"""

from __future__ import annotations

from ..blocks import Document
from ..errors import PlanParseError
from ..model import Plan, PlanWarning
from ..parser import parse_text
from . import structured
from .assemble import build
from .structured import Hints

__all__ = ["Hints", "read_plan"]

LAYOUTS = ("coded", "outline", "table")


def read_plan(document: Document, source: str | None = None, hints: Hints | None = None) -> Plan:
    hints = hints or Hints()
    if hints.layout is not None and hints.layout not in LAYOUTS:
        raise PlanParseError(
            f"unknown layout {hints.layout!r}: choose one of {', '.join(LAYOUTS)}", source=source
        )
    coded, coded_error = _coded(document, source, hints)
    reading = structured.read(document, hints) if hints.layout != "coded" else None
    if coded is not None and (reading is None or _score(coded) >= _draft_score(reading)):
        coded.layout = "coded"
        coded.warnings.insert(0, _chosen("coded lines ('1.1.i- Title' with labelled fields)"))
        return coded
    if reading is None:
        if coded_error is not None and hints.layout == "coded":
            raise coded_error
        raise PlanParseError(_nothing_found(document), source=source)
    plan = build(reading.drafts, document, reading.layout, reading.empty_areas)
    notes = [
        PlanWarning(w.line if w else None, code, message) for w, code, message in reading.notes
    ]
    if not reading.drafts:
        plan.warnings = [*notes, PlanWarning(None, "no-activities", _nothing_found(document))]
        return plan
    plan.warnings = [_chosen(reading.explanation), *notes, *plan.warnings]
    return plan


def _coded(document: Document, source: str | None, hints: Hints):
    if hints.layout not in (None, "coded") or document.lines is None:
        return None, None
    try:
        return parse_text("\n".join(document.lines), source), None
    except PlanParseError as error:
        return None, error


def _score(plan: Plan) -> float:
    return sum(
        1 + 0.5 * sum(bool(v) for v in (a.leads, a.due, a.products, a.resources))
        for a in plan.activities
    )


def _draft_score(reading: structured.Reading) -> float:
    return sum(1 + 0.5 * draft.field_count for draft in reading.drafts)


def _chosen(explanation: str) -> PlanWarning:
    return PlanWarning(None, "layout", f"read as {explanation}")


def _nothing_found(document: Document) -> str:
    headings = sum(1 for b in document.blocks if b.kind == "heading")
    tables = sum(1 for b in document.blocks if b.kind == "table")
    found = f" (found {headings} headings and {tables} tables)" if headings or tables else ""
    return (
        "no activities found" + found + ": a plan needs a table with a column of activities "
        "(Activity, Task, Actividad, Ação, Action…) and a lead, deadline or product column; "
        "or headings, bold lines or list items with fields such as 'Lead:' or 'Deadline:' "
        "under them; or numbered activities ('1.1.i- Title'). If the reader missed the "
        "layout, name it (--layout, --activity-level, --column)"
    )
