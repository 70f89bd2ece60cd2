"""Applying an approved amendment to the live plan, in place.

The amended document is matched to the plan's rows: activities by key,
work areas by number (by position when numbers repeat), an activity's
products by description and then by position. What changed is updated on
the existing rows, new activities are added, dropped ones removed, so that
the progress reports and evidence of every activity that stays survive.

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
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from planea import planfile
from planea.core.audit import delete_with_history
from planea.core.text import fold

# The importer's own helpers, so that an amendment names organisations,
# funding sources and targets exactly as an import would.
from planea.plans.importer import (
    BACKGROUND_HEADINGS,
    PURPOSE_HEADINGS,
    PlanImportError,
    check_document,
    clean_document,
    funding_names,
    funding_sources_for,
    organisation_names,
    organisations_for,
    products_for,
    unique_keys,
)
from planea.plans.models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    ActivityStatus,
    Area,
    Plan,
    Product,
)

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


def match_products(
    existing: Sequence[Product], wanted: Sequence[Product]
) -> tuple[list[Product | None], list[Product]]:
    """For each wanted product, the existing one it continues (same
    description, else same position), and the existing ones left over."""
    pairs: list[Product | None] = [None] * len(wanted)
    free = list(existing)
    for index, product in enumerate(wanted):
        same = next((e for e in free if fold(e.description) == fold(product.description)), None)
        if same is not None:
            pairs[index] = same
            free.remove(same)
    for index, product in enumerate(wanted):
        if pairs[index] is None:
            same = next((e for e in free if e.order == product.order), None)
            if same is not None:
                pairs[index] = same
                free.remove(same)
    return pairs, free


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


_ACTIVITY_FIELDS = (
    "area_id",
    "code",
    "section",
    "period",
    "title",
    "details",
    "location",
    "starts",
    "due",
    "order",
    "source_line",
    "inherited_fields",
)
_PRODUCT_FIELDS = ("description", "order", "target_quantity", "target_unit", "recurrence")


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
    # Progress reports on these activities wait until this transaction ends,
    # so that what is checked below still holds when it is applied.
    current = {a.key: a for a in Activity.objects.select_for_update().filter(plan=plan)}
    # Evidence added meanwhile waits too (its row points at a locked product).
    list(
        Product.objects.select_for_update(of=("self",))
        .filter(activity__plan=plan)
        .values_list("pk", flat=True)
    )
    refused = problems(plan, document)
    if refused:
        raise AmendmentRefused(refused)

    if reason is None:
        reason = f"amendment v{version.number}" if version else "amendment"
    reason = reason[:100]
    acting = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    history = {"default_date": now, "default_change_reason": reason, "default_user": acting}

    def saved(obj, **kwargs) -> None:
        obj._change_reason = reason
        if acting is not None:
            obj._history_user = acting
        obj.save(**kwargs)

    plan.title = document.title.strip() or plan.title
    plan.language = (document.language or plan.language)[:10]
    plan.background = document.section_text(*BACKGROUND_HEADINGS)
    plan.purpose = document.section_text(*PURPOSE_HEADINGS)
    plan.sections = [section.to_dict() for section in document.sections]
    plan.areas_heading = document.areas_heading[:300]
    plan.warnings = [warning.to_dict() for warning in document.warnings]
    saved(plan)

    activities = document.activities
    organisations = organisations_for(plan.network, organisation_names(activities), history)
    funding = funding_sources_for(plan.network, organisations, funding_names(activities), history)

    areas, kept_areas = _apply_areas(plan, document, saved)

    added: list[str] = []
    changed: list[str] = []
    links = _links(plan)
    for order, parsed in enumerate(activities):
        key = parsed.key.strip()
        values = {
            "area_id": areas[id(parsed)].pk,
            "code": parsed.code.strip(),
            "section": parsed.section.strip()[:20],
            "period": parsed.period,
            "title": parsed.title.strip(),
            "details": parsed.details.strip(),
            "location": parsed.location.strip(),
            "starts": parsed.starts,
            "due": parsed.due,
            "order": order,
            "source_line": parsed.line,
            "inherited_fields": list(parsed.inherited),
        }
        search_text = Activity.build_search_text(
            code=parsed.code,
            title=parsed.title,
            details=parsed.details,
            location=parsed.location,
            extra=[*parsed.products, *parsed.leads, *parsed.resources],
        )
        activity = current.get(key)
        if activity is None:
            activity = Activity(plan=plan, key=key, search_text=search_text, **values)
            saved(activity)
            added.append(key)
            _set_links(activity, parsed, organisations, funding, None, history)
            continue
        differs = [f for f in _ACTIVITY_FIELDS if getattr(activity, f) != values[f]]
        links_changed = _set_links(
            activity, parsed, organisations, funding, links.get(activity.pk), history
        )
        meaningful = [f for f in differs if f not in ("order", "source_line")]
        if differs or links_changed or activity.search_text != search_text:
            for field in differs:
                setattr(activity, field, values[field])
            activity.search_text = search_text
            fields = [*differs, "search_text"]
            if meaningful or links_changed:
                # An edit made on the activity before this amendment is stale.
                # (Its row is locked: no report can land in between.)
                activity.version += 1
                fields.append("version")
                changed.append(key)
            saved(activity, update_fields=fields)

    wanted = {activity.key.strip() for activity in activities}
    removed: list[str] = []
    kept_cancelled: list[str] = []
    dropped = [a for key, a in current.items() if key not in wanted]
    tracked = _has_tracking([a.pk for a in dropped])
    for position, activity in enumerate(sorted(dropped, key=lambda a: a.order)):
        if activity.pk in tracked:
            # Cancelled (problems() refused the rest): kept, after the rest.
            Activity.objects.filter(pk=activity.pk).update(order=len(activities) + position)
            kept_cancelled.append(activity.key)
        else:
            delete_with_history(activity, reason=reason, date=now, user=acting)
            removed.append(activity.key)
    _drop_empty_areas(plan, kept_areas, reason, now, acting)
    return ApplyReport(
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        kept_cancelled=tuple(kept_cancelled),
    )


def _apply_areas(plan: Plan, document: planfile.Plan, saved) -> tuple[dict[int, Area], set[int]]:
    """The plan's areas updated to the document's: {id(parsed activity):
    area}, and the ids of the areas the document keeps."""
    existing = list(Area.objects.filter(plan=plan).order_by("order"))
    matches = _match_areas(existing, document.areas)
    Area.objects.filter(plan=plan).update(order=F("order") + _ORDER_OFFSET)
    by_activity: dict[int, Area] = {}
    used: set[int] = set()
    for order, (parsed, area) in enumerate(zip(document.areas, matches, strict=True)):
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
            saved(area)
        elif any(getattr(area, f) != values[f] for f in ("number", "title", "objective", "notes")):
            for field, value in values.items():
                setattr(area, field, value)
            saved(area)
        else:
            # Only its place or line moved: no change of substance to record.
            Area.objects.filter(pk=area.pk).update(order=order, source_line=parsed.line)
        used.add(area.pk)
        for activity in parsed.activities:
            by_activity[id(activity)] = area
    # Areas the document no longer has go after the others, until emptied.
    for position, area in enumerate(a for a in existing if a.pk not in used):
        Area.objects.filter(pk=area.pk).update(order=len(document.areas) + position)
    return by_activity, used


def _drop_empty_areas(plan: Plan, kept: set[int], reason, now, acting) -> None:
    for area in Area.objects.filter(plan=plan).exclude(pk__in=kept):
        if not area.activities.exists():
            delete_with_history(area, reason=reason, date=now, user=acting)


def _links(plan: Plan) -> dict[int, dict]:
    """Every activity's leads, funding and products, in three queries."""
    found: dict[int, dict] = {}

    def entry(activity_id: int) -> dict:
        return found.setdefault(activity_id, {"leads": [], "funding": [], "products": []})

    for link in ActivityLead.objects.filter(activity__plan=plan).order_by("order"):
        entry(link.activity_id)["leads"].append(link)
    for link in ActivityFunding.objects.filter(activity__plan=plan).order_by("order"):
        entry(link.activity_id)["funding"].append(link)
    for product in Product.objects.filter(activity__plan=plan).order_by("order", "pk"):
        entry(product.activity_id)["products"].append(product)
    return found


