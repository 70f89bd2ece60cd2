"""Every web view that changes data × every role: no unexpected allow, no
unexpected deny (issue 4's "role × action matrix").

The network is the demo's: Red GEALC and its 2017 plan, as the Assembly
approved it. The roles, all in Red GEALC but the last:

- SEC, the Secretariat;
- COM, a member of the Executive Committee;
- COO, the coordinator of the "Grupo de Trabajo de Red Gealc en software
  público", which leads 1.1.i (the activity acted on) and holds its own
  meetings;
- VIE, a viewer;
- ANO, the public, not logged in;
- OUT, the Secretariat of another network: never let into Red GEALC's data.
  (On the account pages it acts on its own account, like any other user.)

`EXPECTED` is the table, written out from the rules as issue 4 and
planea/accounts/policy.py state them, never computed from `policy.can`. Each
cell sends a valid request from a fresh state (each in its own savepoint,
rolled back), so that an allowed role really changes data:

- allowed: the data changed (read back from the database) and the answer is
  a success or a redirect (not to the login page);
- denied: nothing changed and the answer is a 403, a 404, or for the public
  (and, in the admin, anyone who is not staff) a redirect to the login page.
  A few denials are a form's, listed in `REFUSED_BY_FORM`: the view offers
  only the choices the user may pick (the coordinator's own group, the
  Secretariat's own networks), and answers another with the form again and
  an error on that field. A step of the plan's life cycle taken in the
  wrong state is refused to whoever may take it with a message on the
  plan's page (a redirect), listed in `REFUSED_BY_STATE`; anyone else gets
  the 403, so that the refusal does not tell them the plan's state.

A cell that breaks the rules today is listed in `KNOWN_BUGS`, with why: it is
checked to still break them (reported, not fixed here), and the test says so
the day it keeps them.

The JSON API has its own matrix (tests/api/test_permissions_matrix.py). The
views left out here are listed in `READ_ONLY` (they answer a POST with 405,
which the last tests check) and `NOT_ROLE_GATED` (logging in and out, and a
password reset by e-mail: they act on whoever proves who they are, whatever
their role; tests/accounts covers them).
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from planea import planfile
from planea.accounts.models import Membership, Profile, Role
from planea.api.models import ApiToken
from planea.governance import intake, lifecycle, translating, translation_sheets
from planea.governance.models import ImportJob, Meeting, MeetingSeries, PlanVersion, VersionKind
from planea.ops.demo import load_demo
from planea.plans.models import Activity, Contribution, Plan, Product, Translation
from planea.plans.translations import digest
from planea.reports import builds as report_builds
from planea.reports.models import Audience, BuildStatus, ReportBuild
from planea.tracking.models import Evidence, ProgressUpdate, record_progress
from tests.base import make_network, member, organisation, small_plan
from tests.governance.support import document_of, find, set_status
from tests.tracking.support import pdf_bytes, upload

SEC, COM, COO, VIE, ANO, OUT = (
    "secretariat",
    "committee",
    "coordinator",
    "viewer",
    "anonymous",
    "outsider",
)
ROLES = (SEC, COM, COO, VIE, ANO, OUT)
Y, N = True, False

# The table: {view: {role: allowed}}. A view is named by its URL name, and
# what is done with it when one view does several things.
# fmt: off
EXPECTED: dict[str, dict[str, bool]] = {
    # Reporting on an adopted plan: the Secretariat, and the coordinators of
    # the activity's lead.
    "progress":                              {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "progress (another lead's)":             {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # What each source puts in, and what it spent (issue 16): who reports.
    "contributions":                         {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "contributions (another lead's)":        {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "add_evidence (file)":                   {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "add_evidence (link)":                   {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "delete_evidence":                       {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    # Removed evidence is put back by the Secretariat.
    "restore_evidence":                      {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # A report is corrected by its author only; withdrawn by its author or
    # the Secretariat (issue 12).
    "progress_correct (coordinator's report)": {SEC: N, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "progress_correct (secretariat's report)": {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "progress_withdraw (coordinator's report)": {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "progress_withdraw (secretariat's report)": {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # A meeting's minutes linked to a product: who may record the meeting.
    "delete_evidence (another body's minutes)": {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "delete_evidence (own group's minutes)": {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    # The life cycle: the Committee and the Secretariat propose; the
    # Secretariat records the Assembly's approval and runs the year.
    "plan_propose":                          {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_approve":                          {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_start":                            {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_close":                            {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # A note that is refused stops the step (issue 12): the form again, to
    # who may propose, with the error on the note.
    "plan_propose (a note refused)":         {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # Only a meeting the network's statutes allow approves (issue 12): the
    # Assembly's, of the year before or the plan's own; an amendment, the
    # Assembly's or the Committee's. Refused to all; who may approve is told
    # the rule on the form's meeting.
    "plan_approve (a working group's meeting)": {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_approve (the Assembly two years before)": {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},  # noqa: E501
    "amendment_approve (a working group's meeting)": {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},  # noqa: E501
    # In the wrong state: refused to all, told why only to who may take it.
    "plan_approve (not proposed)":           {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_close (not in execution)":         {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # A report whose build failed is asked for again by whoever may read
    # it (issue 13): of a draft, the Secretariat and the Committee.
    "report_retry (a draft's report)":       {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_rollover":                         {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "amendment_new":                         {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "amendment_approve":                     {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # The plan editor: the Committee and the Secretariat shape a draft in
    # place; on an adopted plan, the same pages gather an amendment in a
    # working copy (the plan itself does not change), proposed like any.
    "plan_editor (a draft's new area)":      {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_editor (an approved plan's new area)": {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_area (draft)":                   {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_area_move (draft)":              {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_area_remove (draft)":            {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_activity_new (draft)":           {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_activity (draft)":               {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_activity (approved plan)":       {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_activity_move (draft)":          {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_activity_remove (draft)":        {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_propose":                        {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "editor_discard":                        {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    # Meetings: the Secretariat records any; a coordinator, its own body's.
    "meeting_new (own group)":               {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "meeting_new (other body)":              {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "meeting_edit (own group)":              {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "meeting_edit (other body)":             {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # Minutes count as evidence for the products the meeting is linked to:
    # the rules of adding evidence (the Secretariat, the activity's lead).
    "meeting_new (counts for another lead)": {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "meeting_series_new (own group)":        {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "meeting_series_new (other body)":       {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # The admin is the Secretariat's tool, for its own network only; a
    # plan's content only while it is a draft: once proposed, it changes
    # through amendments alone, so that its versions never drift (issue 12).
    "admin: activity change (draft)":        {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "admin: activity change (adopted plan)": {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # The network's statutes, which every approval is checked against.
    "admin: statutes change":                {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "admin: membership add":                 {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # Another role for one of the network's people, found by username.
    "admin: membership add (a member)":      {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # Another network's people are not looked up by username (that would
    # show their e-mail): invited by address (the row above), never found.
    "admin: membership add (another network's user)": {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},  # noqa: E501
    "admin: membership change":              {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # A translation is only looked at, or removed, in the admin (issue 17).
    "admin: translation delete":             {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    # One's own account: anyone logged in; another's: no one.
    "api_tokens (create)":                   {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: N, OUT: Y},
    "api_tokens (revoke own)":               {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: N, OUT: Y},
    "api_tokens (revoke another's)":         {SEC: N, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "profile":                               {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: N, OUT: Y},
    "password_change":                       {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: N, OUT: Y},
    # The language menu: the signed-in user's preference; the public's cookie.
    "set_language":                          {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: Y, OUT: Y},
    # Bringing a plan in: the Secretariat, and the Committee for a proposal,
    # which only becomes a draft; adopted, only the Secretariat records it.
    "plan_import (upload)":                  {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_import_confirm (draft)":           {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_import_confirm (approved)":        {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "plan_import_cancel":                    {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    # Translating the plan's texts (issue 17), here into French: the
    # Secretariat into any language, a translator into theirs
    # (TRANSLATOR_CELLS, below); the Committee only reads them.
    "translations_save":                     {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
    "translations_import":                   {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
}
# fmt: on

# Denials that are a form's: (view, role) → the field whose choice was refused.
REFUSED_BY_FORM: dict[tuple[str, str], str] = {
    ("meeting_new (other body)", COO): "organisation",
    ("meeting_series_new (other body)", COO): "organisation",
    # Minutes may only count toward products the coordinator may add evidence to.
    ("meeting_new (counts for another lead)", COO): "products",
    ("admin: membership add", OUT): "network",
    ("admin: membership add (a member)", OUT): "network",
    # Its username is not found among the Secretariat's people, and not
    # free for a new user.
    ("admin: membership add (another network's user)", SEC): "username",
    ("admin: membership add (another network's user)", OUT): "network",
    # The Committee is offered a draft only.
    ("plan_import_confirm (approved)", COM): "status",
    ("plan_propose (a note refused)", SEC): "note",
    ("plan_propose (a note refused)", COM): "note",
    ("plan_approve (a working group's meeting)", SEC): "meeting",
    ("plan_approve (the Assembly two years before)", SEC): "meeting",
    ("amendment_approve (a working group's meeting)", SEC): "meeting",
}

# Denials that are the plan's state's, told to who may take the step: a
# redirect to the plan's page with a message.
REFUSED_BY_STATE: set[tuple[str, str]] = {
    ("plan_approve (not proposed)", SEC),
    ("plan_close (not in execution)", SEC),
}

# Cells that break the rules today, each with why: the test fails the day the
# cell keeps the rule (then take it out of here), not before. Reported, not fixed.
KNOWN_BUGS: dict[tuple[str, str], str] = {}

# Views that change nothing: each answers a POST with 405.
READ_ONLY = {
    "home", "healthz", "network", "organisation", "plan", "timeline", "activity",
    "evidence", "dashboard", "my_commitments", "report", "export", "calendar",
    "iati", "datapackage", "transparency", "transparency_embed", "transparency_feed",
    "meetings", "meeting", "meeting_minutes",
    "plan_versions", "plan_version", "plan_diff", "amendment", "plan_import_preview",
    "plan_import_job",
    "plan_translations", "translations_export",
    "password_change_done", "password_reset_done", "password_reset_complete",
}  # fmt: skip
# Views that act on whoever proves who they are, whatever their role.
NOT_ROLE_GATED = {"login", "logout", "password_reset", "password_reset_confirm"}

SOFTWARE_GROUP = "Grupo de Trabajo de Red Gealc en software público"  # leads 1.1.i
OTHER_BODY = "Comité Ejecutivo"
PASSWORD = "una frase larga para las pruebas"
NEW_PASSWORD = "otra frase larga, la nueva, de 2017"
AMENDED_TITLE = "Incorporar al Quinto taller regional las temáticas de co-creación"


def url_name(view: str) -> str:
    return view.split(" ")[0]


@dataclass
class Outcome:
    response: HttpResponse
    changed: bool


# ---------------------------------------------------------------------------
# What each view is sent, and what it should have changed. Each takes the
# test case and the acting user (None: the public), from a fresh state.

ACTIONS: dict[str, Callable[[PermissionMatrixTests, object], Outcome]] = {}


def action(view: str):
    def register(function):
        ACTIONS[view] = function
        return function

    return register


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def today() -> str:
    return timezone.localdate().isoformat()


def _report(t: PermissionMatrixTests, user, key: str) -> Outcome:
    activity = Activity.objects.get(plan=t.plan, key=key)
    note = f"Avanza según lo previsto ({key})."
    response = client_for(user).post(
        t.plan_url(key, "progress"),
        {"status": "at_risk", "note": note, "date": today(), "version": activity.version},
    )
    changed = ProgressUpdate.objects.filter(activity=activity, note=note).exists()
    activity.refresh_from_db()
    assert changed == (activity.status == "at_risk"), "a report lands whole or not at all"
    return Outcome(response, changed)


@action("progress")
def report_progress(t, user):
    return _report(t, user, "1.1.i")


@action("progress (another lead's)")
def report_progress_on_another_leads_activity(t, user):
    return _report(t, user, "2.1.i")  # led by the Grupo de trabajo en datos abiertos


def _contributions(t, user, key: str) -> Outcome:
    activity = Activity.objects.get(plan=t.plan, key=key)
    note = f"Aporte registrado ({key})."
    response = client_for(user).post(
        t.plan_url(key, "contributions"),
        {
            "contribution-TOTAL_FORMS": "1",
            "contribution-INITIAL_FORMS": "0",
            "contribution-MIN_NUM_FORMS": "0",
            "contribution-MAX_NUM_FORMS": "100",
            "contribution-0-source": "Cooperación Técnica del BID",
            "contribution-0-kind": "cash",
            "contribution-0-stage": "spent",
            "contribution-0-amount": "2.500",
            "contribution-0-currency": "USD",
            "contribution-0-note": note,
            "version": activity.version,
        },
    )
    return Outcome(response, Contribution.objects.filter(activity=activity, note=note).exists())


@action("contributions")
def record_contributions(t, user):
    return _contributions(t, user, "1.1.i")


@action("contributions (another lead's)")
def record_contributions_on_another_leads_activity(t, user):
    return _contributions(t, user, "2.1.i")


def _evidence(t: PermissionMatrixTests, user, title: str, **given) -> Outcome:
    form = {"product": t.product.pk, "title": title, "date": today(), **given}
    response = client_for(user).post(t.plan_url("1.1.i", "evidence"), form)
    return Outcome(response, Evidence.objects.filter(product=t.product, title=title).exists())


@action("add_evidence (file)")
def add_a_file(t, user):
    report = upload("analisis-de-viabilidad.pdf", t.pdf)
    return _evidence(t, user, "Análisis de viabilidad", file=report, visibility="public")


@action("add_evidence (link)")
def add_a_link(t, user):
    link = "https://redgealc.example.org/analisis"
    return _evidence(t, user, "Análisis en línea", url=link, visibility="members")


@action("delete_evidence")
def delete_evidence(t, user):
    evidence = Evidence.objects.create(
        product=t.product,
        title="Relatoría del taller",
        url="https://redgealc.example.org/relatoria",
        is_public=True,
        added_by=t.users[COO],
    )
    response = client_for(user).post(reverse("delete_evidence", args=[evidence.pk]))
    return Outcome(response, Evidence.all_objects.removed().filter(pk=evidence.pk).exists())


@action("restore_evidence")
def restore_evidence(t, user):
    evidence = Evidence.objects.create(
        product=t.product,
        title="Relatoría retirada por error",
        url="https://redgealc.example.org/relatoria",
        is_public=True,
        added_by=t.users[COO],
        removed_at=timezone.now(),
        removed_by=t.users[COO],
    )
    response = client_for(user).post(reverse("restore_evidence", args=[evidence.pk]))
    return Outcome(response, Evidence.objects.filter(pk=evidence.pk).exists())


def _report_by(t: PermissionMatrixTests, author) -> ProgressUpdate:
    activity = Activity.objects.get(plan=t.plan, key="1.1.i")
    return record_progress(
        activity, author=author, status="on_track", date=timezone.localdate(),
        seen_version=activity.version, note="Primer informe.",
    )  # fmt: skip


def _correct(t: PermissionMatrixTests, user, author) -> Outcome:
    update = _report_by(t, author)
    response = client_for(user).post(
        t.plan_url("1.1.i", "progress", update.pk, "correct"),
        {"status": "at_risk", "note": "Corregido.", "date": today(),
         "version": update.activity.version},
    )  # fmt: skip
    update.refresh_from_db()
    return Outcome(response, update.note == "Corregido." and update.status == "at_risk")


def _withdraw(t: PermissionMatrixTests, user, author) -> Outcome:
    update = _report_by(t, author)
    response = client_for(user).post(
        t.plan_url("1.1.i", "progress", update.pk, "withdraw"),
        {"reason": "Informe cargado en la actividad equivocada.",
         "version": update.activity.version},
    )  # fmt: skip
    update.refresh_from_db()
    return Outcome(response, update.withdrawn_at is not None)


@action("progress_correct (coordinator's report)")
def correct_the_coordinators_report(t, user):
    return _correct(t, user, t.users[COO])


@action("progress_correct (secretariat's report)")
def correct_the_secretariats_report(t, user):
    return _correct(t, user, t.users[SEC])


@action("progress_withdraw (coordinator's report)")
def withdraw_the_coordinators_report(t, user):
    return _withdraw(t, user, t.users[COO])


@action("progress_withdraw (secretariat's report)")
def withdraw_the_secretariats_report(t, user):
    return _withdraw(t, user, t.users[SEC])


def _delete_minutes(t: PermissionMatrixTests, user, holder) -> Outcome:
    meeting = Meeting.objects.create(
        network=t.network,
        organisation=holder,
        title="Reunión con acta",
        date=dt.date(2017, 3, 1),
        minutes="Se acordó el análisis de viabilidad.",
    )
    meeting.products.add(t.product)
    minutes = Evidence.objects.create(
        product=t.product, meeting=meeting, title="Acta: Reunión con acta", is_public=True
    )
    response = client_for(user).post(reverse("delete_evidence", args=[minutes.pk]))
    return Outcome(response, Evidence.all_objects.removed().filter(pk=minutes.pk).exists())


@action("delete_evidence (another body's minutes)")
def delete_the_minutes_of_another_bodys_meeting(t, user):
    return _delete_minutes(t, user, t.other_body)


@action("delete_evidence (own group's minutes)")
def delete_the_minutes_of_the_groups_meeting(t, user):
    return _delete_minutes(t, user, t.group)


def _step(t: PermissionMatrixTests, user, step: str, start: str, end: str) -> Outcome:
    set_status(t.plan, start)
    # Starting and closing are confirmed on the page that says what they do.
    form = {"note": "Según el acta.", "confirm": "True"}
    response = client_for(user).post(t.plan_url("lifecycle", step), form)
    return Outcome(response, Plan.objects.get(pk=t.plan.pk).status == end)


@action("plan_propose")
def propose(t, user):
    return _step(t, user, "propose", "draft", "proposed")


@action("plan_propose (a note refused)")
def propose_with_a_note_refused(t, user):
    set_status(t.plan, "draft")
    note = "Según\x0bel acta."  # a control character: the text rule refuses it
    response = client_for(user).post(t.plan_url("lifecycle", "propose"), {"note": note})
    return Outcome(response, Plan.objects.get(pk=t.plan.pk).status != "draft")


def _approve_at(t: PermissionMatrixTests, user, meeting: Meeting) -> Outcome:
    set_status(t.plan, "proposed")
    response = client_for(user).post(
        t.plan_url("lifecycle", "approve"),
        {"meeting": meeting.pk, "decision": "La Asamblea Anual aprueba el plan."},
    )
    return Outcome(response, Plan.objects.get(pk=t.plan.pk).status == "approved")


@action("plan_approve")
def approve(t, user):
    return _approve_at(t, user, t.assembly)


@action("plan_approve (a working group's meeting)")
def approve_at_a_working_groups_meeting(t, user):
    return _approve_at(t, user, t.group_meeting)


@action("plan_approve (the Assembly two years before)")
def approve_at_the_assembly_two_years_before(t, user):
    return _approve_at(t, user, t.assembly_2015)


@action("plan_approve (not proposed)")
def approve_an_adopted_plan(t, user):
    set_status(t.plan, "approved")
    before = PlanVersion.objects.filter(plan=t.plan).count()
    response = client_for(user).post(
        t.plan_url("lifecycle", "approve"),
        {"meeting": t.assembly.pk, "decision": "La Asamblea Anual aprueba el plan."},
    )
    return Outcome(response, PlanVersion.objects.filter(plan=t.plan).count() != before)


@action("plan_close (not in execution)")
def close_a_plan_not_yet_started(t, user):
    return _step(t, user, "close", "approved", "closed")


@action("report_retry (a draft's report)")
def retry_a_failed_report(t, user):
    set_status(t.plan, "draft")
    key = report_builds.key_for(t.plan, "pdf", None)
    ReportBuild.objects.bulk_create(
        ReportBuild(
            plan=t.plan,
            fmt="pdf",
            language=language,
            audience=audience,
            day=key.day,
            stamp=key.stamp,
            status=BuildStatus.FAILED,
            error="a test's failure",
        )
        for language, _name in settings.LANGUAGES
        for audience in Audience
    )
    with mock.patch("planea.reports.builds.render_report", return_value=b"%PDF-1.7"):
        response = client_for(user).post(t.plan_url("report.pdf", "retry").rstrip("/"))
    failed = ReportBuild.objects.filter(plan=t.plan, status=BuildStatus.FAILED).count()
    return Outcome(response, failed < len(settings.LANGUAGES) * len(Audience))


@action("plan_start")
def start(t, user):
    return _step(t, user, "start", "approved", "in_execution")


@action("plan_close")
def close(t, user):
    return _step(t, user, "close", "in_execution", "closed")


@action("plan_rollover")
def rollover(t, user):
    response = client_for(user).post(t.plan_url("lifecycle", "rollover"))
    return Outcome(response, Plan.objects.filter(network=t.network, year=2018).exists())


@action("amendment_new")
def propose_an_amendment(t, user):
    document = SimpleUploadedFile("plan-enmendado.txt", t.amended_text, "text/plain")
    response = client_for(user).post(
        t.plan_url("amendments", "new"), {"document": document, "note": "Un título más claro."}
    )
    proposals = PlanVersion.objects.filter(plan=t.plan, kind=VersionKind.AMENDMENT_PROPOSAL)
    return Outcome(response, proposals.exists())


def _approve_amendment_at(t: PermissionMatrixTests, user, meeting: Meeting) -> Outcome:
    proposal = lifecycle.propose_amendment(
        t.plan, t.amended_document(), t.users[SEC], note="Ajuste"
    )
    response = client_for(user).post(
        t.plan_url("amendments", proposal.number, "approve"),
        {"meeting": meeting.pk, "decision": "Se aprueba la enmienda."},
    )
    adopted = PlanVersion.objects.filter(plan=t.plan, kind=VersionKind.AMENDMENT_APPROVAL)
    applied = Activity.objects.get(plan=t.plan, key="1.1.i").title == AMENDED_TITLE
    assert adopted.exists() == applied, "an amendment is adopted and applied together"
    return Outcome(response, applied)


@action("amendment_approve")
def approve_an_amendment(t, user):
    return _approve_amendment_at(t, user, t.assembly)


@action("amendment_approve (a working group's meeting)")
def approve_an_amendment_at_a_working_groups_meeting(t, user):
    return _approve_amendment_at(t, user, t.group_meeting)


def _editor_document(t: PermissionMatrixTests):
    from planea.governance import editor

    return editor.current(t.plan, t.users[SEC]).document


def _editor_post(t: PermissionMatrixTests, user, *parts: object, data: dict) -> HttpResponse:
    return client_for(user).post(t.plan_url("edit", *parts), data)


def _area_version(t: PermissionMatrixTests, index: int) -> str:
    from planea.plans.editing import fingerprint

    return fingerprint(_editor_document(t).areas[index])


def _activity_version(t: PermissionMatrixTests, key: str) -> str:
    from planea.plans.editing import find_activity, fingerprint

    return fingerprint(find_activity(_editor_document(t), key)[1])


def _activity_form(t: PermissionMatrixTests, key: str = "") -> dict:
    """The activity editor's form, as the Secretariat's page posts it back."""
    from tests.governance.editor_support import editor_form_data

    page = client_for(t.users[SEC]).get(
        t.plan_url("edit", "activities", key or "new") + ("" if key else "?area=0")
    )
    assert page.status_code == 200
    return editor_form_data(page)


def _working_copy_says(t: PermissionMatrixTests, text: str) -> bool:
    from planea.governance.models import WorkingCopy

    copy = WorkingCopy.objects.filter(plan=t.plan).first()
    return copy is not None and text in copy.document


@action("plan_editor (a draft's new area)")
def add_an_area_to_a_draft(t, user):
    set_status(t.plan, "draft")
    response = _editor_post(t, user, data={"number": 9, "title": "Datos abiertos"})
    return Outcome(response, t.plan.areas.filter(number=9, title="Datos abiertos").exists())


@action("plan_editor (an approved plan's new area)")
def add_an_area_to_an_approved_plans_working_copy(t, user):
    response = _editor_post(t, user, data={"number": 9, "title": "Datos abiertos"})
    assert not t.plan.areas.filter(number=9).exists(), "an adopted plan never changes in place"
    return Outcome(response, _working_copy_says(t, "Datos abiertos"))


@action("editor_area (draft)")
def edit_an_area_of_a_draft(t, user):
    set_status(t.plan, "draft")
    area = t.plan.areas.order_by("order").first()
    form = {"number": area.number, "title": "Área renombrada", "version": _area_version(t, 0)}
    response = _editor_post(t, user, "areas", 0, data=form)
    return Outcome(response, t.plan.areas.filter(title="Área renombrada").exists())


@action("editor_area_move (draft)")
def move_an_area_of_a_draft(t, user):
    set_status(t.plan, "draft")
    first = t.plan.areas.order_by("order").first()
    form = {"direction": "down", "version": _area_version(t, 0)}
    response = _editor_post(t, user, "areas", 0, "move", data=form)
    return Outcome(response, t.plan.areas.order_by("order").first().pk != first.pk)


@action("editor_area_remove (draft)")
def remove_an_area_of_a_draft(t, user):
    set_status(t.plan, "draft")
    count = t.plan.areas.count()
    last = count - 1
    response = _editor_post(
        t, user, "areas", last, "remove", data={"version": _area_version(t, last)}
    )
    return Outcome(response, t.plan.areas.count() == count - 1)


@action("editor_activity_new (draft)")
def add_an_activity_to_a_draft(t, user):
    set_status(t.plan, "draft")
    form = {**_activity_form(t), "key": "1.9.i", "title": "Un taller más"}
    response = _editor_post(t, user, "activities", "new", data=form)
    return Outcome(response, Activity.objects.filter(plan=t.plan, key="1.9.i").exists())


@action("editor_activity (draft)")
def edit_an_activity_of_a_draft(t, user):
    set_status(t.plan, "draft")
    form = {**_activity_form(t, "1.1.i"), "title": AMENDED_TITLE}
    response = _editor_post(t, user, "activities", "1.1.i", data=form)
    return Outcome(response, Activity.objects.get(plan=t.plan, key="1.1.i").title == AMENDED_TITLE)


@action("editor_activity (approved plan)")
def edit_an_activity_of_an_approved_plan(t, user):
    form = {**_activity_form(t, "1.1.i"), "title": AMENDED_TITLE}
    response = _editor_post(t, user, "activities", "1.1.i", data=form)
    assert Activity.objects.get(plan=t.plan, key="1.1.i").title != AMENDED_TITLE
    return Outcome(response, _working_copy_says(t, AMENDED_TITLE))


@action("editor_activity_move (draft)")
def move_an_activity_of_a_draft(t, user):
    set_status(t.plan, "draft")
    form = {"direction": "down", "version": _activity_version(t, "1.1.i")}
    response = _editor_post(t, user, "activities", "1.1.i", "move", data=form)
    return Outcome(response, Activity.objects.get(plan=t.plan, key="1.1.i").order == 1)


@action("editor_activity_remove (draft)")
def remove_an_activity_of_a_draft(t, user):
    set_status(t.plan, "draft")
    form = {"version": _activity_version(t, "2.1.i")}
    response = _editor_post(t, user, "activities", "2.1.i", "remove", data=form)
    return Outcome(response, not Activity.objects.filter(plan=t.plan, key="2.1.i").exists())


def _start_a_working_copy(t: PermissionMatrixTests) -> None:
    from planea.governance import editor
    from planea.plans import editing

    editor.change(
        t.plan, t.users[SEC], lambda d: editing.add_area(d, number=9, title="Datos abiertos")
    )


@action("editor_propose")
def propose_the_editors_changes(t, user):
    _start_a_working_copy(t)
    response = _editor_post(t, user, "propose", data={"note": "Un área nueva."})
    proposals = PlanVersion.objects.filter(plan=t.plan, kind=VersionKind.AMENDMENT_PROPOSAL)
    return Outcome(response, proposals.exists())


@action("editor_discard")
def discard_the_editors_changes(t, user):
    from planea.governance.models import WorkingCopy

    _start_a_working_copy(t)
    response = _editor_post(t, user, "discard", data={})
    return Outcome(response, not WorkingCopy.objects.filter(plan=t.plan).exists())


def meeting_form(holder, title: str) -> dict:
    return {
        "organisation": holder.pk,
        "title": title,
        "kind": "virtual",
        "date": "2017-03-10",
        "link": "https://reuniones.example.org/sala",
        "minutes": "Se revisaron las metas del grupo.",
    }


def _new_meeting(t: PermissionMatrixTests, user, holder) -> Outcome:
    title = f"Reunión de {holder.name}"
    response = client_for(user).post(t.network_url("meetings", "new"), meeting_form(holder, title))
    return Outcome(response, Meeting.objects.filter(network=t.network, title=title).exists())


@action("meeting_new (own group)")
def new_meeting_of_the_group(t, user):
    return _new_meeting(t, user, t.group)


@action("meeting_new (other body)")
def new_meeting_of_another_body(t, user):
    return _new_meeting(t, user, t.other_body)


@action("meeting_new (counts for another lead)")
def new_meeting_whose_minutes_count_for_another_lead(t, user):
    # 2.1.i is led by the Grupo de trabajo en datos abiertos, not the coordinator's group.
    other = Product.objects.get(activity__plan=t.plan, activity__key="2.1.i")
    form = {
        **meeting_form(t.group, "Reunión del GT"),
        "activities": [other.activity_id],
        "products": [other.pk],
    }
    response = client_for(user).post(t.network_url("meetings", "new"), form)
    return Outcome(response, Evidence.objects.filter(product=other).exists())


def _edit_meeting(t: PermissionMatrixTests, user, holder) -> Outcome:
    meeting = Meeting.objects.create(
        network=t.network, organisation=holder, title="Reunión", date=dt.date(2017, 3, 1)
    )
    response = client_for(user).post(
        t.network_url("meetings", meeting.pk, "edit"), meeting_form(holder, "Reunión corregida")
    )
    return Outcome(response, Meeting.objects.get(pk=meeting.pk).title == "Reunión corregida")


@action("meeting_edit (own group)")
def edit_a_meeting_of_the_group(t, user):
    return _edit_meeting(t, user, t.group)


@action("meeting_edit (other body)")
def edit_a_meeting_of_another_body(t, user):
    return _edit_meeting(t, user, t.other_body)


def _new_series(t: PermissionMatrixTests, user, holder) -> Outcome:
    form = {
        "organisation": holder.pk,
        "title": "Reunión mensual",
        "kind": "virtual",
        "start": "2017-02-15",
        "frequency": "monthly",
        "interval": "1",
        "count": "3",
    }
    response = client_for(user).post(t.network_url("meetings", "series", "new"), form)
    series = MeetingSeries.objects.filter(network=t.network, title="Reunión mensual")
    scheduled = Meeting.objects.filter(series__in=series).count()
    assert scheduled == 3 * series.count(), "a series lands with its meetings"
    return Outcome(response, series.exists())


@action("meeting_series_new (own group)")
def new_series_of_the_group(t, user):
    return _new_series(t, user, t.group)


@action("meeting_series_new (other body)")
def new_series_of_another_body(t, user):
    return _new_series(t, user, t.other_body)


def _change_an_activity_in_the_admin(t: PermissionMatrixTests, user, status: str) -> Outcome:
    activity = Activity.objects.get(plan=t.plan, key="1.1.i")
    set_status(t.plan, "draft")  # the form as the Secretariat reads it on a draft
    form = {**t.activity_admin_form(activity), "title": "Título cambiado en el admin"}
    set_status(t.plan, status)
    response = client_for(user).post(f"/admin/plans/activity/{activity.pk}/change/", form)
    return Outcome(response, Activity.objects.get(pk=activity.pk).title == form["title"])


@action("admin: activity change (draft)")
def change_a_drafts_activity_in_the_admin(t, user):
    return _change_an_activity_in_the_admin(t, user, "draft")


@action("admin: activity change (adopted plan)")
def change_an_adopted_plans_activity_in_the_admin(t, user):
    return _change_an_activity_in_the_admin(t, user, "in_execution")


@action("admin: statutes change")
def change_the_statutes_in_the_admin(t, user):
    from planea.governance.models import Statutes

    statutes = Statutes.objects.get(network=t.network)
    assembly = statutes.plan_body
    form = {
        "network": t.network.pk,
        "plan_body": assembly.pk,
        "plan_years_before": "0",
        "amendment_bodies": [assembly.pk],
        "source": "Estatutos reformados",
        "_save": "Save",
    }
    response = client_for(user).post(f"/admin/governance/statutes/{statutes.pk}/change/", form)
    return Outcome(response, Statutes.objects.get(pk=statutes.pk).source == form["source"])


def _add_membership(user, username: str, email: str, role: str = Role.VIEWER) -> HttpResponse:
    form = {
        "username": username,
        "email": email,
        "first_name": "",
        "last_name": "",
        "language": "",
        "network": PermissionMatrixTests.network.pk,
        "role": role,
        "organisation": "",
        "_save": "Save",
    }
    return client_for(user).post("/admin/accounts/membership/add/", form)


@action("admin: membership add")
def add_a_membership_in_the_admin(t, user):
    # Someone with an account but no role, invited by their address.
    response = _add_membership(user, "nadia", t.newcomer.email)
    return Outcome(response, Membership.objects.filter(user=t.newcomer).exists())


@action("admin: membership add (a member)")
def add_a_role_to_a_member_in_the_admin(t, user):
    response = _add_membership(user, t.bystander.username, t.bystander.email, Role.COMMITTEE)
    mine = Membership.objects.filter(user=t.bystander, network=t.network, role=Role.COMMITTEE)
    return Outcome(response, mine.exists())


@action("admin: membership add (another network's user)")
def add_another_networks_user_by_username_in_the_admin(t, user):
    stranger = t.users[OUT]
    response = _add_membership(user, stranger.username, "otto.nuevo@example.org")
    body = response.content.decode(errors="replace")
    assert stranger.email not in body, "another network's user's e-mail is never shown"
    return Outcome(response, Membership.objects.filter(user=stranger, network=t.network).exists())


@action("admin: membership change")
def change_a_membership_in_the_admin(t, user):
    membership = Membership.objects.get(user=t.bystander, network=t.network)
    form = {"network": t.network.pk, "role": Role.COMMITTEE, "organisation": "", "_save": "Save"}
    response = client_for(user).post(f"/admin/accounts/membership/{membership.pk}/change/", form)
    return Outcome(response, Membership.objects.get(pk=membership.pk).role == Role.COMMITTEE)


@action("admin: translation delete")
def delete_a_translation_in_the_admin(t, user):
    from planea.plans.translations import set_translation

    activity = Activity.objects.get(plan=t.plan, key="1.1.i")
    translation = set_translation(activity, "title", "fr", "Cinquième atelier", None)
    url = f"/admin/plans/translation/{translation.pk}/delete/"
    response = client_for(user).post(url, {"post": "yes"})
    return Outcome(response, not type(translation).objects.filter(pk=translation.pk).exists())


@action("api_tokens (create)")
def create_a_token(t, user):
    response = client_for(user).post(reverse("api_tokens"), {"name": "Script de reportes"})
    owners = set(ApiToken.objects.filter(name="Script de reportes").values_list("user", flat=True))
    assert owners <= {getattr(user, "pk", None)}, "a token is made for its maker only"
    return Outcome(response, bool(owners))


def _revoke(user, token: ApiToken) -> Outcome:
    response = client_for(user).post(reverse("api_tokens"), {"revoke": token.pk})
    return Outcome(response, ApiToken.objects.get(pk=token.pk).revoked_at is not None)


@action("api_tokens (revoke own)")
def revoke_ones_own_token(t, user):
    # The public has no token of its own: it tries someone's.
    token, _secret = ApiToken.issue(user or t.bystander, "Script")
    return _revoke(user, token)


@action("api_tokens (revoke another's)")
def revoke_another_persons_token(t, user):
    token, _secret = ApiToken.issue(t.bystander, "Script")
    return _revoke(user, token)


@action("profile")
def save_ones_profile(t, user):
    form = {"first_name": "Nombre", "last_name": "Cambiado", "language": "pt"}
    response = client_for(user).post(reverse("profile"), form)
    renamed = set(
        get_user_model().objects.filter(last_name="Cambiado").values_list("pk", flat=True)
    )
    assert renamed <= {getattr(user, "pk", None)}, "a profile is its owner's only"
    return Outcome(response, bool(renamed))


@action("password_change")
def change_ones_password(t, user):
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client_for(user).post(reverse("password_change"), form)
    users = get_user_model().objects.filter(pk__in=[u.pk for u in t.users.values() if u])
    changed = {u.pk for u in users if u.check_password(NEW_PASSWORD)}
    assert changed <= {getattr(user, "pk", None)}, "a password is its owner's only"
    return Outcome(response, bool(changed))


@action("set_language")
def choose_a_language(t, user):
    response = client_for(user).post(reverse("set_language"), {"language": "en", "next": "/"})
    if user is None:
        # Nothing of the public's is stored: only its cookie changes.
        cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        return Outcome(response, cookie is not None and cookie.value == "en")
    return Outcome(response, Profile.objects.filter(user=user, language="en").exists())


IMPORT_YEAR = 2019


def _planted_preview(t: PermissionMatrixTests, client: Client) -> str:
    """A document waiting in `client`'s session for its preview to be
    confirmed, as an upload leaves it: planted for every role alike (a copy
    of one read once for the class), so that only the policy tells them apart."""
    token = secrets.token_urlsafe(24)
    shutil.copytree(t.import_folder, intake.preview_root() / token)
    session = client.session
    session[intake.SESSION_KEY] = {token: {"network": t.network.pk, "filename": "plan.txt"}}
    session.save()
    return token


def _import_url(t: PermissionMatrixTests, *parts: object) -> str:
    return t.network_url("import", *parts)


@action("plan_import (upload)")
def upload_a_plan_document(t, user):
    client = client_for(user)
    document = SimpleUploadedFile("plan-2019.txt", t.import_text, "text/plain")
    response = client.post(_import_url(t), {"document": document})
    return Outcome(response, bool(client.session.get(intake.SESSION_KEY)))


def _confirm_import(t: PermissionMatrixTests, user, form: dict, status: str) -> Outcome:
    client = client_for(user)
    token = _planted_preview(t, client)
    response = client.post(_import_url(t, token, "confirm"), {"year": IMPORT_YEAR, **form})
    stored = Plan.objects.filter(network=t.network, year=IMPORT_YEAR)
    assert stored.exclude(status=status).count() == 0, "stored in the state asked for, or not"
    return Outcome(response, stored.exists())


@action("plan_import_confirm (draft)")
def store_an_imported_plan_as_a_draft(t, user):
    return _confirm_import(t, user, {"status": "draft"}, "draft")


@action("plan_import_confirm (approved)")
def store_an_imported_plan_as_approved(t, user):
    # The Assembly of the year before, as the statutes have it.
    form = {"status": "approved", "meeting": t.assembly_2018.pk, "decision": "Aprobado."}
    return _confirm_import(t, user, form, "approved")


@action("plan_import_cancel")
def cancel_an_import(t, user):
    client = client_for(user)
    token = _planted_preview(t, client)
    response = client.post(_import_url(t, token, "cancel"))
    return Outcome(response, not (intake.preview_root() / token).exists())


TRANSLATED_KEY = "activity:1.1.i:title"


def _translated(t: PermissionMatrixTests, language: str, text: str) -> bool:
    return Translation.objects.filter(plan=t.plan, language=language, text=text).exists()


def _save_translation(t: PermissionMatrixTests, user, language: str) -> Outcome:
    entry = next(e for e in translating.entries(t.plan) if e.key == TRANSLATED_KEY)
    text = f"Traduction de la ligne ({language})"
    response = client_for(user).post(
        t.plan_url("translations", "save"),
        {"language": language, "key": [entry.key], f"text-{entry.key}": text,
         f"digest-{entry.key}": digest(entry.original)},
    )  # fmt: skip
    return Outcome(response, _translated(t, language, text))


def _import_translations(t: PermissionMatrixTests, user, language: str) -> Outcome:
    sheet = upload("textes.xlsx", t.translation_sheets[language])
    response = client_for(user).post(t.plan_url("translations", "import"), {"sheet": sheet})
    return Outcome(response, _translated(t, language, f"Feuille ({language})"))


@action("translations_save")
def save_a_translation(t, user):
    return _save_translation(t, user, "fr")


@action("translations_import")
def import_a_sheet_of_translations(t, user):
    return _import_translations(t, user, "fr")


# A translator into French, on the same views: their language only. A
# refusal of another language is a 403 when saved, a message when a
# sheet brings it (the whole sheet refused).
TRANSLATOR_CELLS: dict[str, tuple[Callable[..., Outcome], bool]] = {
    "translations_save (into French)": (lambda t, u: _save_translation(t, u, "fr"), Y),
    "translations_save (into Portuguese)": (lambda t, u: _save_translation(t, u, "pt"), N),
    "translations_import (a French sheet)": (lambda t, u: _import_translations(t, u, "fr"), Y),
    "translations_import (a Portuguese sheet)": (
        lambda t, u: _import_translations(t, u, "pt"),
        N,
    ),
}


def _filled_sheet(plan: Plan, language: str) -> bytes:
    """The plan's texts exported for `language`, one of them translated."""
    book = load_workbook(io.BytesIO(translation_sheets.export(plan, [language])))
    sheet = book[translation_sheets.SHEET]
    header = [cell.value for cell in sheet[1]]
    column = header.index(f"translation:{language}") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == TRANSLATED_KEY)
    sheet.cell(row, column, f"Feuille ({language})")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# Judging an answer.


