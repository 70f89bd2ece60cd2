"""The translation workflow of a plan: every text with a stable key, its
state in each language, and writing a batch of translations at once.

The translations page and the spreadsheet round trip both go through here:

- `entries(plan)` lists the plan's texts (`source_texts`) each with a key
  that does not depend on database ids where the plan gives one:
  `plan:title`, `area:2:objective`, `activity:1.1.i:title`,
  `product:1.1.i:2:description` (the activity's second product),
  `meeting:41:decisions` (a meeting has no key of its own in the plan);
- `state(entry, language)` is "missing", "stale" (the original changed
  after the translation was written: its digest no longer matches) or
  "done"; `counts(...)` adds them up per language;
- `apply(plan, changes, user)` checks a batch of `Change`s whole (the text
  rule, the size, the key, the original the translator saw) and writes it
  in one transaction, or writes nothing and says, row by row, why.

A change made against an original that has changed since (an amendment
approved meanwhile) is a conflict: it is not written, and reported, so that
a translation never claims to translate a text its translator did not see.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planea.core.text import control_characters, describe
from planea.plans.models import Activity, Area, Plan, Product, Translation
from planea.plans.translations import SourceText, digest, source_texts

from .models import Meeting

MISSING, STALE, DONE = "missing", "stale", "done"
STATES = (MISSING, STALE, DONE)
STATE_LABELS = {
    MISSING: gettext_lazy("missing"),
    STALE: gettext_lazy("out of date"),
    DONE: gettext_lazy("translated"),
}
# The longest translation accepted: well above the longest text a plan holds
# (a background of a few pages), and a bound on what one import may write.
MAX_TEXT = 20_000
# Rows per INSERT or UPDATE when a batch is written.
BATCH_SIZE = 500

FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "background": gettext_lazy("background"),
    "purpose": gettext_lazy("purpose"),
    "objective": gettext_lazy("objective"),
    "details": gettext_lazy("details"),
    "description": gettext_lazy("description"),
    "decisions": gettext_lazy("decisions"),
}


@dataclass(frozen=True)
class Entry:
    """One text of the plan, with its key and what it is for a person."""

    key: str
    source: SourceText
    # "1.1.i", "Area 2", "The plan": where the text is.
    where: str

    @property
    def original(self) -> str:
        return self.source.original

    @property
    def area_number(self) -> int | None:
        return self.source.area.number if self.source.area is not None else None

    @property
    def label(self) -> str:
        """ "1.1.i · title" """
        return f"{self.where} · {FIELD_LABELS.get(self.source.field, self.source.field)}"

    def translation(self, language: str) -> str:
        found = self.source.translations.get(language)
        return found.text if found is not None else ""


def _named(obj: models.Model, products: dict[int, int]) -> tuple[str, str]:
    """The key of `obj` (without its field) and its name for a person."""
    if isinstance(obj, Plan):
        return "plan", _("The plan")
    if isinstance(obj, Area):
        return f"area:{obj.number}", _("Area %(number)s") % {"number": obj.number}
    if isinstance(obj, Activity):
        return f"activity:{obj.key}", obj.code or obj.key
    if isinstance(obj, Product):
        # An activity's products have no key of their own: their position.
        products[obj.activity_id] = position = products.get(obj.activity_id, 0) + 1
        activity = obj.activity.code or obj.activity.key
        name = _("%(activity)s, product %(number)s") % {"activity": activity, "number": position}
        return f"product:{obj.activity.key}:{position}", name
    if isinstance(obj, Meeting):
        return f"meeting:{obj.pk}", _("Meeting of %(date)s") % {"date": obj.date.isoformat()}
    return f"{obj._meta.model_name}:{obj.pk}", str(obj)


def entries(plan: Plan) -> list[Entry]:
    """Every text of `plan`, keyed, in the plan's order."""
    named: dict[tuple[str, int], tuple[str, str]] = {}
    products: dict[int, int] = {}
    seen: dict[str, int] = {}
    found = []
    for text in source_texts(plan):
        ident = (text.obj._meta.label, text.obj.pk)
        if ident not in named:
            key, name = _named(text.obj, products)
            # Two areas may share a number: the second is "area:2#2".
            seen[key] = seen.get(key, 0) + 1
            named[ident] = (key if seen[key] == 1 else f"{key}#{seen[key]}", name)
        key, name = named[ident]
        found.append(Entry(f"{key}:{text.field}", text, name))
    return found


def state(entry: Entry, language: str) -> str:
    if entry.source.missing_in(language):
        return MISSING
    return STALE if entry.source.stale_in(language) else DONE


@dataclass(frozen=True)
class Counts:
    language: str
    translated: int
    missing: int
    stale: int

    @property
    def total(self) -> int:
        return self.translated + self.missing + self.stale


