"""Reporting on an activity: progress updates and evidence, from its page.

Every decision is the permission policy's. A refused form renders the
activity page again with the user's input and the reasons (400; 409 for an
edit made on a stale version; 413 for an upload too big to read), never a
traceback; what is accepted lands whole, in one transaction, or not at all.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planea.accounts import policy
from planea.accounts.policy import Action
from planea.core import uploads
from planea.governance.roles import resolve_role
from planea.plans.lookups import plan_or_404
from planea.plans.models import Activity, ActivityStatus, Area, Plan, Product, StaleVersion
from planea.plans.translations import PlanTexts

from . import models as tracking
from .forms import CorrectionForm, EvidenceForm, ProgressForm, WithdrawalForm
from .models import (
    DateOutOfRange,
    Evidence,
    ProgressUpdate,
    correct_progress,
    record_progress,
    remove_evidence,
    shortfalls,
    withdraw_progress,
)
from .models import restore_evidence as restore_evidence_verb
from .page import tracking_context


def get_activity(request: HttpRequest, network: str, year: int, key: str) -> Activity:
    """The activity at this address, if `request.user` may read its plan."""
    plan = plan_or_404(request, network, year)
    activity = get_object_or_404(plan.activities.for_listing().select_related("area"), key=key)
    activity.plan = plan
    return activity


def render_activity(
    request: HttpRequest, activity: Activity, *, status: int = 200, **tracking
) -> HttpResponse:
    """The activity page; the tracking views render it again, with their
    forms bound and a 4xx status, when what was sent is refused. A fixed
    number of queries whatever the number of reports, evidence and changes."""
    plan = activity.plan
    leads = [
        {
            "organisation": org,
            "holder": resolve_role(org, plan.year) if org.kind == "role" else None,
        }
        for org in activity.ordered_leads
    ]
    context = {
        "plan": plan,
        "network": plan.network,
        "activity": activity,
        "leads": leads,
        "inherited": set(activity.inherited_fields),
        "plan_texts": PlanTexts.load(
            plan,
            get_language(),
            only={
                Plan: [plan.pk],
                Area: [activity.area_id],
                Activity: [activity.pk],
                Product: [product.pk for product in activity.products.all()],
            },
        ),
        **tracking_context(request, activity, **tracking),
    }
    return render(request, "plans/activity.html", context, status=status)


@require_safe
def activity_detail(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    return render_activity(request, get_activity(request, network, year, key))


@require_POST
def progress(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    activity = get_activity(request, network, year, key)
    policy.require(request.user, Action.REPORT_PROGRESS, activity)
    form = ProgressForm(request.POST, auto_id="progress_%s")
    if not form.is_valid():
        return render_activity(request, activity, progress_form=form, status=400)
    data = form.cleaned_data
    short = shortfalls(activity) if data["status"] == ActivityStatus.DONE else []
    if not form.short_of_target(short):
        return render_activity(request, activity, progress_form=form, shortfalls=short, status=400)
    try:
        record_progress(
            activity,
            author=request.user,
            status=data["status"],
            note=data["note"],
            date=data["date"],
            seen_version=data["version"],
            short_of_target_confirmed=bool(short),
        )
    except DateOutOfRange as refused:
        form.add_error("date", refused.message)
        return render_activity(request, activity, progress_form=form, status=400)
    except StaleVersion:
        # Nothing was written. Show the activity as it is now, and the
        # user's report again, ready to be sent against the new version.
        latest = get_activity(request, network, year, key)
        return render_activity(
            request,
            latest,
            progress_form=form.with_version(latest.version),
            conflict=True,
            status=409,
        )
    messages.success(
        request,
        _("Progress recorded: the activity is now “%(status)s”.")
        % {"status": ActivityStatus(data["status"]).label},
    )
    return redirect(activity.get_absolute_url() + "#progress")


@csrf_exempt
@require_POST
def add_evidence(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    """Decides what it can before reading the request's body: who sends it,
    and whether its announced size can hold an acceptable file. Only then is
    the body read, and the CSRF token in it checked."""
    activity = get_activity(request, network, year, key)
    policy.require(request.user, Action.ADD_EVIDENCE, activity)
    if uploads.body_too_big(request.META.get("CONTENT_LENGTH")):
        response = render_activity(
            request, activity, evidence_refused=uploads.too_big_message(), status=413
        )
        # The body is left unread: tell the client not to send more on
        # this connection.
        response["Connection"] = "close"
        return response
    return _add_evidence(request, activity)


def _products(activity: Activity) -> list[Product]:
    return list(Product.objects.filter(activity=activity).order_by("order"))


@csrf_protect
def _add_evidence(request: HttpRequest, activity: Activity) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES, products=_products(activity))
    if not form.is_valid():
        return render_activity(request, activity, evidence_form=form, status=400)
    data = form.cleaned_data
    evidence = tracking.add_evidence(
        form.chosen_product,
        user=request.user,
        title=data["title"],
        date=data["date"],
        url=data["url"] or "",
        is_public=form.is_public,
        upload=data["file"],
        checked=form.checked,
    )
    messages.success(
        request,
        _("Evidence “%(title)s” added to “%(product)s”.")
        % {"title": evidence.title, "product": form.chosen_product.description},
    )
    return redirect(activity.get_absolute_url() + "#evidence")


def _visible_evidence_or_404(request: HttpRequest, pk: int) -> Evidence:
    """The evidence, if `request.user` may see it; a 404 otherwise, so that
    whether it exists is not told either."""
    evidence = get_object_or_404(
        Evidence.objects.visible_to(request.user).select_related(
            "product__activity__plan__network"
        ),
        pk=pk,
    )
    if not policy.can(request.user, Action.VIEW_EVIDENCE, evidence):
        raise Http404
    return evidence


@require_safe
def download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _visible_evidence_or_404(request, pk)
    if not evidence.file:
        # A link is shown as a plain link on the activity's page and never
        # followed through this address, so that it cannot serve as the
        # site's own redirect to wherever the link points; a meeting's
        # minutes are on the meeting's page.
        raise Http404
    try:
        return uploads.evidence_response(evidence)
    except FileNotFoundError:
        raise Http404 from None


@require_http_methods(["GET", "HEAD", "POST"])
def delete_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET), then removes (POST): the piece no longer counts nor
    shows, and the Secretariat may restore it."""
    evidence = _visible_evidence_or_404(request, pk)
    policy.require(request.user, Action.DELETE_EVIDENCE, evidence)
    activity = evidence.product.activity
    if request.method != "POST":
        context = {
            "evidence": evidence,
            "activity": activity,
            "plan": activity.plan,
            "network": activity.plan.network,
        }
        return render(request, "tracking/evidence_remove.html", context)
    remove_evidence(evidence, request.user)
    messages.success(
        request,
        _("Evidence “%(title)s” removed: it no longer counts. The Secretariat can restore it.")
        % {"title": evidence.title},
    )
    return redirect(activity.get_absolute_url() + "#evidence")