def _set_links(
    activity: Activity,
    parsed: planfile.Activity,
    organisations: dict,
    funding: dict,
    current: dict | None,
    history: dict,
) -> bool:
    """Make the activity's leads, funding and products the document's;
    whether anything changed."""
    current = current or {"leads": [], "funding": [], "products": []}
    changed = False

    leads = [organisations[key].pk for key in unique_keys(parsed.leads)]
    if [link.organisation_id for link in current["leads"]] != leads:
        for link in current["leads"]:
            _audited(link, history).delete()
        bulk_create_with_history(
            [
                ActivityLead(activity=activity, organisation_id=pk, order=order)
                for order, pk in enumerate(leads)
            ],
            ActivityLead,
            **history,
        )
        changed = True

    sources = [funding[key].pk for key in unique_keys(parsed.resources)]
    if [link.funding_source_id for link in current["funding"]] != sources:
        for link in current["funding"]:
            _audited(link, history).delete()
        bulk_create_with_history(
            [
                ActivityFunding(activity=activity, funding_source_id=pk, order=order)
                for order, pk in enumerate(sources)
            ],
            ActivityFunding,
            **history,
        )
        changed = True

    wanted = products_for(activity.pk, parsed)
    pairs, left = match_products(current["products"], wanted)
    new: list[Product] = []
    for product, existing in zip(wanted, pairs, strict=True):
        if existing is None:
            new.append(product)
            continue
        differs = [f for f in _PRODUCT_FIELDS if getattr(existing, f) != getattr(product, f)]
        if differs:
            for field in differs:
                setattr(existing, field, getattr(product, field))
            _audited(existing, history).save(update_fields=differs)
            # Reordering alone is no change of substance.
            changed = changed or differs != ["order"]
    if new:
        bulk_create_with_history(new, Product, **history)
        changed = True
    for product in left:  # problems() made sure none has evidence
        _audited(product, history).delete()
        changed = True
    return changed


def _audited(obj, history: dict):
    """`obj`, its next history row carrying the amendment's reason and user."""
    obj._change_reason = history["default_change_reason"]
    if history["default_user"] is not None:
        obj._history_user = history["default_user"]
    return obj
