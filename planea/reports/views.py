"""Downloads of a plan: the annual report and the exports. Thin views: each
finds the plan the reader may see (404 otherwise, so that a draft's
existence is not told), checks the policy, and returns the bytes the
format modules make."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST, require_safe

from planea.accounts.policy import Action, require
from planea.plans.models import Network, Plan

from . import builds, html, tasks
from .data import annual_report
from .formats import (
    EXPORTS,
    OPEN_DATA,
    REPORTS,
    Format,
    render_export,
    render_open_data,
    render_report,
)
from .models import ReportBuild
from .transparency import transparency as transparency_data


def _plan(request: HttpRequest, network: str, year: int, *, user=None) -> Plan:
    user = request.user if user is None else user
    plan = get_object_or_404(
        Plan.objects.visible_to(user).select_related("network"),
        network__slug=network,
        year=year,
    )
    require(user, Action.VIEW_PLAN, plan)
    return plan


def _site(request: HttpRequest) -> str:
    """This site's address as the reader reached it, for absolute links."""
    return request.build_absolute_uri("/")


def _response(body: bytes, fmt: Format, plan: Plan, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type=fmt.content_type)
    response["Content-Disposition"] = content_disposition_header(
        attachment, fmt.filename(plan.network.slug, plan.year)
    )
    # What a member may see (drafts, members-only evidence) must not be
    # kept by a shared cache and served to someone else.
    response["Cache-Control"] = "private, max-age=0"
    return response


def _requested_language(request: HttpRequest) -> str:
    """`?language=fr`: the report wholly in one of the site's languages (the
    plan page links one per language); "" for the reader's own."""
    code = request.GET.get("language", "")
    return code if code in dict(settings.LANGUAGES) else ""