@require_POST
def restore_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.all_objects.removed().select_related("product__activity__plan__network"), pk=pk
    )
    if not policy.can(request.user, Action.VIEW_EVIDENCE, evidence):
        raise Http404
    policy.require(request.user, Action.RESTORE_EVIDENCE, evidence)
    restore_evidence_verb(evidence, request.user)
    messages.success(request, _("Evidence “%(title)s” restored.") % {"title": evidence.title})
    return redirect(evidence.product.activity.get_absolute_url() + "#evidence")


# ---------------------------------------------------------------------------
# Correcting and withdrawing a progress report.


def _update_or_404(activity: Activity, pk: int) -> ProgressUpdate:
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("author", "withdrawn_by"), activity=activity, pk=pk
    )
    update.activity = activity
    return update


def _render_update_page(
    request: HttpRequest,
    template: str,
    activity: Activity,
    update: ProgressUpdate,
    form,
    *,
    status: int = 200,
    **extra,
) -> HttpResponse:
    context = {
        "activity": activity,
        "plan": activity.plan,
        "network": activity.plan.network,
        "update": update,
        "form": form,
        **extra,
    }
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def progress_correct(
    request: HttpRequest, network: str, year: int, key: str, pk: int
) -> HttpResponse:
    """Its author corrects a report: the form filled with it, then the
    report as corrected; the history keeps what it said before."""
    activity = get_activity(request, network, year, key)
    update = _update_or_404(activity, pk)
    policy.require(request.user, Action.CORRECT_PROGRESS, update)
    template = "tracking/progress_correct.html"
    if request.method != "POST":
        return _render_update_page(
            request, template, activity, update, CorrectionForm.for_update(update)
        )
    form = CorrectionForm(request.POST, auto_id="correct_%s")
    if not form.is_valid():
        return _render_update_page(request, template, activity, update, form, status=400)
    data = form.cleaned_data
    short = shortfalls(activity) if data["status"] == ActivityStatus.DONE else []
    if not form.short_of_target(short):
        return _render_update_page(
            request, template, activity, update, form, shortfalls=short, status=400
        )
    try:
        correct_progress(
            update,
            user=request.user,
            status=data["status"],
            note=data["note"],
            date=data["date"],
            seen_version=data["version"],
            short_of_target_confirmed=bool(short),
        )
    except DateOutOfRange as refused:
        form.add_error("date", refused.message)
        return _render_update_page(request, template, activity, update, form, status=400)
    except StaleVersion:
        latest = get_activity(request, network, year, key)
        return _render_update_page(
            request,
            template,
            latest,
            update,
            form.with_version(latest.version),
            conflict=True,
            status=409,
        )
    messages.success(
        request,
        _("Progress report corrected: the activity is now “%(status)s”.")
        % {"status": activity.get_status_display()},
    )
    return redirect(activity.get_absolute_url() + "#progress")


@require_http_methods(["GET", "HEAD", "POST"])
def progress_withdraw(
    request: HttpRequest, network: str, year: int, key: str, pk: int
) -> HttpResponse:
    """Asks why (GET), then withdraws the report (POST): it stays listed,
    marked, and the activity's status follows the reports that stand."""
    activity = get_activity(request, network, year, key)
    update = _update_or_404(activity, pk)
    policy.require(request.user, Action.WITHDRAW_PROGRESS, update)
    template = "tracking/progress_withdraw.html"
    if request.method != "POST":
        form = WithdrawalForm(initial={"version": activity.version}, auto_id="withdraw_%s")
        return _render_update_page(request, template, activity, update, form)
    form = WithdrawalForm(request.POST, auto_id="withdraw_%s")
    if not form.is_valid():
        return _render_update_page(request, template, activity, update, form, status=400)
    try:
        withdraw_progress(
            update,
            user=request.user,
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["version"],
        )
    except StaleVersion:
        latest = get_activity(request, network, year, key)
        data = form.data.copy()
        data["version"] = str(latest.version)
        return _render_update_page(
            request,
            template,
            latest,
            update,
            WithdrawalForm(data, auto_id="withdraw_%s"),
            conflict=True,
            status=409,
        )
    messages.success(
        request,
        _("Progress report withdrawn: the activity is now “%(status)s”.")
        % {"status": activity.get_status_display()},
    )
    return redirect(activity.get_absolute_url() + "#progress")
