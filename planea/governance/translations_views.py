"""The translations page of a plan: every text beside its translation in
one language, what is missing or out of date, filters, and the forms to
translate, to download the texts as a spreadsheet and to bring one back.

Thin views: the policy says who may read (VIEW_TRANSLATIONS), write
(TRANSLATE, language by language), export and import; `translating` does
the work, `translation_sheets` the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from planea.accounts.policy import Action, InLanguage, require, translation_languages
from planea.core.uploads import XLSX, body_too_big, max_bytes, too_big_message
from planea.plans.models import Plan
from planea.plans.translations import digest

from . import translating, translation_sheets
from .translating import STATE_LABELS, STATES, Change, Entry, language_name

# Texts per page: a screenful of forms, each with its original beside it.
PAGE_SIZE = 25


def _plan(request: HttpRequest, network: str, year: int, action: Action) -> Plan:
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("network"),
        network__slug=network,
        year=year,
    )
    require(request.user, action, plan)
    return plan


@dataclass(frozen=True)
class Filters:
    """What the page shows: one language, an area or all, a state or all."""

    language: str
    area: int | None
    state: str
    page: str

    @classmethod
    def read(cls, data: QueryDict, plan: Plan, mine: list[str]) -> Filters:
        languages = translating.other_languages(plan)
        language = data.get("language", "")
        if language not in languages:
            language = mine[0] if mine else languages[0]
        area = data.get("area", "")
        state = data.get("state", "")
        return cls(
            language=language,
            area=int(area) if area.isdigit() else None,
            state=state if state in STATES else "",
            page=data.get("page", "") if data.get("page", "").isdigit() else "",
        )

    def keeps(self, entry: Entry) -> bool:
        if self.area is not None and entry.area_number != self.area:
            return False
        return not self.state or translating.state(entry, self.language) == self.state

    def query(self, page: str = "") -> str:
        """The filters as a query string, and the page if given."""
        values = {"language": self.language, "area": self.area, "state": self.state, "page": page}
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


@dataclass(frozen=True)
class Row:
    entry: Entry
    state: str
    text: str
    digest: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@require_safe
def translations(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = _plan(request, network, year, Action.VIEW_TRANSLATIONS)
    mine = translation_languages(request.user, plan)
    filters = Filters.read(request.GET, plan, mine)
    found = translating.entries(plan)
    page = Paginator([e for e in found if filters.keeps(e)], PAGE_SIZE).get_page(filters.page)
    rows = [
        Row(
            e,
            translating.state(e, filters.language),
            e.translation(filters.language),
            digest(e.original),
        )
        for e in page
    ]
    languages = translating.other_languages(plan)
    context = {
        "plan": plan,
        "network": plan.network,
        "filters": filters,
        "plan_languages": [(code, language_name(code)) for code in languages],
        "language_name": language_name(filters.language),
        "original_name": language_name(plan.language),
        "counts": translating.counts(found, languages),
        "areas": list(plan.areas.order_by("order").values_list("number", "title")),
        "states": [(state, STATE_LABELS[state]) for state in STATES],
        "page": page,
        "rows": rows,
        "editable": filters.language in mine,
        "may_import": bool(mine),
        "export_languages": mine or languages,
    }
    return render(request, "governance/translations.html", context)


def _back(plan: Plan, data: QueryDict) -> HttpResponseRedirect:
    """To the page the form was sent from, its filters kept."""
    filters = Filters.read(data, plan, [])
    address = reverse("plan_translations", args=[plan.network.slug, plan.year])
    return HttpResponseRedirect(f"{address}?{filters.query(filters.page)}")


# Messages shown at most for one sheet: the first rows in error say enough.
MAX_MESSAGES = 20


def _tell(request: HttpRequest, outcome: translating.Outcome) -> None:
    for error in outcome.errors[:MAX_MESSAGES]:
        messages.error(request, error)
    if len(outcome.errors) > MAX_MESSAGES:
        more = len(outcome.errors) - MAX_MESSAGES
        messages.error(
            request,
            ngettext("…and %(count)s more problem.", "…and %(count)s more problems.", more)
            % {"count": more},
        )
    if outcome.errors:
        messages.error(request, _("Nothing was saved: correct the rows above and try again."))
        return
    for conflict in outcome.conflicts:
        messages.warning(request, conflict)
    saved = outcome.written + outcome.removed
    if saved:
        messages.success(
            request,
            ngettext("%(count)s translation saved.", "%(count)s translations saved.", saved)
            % {"count": saved},
        )
    elif not outcome.conflicts:
        messages.info(request, _("No translation changed."))


def _text(value: str) -> str:
    # Browsers send a text area's lines ended by CR LF; texts are stored with LF.
    return value.replace("\r\n", "\n").replace("\r", "\n")


@require_POST
def translations_save(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The translations of a page of texts into one language, in one go."""
    plan = _plan(request, network, year, Action.VIEW_TRANSLATIONS)
    language = request.POST.get("language", "")
    require(request.user, Action.TRANSLATE, InLanguage(plan, language))
    changes = [
        Change(
            key=key,
            language=language,
            text=_text(request.POST.get(f"text-{key}", "")),
            seen=request.POST.get(f"digest-{key}", ""),
            confirm=request.POST.get(f"confirm-{key}") == "on",
        )
        for key in request.POST.getlist("key")
    ]
    _tell(request, translating.apply(plan, changes, request.user, [language]))
    return _back(plan, request.POST)


@require_safe
def translations_export(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The plan's texts as a spreadsheet, with their translations into the
    languages asked for (`?language=fr&language=pt`): by default, those the
    reader translates into, or all but the plan's own."""
    plan = _plan(request, network, year, Action.EXPORT_TRANSLATIONS)
    languages = translating.other_languages(plan)
    asked = [code for code in languages if code in request.GET.getlist("language")]
    chosen = asked or translation_languages(request.user, plan) or languages
    body = translation_sheets.export(plan, chosen)
    # ASCII by construction: the network's slug, the year, language codes.
    name = f"{plan.network.slug}-{plan.year}-translations-{'-'.join(chosen)}.xlsx"
    return HttpResponse(
        body,
        content_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, max-age=0",
        },
    )


@require_POST
def translations_import(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """A spreadsheet of translations brought back: all of it, or nothing."""
    plan = _plan(request, network, year, Action.VIEW_TRANSLATIONS)
    require(request.user, Action.IMPORT_TRANSLATIONS, plan)
    if body_too_big(request.META.get("CONTENT_LENGTH")):
        messages.error(request, too_big_message())
        return _back(plan, request.POST)
    upload = request.FILES.get("sheet")
    if upload is None:
        messages.error(request, _("Choose the spreadsheet to bring back."))
        return _back(plan, request.POST)
    if (upload.size or 0) > max_bytes():
        messages.error(request, too_big_message(upload.size))
        return _back(plan, request.POST)
    sheet = translation_sheets.read(upload.read(), plan, upload.name or "")
    if sheet.errors:
        outcome = translating.Outcome(errors=sheet.errors)
    else:
        allowed = translation_languages(request.user, plan)
        if not allowed:
            raise PermissionDenied
        outcome = translating.apply(plan, sheet.changes, request.user, allowed)
    _tell(request, outcome)
    return _back(plan, request.POST)
