"""The typed result of reading a plan document.

Plain dataclasses, no behaviour beyond conversion to and from plain data:
the parser builds them, the renderer writes them back as text, and the
Django side turns them into rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .text import fold

Period = Literal["S1", "S2", "ANNUAL"]
PERIODS: tuple[Period, ...] = ("S1", "S2", "ANNUAL")


@dataclass(slots=True)
class Target:
    """How many of a product the plan commits to, and how often."""

    quantity: int
    unit: str
    # None for a one-off count; otherwise an ISO 8601 duration such as
    # "P2M" (every two months) so that callers can schedule from it.
    recurrence: str | None = None
    # Index in the activity's products of the product this target counts.
    product: int | None = None

    def to_dict(self) -> dict:
        return {
            "quantity": self.quantity,
            "unit": self.unit,
            "recurrence": self.recurrence,
            "product": self.product,
        }


ContributionKind = Literal["cash", "in_kind", "tbd"]
ContributionStage = Literal["planned", "spent"]


@dataclass(slots=True)
class Contribution:
    """What one funding source puts into an activity: an amount in an ISO 4217
    currency (cash), hours of work (in kind), or nothing known yet (tbd);
    planned, or spent."""

    source: str
    kind: ContributionKind = "cash"
    stage: ContributionStage = "planned"
    amount: Decimal | None = None
    currency: str = ""
    hours: Decimal | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    note: str = ""

    def to_dict(self) -> dict:
        # Amounts as strings with fixed decimals: exact (no binary floats),
        # and the same bytes whichever way the amount was written.
        data: dict = {"source": self.source, "kind": self.kind, "stage": self.stage}
        if self.amount is not None:
            data["amount"] = f"{self.amount:.2f}"
        if self.currency:
            data["currency"] = self.currency
        if self.hours is not None:
            data["hours"] = f"{self.hours:.1f}"
        if self.starts:
            data["starts"] = self.starts.isoformat()
        if self.ends:
            data["ends"] = self.ends.isoformat()
        if self.note:
            data["note"] = self.note
        return data


@dataclass(slots=True)
class PlanWarning:
    """An irregularity found while reading: never fatal, never silent."""

    line: int | None
    code: str
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.message} [{self.code}]"


@dataclass(slots=True)
class Activity:
    code: str
    key: str
    period: Period
    title: str
    section: str = ""
    details: str = ""
    location: str = ""
    starts: dt.date | None = None
    due: dt.date | None = None
    products: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    # Fields filled from the area's note rather than written on the activity.
    inherited: list[str] = field(default_factory=list)
    line: int | None = None
    # "cancelled" for an item struck through or marked postponed; kept, not dropped.
    status: str = ""
    # The deadline as written ("mid-March, 2022", "CONT"), when it is not just a date.
    due_text: str = ""
    # What the funding sources put in, when the plan or its editors say.
    contributions: list[Contribution] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _without_defaults(
            {
                "code": self.code,
                "key": self.key,
                "section": self.section,
                "period": self.period,
                "title": self.title,
                "details": self.details,
                "location": self.location,
                "starts": _iso(self.starts),
                "due": _iso(self.due),
                "products": list(self.products),
                "resources": list(self.resources),
                "leads": list(self.leads),
                "targets": [t.to_dict() for t in self.targets],
                "inherited": list(self.inherited),
                "line": self.line,
                "status": self.status,
                "due_text": self.due_text,
                "contributions": [c.to_dict() for c in self.contributions],
            },
            ("status", "due_text", "contributions"),
        )


@dataclass(slots=True)
class Area:
    number: int
    title: str
    objective: str | None = None
    notes: str = ""
    activities: list[Activity] = field(default_factory=list)
    line: int | None = None

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "objective": self.objective,
            "notes": self.notes,
            "activities": [a.to_dict() for a in self.activities],
            "line": self.line,
        }


@dataclass(slots=True)
class Section:
    """A free-text part of the plan, such as ANTECEDENTES or FINALIDAD."""

    heading: str
    text: str
    # Annexes and the like come after the areas; most free text comes before.
    after_areas: bool = False

    def to_dict(self) -> dict:
        return {"heading": self.heading, "text": self.text, "after_areas": self.after_areas}


@dataclass(slots=True)
class Plan:
    title: str
    year: int | None
    language: str = "es"
    sections: list[Section] = field(default_factory=list)
    areas_heading: str = ""
    areas: list[Area] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    # The years a plan spans (2015, 2017); None when it names a single year or none.
    period: tuple[int, int] | None = None
    # Which layout the reader found the plan in: "coded", "outline", "table", ...
    layout: str = ""

    @property
    def activities(self) -> list[Activity]:
        return [activity for area in self.areas for activity in area.activities]

    def section_text(self, *headings: str) -> str:
        """The text of the first free-text section whose heading is one of `headings`."""
        wanted = {fold(h) for h in headings}
        for section in self.sections:
            if fold(section.heading) in wanted:
                return section.text
        return ""

    def to_dict(self) -> dict:
        return _without_defaults(
            {
                "title": self.title,
                "year": self.year,
                "period": list(self.period) if self.period else None,
                "language": self.language,
                "layout": self.layout,
                "sections": [s.to_dict() for s in self.sections],
                "areas_heading": self.areas_heading,
                "areas": [a.to_dict() for a in self.areas],
                "warnings": [w.to_dict() for w in self.warnings],
            },
            ("period", "layout"),
        )

    def structure(self) -> dict:
        """What the plan says, without where it was said: for comparing plans
        read from different sources (a text, its .docx, its re-rendering)."""
        data = self.to_dict()
        data.pop("warnings")
        data.pop("layout", None)
        for area in data["areas"]:
            area.pop("line")
            for activity in area["activities"]:
                activity.pop("line")
        return data


def _without_defaults(data: dict, optional: tuple[str, ...]) -> dict:
    """Fields added after the format's first version are written only when set,
    so that plans which do not use them keep their exact JSON."""
    for name in optional:
        if not data[name]:
            del data[name]
    return data


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
