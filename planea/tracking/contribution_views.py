"""Changing an activity's contributions from its page: the Secretariat and
the activity's leads record what each source puts in, and what it spent."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planea.accounts import policy
from planea.accounts.policy import Action
from planea.plans.contribution_forms import VersionForm, contribution_formset
from planea.plans.contributions import set_contributions
from planea.plans.models import StaleVersion

from .views import get_activity, render_activity


@require_POST
def contributions(request: HttpRequest, network: str, year: int, key: str) -> HttpResponse:
    activity = get_activity(request, network, year, key)
    policy.require(request.user, Action.EDIT_CONTRIBUTIONS, activity)
    formset = contribution_formset(activity, request.POST)
    version = VersionForm(request.POST)
    if not (formset.is_valid() and version.is_valid()):
        return render_activity(
            request,
            activity,
            contribution_formset=formset,
            contribution_version_missing=not version.is_valid(),
            status=400,
        )
    try:
        changed = set_contributions(
            activity,
            formset.rows(),
            user=request.user,
            seen_version=version.cleaned_data["version"],
        )
    except StaleVersion:
        latest = get_activity(request, network, year, key)
        return render_activity(
            request,
            latest,
            contribution_formset=formset,
            contribution_conflict=True,
            status=409,
        )
    if changed:
        messages.success(request, _("Contributions saved."))
    else:
        messages.info(request, _("Nothing to save: the contributions are as they were."))
    return redirect(activity.get_absolute_url() + "#contributions")
