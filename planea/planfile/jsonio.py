"""The JSON plan format (docs/plan-format.md), checked against its JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from importlib.resources import files

import jsonschema

from .errors import PlanParseError
from .limits import check_nesting, check_numbers
from .model import Activity, Area, Contribution, Plan, PlanWarning, Section, Target


def to_json(plan: Plan) -> str:
    """The plan as JSON text; the same plan always gives the same bytes."""
    return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"


@cache
def schema() -> dict:
    return json.loads(files(__package__).joinpath("plan.schema.json").read_text("utf-8"))


def from_json(text: str, source: str | None = None) -> Plan:
    # Before json.loads: it recurses once per bracket (RecursionError) and
    # reads numbers of any length.
    check_nesting(text, source)
    check_numbers(text, source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanParseError(f"not valid JSON: {error.msg}", error.lineno, source) from None
    except (RecursionError, ValueError) as error:
        raise PlanParseError(f"not valid JSON: {error}", source=source) from None
    problem = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema()).iter_errors(data)
    )
    if problem is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in problem.absolute_path)
        raise PlanParseError(
            f"not a plan in the JSON plan format: {where.lstrip('.') or 'the document'}: "
            f"{problem.message}",
            source=source,
        )
    try:
        plan = _plan(data)
    except ValueError as error:  # dates that match the pattern but do not exist
        raise PlanParseError(
            f"not a plan in the JSON plan format: {error}", source=source
        ) from None
    keys = [activity.key for activity in plan.activities]
    if len(keys) != len(set(keys)):
        twice = sorted({key for key in keys if keys.count(key) > 1})
        raise PlanParseError(
            f"not a plan in the JSON plan format: activity key {twice[0]} is used twice",
            source=source,
        )
    return plan


def _plan(data: dict) -> Plan:
    return Plan(
        title=data["title"],
        year=data["year"],
        language=data.get("language", "es"),
        period=tuple(data["period"]) if data.get("period") else None,
        layout=data.get("layout", ""),
        sections=[
            Section(s["heading"], s["text"], s.get("after_areas", False))
            for s in data.get("sections", [])
        ],
        areas_heading=data.get("areas_heading", ""),
        areas=[_area(a) for a in data["areas"]],
        warnings=[
            PlanWarning(w["line"], w["code"], w["message"]) for w in data.get("warnings", [])
        ],
    )


def _area(data: dict) -> Area:
    return Area(
        number=data["number"],
        title=data["title"],
        objective=data.get("objective"),
        notes=data.get("notes", ""),
        activities=[_activity(a) for a in data["activities"]],
        line=data.get("line"),
    )


def _activity(data: dict) -> Activity:
    return Activity(
        code=data["code"],
        key=data["key"],
        section=data.get("section", ""),
        period=data["period"],
        title=data["title"],
        details=data.get("details", ""),
        location=data.get("location", ""),
        starts=_date(data.get("starts")),
        due=_date(data.get("due")),
        status=data.get("status", ""),
        due_text=data.get("due_text", ""),
        products=list(data.get("products", [])),
        resources=list(data.get("resources", [])),
        leads=list(data.get("leads", [])),
        targets=[
            Target(t["quantity"], t["unit"], t.get("recurrence"), t.get("product"))
            for t in data.get("targets", [])
        ],
        inherited=list(data.get("inherited", [])),
        line=data.get("line"),
        contributions=[_contribution(c) for c in data.get("contributions", [])],
    )


def _contribution(data: dict) -> Contribution:
    starts, ends = _date(data.get("starts")), _date(data.get("ends"))
    if starts and ends and starts > ends:
        raise ValueError(f"contribution of {data['source']} ends before it starts")
    if "hours" in data and data["kind"] != "in_kind":
        raise ValueError(f"contribution of {data['source']}: hours only for in-kind work")
    return Contribution(
        source=data["source"],
        kind=data["kind"],
        stage=data.get("stage", "planned"),
        amount=Decimal(data["amount"]) if "amount" in data else None,
        currency=data.get("currency", ""),
        hours=Decimal(data["hours"]) if "hours" in data else None,
        starts=starts,
        ends=ends,
        note=data.get("note", ""),
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
