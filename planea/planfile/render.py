"""Writing a plan back as text, in the canonical form the parser reads.

The canonical form is the seed's own layout, tidied: one line per field,
Roman-numbered free-text headings, one period header per run of activities.
Inherited values are not written out: the area's note that implies them is.
"""

from __future__ import annotations

from .amounts import CODES, format_money, is_qualifier
from .lines import Kind, classify
from .model import Activity, Area, Contribution, Plan
from .text import int_to_roman
from .vocabulary import CANONICAL_LABELS, CANONICAL_PERIODS


def render_text(plan: Plan) -> str:
    labels = CANONICAL_LABELS.get(plan.language, CANONICAL_LABELS["es"])
    periods = CANONICAL_PERIODS.get(plan.language, CANONICAL_PERIODS["es"])
    out: list[str] = []
    if plan.title:
        out.append(plan.title)
    numbered = 0
    before = [s for s in plan.sections if not s.after_areas]
    after = [s for s in plan.sections if s.after_areas]
    for section in before:
        numbered = _section(out, section.heading, section.text, numbered)
    for area in plan.areas:
        _area(out, area, plan.year, labels, periods, "." if plan.language == "en" else ",")
    for section in after:
        numbered = _section(out, section.heading, section.text, numbered)
    return "\n".join(out).strip("\n") + "\n"


def _section(out: list[str], heading: str, text: str, numbered: int) -> int:
    if heading:
        numbered += 1
        _blank(out)
        out.append(f"{int_to_roman(numbered).upper()}. {heading}")
    for paragraph in text.split("\n\n") if text else []:
        out.extend([*_text_lines(paragraph), ""])
    return numbered


_STRUCTURAL = (Kind.HEADING, Kind.SECTION, Kind.ACTIVITY)


def _text_lines(paragraph: str) -> list[str]:
    """A paragraph as lines that read back as text.

    A paragraph joined from several lines can start like a heading or a code
    ("1.1" + "De acuerdo…" = "1.1 De acuerdo…"); such a paragraph is broken
    after the fewest words that read as plain text, and so on for the rest.
    """
    lines: list[str] = []
    rest = paragraph
    while rest and classify(0, rest).kind in _STRUCTURAL:
        words = rest.split(" ")
        for k in range(1, len(words)):
            head = " ".join(words[:k])
            if classify(0, head).kind not in _STRUCTURAL:
                lines.append(head)
                rest = " ".join(words[k:])
                break
        else:
            break
    return [*lines, rest] if rest else lines


def _blank(out: list[str]) -> None:
    if out and out[-1] != "":
        out.append("")


def _area(
    out: list[str], area: Area, year: int | None, labels: dict, periods: dict, mark: str
) -> None:
    _blank(out)
    out.append(f"{area.number}. {area.title}")
    if area.objective is not None:
        out.append(f"{labels['objective']}: {area.objective}".rstrip())
    current: tuple | None = None
    for activity in area.activities:
        group = (activity.section, _section_number(activity), activity.period)
        if activity.section and group != current:
            header = periods[activity.period] + (f" {year}" if year else "")
            _blank(out)
            out.append(f"{activity.section}. {header}")
        current = group
        _activity(out, activity, labels, mark)
    for note in area.notes.split("\n") if area.notes else []:
        _blank(out)
        out.append(f"{labels['note']}: {note}")


def _section_number(activity: Activity) -> str:
    """The section an activity was keyed under: '3.3' for the second '3.2'."""
    return ".".join(activity.key.split(".")[:2])


def _stated(contribution: Contribution, names: list[str]) -> bool:
    """Whether the contribution is one a plan's text states, and the reader
    reads back: planned cash of a named source, an amount in a currency
    code, no period, no note but a qualifier ("mínimo")."""
    return (
        contribution.kind == "cash"
        and contribution.stage == "planned"
        and contribution.amount is not None
        and contribution.currency in CODES
        and contribution.hours is None
        and contribution.starts is None
        and contribution.ends is None
        and contribution.source in names
        and (not contribution.note or is_qualifier(contribution.note))
    )


def _resources(activity: Activity, mark: str) -> str:
    """'Proyecto BPR/BID (mínimo USD 10.000)': each source with the amounts
    the plan states for it."""
    stated = [c for c in activity.contributions if _stated(c, activity.resources)]
    written = []
    for name in activity.resources:
        amounts = [
            f" ({c.note + ' ' if c.note else ''}{format_money(c.amount, c.currency, mark)})"
            for c in stated
            if c.source == name and c.amount is not None
        ]
        written.append(name + "".join(amounts))
    return "; ".join(written)


def _activity(out: list[str], activity: Activity, labels: dict, mark: str) -> None:
    out.append(f"{activity.code}- {activity.title}".rstrip())
    if activity.details:
        out.append(f"{labels['details']}: {activity.details}")
    out.extend(f"{labels['product']}: {product}" for product in activity.products)
    if activity.resources and "resources" not in activity.inherited:
        out.append(f"{labels['resources']}: {_resources(activity, mark)}")
    if activity.leads and "leads" not in activity.inherited:
        out.append(f"{labels['leads']}: {'; '.join(activity.leads)}")
    out.append("")
