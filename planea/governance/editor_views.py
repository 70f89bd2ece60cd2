"""The plan editor's pages: a draft changed in place, an adopted plan's
changes gathered in a working copy and proposed as an amendment.

Thin views: each checks the policy (through planea.governance.editor's
mode), calls one of the editor's verbs and redirects, or renders the form
again with what was wrong: 400 for a field, 409 for a change made on a
stale page (nothing is overwritten), a message for a change the plan's
rules refuse (an activity with progress that is not cancelled).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planea import planfile
from planea.plans import editing
from planea.plans.document import plan_document
from planea.plans.editing import EditError
from planea.plans.lookups import plan_or_404
from planea.plans.models import Plan

from . import editor
from .amend import AmendmentRefused
from .diff import diff_documents
from .editor import StaleEdit
from .editor_forms import ActivityEditor, AreaForm, ProposeForm
from .models import TransitionError


def _editor_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("plan_editor", args=[plan.network.slug, plan.year])
    return f"{url}#{anchor}" if anchor else url


def _saved(request: HttpRequest, mode: str) -> None:
    if mode == editor.DRAFT:
        messages.success(request, _("Saved in the draft."))
    else:
        messages.success(
            request,
            _(
                "Saved in the proposed amendment, not in the plan: the plan changes only once "
                "the amendment is proposed and approved at a meeting."
            ),
        )


def _refusal(error: Exception) -> str:
    if isinstance(error, AmendmentRefused):
        return " ".join(error.problems)
    if isinstance(error, TransitionError | EditError):
        return error.message
    if isinstance(error, StaleEdit | LookupError):
        return _(
            "Someone else changed the plan since this page was opened: nothing was saved. "
            "Here it is as it is now."
        )
    raise error


def _act(request: HttpRequest, plan: Plan, verb: Callable, anchor: str = "") -> HttpResponse:
    """A change with no form of its own (move, remove): done, or refused
    with a message, and back to the editor either way."""
    try:
        _result, mode = editor.change(plan, request.user, verb)
    except (StaleEdit, LookupError, AmendmentRefused, TransitionError, EditError) as error:
        messages.error(request, _refusal(error))
        return redirect(_editor_url(plan, anchor))
    _saved(request, mode)
    return redirect(_editor_url(plan, anchor))


def _step(request: HttpRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


def _seen(request: HttpRequest) -> str:
    # Always compared: a move or removal sent without it is as stale as any.
    return request.POST.get("version", "")


# ---------------------------------------------------------------------------
# The plan in the editor, and a new work area.


@require_http_methods(["GET", "HEAD", "POST"])
def plan_editor(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    state = editor.current(plan, request.user)
    document = state.document
    next_number = max((area.number for area in document.areas), default=0) + 1
    form = AreaForm(request.POST or None, initial={"number": next_number}, auto_id="new_area_%s")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                _area, mode = editor.change(
                    plan,
                    request.user,
                    lambda d: editing.add_area(
                        d,
                        number=data["number"],
                        title=data["title"].strip(),
                        objective=data["objective"].strip(),
                        notes=data["notes"].strip(),
                    ),
                )
            except (EditError, AmendmentRefused, TransitionError) as error:
                form.add_error(getattr(error, "field", None), _refusal(error))
            else:
                _saved(request, mode)
                return redirect(_editor_url(plan, f"area-{len(document.areas)}"))
        status = 400
    areas = [
        {
            "index": index,
            "area": area,
            "version": editing.fingerprint(area),
            "activities": [
                {"activity": activity, "version": editing.fingerprint(activity)}
                for activity in area.activities
            ],
        }
        for index, area in enumerate(document.areas)
    ]
    context = {
        "plan": plan,
        "network": plan.network,
        "state": state,
        "areas": areas,
        "form": form,
    }
    if state.mode == editor.AMENDMENT:
        context["diff"] = diff_documents(plan_document(plan), document)
        context["propose_form"] = ProposeForm(auto_id="propose_%s")
    return render(request, "plans/editor/plan.html", context, status=status)


# ---------------------------------------------------------------------------
# Work areas.


@require_http_methods(["GET", "HEAD", "POST"])
def area_edit(request: HttpRequest, network: str, year: int, index: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    state = editor.current(plan, request.user)
    try:
        area = editing.area_at(state.document, index)
    except LookupError:
        raise Http404 from None
    form = AreaForm(
        request.POST or None,
        initial=AreaForm.initial_for(area, editing.fingerprint(area)),
        auto_id="area_%s",
    )
    conflict, status = False, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data

            def verb(document: planfile.Plan):
                editor.check_seen(editing.area_at(document, index), data["version"], "area")
                return editing.change_area(
                    document,
                    index,
                    number=data["number"],
                    title=data["title"].strip(),
                    objective=data["objective"].strip(),
                    notes=data["notes"].strip(),
                )

            try:
                _area, mode = editor.change(plan, request.user, verb)
            except (StaleEdit, LookupError):
                conflict, status = True, 409
                state = editor.current(plan, request.user)
                if index >= len(state.document.areas):
                    raise Http404 from None
                area = state.document.areas[index]
                form = _with_version(form, editing.fingerprint(area))
            except (EditError, AmendmentRefused, TransitionError) as error:
                form.add_error(getattr(error, "field", None), _refusal(error))
                status = 400
            else:
                _saved(request, mode)
                return redirect(_editor_url(plan, f"area-{index}"))
        else:
            status = 400
    context = {
        "plan": plan,
        "network": plan.network,
        "state": state,
        "area": area,
        "index": index,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "plans/editor/area.html", context, status=status)


def _with_version(form, version: str):
    """The same form, as sent, ready to be sent again against `version`."""
    data = form.data.copy()
    data[form.add_prefix("version")] = version
    fresh = type(form)(data, initial=form.initial, auto_id=form.auto_id)
    fresh.is_valid()
    return fresh


@require_POST
def area_move(request: HttpRequest, network: str, year: int, index: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    editor.require_mode(request.user, plan)
    seen, step = _seen(request), _step(request)

    def verb(document: planfile.Plan) -> int:
        editor.check_seen(editing.area_at(document, index), seen, "area")
        return editing.move_area(document, index, step)

    return _act(request, plan, verb, f"area-{max(index + step, 0)}")


@require_POST
def area_remove(request: HttpRequest, network: str, year: int, index: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    editor.require_mode(request.user, plan)
    seen = _seen(request)

    def verb(document: planfile.Plan):
        editor.check_seen(editing.area_at(document, index), seen, "area")
        return editing.remove_area(document, index)

    return _act(request, plan, verb)


# ---------------------------------------------------------------------------
# Activities.


def _activity_page(
    request: HttpRequest,
    plan: Plan,
    state: editor.Editing,
    form: ActivityEditor,
    *,
    key: str | None,
    status: int = 200,
    conflict: planfile.Activity | None = None,
) -> HttpResponse:
    context = {
        "plan": plan,
        "network": plan.network,
        "state": state,
        "editor": form,
        "key": key,
        "conflict": conflict,
    }
    return render(request, "plans/editor/activity.html", context, status=status)


def _save_activity(
    request: HttpRequest, plan: Plan, form: ActivityEditor, key: str | None
) -> tuple[str, str]:
    """Store what the form says; the activity's key and the mode."""
    return editor.save_activity(
        plan,
        request.user,
        form.fields(),
        key=key,
        seen=form.version,
        organisations=form.new_organisations(),
        funding_sources=form.new_funding_sources(),
    )


