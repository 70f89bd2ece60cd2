"""The pages of the plan's life cycle, its versions and amendments, and the
network's meetings.

Thin views: each checks the permission policy, calls a verb and renders or
redirects. A step the plan cannot take now (`TransitionError`) comes back
as a message on the plan's page, never a traceback; a step the user may not
take is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planea.accounts import policy
from planea.accounts.policy import Action, visible_plans
from planea.core import uploads
from planea.plans.document import plan_document
from planea.plans.lookups import plan_or_404
from planea.plans.models import Network, Plan, PlanStatus
from planea.plans.translations import PlanTexts, Shown

from . import lifecycle, statutes
from .amend import problems
from .consequences import consequences
from .diff import diff_documents
from .forms import (
    AmendmentForm,
    ApprovalForm,
    ConfirmedStepForm,
    MeetingForm,
    MeetingSeriesForm,
    NoteForm,
    may_record_meetings,
    meeting_plans,
    plan_of_meeting,
)
from .meetings import generate_meetings, save_meeting
from .models import (
    Meeting,
    MeetingSeries,
    PlanVersion,
    TransitionError,
    VersionKind,
    committees,
)
from .rollover import rollover as rollover_plan

# ---------------------------------------------------------------------------
# The network's page: its members, bodies and plans.


@require_safe
def network_detail(request: HttpRequest, network: str) -> HttpResponse:
    network_obj = get_object_or_404(Network, slug=network)
    plans = list(Plan.objects.visible_to(request.user).filter(network=network_obj))
    PlanTexts.titles(plans, get_language())
    context = {
        "network": network_obj,
        "countries": network_obj.countries.order_by("name"),
        "plans": plans,
        "committees": committees(network_obj),
        "may_import": policy.can(request.user, Action.IMPORT_PLAN, network_obj),
    }
    return render(request, "plans/network.html", context)


# Helpers.


def _lifecycle_url(plan: Plan) -> str:
    return plan.get_absolute_url() + "#lifecycle"


def _refused(request: HttpRequest, plan: Plan, error: TransitionError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect(_lifecycle_url(plan))


def _version_or_404(request: HttpRequest, plan: Plan, number: int) -> PlanVersion:
    version = get_object_or_404(
        PlanVersion.objects.select_related("meeting", "created_by"), plan=plan, number=number
    )
    version.plan = plan
    if not policy.can(request.user, Action.VIEW_VERSION, version):
        raise Http404
    return version


# ---------------------------------------------------------------------------
# The life cycle.


@require_POST
def propose(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The draft becomes the proposal, with an optional note. A note that is
    refused (too long, control characters) stops the step: the form comes
    back with the error, and the plan stays a draft."""
    plan = plan_or_404(request, network, year)
    form = NoteForm(request.POST)
    if not form.is_valid():
        # Whoever may not propose is refused before being told anything.
        policy.require_step(request.user, Action.PROPOSE_PLAN, plan)
        if plan.status not in policy.starts_from(Action.PROPOSE_PLAN):
            return _refused(
                request, plan, TransitionError(lifecycle.refusal(Action.PROPOSE_PLAN, plan.status))
            )
        policy.require(request.user, Action.PROPOSE_PLAN, plan)
        context = {
            "plan": plan,
            "network": plan.network,
            "form": form,
            "action": reverse("plan_propose", args=[plan.network.slug, plan.year]),
        }
        return render(request, "governance/propose.html", context, status=400)
    try:
        lifecycle.propose(plan, request.user, note=form.cleaned_data["note"])
    except TransitionError as error:
        return _refused(request, plan, error)
    messages.success(
        request,
        _("The plan was proposed: it is now “%(status)s”.")
        % {"status": PlanStatus(plan.status).label},
    )
    return redirect(_lifecycle_url(plan))


