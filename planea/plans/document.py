"""A stored plan as a `planfile.Plan`: the one way out of the database for the
JSON export, the canonical text, and the versions of a plan.

It is the importer's inverse: importing what this returns stores the same
plan, and exporting that again gives the same bytes.
"""

from __future__ import annotations

from django.db.models import Prefetch

from planea import planfile

from .models import Activity, Contribution, Plan, Product

# Headings for the background and purpose of a plan that was not read from a
# document (created in the admin, say), in the plan's language.
_HEADINGS = {
    "es": ("ANTECEDENTES", "FINALIDAD"),
    "pt": ("ANTECEDENTES", "FINALIDADE"),
    "en": ("BACKGROUND", "PURPOSE"),
}


def plan_document(plan: Plan) -> planfile.Plan:
    """`plan` with its areas, activities, products, funding, contributions
    and leads, in six queries whatever its size."""
    areas = list(plan.areas.order_by("order"))
    activities = (
        Activity.objects.filter(plan=plan)
        .for_listing()
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("source").order_by("order", "pk"),
            )
        )
        .order_by("order")
        .select_related(None)
    )
    by_area: dict[int, list[planfile.Activity]] = {area.pk: [] for area in areas}
    for activity in activities:
        by_area[activity.area_id].append(_activity(activity))
    return planfile.Plan(
        title=plan.title,
        year=plan.year,
        language=plan.language or "es",
        sections=_sections(plan),
        areas_heading=plan.areas_heading,
        areas=[
            planfile.Area(
                number=area.number,
                title=area.title,
                objective=area.objective or None,
                notes=area.notes,
                activities=by_area[area.pk],
                line=area.source_line,
            )
            for area in areas
        ],
        warnings=[
            planfile.PlanWarning(w.get("line"), w.get("code", ""), w.get("message", ""))
            for w in plan.warnings or []
        ],
    )


def _sections(plan: Plan) -> list[planfile.Section]:
    if plan.sections:
        return [
            planfile.Section(s["heading"], s["text"], s.get("after_areas", False))
            for s in plan.sections
        ]
    background, purpose = _HEADINGS.get(plan.language, _HEADINGS["es"])
    return [
        planfile.Section(heading, text)
        for heading, text in ((background, plan.background), (purpose, plan.purpose))
        if text
    ]


def _activity(activity: Activity) -> planfile.Activity:
    products: list[Product] = list(activity.products.all())
    return planfile.Activity(
        code=activity.code,
        key=activity.key,
        section=activity.section,
        period=activity.period,  # type: ignore[arg-type]
        title=activity.title,
        details=activity.details,
        location=activity.location,
        starts=activity.starts,
        due=activity.due,
        products=[p.description for p in products],
        resources=[source.name for source in activity.ordered_funding],
        leads=[organisation.name for organisation in activity.ordered_leads],
        targets=[
            planfile.Target(p.target_quantity, p.target_unit, p.recurrence or None, index)
            for index, p in enumerate(products)
            if p.target_quantity
        ],
        inherited=list(activity.inherited_fields or []),
        line=activity.source_line,
        contributions=[
            planfile.Contribution(
                source=c.source.name,
                kind=c.kind,  # type: ignore[arg-type]
                stage=c.stage,  # type: ignore[arg-type]
                amount=c.amount,
                currency=c.currency,
                hours=c.hours,
                starts=c.period_start,
                ends=c.period_end,
                note=c.note,
            )
            for c in activity.contributions.all()
        ],
    )