def counts(found: Sequence[Entry], languages: Iterable[str]) -> list[Counts]:
    """How many texts are translated, missing or out of date, per language."""
    result = []
    for language in languages:
        states = [state(entry, language) for entry in found]
        result.append(
            Counts(language, states.count(DONE), states.count(MISSING), states.count(STALE))
        )
    return result


def language_name(code: str) -> str:
    """The language's name in the reader's language, as the language menu
    names it (settings.LANGUAGES)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def other_languages(plan: Plan) -> list[str]:
    """The site's languages but the plan's own, in the site's order."""
    return [code for code, _name in settings.LANGUAGES if code != plan.language]


# ---------------------------------------------------------------------------
# Writing.


@dataclass(frozen=True)
class Change:
    """A translation as a translator sent it: `key`'s text in `language`,
    made from the original whose digest is `seen` (the text they saw),
    from `where` ("Row 12"; by default, the text's label: "1.1.i · title")."""

    key: str
    language: str
    text: str
    seen: str
    where: str = ""
    # Write it even if it equals the stored text: the translator confirms a
    # stale translation still holds for the changed original.
    confirm: bool = False


@dataclass
class Outcome:
    written: int = 0
    removed: int = 0
    errors: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _problem(change: Change, entry: Entry | None) -> str | None:
    if entry is None:
        return _("%(where)s: no text of this plan has the key %(key)s.") % {
            "where": change.where,
            "key": change.key,
        }
    if len(change.text) > MAX_TEXT:
        return _("%(where)s: the translation is longer than %(max)s characters.") % {
            "where": change.where,
            "max": f"{MAX_TEXT:,}",
        }
    chars = control_characters(change.text)
    if chars:
        return _("%(where)s: the translation holds characters a text may not: %(chars)s.") % {
            "where": change.where,
            "chars": describe(chars),
        }
    return None


def _conflict(change: Change) -> str:
    return _(
        "%(where)s: the original changed after this text was translated: not saved; "
        "translate the current original."
    ) % {"where": change.where}


def _wanted(change: Change, entry: Entry) -> bool:
    """Whether the change asks for anything: a new or different text, or a
    stale translation confirmed."""
    if change.text != entry.translation(change.language):
        return True
    return change.confirm and state(entry, change.language) == STALE


def _refused(change: Change) -> str:
    return _("%(where)s: you may not translate into %(language)s.") % {
        "where": change.where,
        "language": language_name(change.language),
    }


def apply(plan: Plan, changes: Sequence[Change], user, allowed: Collection[str]) -> Outcome:
    """Write `changes` to `plan`'s translations in one transaction; on any
    error, write nothing. `allowed` are the languages the user may
    translate into (`policy.translation_languages`): a change in another is
    an error, an unchanged text in another is left alone. A change against
    an original that changed since is a conflict: skipped and reported, the
    others written."""
    by_key = {entry.key: entry for entry in entries(plan)}
    outcome = Outcome()
    todo: list[tuple[Change, Entry]] = []
    for change in changes:
        entry = by_key.get(change.key)
        if not change.where:
            change = replace(change, where=entry.label if entry is not None else change.key)
        problem = _problem(change, entry)
        if problem:
            outcome.errors.append(problem)
        elif entry is not None and _wanted(change, entry):
            if change.language not in allowed:
                outcome.errors.append(_refused(change))
            elif change.seen != digest(entry.original):
                outcome.conflicts.append(_conflict(change))
            else:
                todo.append((change, entry))
    if outcome.errors:
        return outcome
    try:
        outcome.written, outcome.removed = _write(plan, todo, user)
    except IntegrityError:
        # Someone saved one of these texts between our reading and writing.
        outcome.errors.append(_("Someone else saved translations meanwhile: try again."))
    return outcome


def _write(plan: Plan, todo: Sequence[tuple[Change, Entry]], user) -> tuple[int, int]:
    """`set_translation` for a batch, in a few queries whatever its size (a
    sheet of a large plan holds thousands of texts): each translation made
    from the original as it is now. (written, removed)."""
    now = timezone.now()
    removed: list[int] = []
    changed: list[Translation] = []
    created: list[Translation] = []
    for change, entry in todo:
        found = entry.source.translations.get(change.language)
        if not change.text.strip():
            if found is not None:
                removed.append(found.pk)
        elif found is not None:
            found.text, found.source_digest = change.text, digest(entry.original)
            found.updated_by, found.updated_at = user, now
            changed.append(found)
        else:
            created.append(
                Translation(
                    plan=plan,
                    content_type=ContentType.objects.get_for_model(entry.source.obj),
                    object_id=entry.source.obj.pk,
                    field=entry.source.field,
                    language=change.language,
                    text=change.text,
                    source_digest=digest(entry.original),
                    updated_by=user,
                )
            )
    fields = ["text", "source_digest", "updated_by", "updated_at"]
    with transaction.atomic():
        Translation.objects.filter(pk__in=removed).delete()
        Translation.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
        Translation.objects.bulk_create(created, batch_size=BATCH_SIZE)
    return len(changed) + len(created), len(removed)