def _confirmed_step(action: Action, verb: str, done_message: str):
    """A step shown before it is taken: GET says what it will do (how many
    activities are unfinished, and that they keep their status), and only a
    POST from that page, confirmed, takes it. A note that is refused (too
    long, control characters) comes back with the page, and nothing moves."""

    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request: HttpRequest, network: str, year: int) -> HttpResponse:
        plan = plan_or_404(request, network, year)
        # Whoever may not take the step is refused before being told the plan's state.
        policy.require_step(request.user, action, plan)
        if plan.status not in policy.starts_from(action):
            return _refused(request, plan, TransitionError(lifecycle.refusal(action, plan.status)))
        policy.require(request.user, action, plan)
        data = request.POST if request.method == "POST" else None
        form = ConfirmedStepForm(data, initial={"confirm": True})
        if request.method == "POST" and form.is_valid():
            try:
                getattr(lifecycle, verb)(plan, request.user, note=form.cleaned_data["note"])
            except TransitionError as error:
                return _refused(request, plan, error)
            messages.success(request, _(done_message) % {"status": PlanStatus(plan.status).label})
            return redirect(_lifecycle_url(plan))
        context = {
            "plan": plan,
            "network": plan.network,
            "form": form,
            "step": verb,
            "consequences": consequences(plan, action),
            "action": reverse(f"plan_{verb}", args=[plan.network.slug, plan.year]),
        }
        status = 400 if request.method == "POST" else 200
        return render(request, "governance/confirm_step.html", context, status=status)

    view.__name__ = verb
    return view


start = _confirmed_step(Action.START_PLAN, "start", gettext_noop("The plan is now “%(status)s”."))
close = _confirmed_step(
    Action.CLOSE_PLAN, "close", gettext_noop("The plan was closed: it is now “%(status)s”.")
)


def _plan_approval_form(plan: Plan, data=None) -> ApprovalForm:
    """Offers the meetings that may approve the plan under the network's statutes."""
    rules = statutes.rules_for(plan.network_id)
    return ApprovalForm(
        data,
        meetings=statutes.plan_meetings(plan.network, plan.year),
        others=Meeting.objects.of_network(plan.network),
        refusal=lambda meeting: statutes.plan_refusal(plan, meeting, rules),
    )


