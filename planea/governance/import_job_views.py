"""The page of a large import a worker stores (planea.governance.tasks):
waiting, being stored, stored (a link to the plan) or not (why). Its
uploader's and the network's Secretariat's (`Action.VIEW_IMPORT_JOB`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from planea.accounts import policy
from planea.accounts.policy import Action

from .models import ImportJob


@login_required
@require_safe
def import_job(request: HttpRequest, network: str, job_id: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("network", "plan"), pk=job_id, network__slug=network
    )
    policy.require(request.user, Action.VIEW_IMPORT_JOB, job)
    # 202 while a worker has it: the page's script (planea/wait.js)
    # asks again until it is not.
    response = render(
        request,
        "plans/import/job.html",
        {"job": job, "network": job.network},
        status=202 if job.is_pending else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response
