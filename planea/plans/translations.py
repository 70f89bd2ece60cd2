"""The plan's texts in the reader's language.

A plan is written in one language (`Plan.language`: "es", or "en" for a
network that writes in English); its texts stay in their own columns in that
language. Translations into the network's other languages (`settings.LANGUAGES`)
live beside them in one table, `Translation`, keyed by object, field and
language. This module is the one way to read and write them:

- `register(model, fields, plan_of)` names which fields of which models are
  translatable (plans registers its own here; governance registers meetings);
- `PlanTexts.load(plan, language)` reads every translation of a plan in one
  language in one query, and `.get(obj, field)` gives the text to show —
  the translation, or the original marked as such;
- `set_translation(...)` records one; `source_texts(plan)` lists every text
  of a plan with its translations, in the plan's order, for the translations
  page, the spreadsheet round trip and the reports.

Why a table of our own and not django-modeltranslation or django-parler:
docs/architecture.md, "Translated content".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import Activity, Area, Plan, Product, Translation, text_digest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Translatable:
    """A model whose `fields` are translatable, and how to find an object's plan."""

    model: type[models.Model]
    fields: tuple[str, ...]
    plan_of: Callable[[Any], Plan]
    # The objects of a plan, in order, for models outside the plan's own tree
    # (meetings belong to the network and are the plan's by their year).
    objects_of: Callable[[Plan], Iterable[Any]] | None = None


_registry: dict[type[models.Model], Translatable] = {}
TRANSLATABLE: Mapping[type[models.Model], Translatable] = MappingProxyType(_registry)


def register(
    model: type[models.Model],
    fields: tuple[str, ...],
    plan_of: Callable[[Any], Plan],
    *,
    objects_of: Callable[[Plan], Iterable[Any]] | None = None,
) -> None:
    """Make `fields` of `model` translatable. `plan_of(obj)` is the plan the
    translations of `obj` belong to; `objects_of(plan)` lists a plan's objects
    of a model that is not part of the plan's tree (areas, activities, products)."""
    _registry[model] = Translatable(model, fields, plan_of, objects_of)


def digest(text: str) -> str:
    """The sha256 (hex) of an original text, kept with its translations."""
    return text_digest(text)


def language_code(language: str | None) -> str:
    """The site language a request's language stands for ("pt-br" → "pt");
    the default language when it is none of them."""
    code = (language or "").lower().split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Shown:
    """A text as shown to a reader: in `language`; `is_original` when the
    reader asked for another language and the text has no translation in it."""

    text: str
    language: str
    is_original: bool = False
    stale: bool = False

    def __str__(self) -> str:
        return self.text


def _entry(obj: models.Model, field_name: str) -> Translatable:
    entry = _registry.get(type(obj)._meta.concrete_model)  # type: ignore[arg-type]
    if entry is None or field_name not in entry.fields:
        raise ValueError(f"{type(obj).__name__}.{field_name} is not translatable")
    return entry


def _warm_content_types() -> None:
    """Reads the content types of every translatable model into Django's
    cache at once: one query the first time, none after, rather than one
    per model met while a page is drawn."""
    ContentType.objects.get_for_models(*_registry)


# Which objects' translations to read: model → their ids (a list, or a
# queryset of ids, read as a subquery).
Only = Mapping[type[models.Model], Iterable[int] | models.QuerySet]


def _only(only: Only) -> models.Q:
    condition = models.Q(pk__in=[])  # nothing, when nothing is named
    for model, ids in only.items():
        content_type = ContentType.objects.get_for_model(model)
        ids = ids if isinstance(ids, models.QuerySet) else list(ids)
        condition |= models.Q(content_type=content_type, object_id__in=ids)
    return condition


def _key(obj: models.Model, field_name: str) -> tuple[int, int, str]:
    content_type = ContentType.objects.get_for_model(obj)  # cached after the first
    return (content_type.pk, obj.pk, field_name)


