"""What the open-data tests share: the demo plan, tracked (support.track),
funded, and the official IATI 2.03 schema and codelists to check against.

The demo's plan comes with contributions of its own (planea.ops.demo:
one per source each activity names, a few with amounts); `fund(plan)` adds:
- 1.1.i: 15,000.00 USD planned and 12,345.67 USD spent from "Proyecto
  BPR/BID" (the IDB);
- 1.1.iii: 120.5 hours of voluntary work planned (in kind: no money);
- 3.1.i: 8,000.50 EUR planned from "Cooperación Técnica del BID", and a
  pledge still to be defined from "A definir".

The schema and codelists under iati-2.03/ are pyIATI 0.4.1's (PyPI), see
iati-2.03/NOTICE.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from planea.plans.models import Activity, Contribution, FundingSource, Plan

IATI = Path(__file__).resolve().parent / "iati-2.03"
D = dt.date

CONTRIBUTIONS = (
    # (activity, source, kind, stage, amount, currency, hours, start, end, note)
    ("1.1.i", "Proyecto BPR/BID", "cash", "planned", "15000.00", "USD", None,
     D(2017, 1, 1), D(2017, 6, 30), "Taller regional"),
    ("1.1.i", "Proyecto BPR/BID", "cash", "spent", "12345.67", "USD", None,
     None, D(2017, 4, 20), "Pasajes y sede del taller"),
    ("1.1.iii", "Trabajo voluntario de los países", "in_kind", "planned", None, "", "120.5",
     None, None, ""),
    ("3.1.i", "Cooperación Técnica del BID", "cash", "planned", "8000.50", "EUR", None,
     None, None, ""),
    ("3.1.i", "A definir", "tbd", "planned", None, "", None, None, None, "Por confirmar"),
)  # fmt: skip


def fund(plan: Plan) -> list[Contribution]:
    made = []
    for order, row in enumerate(CONTRIBUTIONS):
        key, source, kind, stage, amount, currency, hours, start, end, note = row
        made.append(
            Contribution.objects.create(
                activity=Activity.objects.get(plan=plan, key=key),
                source=FundingSource.objects.get(network=plan.network, name=source),
                kind=kind,
                stage=stage,
                amount=Decimal(amount) if amount else None,
                currency=currency,
                hours=Decimal(hours) if hours else None,
                period_start=start,
                period_end=end,
                note=note,
                order=order,
            )
        )
    return made


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(IATI / "iati-activities-schema.xsd")))


@cache
def codelist(name: str) -> frozenset[str]:
    tree = etree.parse(str(IATI / "codelists" / f"{name}.xml"))
    return frozenset(code.text for code in tree.iter("code") if code.text)


def recorded(plan: Plan) -> list[Contribution]:
    """Every contribution of the plan (the demo's own and `fund`'s), in the
    order the exports write them."""
    return list(
        Contribution.objects.filter(activity__plan=plan)
        .select_related("activity", "source__organisation")
        .order_by("activity__order", "activity__pk", "order", "pk")
    )


def funder(contribution: Contribution) -> str:
    source = contribution.source
    return source.organisation.name if source.organisation else source.name