def _in_requested_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run `view` in the language the address asks for, labels and plan
    texts alike (`annual_report` and the builds' key read the active one)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = _requested_language(request)
        if not language:
            return view(request, *args, **kwargs)
        with translation.override(language):
            return view(request, *args, **kwargs)

    return wrapped


def _kept(request: HttpRequest, address: str, *query: str) -> str:
    """`address` with the requested language kept, and `query` after it."""
    language = _requested_language(request)
    parts = [f"language={language}"] if language else []
    parts += query
    return f"{address}?{'&'.join(parts)}" if parts else address


@require_safe
@_in_requested_language
def report(request: HttpRequest, network: str, year: int, fmt: str) -> HttpResponse:
    """The annual report, as the reader may see it, in their language: the
    HTML page is shown in the browser, the other formats are downloaded.
    PDF and Word are built in the background, once per state of the plan:
    served from storage when built, a page saying so until then."""
    if fmt not in REPORTS:
        raise Http404
    plan = _plan(request, network, year)
    if fmt in builds.BACKGROUND_FORMATS:
        return _built_report(request, plan, fmt)
    data = annual_report(plan, request.user, base_url=_site(request))
    body = render_report(data, fmt)
    response = _response(body, REPORTS[fmt], plan, attachment=fmt != "html")
    if fmt == "html":
        # Read by django-csp's middleware: the page's own <style> elements.
        response._csp_update = {"style-src": html.style_hashes(body.decode("utf-8"))}
    return response


def _built_report(request: HttpRequest, plan: Plan, fmt: str) -> HttpResponse:
    build = tasks.request_report(plan, fmt, request.user)
    # ?wait is the address the "being built" page refreshes to: once ready,
    # it shows the download link instead of starting a download by itself.
    if "wait" in request.GET:
        return _building_page(request, plan, fmt, build)
    for _attempt in range(2):
        if not build.is_ready:
            break
        try:
            return _response(builds.read(build), REPORTS[fmt], plan)
        except FileNotFoundError:
            # Its file is gone (a restore, a cleaned disk): build it again.
            builds.forget(build)
            build = tasks.request_report(plan, fmt, request.user)
    return _building_page(request, plan, fmt, build)


def _building_page(request: HttpRequest, plan: Plan, fmt: str, build: ReportBuild) -> HttpResponse:
    address = reverse("report", args=[plan.network.slug, plan.year, fmt])
    # A build lost with its worker is offered again like a failed one.
    state = "ready" if build.is_ready else "failed" if build.may_retry else "building"
    context = {
        "plan": plan,
        "network": plan.network,
        "state": state,
        "fmt": fmt,
        "download_url": _kept(request, address),
        "wait_url": _kept(request, address, "wait=1"),
        "retry_url": _kept(
            request, reverse("report_retry", args=[plan.network.slug, plan.year, fmt])
        ),
    }
    response = render(
        request,
        "reports/report_building.html",
        context,
        status=202 if state == "building" else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@_in_requested_language
def report_retry(request: HttpRequest, network: str, year: int, fmt: str) -> HttpResponse:
    """Ask again for a report whose build failed or was lost; anyone who
    may read the report may. Back to the page that waits for it."""
    if fmt not in builds.BACKGROUND_FORMATS:
        raise Http404
    plan = _plan(request, network, year)
    build = tasks.request_report(plan, fmt, request.user)
    tasks.retry_report(build, request.user)
    address = reverse("report", args=[plan.network.slug, plan.year, fmt])
    return redirect(_kept(request, address, "wait=1"))


def _export_language(request: HttpRequest) -> str:
    """The language of an export's plan texts: `?lang=` (or the reports'
    `?language=`) if one of the site's, else the reader's (LocaleMiddleware)."""
    for name in ("lang", "language"):
        code = request.GET.get(name, "")
        if code in dict(settings.LANGUAGES):
            return code
    return translation.get_language() or settings.LANGUAGE_CODE


@require_safe
def export(request: HttpRequest, network: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    plan = _plan(request, network, year)
    language = _export_language(request)
    with translation.override(language):  # the headings too
        body = render_export(plan, fmt, base_url=_site(request), language=language)
    return _response(body, EXPORTS[fmt], plan)


@require_safe
def calendar(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The calendar of a public plan at a stable address, for calendar
    applications to subscribe to: they send no cookies, so it is served to
    anyone, and only for plans the public may read."""
    plan = _plan(request, network, year, user=AnonymousUser())
    language = _export_language(request)
    with translation.override(language):
        body = render_export(plan, "ics", base_url=_site(request), language=language)
    response = HttpResponse(body, content_type=EXPORTS["ics"].content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, EXPORTS["ics"].filename(plan.network.slug, plan.year)
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _open_data(request: HttpRequest, network: str, year: int, name: str) -> HttpResponse:
    """Open data of a public plan, the same for everyone: made of what the
    public may read, so a shared cache may keep it."""
    plan = _plan(request, network, year, user=AnonymousUser())
    fmt = OPEN_DATA[name]
    body = render_open_data(plan, name, base_url=_site(request))
    response = HttpResponse(body, content_type=fmt.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, fmt.filename(plan.network.slug, plan.year)
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def iati(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The plan as an IATI 2.03 activity file."""
    return _open_data(request, network, year, "iati")


@require_safe
def datapackage(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """The plan as a Frictionless data package (a zip of CSV tables)."""
    return _open_data(request, network, year, "datapackage")


def _transparency_context(request: HttpRequest, network: str) -> dict:
    network_obj = get_object_or_404(Network, slug=network)
    return {
        "network": network_obj,
        "data": transparency_data(network_obj, base_url=_site(request)),
        "site": _site(request).rstrip("/"),
    }


@require_safe
def transparency(request: HttpRequest, network: str) -> HttpResponse:
    """The network's plans at a glance, their downloads and their licence,
    as the public reads them, whoever looks (a member sees no more here)."""
    context = _transparency_context(request, network)
    embed = reverse("transparency_embed", kwargs={"network": network})
    context["embed_url"] = context["site"] + embed
    return render(request, "reports/transparency.html", context)


@require_safe
@xframe_options_exempt
def transparency_embed(request: HttpRequest, network: str) -> HttpResponse:
    """The summary other sites may show in an <iframe>: script-free HTML of
    public figures only. The one page any site may frame: its answer alone
    drops X-Frame-Options and widens the policy's frame-ancestors."""
    response = render(
        request, "reports/transparency_embed.html", _transparency_context(request, network)
    )
    # Read by django-csp's middleware: any site may frame this page.
    response._csp_replace = {"frame-ancestors": ["*"]}  # type: ignore[attr-defined]
    response["Cache-Control"] = "public, max-age=900"
    return response
