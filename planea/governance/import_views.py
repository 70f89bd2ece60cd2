"""The import page: a document in, a preview of the plan it would make, the
reader's hints, then a draft or an adopted plan (planea.governance.intake).

Thin views: each checks the policy (IMPORT_PLAN on the network; recording
an adopted plan, IMPORT_APPROVED_PLAN), calls the intake service, renders
or redirects. A preview is its uploader's: another session's token is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planea.accounts import policy
from planea.accounts.policy import Action
from planea.core import uploads
from planea.plans.models import Network, PlanStatus

from . import intake, statutes, tasks
from .import_forms import ConfirmForm, HintsForm, UploadForm


def _network(request: HttpRequest, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    policy.require(request.user, Action.IMPORT_PLAN, network)
    return network


def _pending(request: HttpRequest, network: Network, token: str) -> intake.Pending:
    pending = intake.find(request.session, network, token)
    if pending is None:
        raise Http404
    return pending


def _assembly_meetings(network: Network):
    """The meetings that may approve a plan of the network, whatever its
    year (chosen on the same form, which checks the year's window)."""
    return statutes.plan_meetings(network)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest, network: str) -> HttpResponse:
    network_obj = _network(request, network)
    form = UploadForm()
    error = ""
    if request.method == "POST":
        if uploads.body_too_big(request.META.get("CONTENT_LENGTH")):
            # Refused before the body is read: nothing of it is kept.
            form.add_error(
                None,
                _("The document is too big: up to %(limit)s.")
                % {"limit": filesizeformat(uploads.max_bytes())},
            )
        else:
            form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.cleaned_data["document"]
            try:
                pending = intake.start(request.session, network_obj, document.read(), document.name)
            except ValidationError as refused:
                form.add_error("document", refused)
            except intake.IntakeError as unreadable:
                error = unreadable.message
            else:
                return redirect("plan_import_preview", network_obj.slug, pending.token)
    context = {
        "network": network_obj,
        "form": form,
        "error": error,
        "may_approve": policy.can(request.user, Action.IMPORT_APPROVED_PLAN, network_obj),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/import/upload.html", context, status=status)


def _preview_context(
    request: HttpRequest,
    network: Network,
    pending: intake.Pending,
    hints_form: HintsForm,
    confirm_form: ConfirmForm | None = None,
) -> dict:
    choices = intake.choices(pending)
    reading = intake.reading(pending, network, hints_form.hints())
    may_approve = policy.can(request.user, Action.IMPORT_APPROVED_PLAN, network)
    meetings = _assembly_meetings(network)
    if confirm_form is None:
        period = reading.get("period") or [None]
        confirm_form = ConfirmForm(
            initial={"year": reading.get("year") or period[0], "status": PlanStatus.DRAFT},
            network=network,
            meetings=meetings,
            may_approve=may_approve,
        )
    layout_warning = next((w for w in reading.get("warnings", []) if w["code"] == "layout"), None)
    return {
        "network": network,
        "pending": pending,
        "reading": reading,
        "warnings": intake.excerpts(
            [w for w in reading.get("warnings", []) if w["code"] != "layout"], choices["lines"]
        ),
        "layout_warning": layout_warning,
        "hints_form": hints_form,
        "form": confirm_form,
        "may_approve": may_approve,
        "has_meetings": may_approve and meetings.exists(),
    }


@login_required
@require_safe
def preview(request: HttpRequest, network: str, token: str) -> HttpResponse:
    """The plan as it would be stored; the hints' GET form reads it again."""
    network_obj = _network(request, network)
    pending = _pending(request, network_obj, token)
    hints_form = HintsForm(request.GET or None, choices=intake.choices(pending))
    context = _preview_context(request, network_obj, pending, hints_form)
    return render(request, "plans/import/preview.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest, network: str, token: str) -> HttpResponse:
    network_obj = _network(request, network)
    pending = _pending(request, network_obj, token)
    hints_form = HintsForm(request.POST, choices=intake.choices(pending))
    may_approve = policy.can(request.user, Action.IMPORT_APPROVED_PLAN, network_obj)
    form = ConfirmForm(
        request.POST,
        network=network_obj,
        meetings=_assembly_meetings(network_obj),
        may_approve=may_approve,
    )
    reading = intake.reading(pending, network_obj, hints_form.hints())
    if form.is_valid() and hints_form.is_valid() and not reading.get("error"):
        data = form.cleaned_data
        if intake.is_large(reading):
            # Longer than a request should wait: a worker stores it, the
            # person waits on the job's page.
            job = intake.hand_over(
                request.session,
                pending,
                network_obj,
                request.user,
                hints_form.hints(),
                year=data["year"],
                status=data["status"],
                meeting=data.get("meeting"),
                decision=data.get("decision", ""),
            )
            return redirect(tasks.queue_import(job).get_absolute_url())
        try:
            plan = intake.confirm(
                request.session,
                pending,
                network_obj,
                request.user,
                hints_form.hints(),
                year=data["year"],
                status=data["status"],
                meeting=data.get("meeting"),
                decision=data.get("decision", ""),
            )
        except intake.IntakeError as failed:
            messages.error(
                request,
                _("Nothing was stored: %(reason)s") % {"reason": failed.message},
            )
            return redirect("plan_import", network_obj.slug)
        messages.success(
            request,
            _("The plan for %(year)s was stored as “%(status)s”.")
            % {"year": plan.year, "status": PlanStatus(plan.status).label},
        )
        return redirect(plan.get_absolute_url())
    context = _preview_context(request, network_obj, pending, hints_form, form)
    return render(request, "plans/import/preview.html", context, status=400)


@login_required
@require_POST
def cancel(request: HttpRequest, network: str, token: str) -> HttpResponse:
    network_obj = _network(request, network)
    pending = intake.find(request.session, network_obj, token)
    if pending is not None:
        intake.discard(request.session, pending)
    messages.info(request, _("The import was cancelled: nothing was stored."))
    return redirect(network_obj.get_absolute_url())
