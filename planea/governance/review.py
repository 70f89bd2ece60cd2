"""What a draft carried over from last year's plan still says of last year.

`planea rollover` copies last year's words into next year's draft. What is
tied to a year is not carried silently: it is flagged "to review" on the
draft's plan page and in its editor until someone rewrites it:

- year-bound text of a carried or renewed activity, left as it was: a year
  ("excelGOB 2016", "Plan de trabajo 2018"), an ordinal ("Quinto taller",
  "Onceava Reunión", "X Reunión", "5º", "11th");
- the background, purpose and other free text, copied from last year's plan;
- a target carried as what is still owed ("3 of the 5 planned for 2017").

"Primero"/"segundo" (first/second) are left out: in plans they name the
halves of the year far more often than a numbered event.

The flags are worked out when a page is shown, never stored: they vanish
once the text is rewritten, never reach the plan's versions, and speak the
reader's language. They are shown while the plan is not yet adopted (draft
or proposed); an adopted plan's words are the Assembly's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from planea.plans.models import Activity, Plan, PlanStatus, Product

# The plan's statuses a review is shown in.
REVIEWED = (PlanStatus.DRAFT, PlanStatus.PROPOSED)

_YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
_ORDINAL_WORDS = (
    # Spanish
    r"tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[eé]ptim[oa]|octav[oa]|noven[oa]|"
    r"d[eé]cim[oa]|und[eé]cim[oa]|duod[eé]cim[oa]|"
    r"(?:onc|doc|trec|catorc|quinc|diecis[eé]is|diecisiet|diecioch|diecinuev|vein?t)eav[oa]|"
    r"vig[eé]sim[oa]|trig[eé]sim[oa]|"
    # Portuguese
    r"terceir[oa]|s[eé]tim[oa]|oitav[oa]|non[oa]|"
    # English
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|twentieth|\d+(?:st|nd|rd|th)"
)
_WORDS = re.compile(rf"{_YEAR}|\b(?:{_ORDINAL_WORDS})\b|\d+\.?\s?[ºª°]", re.IGNORECASE)
# A Roman numeral (up to 89) before a capitalised word: "X Reunión Anual".
_ROMAN = re.compile(r"\b(?=[IVXL])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b(?=\s+[A-ZÁÉÍÓÚÑ])")


def year_bound(text: str) -> tuple[str, ...]:
    """The fragments of `text` tied to a year, in order, each once."""
    found = sorted(
        [(m.start(), m.group()) for m in _WORDS.finditer(text or "")]
        + [(m.start(), m.group()) for m in _ROMAN.finditer(text or "") if m.group()]
    )
    return tuple(dict.fromkeys(fragment for _, fragment in found))


@dataclass(frozen=True)
class Flag:
    """One thing of an activity to review: year-bound text ("year-bound")
    or a target carried as what is still owed ("carried-target")."""

    kind: str
    field: str  # "title", "details", "location" or "product"
    label: str  # the field's name, in the reader's language
    text: str
    found: tuple[str, ...] = ()
    owed: int | None = None
    original: int | None = None


@dataclass(frozen=True)
class CopiedText:
    """Free text copied as it was from last year's plan: to rewrite."""

    field: str  # "background", "purpose" or "section"
    heading: str
    found: tuple[str, ...]


@dataclass
class DraftReview:
    plan: Plan
    previous_year: int
    texts: list[CopiedText] = field(default_factory=list)
    activities: list[tuple[Activity, list[Flag]]] = field(default_factory=list)

    @cached_property
    def by_key(self) -> dict[str, list[Flag]]:
        return {activity.key: flags for activity, flags in self.activities}

    def __bool__(self) -> bool:
        return bool(self.texts or self.activities)


def draft_review(plan: Plan) -> DraftReview | None:
    """What `plan`, while a draft or proposed, still carries of last year
    unchanged; None for an adopted plan. Four queries whatever its size."""
    if plan.status not in REVIEWED:
        return None
    review = DraftReview(plan=plan, previous_year=plan.year - 1)
    previous = Plan.objects.filter(network_id=plan.network_id, year=plan.year - 1).first()
    if previous is not None:
        review.texts = copied_texts(plan, previous)
    carried = (
        plan.activities.filter(carried_from__isnull=False)
        .select_related("carried_from")
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.order_by("order")),
            Prefetch("carried_from__products", queryset=Product.objects.order_by("order")),
        )
        .order_by("order")
    )
    for activity in carried:
        flags = activity_flags(activity, activity.carried_from)
        if flags:
            review.activities.append((activity, flags))
    return review


def copied_texts(plan: Plan, previous: Plan) -> list[CopiedText]:
    """The background, purpose and free-text sections `plan` still shares,
    word for word, with the plan of the year before."""
    texts = [
        CopiedText(name, heading, year_bound(text))
        for name, heading, text, before in (
            ("background", _("Background"), plan.background, previous.background),
            ("purpose", _("Purpose"), plan.purpose, previous.purpose),
        )
        if text and text == before
    ]
    seen = {plan.background, plan.purpose}
    earlier = {section.get("text", "") for section in previous.sections or []}
    for section in plan.sections or []:
        text = section.get("text", "")
        if text and text in earlier and text not in seen:
            texts.append(CopiedText("section", section.get("heading", ""), year_bound(text)))
            seen.add(text)
    return texts


def activity_flags(activity: Activity, origin: Activity) -> list[Flag]:
    """What `activity` still says of its origin's year, and the targets it
    carries as what was still owed."""
    flags = []
    for name in ("title", "details", "location"):
        text = getattr(activity, name)
        found = year_bound(text) if text == getattr(origin, name) else ()
        if found:
            label = str(Activity._meta.get_field(name).verbose_name)
            flags.append(Flag("year-bound", name, label, text, found))
    before = {}
    for product in origin.products.all():
        before.setdefault(product.description, product)
    for product in activity.products.all():
        old = before.get(product.description)
        if old is None:
            continue
        found = year_bound(product.description)
        if found:
            flags.append(Flag("year-bound", "product", _("product"), product.description, found))
        if product.target < old.target:
            flags.append(
                Flag(
                    "carried-target",
                    "product",
                    _("product"),
                    product.description,
                    owed=product.target,
                    original=old.target,
                )
            )
    return flags