def _is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code != 302:
        return False
    where = response["Location"].split("?")[0]
    return where in (reverse("login"), reverse("admin:login"))


def _form_errors(response: HttpResponse) -> dict:
    context = response.context or {}
    if "adminform" in context:
        return context["adminform"].form.errors
    form = context.get("form")
    return form.errors if form is not None else {}


def verdict(view: str, role: str, outcome: Outcome) -> str | None:
    """What is wrong with this cell, or None."""
    response, status = outcome.response, outcome.response.status_code
    said = f"{view} as {role}: answered {status}"
    if EXPECTED[view][role]:
        if not outcome.changed:
            return f"unexpected deny: {said} and changed nothing"
        if not (200 <= status < 400) or _is_login_redirect(response):
            return f"{said}, a failure, yet the data changed"
        return None
    if outcome.changed:
        return f"unexpected allow: {said} and the data changed"
    if status in (403, 404):
        return None
    login_allowed = role == ANO or (view.startswith("admin:") and role in (COM, COO, VIE))
    if login_allowed and _is_login_redirect(response):
        return None
    if (view, role) in REFUSED_BY_STATE and status == 302 and not _is_login_redirect(response):
        return None
    field = REFUSED_BY_FORM.get((view, role))
    if field is not None and status in (200, 400) and set(_form_errors(response)) == {field}:
        return None
    return f"{said}: neither allowed nor refused (no change; not a 403, 404 or login)"