class PlanTexts:
    """The translations of one plan in one language, read at once."""

    def __init__(self, plan: Plan, language: str, translations: Iterable[Translation] = ()) -> None:
        self.plan = plan
        self.language = language
        self._by_key = {(t.content_type_id, t.object_id, t.field): t for t in translations}

    @classmethod
    def load(cls, plan: Plan, language: str | None, *, only: Only | None = None) -> PlanTexts:
        """Every translation of `plan` into `language`: one query, none when
        the reader reads the plan's own language. `only` (model → ids, or a
        queryset of ids) limits it to the objects a page shows: a page of a
        plan of thousands of texts reads its own."""
        code = language_code(language)
        if code == plan.language:
            return cls(plan, code)
        _warm_content_types()
        found = Translation.objects.filter(plan=plan, language=code)
        return cls(plan, code, found.filter(_only(only)) if only is not None else found)

    @classmethod
    def load_many(
        cls, plans: Iterable[Plan], language: str | None, *, only: Only | None = None
    ) -> dict[int, PlanTexts]:
        """`load` for several plans (a person's commitments across networks),
        by plan id: one query at most."""
        code = language_code(language)
        plans = list(plans)
        by_plan: dict[int, list[Translation]] = {plan.pk: [] for plan in plans}
        foreign = [plan.pk for plan in plans if plan.language != code]
        if foreign:
            _warm_content_types()
            found = Translation.objects.filter(plan_id__in=foreign, language=code)
            if only is not None:
                found = found.filter(_only(only))
            for translation in found:
                by_plan[translation.plan_id].append(translation)
        return {plan.pk: cls(plan, code, by_plan[plan.pk]) for plan in plans}

    @classmethod
    def titles(cls, plans: Iterable[Plan], language: str | None) -> None:
        """Sets `shown_title` (a `Shown`) on each of `plans`, for a list of
        plans (the home page, a network's page): one query at most."""
        plans = list(plans)
        texts = cls.load_many(plans, language, only={Plan: [plan.pk for plan in plans]})
        for plan in plans:
            plan.shown_title = texts[plan.pk].get(plan, "title")  # type: ignore[attr-defined]  # a page's own attribute

    @property
    def is_original_language(self) -> bool:
        return self.language == self.plan.language

    def translation(self, obj: models.Model, field_name: str) -> Translation | None:
        _entry(obj, field_name)
        return self._by_key.get(_key(obj, field_name))

    def get(self, obj: models.Model, field_name: str) -> Shown:
        """The text of `obj.field_name` in the reader's language, or the
        original, marked `is_original`, when it has no translation."""
        _entry(obj, field_name)
        return self.shown(type(obj), obj.pk, field_name, getattr(obj, field_name) or "")

    def shown(self, model: type[models.Model], pk: int, field_name: str, original: str) -> Shown:
        """`get` for a text read as plain data (`values()` rows): the model,
        the object's id and its original text."""
        if self.is_original_language:
            return Shown(original, self.language)
        content_type = ContentType.objects.get_for_model(model)
        found = self._by_key.get((content_type.pk, pk, field_name))
        if found is not None and found.text.strip():
            return Shown(found.text, self.language, stale=found.stale(original))
        return Shown(original, self.plan.language, is_original=bool(original))

    def text(self, obj: models.Model, field_name: str) -> str:
        return self.get(obj, field_name).text


def set_translation(
    obj: models.Model,
    field_name: str,
    language: str,
    text: str,
    user: AbstractBaseUser | None,
) -> Translation | None:
    """Record `text` as the `language` translation of `obj.field_name`, made
    from the original as it is now; an empty text removes the translation
    (and returns None)."""
    entry = _entry(obj, field_name)
    plan = entry.plan_of(obj)
    if language not in dict(settings.LANGUAGES) or language == plan.language:
        raise ValueError(f"cannot translate a {plan.language} plan into {language!r}")
    content_type = ContentType.objects.get_for_model(obj)
    where = {
        "content_type": content_type,
        "object_id": obj.pk,
        "field": field_name,
        "language": language,
    }
    with transaction.atomic():
        if not text.strip():
            Translation.objects.filter(**where).delete()
            return None
        translation, _ = Translation.objects.update_or_create(
            **where,
            defaults={
                "plan": plan,
                "text": text,
                "source_digest": digest(getattr(obj, field_name) or ""),
                "updated_by": user,
            },
        )
    return translation


@dataclass
class SourceText:
    """One translatable text of a plan with its translations by language."""

    obj: models.Model
    field: str
    area: Area | None
    original: str
    translations: dict[str, Translation] = dataclass_field(default_factory=dict)

    def stale_in(self, language: str) -> bool:
        found = self.translations.get(language)
        return found is not None and found.stale(self.original)

    def missing_in(self, language: str) -> bool:
        return language not in self.translations


def _plan_objects(plan: Plan) -> Iterable[tuple[models.Model, Area | None]]:
    """The plan, then each area with its activities and their products, in
    the plan's order; then the registered objects outside the tree."""
    yield plan, None
    areas = plan.areas.order_by("order")
    activities = (
        Activity.objects.filter(plan=plan)
        .order_by("area__order", "order", "pk")
        .prefetch_related(models.Prefetch("products", Product.objects.order_by("order", "pk")))
    )
    by_area: dict[int, list[Activity]] = {}
    for activity in activities:
        by_area.setdefault(activity.area_id, []).append(activity)
    for area in areas:
        yield area, area
        for activity in by_area.get(area.pk, []):
            yield activity, area
            for product in activity.products.all():
                yield product, area
    for entry in _registry.values():
        if entry.objects_of is not None:
            for obj in entry.objects_of(plan):
                yield obj, None


def source_texts(plan: Plan) -> list[SourceText]:
    """Every non-empty translatable text of `plan`, in the plan's order, with
    its translations in every language (a bounded number of queries)."""
    _warm_content_types()
    by_key: dict[tuple[int, int, str], dict[str, Translation]] = {}
    for translation in Translation.objects.filter(plan=plan):
        key = (translation.content_type_id, translation.object_id, translation.field)
        by_key.setdefault(key, {})[translation.language] = translation
    texts = []
    for obj, area in _plan_objects(plan):
        for field_name in _entry_fields(obj):
            original = getattr(obj, field_name) or ""
            if original.strip():
                translations = by_key.get(_key(obj, field_name), {})
                texts.append(SourceText(obj, field_name, area, original, translations))
    return texts


def _entry_fields(obj: models.Model) -> tuple[str, ...]:
    entry = _registry.get(type(obj)._meta.concrete_model)  # type: ignore[arg-type]
    return entry.fields if entry else ()


register(Plan, ("title", "background", "purpose"), lambda plan: plan)
register(Area, ("title", "objective"), lambda area: area.plan)
register(Activity, ("title", "details"), lambda activity: activity.plan)
register(Product, ("description",), lambda product: product.activity.plan)
