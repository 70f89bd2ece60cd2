"""Writing an activity and its links from the JSON plan form: the one way an
activity's row, its products (each with its target), leads and funding reach
the database, for the importer, next year's draft (rollover) and an amendment
applied in place.

A `planfile.Activity` is the common currency: the importer has it from the
document, rollover and amendments from `plan_document()` or the amended text.
New activities are written in bulk, their history rows in bulk too, so that
a plan of thousands costs a few queries per batch of 500; an existing
activity is updated in place, matched by key, so that what hangs off it
(progress reports, evidence) stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from planea import planfile
from planea.core.text import fold
from planea.planfile import organisation_key

from .models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    ActivityStatus,
    Area,
    Contribution,
    FundingSource,
    Organisation,
    Plan,
    Product,
)

BATCH_SIZE = 500

# What an activity's history rows say: {"default_date", "default_change_reason",
# optionally "default_user"}, as simple_history's bulk functions take it.
History = dict[str, Any]

_PRODUCT_FIELDS = ("description", "order", "target_quantity", "target_unit", "recurrence")
# Moving an activity in the plan, or in its document, is no change of substance.
_PLACE_FIELDS = ("order", "source_line")


def history(reason: str, user: Any = None, date: dt.datetime | None = None) -> History:
    """What the history rows of one write say: its reason, its user (none
    for the command line) and one date for all of them (now by default)."""
    return {
        "default_date": date or timezone.now(),
        "default_change_reason": reason[:100],
        "default_user": user if getattr(user, "is_authenticated", False) else None,
    }


def bulk_create(model, objs: Iterable, history: History) -> list:
    """Bulk insert `objs` with their history rows, in bulk too, all sharing
    the write's date, change reason and user."""
    return bulk_create_with_history(list(objs), model, batch_size=BATCH_SIZE, **history)


@dataclass(frozen=True)
class Names:
    """The network's organisations and funding sources, by key."""

    organisations: dict[str, Organisation]
    funding: dict[str, FundingSource]

    def leads(self, parsed: planfile.Activity) -> list[int]:
        return [self.organisations[key].pk for key in unique_keys(parsed.leads)]

    def sources(self, parsed: planfile.Activity) -> list[int]:
        return [self.funding[key].pk for key in unique_keys(parsed.resources)]

    def contributions(self, activity_id: int, parsed: planfile.Activity) -> list[Contribution]:
        return contributions_for(activity_id, parsed, self.funding)


@dataclass(frozen=True)
class NewActivity:
    """An activity to write: what the plan form says, where it goes, and the
    columns the plan form does not carry (rollover's `carried_from`, `recurring`)."""

    parsed: planfile.Activity
    area_id: int
    order: int
    extra: dict[str, Any] = field(default_factory=dict)