# ---------------------------------------------------------------------------


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        media = tempfile.mkdtemp(prefix="planea-matrix-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        demo = load_demo()
        cls.network, cls.plan = demo.network, demo.plan
        cls.assembly = Meeting.objects.get(network=cls.network, title__startswith="X Reunión")
        # Meetings the statutes do not let approve the 2017 plan, and the
        # Assembly's of 2018, which approves the plan for 2019.
        cls.assembly_2015 = Meeting.objects.create(
            network=cls.network,
            organisation=cls.assembly.organisation,
            title="IX Reunión Anual de la Red Gealc",
            date=dt.date(2015, 11, 13),
        )
        cls.assembly_2018 = Meeting.objects.create(
            network=cls.network,
            organisation=cls.assembly.organisation,
            title="XII Reunión Anual de la Red Gealc",
            date=dt.date(2018, 11, 30),
        )
        cls.group = organisation(cls.network, SOFTWARE_GROUP)
        cls.group_meeting = Meeting.objects.create(
            network=cls.network,
            organisation=cls.group,
            title="Reunión del GT de software público",
            date=dt.date(2017, 3, 1),
        )
        cls.other_body = organisation(cls.network, OTHER_BODY)
        cls.product = Product.objects.get(activity__plan=cls.plan, activity__key="1.1.i")
        net = cls.network
        cls.users = {
            SEC: member("matrix-sofia", net, Role.SECRETARIAT),
            COM: member("matrix-carlos", net, Role.COMMITTEE),
            COO: member("matrix-pedro", net, Role.COORDINATOR, SOFTWARE_GROUP),
            VIE: member("matrix-vera", net, Role.VIEWER),
            ANO: None,
            OUT: member("matrix-otto", make_network("Otra Red", "otra-red"), Role.SECRETARIAT),
        }
        for user in cls.users.values():
            if user is not None:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
        # Someone with no role yet (added in the admin), and someone else
        # (whose role is changed in the admin, and whose token is not yours).
        cls.newcomer = get_user_model().objects.create_user("matrix-nadia", "nadia@example.org")
        cls.bystander = member("matrix-bea", net, Role.VIEWER)
        document = document_of(cls.plan)
        find(document, "1.1.i").title = AMENDED_TITLE
        cls.amended_text = planfile.render_text(document).encode("utf-8")
        cls.pdf = pdf_bytes()
        # One document for the import rows, read once; each cell gets a copy.
        cls.import_text = planfile.render_text(small_plan(IMPORT_YEAR)).encode("utf-8")
        holder = SessionStore()
        cls.import_folder = intake.start(
            holder, cls.network, cls.import_text, "plan-2019.txt"
        ).folder
        cls.translator = member("matrix-francoise", net, Role.TRANSLATOR_FR)
        cls.translation_sheets = {lang: _filled_sheet(cls.plan, lang) for lang in ("fr", "pt")}

    def setUp(self) -> None:
        self._activity_admin_form: dict | None = None

    # -- addresses and documents

    def network_url(self, *parts: object) -> str:
        return "/" + "/".join(str(p) for p in (self.network.slug, *parts)) + "/"

    def plan_url(self, *parts: object) -> str:
        return self.network_url(self.plan.year, *parts)

    def amended_document(self) -> planfile.Plan:
        return planfile.read_bytes(self.amended_text, "plan-enmendado.txt")

    def activity_admin_form(self, activity: Activity) -> dict:
        """What the admin's change form for `activity` posts back untouched,
        as the Secretariat reads it (read once per test: each case starts
        from the same state)."""
        if self._activity_admin_form is None:
            from tests.tracking.support import admin_form_data

            page = client_for(self.users[SEC]).get(f"/admin/plans/activity/{activity.pk}/change/")
            assert page.status_code == 200
            self._activity_admin_form = admin_form_data(page)
        return dict(self._activity_admin_form)

    # -- the matrix

    def check_view(self, view: str) -> None:
        for role in ROLES:
            with self.subTest(view=view, role=role):
                with transaction.atomic():
                    # Each case from the same fresh state: all it did is
                    # rolled back with its savepoint.
                    self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)
                    outcome = ACTIONS[view](self, self.users[role])
                    transaction.set_rollback(True)
                problem = verdict(view, role, outcome)
                if (view, role) in KNOWN_BUGS:
                    assert problem is not None, (
                        f"{view} as {role} now keeps the rule: take it out of KNOWN_BUGS"
                    )
                else:
                    assert problem is None, problem