def _amendment_approval_form(plan: Plan, data=None) -> ApprovalForm:
    """Offers the meetings that may approve an amendment to the plan."""
    rules = statutes.rules_for(plan.network_id)
    return ApprovalForm(
        data,
        meetings=statutes.amendment_meetings(plan),
        others=Meeting.objects.of_network(plan.network),
        refusal=lambda meeting: statutes.amendment_refusal(plan, meeting, rules),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def approve(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The Assembly's approval, recorded against its meeting."""
    plan = plan_or_404(request, network, year)
    # Whoever may not approve is refused before being told the plan's state.
    policy.require_step(request.user, Action.APPROVE_PLAN, plan)
    if plan.status not in policy.starts_from(Action.APPROVE_PLAN):
        return _refused(
            request, plan, TransitionError(lifecycle.refusal(Action.APPROVE_PLAN, plan.status))
        )
    policy.require(request.user, Action.APPROVE_PLAN, plan)
    form = _plan_approval_form(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.approve(
                plan, form.cleaned_data["meeting"], request.user, form.cleaned_data["decision"]
            )
        except TransitionError as error:
            return _refused(request, plan, error)
        messages.success(request, _("The plan's approval by the Assembly was recorded."))
        return redirect(_lifecycle_url(plan))
    context = {
        "plan": plan,
        "network": plan.network,
        "form": form,
        "pending": lifecycle.pending_amendment(plan),
        "heading": _("Record the Assembly's approval"),
        "rule": statutes.rules_for(plan.network_id).describe_plans(),
        "action": reverse("plan_approve", args=[plan.network.slug, plan.year]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/approve.html", context, status=status)


@require_POST
def rollover(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    try:
        result = rollover_plan(plan, request.user)
    except TransitionError as error:
        return _refused(request, plan, error)
    messages.success(
        request,
        _(
            "Draft of %(year)s created: %(carried)d unfinished activities carried over, "
            "%(renewed)d recurring ones renewed."
        )
        % {
            "year": result.plan.year,
            "carried": len(result.carried),
            "renewed": len(result.renewed),
        },
    )
    if result.flagged:
        messages.warning(
            request,
            ngettext(
                "%(count)d activity still speaks of %(previous)s (a year, an ordinal such as "
                "“Quinto”): review it for %(year)s.",
                "%(count)d activities still speak of %(previous)s (years, ordinals such as "
                "“Quinto”): review them for %(year)s.",
                len(result.flagged),
            )
            % {"count": len(result.flagged), "previous": plan.year, "year": result.plan.year},
        )
    return redirect(result.plan.get_absolute_url())


# ---------------------------------------------------------------------------
# Versions and their differences.


@require_safe
def versions(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    found = list(PlanVersion.objects.filter(plan=plan).select_related("meeting").order_by("number"))
    for version in found:
        version.plan = plan
    visible = [v for v in found if policy.can(request.user, Action.VIEW_VERSION, v)]
    numbers = {v.number for v in visible}
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit() and {int(a), int(b)} <= numbers:
        return redirect("plan_diff", plan.network.slug, plan.year, int(a), int(b))
    # An amendment awaiting approval, if this reader may see it.
    pending = lifecycle.pending_amendment(plan) if found else None
    if pending is not None and pending.number not in numbers:
        pending = None
    context = {
        "plan": plan,
        "network": plan.network,
        "versions": visible,
        "pending": pending,
        "can_amend": policy.can(request.user, Action.PROPOSE_AMENDMENT, plan),
        "default_a": visible[-2].number if len(visible) > 1 else None,
        "default_b": visible[-1].number if visible else None,
    }
    return render(request, "governance/versions.html", context)


@require_safe
def version_diff(request: HttpRequest, network: str, year: int, a: int, b: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    before, after = _version_or_404(request, plan, a), _version_or_404(request, plan, b)
    context = {
        "plan": plan,
        "network": plan.network,
        "before": before,
        "after": after,
        "diff": diff_documents(before.plan_document(), after.plan_document()),
    }
    return render(request, "governance/diff.html", context)


@require_safe
def version_document(request: HttpRequest, network: str, year: int, number: int) -> HttpResponse:
    """The version's text in the JSON plan format, as kept."""
    plan = plan_or_404(request, network, year)
    version = _version_or_404(request, plan, number)
    response = HttpResponse(version.document, content_type="application/json; charset=utf-8")
    name = f"{plan.network.slug}-{plan.year}-v{version.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------
# Amendments.


@require_http_methods(["GET", "HEAD", "POST"])
def amendment_new(request: HttpRequest, network: str, year: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    policy.require_step(request.user, Action.PROPOSE_AMENDMENT, plan)
    if plan.status not in lifecycle.AMENDABLE:
        return _refused(
            request,
            plan,
            TransitionError(
                _("This plan is %(status)s: it cannot be amended.")
                % {"status": PlanStatus(plan.status).label}
            ),
        )
    policy.require(request.user, Action.PROPOSE_AMENDMENT, plan)
    form = AmendmentForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            version = lifecycle.propose_amendment(
                plan,
                form.parsed,
                request.user,
                note=form.cleaned_data["note"],
                source_name=upload.name,
            )
        except TransitionError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("Amendment proposed as version %(number)s.") % {"number": version.number},
            )
            return redirect("amendment", plan.network.slug, plan.year, version.number)
    context = {"plan": plan, "network": plan.network, "form": form, "error": error}
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/amendment_form.html", context, status=status)


@require_safe
def amendment(request: HttpRequest, network: str, year: int, number: int) -> HttpResponse:
    """An amendment proposal against the plan as it is now, and how to approve it."""
    plan = plan_or_404(request, network, year)
    version = _version_or_404(request, plan, number)
    if version.kind != VersionKind.AMENDMENT_PROPOSAL:
        raise Http404
    return _render_amendment(request, plan, version)


def _render_amendment(
    request: HttpRequest, plan: Plan, version: PlanVersion, *, form=None, status: int = 200
) -> HttpResponse:
    proposed = version.plan_document()
    pending = lifecycle.pending_amendment(plan)
    is_pending = pending is not None and pending.pk == version.pk
    can_approve = (
        is_pending
        and plan.status in lifecycle.AMENDMENT_APPROVABLE
        and policy.can(request.user, Action.APPROVE_AMENDMENT, plan)
    )
    if can_approve and form is None:
        form = _amendment_approval_form(plan)
    context = {
        "plan": plan,
        "network": plan.network,
        "version": version,
        "diff": diff_documents(plan_document(plan), proposed),
        "problems": problems(plan, proposed) if is_pending else [],
        "is_pending": is_pending,
        "adopted_by": version.adoptions.order_by("number").first(),
        "form": form if can_approve else None,
        "rule": statutes.rules_for(plan.network_id).describe_amendments() if can_approve else "",
    }
    return render(request, "governance/amendment.html", context, status=status)


@require_POST
def amendment_approve(request: HttpRequest, network: str, year: int, number: int) -> HttpResponse:
    plan = plan_or_404(request, network, year)
    version = _version_or_404(request, plan, number)
    if version.kind != VersionKind.AMENDMENT_PROPOSAL:
        raise Http404
    policy.require(request.user, Action.APPROVE_AMENDMENT, plan)
    form = _amendment_approval_form(plan, request.POST)
    if not form.is_valid():
        return _render_amendment(request, plan, version, form=form, status=400)
    try:
        result = lifecycle.approve_amendment(
            plan, version, form.cleaned_data["meeting"], request.user, form.cleaned_data["decision"]
        )
    except TransitionError as error:
        return _refused(request, plan, error)
    summary = _(
        "Amendment approved (version %(number)s): %(added)d activities added, %(changed)d "
        "changed, %(removed)d removed."
    ) % {
        "number": result.version.number,
        "added": len(result.added),
        "changed": len(result.changed),
        "removed": len(result.removed),
    }
    if result.kept_cancelled:
        summary += " " + _("Kept, cancelled, because they have progress or evidence: %(keys)s.") % {
            "keys": ", ".join(result.kept_cancelled)
        }
    messages.success(request, summary)
    return redirect(_lifecycle_url(plan))


# ---------------------------------------------------------------------------
# Meetings.


def _network_or_404(slug: str) -> Network:
    return get_object_or_404(Network, slug=slug)


def _meeting_or_404(network: Network, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("organisation", "host_country", "series", "network"),
        network=network,
        pk=pk,
    )
    return meeting


def _meeting_texts(network: Network, years: set[int]) -> dict[int, PlanTexts]:
    """The texts of the network's plans of `years`, by year, in the reader's
    language: a meeting's title and decisions are translated with the plan
    of its year. Two queries."""
    plans = Plan.objects.filter(network=network, year__in=years)
    loaded = PlanTexts.load_many(plans, get_language())
    return {texts.plan.year: texts for texts in loaded.values()}


@require_safe
def meetings(request: HttpRequest, network: str) -> HttpResponse:
    network_obj = _network_or_404(network)
    found = list(Meeting.objects.of_network(network_obj).for_listing().order_by("-date", "-pk"))
    texts = _meeting_texts(network_obj, {meeting.date.year for meeting in found})
    by_year: dict[int, list[Meeting]] = {}
    for meeting in found:
        by_year.setdefault(meeting.date.year, []).append(meeting)
        year_texts = texts.get(meeting.date.year)
        meeting.shown_title = (
            year_texts.get(meeting, "title") if year_texts else Shown(meeting.title, "")
        )
    context = {
        "network": network_obj,
        "years": sorted(by_year.items(), reverse=True),
        "series": MeetingSeries.objects.filter(network=network_obj).select_related("organisation"),
        "can_record": may_record_meetings(network_obj, request.user),
    }
    return render(request, "governance/meetings.html", context)


@require_safe
def meeting_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    network_obj = _network_or_404(network)
    meeting = _meeting_or_404(network_obj, pk)
    context = {
        "network": network_obj,
        "meeting": meeting,
        "plan_texts": _meeting_texts(network_obj, {meeting.date.year}).get(meeting.date.year),
        "countries": meeting.countries.order_by("name"),
        "organisations": meeting.organisations.order_by("name"),
        # Only what the reader may read: never a draft's activities to the public.
        "activities": meeting.activities.visible_to(request.user)
        .select_related("plan")
        .order_by("-plan__year", "order"),
        "products": meeting.products.filter(visible_plans(request.user, "activity__plan__"))
        .select_related("activity__plan")
        .order_by("-activity__plan__year", "activity__order", "order"),
        "can_view_minutes": policy.can(request.user, Action.VIEW_MINUTES, meeting),
        "can_record": policy.can(request.user, Action.RECORD_MEETING, meeting),
        "approvals": meeting.plan_transitions.select_related("plan", "version").order_by("created"),
    }
    return render(request, "governance/meeting.html", context)


def _save_meeting(request: HttpRequest, form: MeetingForm, previous_file: str = "") -> Meeting:
    return save_meeting(form, request.user, previous_file)


def _chosen_plan(request: HttpRequest, plans: list[Plan], default: Plan | None) -> Plan | None:
    """The plan whose activities the meeting serves: the one asked for
    (`?plan=2017`, kept in the form's address), else `default`."""
    year = request.GET.get("plan", "")
    if year.isdigit():
        return next((plan for plan in plans if plan.year == int(year)), None)
    return default


def _meeting_form_page(
    request: HttpRequest, network_obj: Network, meeting: Meeting, previous_file: str = ""
) -> HttpResponse:
    """The meeting's form, for the activities of one plan of the network:
    the plan of what the meeting already served, or the one chosen first."""
    plans = meeting_plans(network_obj, request.user)
    editing = meeting.pk is not None
    default = plan_of_meeting(meeting, plans) if editing else None
    if default is None and len(plans) == 1:
        default = plans[0]
    current = _chosen_plan(request, plans, default)
    plan = None if "choose" in request.GET else current
    context = {
        "network": network_obj,
        "meeting": meeting if editing else None,
        "plans": plans,
        "current": current or (plans[0] if plans else None),
    }
    if plan is None:
        # Several plans, none chosen yet: which one the meeting serves, first.
        status = 400 if request.method == "POST" else 200
        return render(request, "governance/meeting_plan.html", context, status=status)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        instance=meeting,
        network=network_obj,
        user=request.user,
        plan=plan,
    )
    if request.method == "POST" and form.is_valid():
        meeting = _save_meeting(request, form, previous_file)
        done = _("Meeting “%(title)s” saved.") if editing else _("Meeting “%(title)s” recorded.")
        messages.success(request, done % {"title": meeting.title})
        return redirect(meeting.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context.update({"form": form, "plan": plan, "chosen_plan": plan})
    return render(request, "governance/meeting_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_new(request: HttpRequest, network: str) -> HttpResponse:
    network_obj = _network_or_404(network)
    if not may_record_meetings(network_obj, request.user):
        raise PermissionDenied
    return _meeting_form_page(request, network_obj, Meeting(network=network_obj))


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    network_obj = _network_or_404(network)
    meeting = _meeting_or_404(network_obj, pk)
    policy.require(request.user, Action.RECORD_MEETING, meeting)
    return _meeting_form_page(request, network_obj, meeting, meeting.minutes_file.name)


@require_safe
def meeting_minutes(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The signed minutes, to whoever may read them; 404 for anyone else."""
    network_obj = _network_or_404(network)
    meeting = _meeting_or_404(network_obj, pk)
    if not meeting.minutes_file or not policy.can(request.user, Action.VIEW_MINUTES, meeting):
        raise Http404
    try:
        return uploads.minutes_response(meeting)
    except FileNotFoundError:
        raise Http404 from None


@require_http_methods(["GET", "HEAD", "POST"])
def series_new(request: HttpRequest, network: str) -> HttpResponse:
    """Meetings scheduled from one rule, created at once."""
    network_obj = _network_or_404(network)
    if not may_record_meetings(network_obj, request.user):
        raise PermissionDenied
    # The activities of one plan: the one asked for, else the newest the
    # user may read (a series serves the year being carried out).
    plans = meeting_plans(network_obj, request.user)
    plan = _chosen_plan(request, plans, plans[0] if plans else None)
    form = MeetingSeriesForm(
        request.POST or None,
        instance=MeetingSeries(network=network_obj),
        network=network_obj,
        user=request.user,
        plan=plan,
    )
    if request.method == "POST" and form.is_valid():
        series = form.save(commit=False)
        probe = Meeting(network=network_obj, organisation=series.organisation)
        policy.require(request.user, Action.RECORD_MEETING, probe)
        with transaction.atomic():
            series.created_by = request.user
            series.save()
            form.save_m2m()
            created = generate_meetings(series, request.user)
        messages.success(
            request,
            _("%(count)d meetings scheduled: %(rule)s.")
            % {"count": len(created), "rule": series.describe()},
        )
        return redirect("meetings", network_obj.slug)
    status = 400 if request.method == "POST" else 200
    context = {"network": network_obj, "form": form, "plans": plans, "chosen_plan": plan}
    return render(request, "governance/series_form.html", context, status=status)