def activity_values(parsed: planfile.Activity, *, area_id: int, order: int) -> dict[str, Any]:
    """The columns of an activity that its plan form gives, by field name."""
    return {
        "area_id": area_id,
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


def search_text(parsed: planfile.Activity) -> str:
    return Activity.build_search_text(
        code=parsed.code,
        title=parsed.title,
        details=parsed.details,
        location=parsed.location,
        extra=[*parsed.products, *parsed.leads, *parsed.resources],
    )


def _row(plan: Plan, new: NewActivity) -> Activity:
    parsed = new.parsed
    return Activity(
        plan=plan,
        key=parsed.key.strip(),
        # Struck through in the document: kept, and closed as cancelled.
        status=(
            ActivityStatus.CANCELLED if parsed.status == "cancelled" else ActivityStatus.NOT_STARTED
        ),
        search_text=search_text(parsed),
        **activity_values(parsed, area_id=new.area_id, order=new.order),
        **new.extra,
    )


def create_activities(
    plan: Plan, batch: Sequence[NewActivity], names: Names, history: History
) -> dict[str, int]:
    """Write `batch` (up to BATCH_SIZE) and its links, in five queries and
    their history rows; {key: id} of the new activities."""
    bulk_create(Activity, (_row(plan, new) for new in batch), history)
    # Read back rather than rely on bulk_create returning ids, which not
    # every database does.
    keys = [new.parsed.key.strip() for new in batch]
    ids = dict(Activity.objects.filter(plan=plan, key__in=keys).values_list("key", "pk"))
    leads: list[ActivityLead] = []
    funding: list[ActivityFunding] = []
    products: list[Product] = []
    contributions: list[Contribution] = []
    for key, new in zip(keys, batch, strict=True):
        pk = ids[key]
        leads += _lead_rows(pk, names.leads(new.parsed))
        funding += _funding_rows(pk, names.sources(new.parsed))
        products += products_for(pk, new.parsed)
        contributions += names.contributions(pk, new.parsed)
    bulk_create(ActivityLead, leads, history)
    bulk_create(ActivityFunding, funding, history)
    bulk_create(Product, products, history)
    if contributions:
        bulk_create(Contribution, contributions, history)
    return ids


_CONTRIBUTION_FIELDS = ("source_id", *Contribution.VALUE_FIELDS, "order")


def contributions_for(
    activity_id: int, parsed: planfile.Activity, funding: dict[str, FundingSource]
) -> list[Contribution]:
    """The activity's contributions, each of the network's funding source
    of its name (the importer has created the sources they name)."""
    return [
        Contribution(
            activity_id=activity_id,
            source_id=funding[organisation_key(c.source)].pk,
            kind=c.kind,
            stage=c.stage,
            amount=c.amount,
            currency=c.currency,
            hours=c.hours,
            period_start=c.starts,
            period_end=c.ends,
            note=c.note.strip(),
            order=order,
        )
        for order, c in enumerate(parsed.contributions)
    ]


def _contribution_values(contribution: Contribution) -> tuple:
    values = [getattr(contribution, name) for name in _CONTRIBUTION_FIELDS]
    # 15000 and 15000.00 are the same amount.
    return tuple(v.normalize() if isinstance(v, Decimal) else v for v in values)


def _lead_rows(activity_id: int, organisation_ids: list[int]) -> list[ActivityLead]:
    return [
        ActivityLead(activity_id=activity_id, organisation_id=pk, order=order)
        for order, pk in enumerate(organisation_ids)
    ]


def _funding_rows(activity_id: int, source_ids: list[int]) -> list[ActivityFunding]:
    return [
        ActivityFunding(activity_id=activity_id, funding_source_id=pk, order=order)
        for order, pk in enumerate(source_ids)
    ]


def products_for(activity_id: int, parsed: planfile.Activity) -> list[Product]:
    """The activity's products, each carrying the target that counts it.

    A target that names no product counts the first one; an activity with a
    target but no product gets a product named after the target's unit; a
    second target on the same product becomes a product of its own, since a
    product holds one target.
    """
    products = [
        Product(activity_id=activity_id, description=description.strip(), order=order)
        for order, description in enumerate(parsed.products)
        if description.strip()
    ]
    for target in parsed.targets:
        index = target.product if target.product is not None else 0
        if not 0 <= index < len(products):
            index = 0
        if not products or products[index].target_quantity is not None:
            products.append(
                Product(
                    activity_id=activity_id,
                    description=(target.unit or "").strip() or str(target.quantity),
                    order=len(products),
                )
            )
            index = len(products) - 1
        product = products[index]
        product.target_quantity = target.quantity
        product.target_unit = (target.unit or "").strip()
        product.recurrence = target.recurrence or ""
    return products


def unique_keys(names: Iterable[str]) -> list[str]:
    """Keys of `names` in order, each once, blanks dropped."""
    keys: list[str] = []
    for name in names:
        key = organisation_key(name)
        if key and key not in keys:
            keys.append(key)
    return keys


# ---------------------------------------------------------------------------
# In place: an existing activity made to say what its plan form says.


@dataclass
class Links:
    """An existing activity's leads, funding and products, in their order."""

    leads: list[ActivityLead] = field(default_factory=list)
    funding: list[ActivityFunding] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)


def links_of(plan: Plan) -> dict[int, Links]:
    """Every activity's links, by activity id, in four queries."""
    found: dict[int, Links] = {}
    for lead in ActivityLead.objects.filter(activity__plan=plan).order_by("order"):
        found.setdefault(lead.activity_id, Links()).leads.append(lead)
    for source in ActivityFunding.objects.filter(activity__plan=plan).order_by("order"):
        found.setdefault(source.activity_id, Links()).funding.append(source)
    for product in Product.objects.filter(activity__plan=plan).order_by("order", "pk"):
        found.setdefault(product.activity_id, Links()).products.append(product)
    for contribution in Contribution.objects.filter(activity__plan=plan).order_by("order", "pk"):
        found.setdefault(contribution.activity_id, Links()).contributions.append(contribution)
    return found


