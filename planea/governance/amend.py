"""Applying an approved amendment to the live plan, in place.

The amended document is matched to the plan's rows: activities by key,
work areas by number (by position when numbers repeat), an activity's
products by description and then by position. What changed is updated on
the existing rows, new activities are added, dropped ones removed, so that
the progress reports and evidence of every activity that stays survive.
Activities and their links are written as every plan's are
(planea.plans.writing).

An activity the amendment drops but that already has progress reports or
evidence is not removed: unless its lead or the Secretariat has marked it
cancelled, the amendment is refused (`AmendmentRefused`), naming it; once
cancelled, it stays in the plan, cancelled, with its history. A product
with evidence is never dropped either.

Call `apply_document` inside the transaction that holds the plan's lock
(planea.governance.lifecycle does); the activities' rows are locked too, so
that a progress report made meanwhile waits and then finds a new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext as _

from planea import planfile
from planea.core.audit import delete_with_history

# The importer's own helpers, so that an amendment reads a document exactly
# as an import would.
from planea.plans.importer import (
    BACKGROUND_HEADINGS,
    PURPOSE_HEADINGS,
    PlanImportError,
    check_document,
    clean_document,
    names_for,
)
from planea.plans.models import Activity, ActivityStatus, Area, Plan, Product
from planea.plans.writing import (
    BATCH_SIZE,
    History,
    Names,
    NewActivity,
    audited,
    create_activities,
    links_of,
    match_products,
    products_for,
    update_activity,
)
from planea.plans.writing import history as write_history

from .models import PlanVersion, TransitionError

# Areas are moved out of the way while their order is rewritten, since the
# order is unique within a plan.
_ORDER_OFFSET = 1_000_000


class AmendmentRefused(TransitionError):
    """Applying the amendment would lose progress or evidence."""

    def __init__(self, problems: Sequence[str]) -> None:
        message = " ".join(problems)
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ApplyReport:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    kept_cancelled: tuple[str, ...]


def validate(document: planfile.Plan) -> None:
    """Refuse, as an import would, a document the database cannot hold."""
    try:
        check_document(document)
    except PlanImportError as exc:
        raise TransitionError(exc.message) from None


def _has_tracking(activity_ids: Sequence[int]) -> set[int]:
    tracked = Activity.objects.filter(pk__in=activity_ids).filter(
        Q(updates__isnull=False) | Q(products__evidence__isnull=False)
    )
    return set(tracked.values_list("pk", flat=True))


def problems(plan: Plan, document: planfile.Plan) -> list[str]:
    """Why applying `document` to `plan` now would be refused: activities
    dropped though they have progress or evidence and are not cancelled,
    products dropped though they have evidence. Empty when it can be applied."""
    wanted = {activity.key.strip(): activity for activity in document.activities}
    found: list[str] = []
    current = list(plan.activities.order_by("order"))
    dropped = [a for a in current if a.key not in wanted and a.status != ActivityStatus.CANCELLED]
    tracked = _has_tracking([a.pk for a in dropped])
    for activity in dropped:
        if activity.pk in tracked:
            found.append(
                _(
                    "Activity %(code)s has progress reports or evidence, so it cannot be "
                    "removed: mark it cancelled instead (report its progress as “Cancelled”), "
                    "or keep it in the document."
                )
                % {"code": activity.code or activity.key}
            )
    kept = [a for a in current if a.key in wanted]
    products = Product.objects.filter(activity__in=kept, evidence__isnull=False).distinct()
    with_evidence: dict[int, set[int]] = {}
    for product in products:
        with_evidence.setdefault(product.activity_id, set()).add(product.pk)
    if with_evidence:
        by_activity: dict[int, list[Product]] = {}
        for product in Product.objects.filter(activity_id__in=with_evidence).order_by("order"):
            by_activity.setdefault(product.activity_id, []).append(product)
        for activity in kept:
            if activity.pk not in with_evidence:
                continue
            _pairs, left = match_products(
                by_activity[activity.pk], products_for(activity.pk, wanted[activity.key])
            )
            for product in left:
                if product.pk in with_evidence[activity.pk]:
                    found.append(
                        _(
                            "The product “%(product)s” of activity %(code)s has evidence, so it "
                            "cannot be removed: keep it in the document."
                        )
                        % {"product": product.description, "code": activity.code or activity.key}
                    )
    return found


def _match_areas(existing: list[Area], wanted: list[planfile.Area]) -> list[Area | None]:
    """For each wanted area, the existing one it continues: by number when
    numbers are unique on both sides, else by position."""
    numbers = [area.number for area in wanted]
    current = [area.number for area in existing]
    if len(set(numbers)) == len(numbers) and len(set(current)) == len(current):
        by_number = {area.number: area for area in existing}
        return [by_number.get(area.number) for area in wanted]
    return [existing[i] if i < len(existing) else None for i in range(len(wanted))]


def apply_document(
    plan: Plan,
    document: planfile.Plan,
    user,
    *,
    version: PlanVersion | None = None,
    reason: str | None = None,
) -> ApplyReport:
    """Make the live `plan` say what `document` says, in place (see the
    module's docstring). Raises AmendmentRefused, changing nothing, when
    that would lose progress or evidence. `reason` is what the history rows
    say (the draft editor's own); by default, the amendment's version."""
    # A version stored before the text rule may still carry control characters.
    document = clean_document(document)
    validate(document)
    current = _lock_activities(plan)
    refused = problems(plan, document)
    if refused:
        raise AmendmentRefused(refused)
    history = write_history(reason if reason is not None else _reason_of(version), user)
    _update_plan(plan, document, history)
    names = names_for(plan.network, document.activities, history)
    areas, kept_areas = _apply_areas(plan, document, history)
    added, changed = _apply_activities(plan, document, current, areas, names, history)
    removed, kept_cancelled = _drop_activities(document, current, history)
    _drop_empty_areas(plan, kept_areas, history)
    return ApplyReport(
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        kept_cancelled=tuple(kept_cancelled),
    )


def _lock_activities(plan: Plan) -> dict[str, Activity]:
    """The plan's activities by key, their rows and their products' locked:
    a progress report, or evidence, made meanwhile waits until this
    transaction ends, so that what is checked still holds when applied."""
    current = {a.key: a for a in Activity.objects.select_for_update().filter(plan=plan)}
    list(
        Product.objects.select_for_update(of=("self",))
        .filter(activity__plan=plan)
        .values_list("pk", flat=True)
    )
    return current


def _reason_of(version: PlanVersion | None) -> str:
    return f"amendment v{version.number}" if version else "amendment"


def _update_plan(plan: Plan, document: planfile.Plan, history: History) -> None:
    plan.title = document.title.strip() or plan.title
    plan.language = (document.language or plan.language)[:10]
    plan.background = document.section_text(*BACKGROUND_HEADINGS)
    plan.purpose = document.section_text(*PURPOSE_HEADINGS)
    plan.sections = [section.to_dict() for section in document.sections]
    plan.areas_heading = document.areas_heading[:300]
    plan.warnings = [warning.to_dict() for warning in document.warnings]
    audited(plan, history).save()


def _apply_activities(
    plan: Plan,
    document: planfile.Plan,
    current: dict[str, Activity],
    areas: dict[int, Area],
    names: Names,
    history: History,
) -> tuple[list[str], list[str]]:
    """Each activity of the document updated in place, matched by key, or
    added; the keys added, and those changed in substance."""
    links = links_of(plan)
    new: list[NewActivity] = []
    changed: list[str] = []
    for order, parsed in enumerate(document.activities):
        area_id = areas[id(parsed)].pk
        activity = current.get(parsed.key.strip())
        if activity is None:
            new.append(NewActivity(parsed, area_id, order))
        elif update_activity(
            activity,
            parsed,
            area_id=area_id,
            order=order,
            names=names,
            links=links.get(activity.pk),
            history=history,
        ):
            changed.append(activity.key)
    for start in range(0, len(new), BATCH_SIZE):
        create_activities(plan, new[start : start + BATCH_SIZE], names, history)
    return [n.parsed.key.strip() for n in new], changed


def _drop_activities(
    document: planfile.Plan, current: dict[str, Activity], history: History
) -> tuple[list[str], list[str]]:
    """The activities the document no longer has: removed, or, when they
    have progress or evidence (and so are cancelled: problems() refused the
    rest), kept after the others. The keys removed, and those kept."""
    wanted = {activity.key.strip() for activity in document.activities}
    dropped = sorted((a for key, a in current.items() if key not in wanted), key=lambda a: a.order)
    tracked = _has_tracking([a.pk for a in dropped])
    removed: list[str] = []
    kept: list[str] = []
    for activity in dropped:
        if activity.pk in tracked:
            order = len(document.activities) + len(kept)
            Activity.objects.filter(pk=activity.pk).update(order=order)
            kept.append(activity.key)
        else:
            _delete(activity, history)
            removed.append(activity.key)
    return removed, kept


def _delete(obj, history: History) -> None:
    delete_with_history(
        obj,
        reason=history["default_change_reason"],
        date=history["default_date"],
        user=history["default_user"],
    )


def _apply_areas(
    plan: Plan, document: planfile.Plan, history: History
) -> tuple[dict[int, Area], set[int]]:
    """The plan's areas updated to the document's: {id(parsed activity):
    area}, and the ids of the areas the document keeps."""
    existing = list(Area.objects.filter(plan=plan).order_by("order"))
    matches = _match_areas(existing, document.areas)
    Area.objects.filter(plan=plan).update(order=F("order") + _ORDER_OFFSET)
    by_activity: dict[int, Area] = {}
    used: set[int] = set()
    for order, (parsed, area) in enumerate(zip(document.areas, matches, strict=True)):
        area = _apply_area(plan, parsed, area, order, history)
        used.add(area.pk)
        for activity in parsed.activities:
            by_activity[id(activity)] = area
    # Areas the document no longer has go after the others, until emptied.
    for position, area in enumerate(a for a in existing if a.pk not in used):
        Area.objects.filter(pk=area.pk).update(order=len(document.areas) + position)
    return by_activity, used


def _apply_area(
    plan: Plan, parsed: planfile.Area, area: Area | None, order: int, history: History
) -> Area:
    """`area` (None: a new one) made to say what `parsed` says, at `order`."""
    values = {
        "number": parsed.number,
        "title": parsed.title.strip(),
        "objective": (parsed.objective or "").strip(),
        "notes": (parsed.notes or "").strip(),
        "order": order,
        "source_line": parsed.line,
    }
    if area is None:
        area = Area(plan=plan, **values)
        audited(area, history).save()
    elif any(getattr(area, f) != values[f] for f in ("number", "title", "objective", "notes")):
        for field, value in values.items():
            setattr(area, field, value)
        audited(area, history).save()
    else:
        # Only its place or line moved: no change of substance to record.
        Area.objects.filter(pk=area.pk).update(order=order, source_line=parsed.line)
    return area


def _drop_empty_areas(plan: Plan, kept: set[int], history: History) -> None:
    for area in Area.objects.filter(plan=plan).exclude(pk__in=kept):
        if not area.activities.exists():
            _delete(area, history)