def _activity_form(request: HttpRequest, network: str, year: int, key: str | None) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    state = editor.current(plan, request.user)
    activity = None
    if key is not None:
        try:
            activity = editing.find_activity(state.document, key)[1]
        except LookupError:
            raise Http404 from None
    area = request.GET.get("area", "0")
    form = ActivityEditor(
        plan,
        state.document,
        request.POST or None,
        activity=activity,
        area=int(area) if area.isdigit() else 0,
        version=editing.fingerprint(activity) if activity is not None else "",
    )
    if request.method != "POST":
        return _activity_page(request, plan, state, form, key=key)
    if not form.is_valid():
        return _activity_page(request, plan, state, form, key=key, status=400)
    try:
        saved_key, mode = _save_activity(request, plan, form, key)
    except (StaleEdit, LookupError):
        state = editor.current(plan, request.user)
        try:
            now = editing.find_activity(state.document, key or "")[1]
        except LookupError:
            messages.error(request, _("Someone else removed this activity meanwhile."))
            return redirect(_editor_url(plan))
        data = request.POST.copy()
        data[form.form.add_prefix("version")] = editing.fingerprint(now)
        again = ActivityEditor(
            plan, state.document, data, activity=now, version=editing.fingerprint(now)
        )
        again.is_valid()
        return _activity_page(request, plan, state, again, key=key, status=409, conflict=now)
    except (EditError, AmendmentRefused, TransitionError) as error:
        form.add_error(getattr(error, "field", None), _refusal(error))
        return _activity_page(request, plan, state, form, key=key, status=400)
    _saved(request, mode)
    if "continue" in request.POST:
        return redirect("editor_activity", plan.network.slug, plan.year, saved_key)
    return redirect(_editor_url(plan, f"activity-{saved_key}"))


@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request: HttpRequest, network: str, year: int) -> HttpResponse:
    return _activity_form(request, network, year, None)


@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    return _activity_form(request, network, year, key)


@require_POST
def activity_move(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    editor.require_mode(request.user, plan)
    seen, step = _seen(request), _step(request)

    def verb(document: planfile.Plan) -> None:
        editor.check_seen(editing.find_activity(document, key)[1], seen, key)
        editing.move_activity(document, key, step)

    return _act(request, plan, verb, f"activity-{key}")


@require_POST
def activity_remove(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    editor.require_mode(request.user, plan)
    return _act(request, plan, editor.removing(key, _seen(request)))


# ---------------------------------------------------------------------------
# The working copy of an amendment: proposed, or discarded.


@require_POST
def propose(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    editor.require_mode(request.user, plan)
    form = ProposeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        version = editor.propose(plan, request.user, note=note)
    except (TransitionError, AmendmentRefused) as error:
        messages.error(request, _refusal(error))
        return redirect(_editor_url(plan))
    messages.success(
        request, _("Amendment proposed as version %(number)s.") % {"number": version.number}
    )
    return redirect("amendment", plan.network.slug, plan.year, version.number)


@require_POST
def discard(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    if editor.discard(plan, request.user):
        messages.success(request, _("The changes in the editor were discarded."))
    return redirect(_editor_url(plan))