def update_activity(
    activity: Activity,
    parsed: planfile.Activity,
    *,
    area_id: int,
    order: int,
    names: Names,
    links: Links | None,
    history: History,
) -> bool:
    """Make `activity` and its links say what `parsed` says, in place;
    whether anything of substance changed. Its version then moves on, so
    that an edit begun on it before is refused as stale."""
    values = activity_values(parsed, area_id=area_id, order=order)
    text = search_text(parsed)
    differs = [name for name, value in values.items() if getattr(activity, name) != value]
    links_changed = _update_links(activity, parsed, names, links or Links(), history)
    if not (differs or links_changed or activity.search_text != text):
        return False
    for name in differs:
        setattr(activity, name, values[name])
    activity.search_text = text
    fields = [*differs, "search_text"]
    meaningful = links_changed or any(name not in _PLACE_FIELDS for name in differs)
    if meaningful:
        activity.version += 1
        fields.append("version")
    audited(activity, history).save(update_fields=fields)
    return meaningful


def _update_links(
    activity: Activity, parsed: planfile.Activity, names: Names, links: Links, history: History
) -> bool:
    """Make the activity's leads, funding, products and contributions the plan form's;
    whether anything changed. (Each is brought up to date: no short-circuit.)"""
    leads = names.leads(parsed)
    leads_changed = [link.organisation_id for link in links.leads] != leads
    if leads_changed:
        _delete(links.leads, history)
        bulk_create(ActivityLead, _lead_rows(activity.pk, leads), history)
    sources = names.sources(parsed)
    funding_changed = [link.funding_source_id for link in links.funding] != sources
    if funding_changed:
        _delete(links.funding, history)
        bulk_create(ActivityFunding, _funding_rows(activity.pk, sources), history)
    products_changed = _update_products(activity, parsed, links.products, history)
    wanted = names.contributions(activity.pk, parsed)
    contributions_changed = [_contribution_values(c) for c in links.contributions] != [
        _contribution_values(c) for c in wanted
    ]
    if contributions_changed:
        _delete(links.contributions, history)
        bulk_create(Contribution, wanted, history)
    return leads_changed or funding_changed or products_changed or contributions_changed


def _delete(rows: Iterable, history: History) -> None:
    for row in rows:
        audited(row, history).delete()


def _update_products(
    activity: Activity, parsed: planfile.Activity, current: list[Product], history: History
) -> bool:
    """Products matched to the existing ones (see `match_products`): the
    matched updated, the new added, the rest removed."""
    wanted = products_for(activity.pk, parsed)
    pairs, left = match_products(current, wanted)
    changed = False
    new: list[Product] = []
    for product, existing in zip(wanted, pairs, strict=True):
        if existing is None:
            new.append(product)
            continue
        differs = [f for f in _PRODUCT_FIELDS if getattr(existing, f) != getattr(product, f)]
        if differs:
            for name in differs:
                setattr(existing, name, getattr(product, name))
            audited(existing, history).save(update_fields=differs)
            # Reordering alone is no change of substance.
            changed = changed or differs != ["order"]
    if new:
        bulk_create(Product, new, history)
    # The caller made sure none of those left has evidence.
    _delete(left, history)
    return changed or bool(new) or bool(left)


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


def audited(obj, history: History):
    """`obj`, its next history row carrying the write's reason and user."""
    obj._change_reason = history["default_change_reason"]
    if history["default_user"] is not None:
        obj._history_user = history["default_user"]
    return obj


# Areas, for a new plan.


def create_areas(plan: Plan, areas: Sequence[planfile.Area], history: History) -> dict[int, int]:
    """Write a new plan's areas in their order; {id(activity): area id}
    for every activity of the plan form."""
    bulk_create(
        Area,
        (
            Area(
                plan=plan,
                number=area.number,
                title=area.title.strip(),
                objective=(area.objective or "").strip(),
                notes=(area.notes or "").strip(),
                order=order,
                source_line=area.line,
            )
            for order, area in enumerate(areas)
        ),
        history,
    )
    ids = dict(Area.objects.filter(plan=plan).values_list("order", "pk"))
    return {
        id(activity): ids[order] for order, area in enumerate(areas) for activity in area.activities
    }
