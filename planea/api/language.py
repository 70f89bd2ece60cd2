"""The language an API answer's plan texts are in.

`?lang=fr` first; else the language `LocaleMiddleware` chose from the
request (`Accept-Language`, or the site's language cookie), as for the
website; else the site's default, Spanish. (The API's own messages stay in
English whatever the language: planea.api.api.) Every object with
translatable texts (a plan, an area, an activity, a product, a meeting)
carries three fields:

- `language`: the language the answer asked for, which its texts are in;
- `original_language`: the plan's own language, that of its originals;
- `untranslated`: the translatable fields that have no translation into
  `language`, given in `original_language` instead (empty when `language`
  is the plan's own).

The texts of an answer thus depend on the language as well as the address:
the caches key on it (planea.api.cache).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Schema

from planea.plans.models import Plan
from planea.plans.translations import PlanTexts, language_code

from .common import FieldRefused

PARAMETER = "lang"
_CACHE = "_planea_plan_texts"


def request_language(request: HttpRequest) -> str:
    """The language the caller asked for: `?lang=`, else `Accept-Language`
    (as LocaleMiddleware read it). An unknown `lang` is refused (422)."""
    asked = request.GET.get(PARAMETER, "")
    if asked:
        code = asked.strip().lower()
        if code not in dict(settings.LANGUAGES):
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            raise FieldRefused(PARAMETER, f"the language must be one of {codes}")
        return code
    # LocaleMiddleware's choice, kept on the request: the API then speaks
    # English for its own messages (`_in_english`), which is not the reader's.
    return language_code(getattr(request, "LANGUAGE_CODE", None) or get_language())


class Translated(Schema):
    """What an object's texts are in: see planea.api.language."""

    language: str = Field(..., description="The language asked for (`?lang=`, Accept-Language).")
    original_language: str = Field(..., description="The plan's own language.")
    untranslated: list[str] = Field(
        ..., description="Fields with no translation, given in `original_language` instead."
    )


def texts_for(request: HttpRequest, plans: list[Plan]) -> dict[int, PlanTexts]:
    """The texts of `plans` in the request's language, read once per request
    (one query for all the plans not read yet) and kept on the request."""
    cache: dict[int, PlanTexts] = request.__dict__.setdefault(_CACHE, {})
    missing = [plan for plan in plans if plan.pk not in cache]
    if missing:
        cache.update(PlanTexts.load_many(missing, request_language(request)))
    return cache


def translated(
    texts: PlanTexts, model: type[models.Model], pk: int, originals: dict[str, str]
) -> dict[str, Any]:
    """`originals` (field → original text) in the language of `texts`, with
    the three marker fields."""
    answer: dict[str, Any] = {}
    untranslated = []
    for field, original in originals.items():
        shown = texts.shown(model, pk, field, original or "")
        answer[field] = shown.text
        if shown.is_original:
            untranslated.append(field)
    answer["language"] = texts.language
    answer["original_language"] = texts.plan.language
    answer["untranslated"] = untranslated
    return answer


def of_object(context: Any, obj: models.Model, plan: Plan, fields: tuple[str, ...]) -> dict:
    """`translated` for a model instance a schema writes out (`context` is
    ninja's: it holds the request)."""
    request = (context or {}).get("request")
    originals = {field: getattr(obj, field) or "" for field in fields}
    if request is None:
        texts = PlanTexts(plan, plan.language)
    else:
        texts = texts_for(request, [plan])[plan.pk]
    return translated(texts, type(obj), obj.pk, originals)