def _test_for(view: str):
    def test(self: PermissionMatrixTests) -> None:
        self.check_view(view)

    test.__doc__ = f"{view}: {EXPECTED[view]}"
    return test


for _view in EXPECTED:
    _name = "".join(c if c.isalnum() else "_" for c in _view.lower()).strip("_")
    setattr(PermissionMatrixTests, f"test_{_name}", _test_for(_view))


# ---------------------------------------------------------------------------
# The matrix covers every view that changes data.


def _url_names(patterns) -> set[str]:
    """The names of the site's own views: not the admin's, nor the API's
    (namespaced; each has its own matrix)."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if not pattern.namespace:
                names |= _url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def _test_translator_cell(view: str):
    function, allowed = TRANSLATOR_CELLS[view]

    def test(self: PermissionMatrixTests) -> None:
        with transaction.atomic():
            self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)
            outcome = function(self, self.translator)
            transaction.set_rollback(True)
        status = outcome.response.status_code
        assert outcome.changed == allowed, f"{view} as a translator into French: {status}"
        assert status in ((302,) if allowed else (302, 403)), f"{view}: answered {status}"

    test.__doc__ = f"{view}: a translator into French {'may' if allowed else 'may not'}"
    return test


for _view in TRANSLATOR_CELLS:
    _name = "".join(c if c.isalnum() else "_" for c in _view.lower()).strip("_")
    setattr(PermissionMatrixTests, f"test_translator_{_name}", _test_translator_cell(_view))


class CoverageTests(TestCase):
    def test_the_table_has_every_role_for_every_view_and_an_action_for_each(self):
        assert set(ACTIONS) == set(EXPECTED)
        for view, row in EXPECTED.items():
            assert tuple(row) == ROLES, view
            assert not row[OUT] or view.startswith(("api_tokens", "profile", "password", "set_"))
        for view, _role in (*REFUSED_BY_FORM, *REFUSED_BY_STATE, *KNOWN_BUGS):
            assert view in EXPECTED

    def test_every_view_of_the_site_is_in_the_matrix_or_changes_nothing(self):
        in_matrix = {url_name(view) for view in EXPECTED if not view.startswith("admin:")}
        assert not (in_matrix & READ_ONLY) and not (in_matrix & NOT_ROLE_GATED)
        assert _url_names(get_resolver().url_patterns) == in_matrix | READ_ONLY | NOT_ROLE_GATED

    def test_the_views_left_out_refuse_a_post(self):
        load_demo()
        meeting = Meeting.objects.first()
        user = member("matrix-sofia", meeting.network, Role.SECRETARIAT)
        client = client_for(user)
        slug, year = meeting.network.slug, 2017
        args = {
            "network": [slug],
            "organisation": [slug, meeting.organisation.slug],
            "plan": [slug, year],
            "timeline": [slug, year],
            "dashboard": [slug, year],
            "plan_versions": [slug, year],
            "plan_version": [slug, year, 1],
            "plan_diff": [slug, year, 1, 1],
            "amendment": [slug, year, 1],
            "calendar": [slug, year],
            "iati": [slug, year],
            "datapackage": [slug, year],
            "transparency": [slug],
            "transparency_embed": [slug],
            "transparency_feed": [slug],
            "report": [slug, year, "html"],
            "export": [slug, year, "csv"],
            "activity": [slug, year, "1.1.i"],
            "evidence": [1],
            "meetings": [slug],
            "meeting": [slug, meeting.pk],
            "meeting_minutes": [slug, meeting.pk],
            "plan_import_preview": [slug, "a" * 32],
            "plan_import_job": [slug, 1],
            "plan_translations": [slug, year],
            "translations_export": [slug, year],
        }
        for name in sorted(READ_ONLY):
            with self.subTest(name=name):
                response = client.post(reverse(name, args=args.get(name, [])))
                assert response.status_code == 405, (name, response.status_code)


# ---------------------------------------------------------------------------
# Reading the meeting pages (issue 12): who sees what. A cell is allowed when
# the page answers 200 and shows what the row names; denied, when it answers
# 200 without it, or refuses (403, 404, the login page for the public).

# fmt: off
READS: dict[str, dict[str, bool]] = {
    "meetings (the list)":                  {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: Y, OUT: Y},
    "meeting (an adopted plan's activity)": {SEC: Y, COM: Y, COO: Y, VIE: Y, ANO: Y, OUT: Y},
    # A draft is read by the Secretariat and the Committee only: so are the
    # titles of its activities on a meeting's page.
    "meeting (a draft's activity)":         {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
    "meeting_new (the form)":               {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "meeting_edit (own group's, the form)": {SEC: Y, COM: N, COO: Y, VIE: N, ANO: N, OUT: N},
    "meeting_edit (other body's, the form)": {SEC: Y, COM: N, COO: N, VIE: N, ANO: N, OUT: N},
}
# fmt: on


class MeetingReadMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        demo = load_demo()
        cls.network, cls.plan = demo.network, demo.plan
        cls.group = organisation(cls.network, SOFTWARE_GROUP)
        cls.activity = Activity.objects.get(plan=cls.plan, key="1.1.i")
        cls.meeting = Meeting.objects.create(
            network=cls.network, organisation=cls.group, title="Reunión del GT",
            date=dt.date(2017, 3, 1),
        )  # fmt: skip
        cls.meeting.activities.add(cls.activity)
        cls.other = Meeting.objects.create(
            network=cls.network, organisation=organisation(cls.network, OTHER_BODY),
            title="Reunión del Comité", date=dt.date(2017, 3, 2),
        )  # fmt: skip
        net = cls.network
        cls.users = {
            SEC: member("reads-sofia", net, Role.SECRETARIAT),
            COM: member("reads-carlos", net, Role.COMMITTEE),
            COO: member("reads-pedro", net, Role.COORDINATOR, SOFTWARE_GROUP),
            VIE: member("reads-vera", net, Role.VIEWER),
            ANO: None,
            OUT: member("reads-otto", make_network("Otra Red", "otra-red"), Role.SECRETARIAT),
        }

    def read(self, view: str, user) -> bool:
        client = client_for(user)
        base = f"/{self.network.slug}/meetings/"
        if view == "meetings (the list)":
            response = client.get(base)
            shown = self.meeting.title
        elif view.startswith("meeting ("):
            if "draft" in view:
                Plan.objects.filter(pk=self.plan.pk).update(status="draft")
            response = client.get(f"{base}{self.meeting.pk}/")
            shown = self.activity.get_absolute_url()
        else:
            meeting = {"meeting_new": None, "meeting_edit (own": self.meeting}.get(
                view.split(" (")[0] if view.startswith("meeting_new") else view[:17], self.other
            )
            url = f"{base}new/" if meeting is None else f"{base}{meeting.pk}/edit/"
            response = client.get(url)
            shown = 'name="title"'
        if response.status_code in (403, 404) or _is_login_redirect(response):
            return False
        assert response.status_code == 200, (view, response.status_code)
        return shown in response.content.decode()

    def test_each_role_sees_on_the_meeting_pages_what_the_rules_allow(self):
        assert all(tuple(row) == ROLES for row in READS.values())
        for view, row in READS.items():
            for role in ROLES:
                with self.subTest(view=view, role=role), transaction.atomic():
                    assert self.read(view, self.users[role]) == row[role], (view, role)
                    transaction.set_rollback(True)


# ---------------------------------------------------------------------------
# The page of a large import a worker stores (issue 13): its uploader's (here
# the Committee member who confirmed it) and the network's Secretariat's.

# fmt: off
IMPORT_JOB_READS: dict[str, dict[str, bool]] = {
    "plan_import_job (the Committee's upload)": {SEC: Y, COM: Y, COO: N, VIE: N, ANO: N, OUT: N},
}
# fmt: on


class ImportJobReadMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network("Red GEALC", "red-gealc")
        net = cls.network
        cls.users = {
            SEC: member("jobs-sofia", net, Role.SECRETARIAT),
            COM: member("jobs-carlos", net, Role.COMMITTEE),
            COO: member("jobs-pedro", net, Role.COORDINATOR, SOFTWARE_GROUP),
            VIE: member("jobs-vera", net, Role.VIEWER),
            ANO: None,
            OUT: member("jobs-otto", make_network("Otra Red", "otra-red"), Role.SECRETARIAT),
        }
        cls.job = ImportJob.objects.create(
            network=net, uploaded_by=cls.users[COM], token="t" * 32, filename="plan-2019.xlsx"
        )

    def test_each_role_sees_a_large_imports_page_as_the_rules_allow(self):
        for view, row in IMPORT_JOB_READS.items():
            assert tuple(row) == ROLES
            for role in ROLES:
                with self.subTest(view=view, role=role):
                    response = client_for(self.users[role]).get(self.job.get_absolute_url())
                    refused = response.status_code in (403, 404) or _is_login_redirect(response)
                    assert response.status_code in (202, 403, 404, 302), response.status_code
                    assert (not refused) == row[role], (view, role, response.status_code)
