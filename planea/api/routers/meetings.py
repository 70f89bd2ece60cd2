"""Meetings and their minutes, as the website shows them; recorded and
changed as the meeting's page does it.

A meeting is public, as its page is; its minutes (the text and the signed
file) are the policy's `VIEW_MINUTES`: public minutes for everyone, others
for the network's members. The activities and products a meeting served
are listed only as far as the caller may read their plans.

A meeting is recorded or changed through the page's own form (`MeetingForm`,
so the same checks and messages) and its save (`save_meeting`: the policy's
`RECORD_MEETING`, one transaction, the minutes' evidence kept in step). The
request is made into what the page would post: the meeting as it is,
changed where the request says. The signed minutes' file is uploaded on
the meeting's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from planea.accounts.policy import Action, can, visible_plans
from planea.core import uploads
from planea.governance.forms import MeetingForm, may_record_meetings
from planea.governance.meetings import save_meeting
from planea.governance.models import Meeting, MeetingKind
from planea.plans.models import Activity, Network, Organisation, Plan, Product
from planea.plans.translations import PlanTexts

from ..auth import WRITE_AUTH
from ..common import FieldRefused, allow, signed_in, user_of
from ..language import request_language, texts_for, translated
from ..pagination import PageParams, page_schema, paginate
from ..schemas import (
    ERRORS_READ,
    ERRORS_WRITE,
    EditText,
    Id,
    Line,
    OrganisationRef,
    absolute,
    choices,
)

router = Router(tags=["meetings"])

MeetingKindValue = choices("MeetingKind", MeetingKind)


class MeetingOut(Schema):
    id: int
    network: str = Field(..., description="The network's slug.")
    organisation: OrganisationRef = Field(..., description="The body or group holding it.")
    title: str
    kind: MeetingKindValue
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    link: str
    host_country: OrganisationRef | None
    countries: list[OrganisationRef]
    agenda: str
    decisions: str
    language: str = Field(..., description="The language asked for (`?lang=`, Accept-Language).")
    original_language: str = Field(
        ..., description="The language of the plan of the meeting's year, that of its originals."
    )
    untranslated: list[str] = Field(
        ..., description="Fields with no translation, given in `original_language` instead."
    )
    activities: list[int] = Field(..., description="Ids of the activities it served.")
    products: list[int] = Field(..., description="Ids of the products its minutes count toward.")
    has_minutes: bool
    minutes_public: bool
    minutes: str | None = Field(
        ..., description="The minutes' text; null when they are for members only."
    )
    minutes_file_url: str | None = Field(
        ..., description="Where to download the signed minutes, if any and if visible."
    )
    web_url: str

    @staticmethod
    def resolve_network(obj) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_countries(obj) -> list:
        return list(obj.countries.all())

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.texts["title"]

    @staticmethod
    def resolve_decisions(obj) -> str:
        return obj.texts["decisions"]

    @staticmethod
    def resolve_language(obj) -> str:
        return obj.texts["language"]

    @staticmethod
    def resolve_original_language(obj) -> str:
        return obj.texts["original_language"]

    @staticmethod
    def resolve_untranslated(obj) -> list[str]:
        return obj.texts["untranslated"]

    @staticmethod
    def resolve_activities(obj) -> list[int]:
        return [activity.pk for activity in obj.activities.all()]

    @staticmethod
    def resolve_products(obj) -> list[int]:
        return [product.pk for product in obj.products.all()]

    @staticmethod
    def resolve_has_minutes(obj) -> bool:
        return obj.has_minutes

    @staticmethod
    def resolve_minutes(obj) -> str | None:
        return obj.minutes if obj.may_view_minutes else None

    @staticmethod
    def resolve_minutes_file_url(obj, context) -> str | None:
        if not (obj.minutes_file and obj.may_view_minutes):
            return None
        return absolute(context, f"/api/v1/meetings/{obj.pk}/minutes")

    @staticmethod
    def resolve_web_url(obj, context) -> str:
        return absolute(context, f"/{obj.network.slug}/meetings/{obj.pk}/")


MeetingPage = page_schema("MeetingPage", MeetingOut)


class MeetingFilters(Schema):
    network: Line | None = Field(None, max_length=80, description="A network's slug.")
    year: int | None = Field(None, ge=1900, le=2200)
    organisation: Id | None = Field(None, description="The id of the body or group holding it.")


def _meetings(request: HttpRequest):
    user = user_of(request)
    return Meeting.objects.select_related(
        "network", "organisation", "host_country"
    ).prefetch_related(
        "countries",
        Prefetch("activities", queryset=Activity.objects.filter(visible_plans(user, "plan__"))),
        Prefetch(
            "products",
            queryset=Product.objects.filter(visible_plans(user, "activity__plan__")),
        ),
    )


def _with_permissions(request: HttpRequest, meetings: list[Meeting]) -> list[Meeting]:
    user = user_of(request)
    for meeting in meetings:
        meeting.may_view_minutes = can(user, Action.VIEW_MINUTES, meeting)
    return _translated(request, meetings)


def _translated(request: HttpRequest, meetings: list[Meeting]) -> list[Meeting]:
    """Each meeting's title and decisions in the language asked for, as the
    plan of its network and year has them translated (planea.api.language).
    Two queries."""
    if not meetings:
        return meetings
    plans = {
        (plan.network_id, plan.year): plan
        for plan in Plan.objects.filter(
            network_id__in={m.network_id for m in meetings},
            year__in={m.date.year for m in meetings},
        )
    }
    texts = texts_for(request, list(plans.values()))
    # No plan that year: no translations, the texts taken as the site's language.
    planless = PlanTexts(Plan(language=settings.LANGUAGE_CODE), request_language(request))
    for meeting in meetings:
        plan = plans.get((meeting.network_id, meeting.date.year))
        meeting.texts = translated(
            texts[plan.pk] if plan else planless,
            Meeting,
            meeting.pk,
            {"title": meeting.title, "decisions": meeting.decisions},
        )
    return meetings


@router.get("/meetings", response={200: MeetingPage, **ERRORS_READ}, summary="List meetings")
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters], page: Query[PageParams]):
    """Meetings of the networks' bodies and groups, newest first."""
    meetings = _meetings(request)
    if filters.network:
        meetings = meetings.filter(network__slug=filters.network)
    if filters.year is not None:
        meetings = meetings.in_year(filters.year)
    if filters.organisation is not None:
        meetings = meetings.filter(organisation_id=filters.organisation)
    meetings = meetings.order_by("-date", "-pk")
    return paginate(
        request, meetings, page, rows=lambda sliced: _with_permissions(request, list(sliced))
    )


def _meeting_or_404(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = _meetings(request).filter(pk=meeting_id).first()
    if meeting is None:
        raise HttpError(404, "No such meeting.")
    return _with_permissions(request, [meeting])[0]


@router.get(
    "/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS_READ}, summary="Get a meeting"
)
def get_meeting(request: HttpRequest, meeting_id: Id):
    return _meeting_or_404(request, meeting_id)


@router.get(
    "/meetings/{meeting_id}/minutes",
    response={200: None, **ERRORS_READ},
    summary="Download a meeting's signed minutes",
    openapi_extra={
        "responses": {
            200: {
                "description": "The signed minutes, as an attachment.",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in uploads.ALLOWED
                },
            }
        }
    },
)
def download_minutes(request: HttpRequest, meeting_id: Id):
    """The file, to whoever may read the minutes (as on the website); 404
    for anyone else, and when there is no file."""
    meeting = Meeting.objects.select_related("network").filter(pk=meeting_id).first()
    if (
        meeting is None
        or not meeting.minutes_file
        or not can(user_of(request), Action.VIEW_MINUTES, meeting)
    ):
        raise HttpError(404, "No signed minutes here.")
    try:
        # As the website's (planea.governance.views.meeting_minutes) answers.
        return uploads.minutes_response(meeting)
    except FileNotFoundError:
        raise HttpError(404, "The file of these minutes is missing from storage.") from None


# --- recorded and changed ------------------------------------------------------


class MeetingIn(Schema):
    """Only what is sent is set; the rest stays as it is (for a new meeting,
    as the page's empty form has it). The form says what is required."""

    organisation: Id | None = Field(None, description="The id of the body or group holding it.")
    title: EditText | None = None
    kind: MeetingKindValue | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: EditText | None = None
    link: EditText | None = None
    host_country: Id | None = Field(None, description="The id of the hosting country.")
    countries: list[Id] | None = Field(None, max_length=300)
    organisations: list[Id] | None = Field(None, max_length=300)
    agenda: EditText | None = None
    activities: list[Id] | None = Field(None, max_length=1000)
    minutes: str | None = Field(None, max_length=200_000, description="The minutes' text.")
    minutes_public: bool | None = None
    decisions: EditText | None = None
    products: list[Id] | None = Field(
        None, max_length=1000, description="Products its minutes count toward."
    )


class MeetingNew(MeetingIn):
    network: Line = Field(..., max_length=80, description="The network's slug.")


def _as_posted(value: Any) -> Any:
    """A value as the page's form receives it: a day or a time as text, so
    that the form reads it by its own rule (a time with a zone is refused,
    as typed on the page it would be)."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _recorded(request: HttpRequest, network: Network, meeting: Meeting, payload: MeetingIn):
    """The meeting's form as the page would post it, changed as `payload`
    says, checked and saved; the meeting as the API shows it."""
    user = user_of(request)
    shown = MeetingForm(instance=meeting, network=network, user=user, plan=None)
    data = {name: shown[name].value() for name in shown.fields if name != "minutes_file"}
    for name, value in payload.model_dump(exclude_unset=True, exclude={"network"}).items():
        data[name] = _as_posted(value)
    form = MeetingForm(data, None, instance=meeting, network=network, user=user, plan=None)
    if not form.is_valid():
        name, messages = next(iter(form.errors.items()))
        raise FieldRefused("body" if name == "__all__" else name, str(messages[0]))
    saved = save_meeting(form, user, meeting.minutes_file.name or "")
    return _meeting_or_404(request, saved.pk)


MAY_NOT_RECORD = (
    "You may not record this meeting: the Secretariat records any of the network's, "
    "a coordinator those of the body or working group they coordinate."
)


@router.post(
    "/meetings",
    response={201: MeetingOut, **ERRORS_WRITE},
    summary="Record a meeting",
    auth=WRITE_AUTH,
)
def create_meeting(request: HttpRequest, payload: MeetingNew):
    """A meeting of one of the network's bodies or groups, with its minutes'
    text, the activities it served and the products its minutes count toward."""
    network = Network.objects.filter(slug=payload.network).first()
    if network is None:
        raise FieldRefused("network", "No network has this slug.")
    if not may_record_meetings(network, user_of(request)):
        signed_in(request)
        raise HttpError(403, MAY_NOT_RECORD)
    meeting = Meeting(network=network)
    if payload.organisation is not None:
        # Whose meeting it is decides who may record it: asked before the
        # form, so that a body one does not coordinate is a 403, as on a change.
        holder = Organisation.objects.filter(network=network, pk=payload.organisation).first()
        if holder is not None:
            allow(
                request,
                Action.RECORD_MEETING,
                Meeting(network=network, organisation=holder),
                MAY_NOT_RECORD,
            )
    return Status(201, _recorded(request, network, meeting, payload))


@router.patch(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **ERRORS_WRITE},
    summary="Change a meeting or its minutes",
    auth=WRITE_AUTH,
)
def change_meeting(request: HttpRequest, meeting_id: Id, payload: MeetingIn):
    """Change what is sent: its minutes' text, whether they are public, the
    products they count toward, its date…"""
    meeting = Meeting.objects.select_related("network", "organisation").filter(pk=meeting_id)
    found = meeting.first()
    if found is None:
        raise HttpError(404, "No such meeting.")
    allow(request, Action.RECORD_MEETING, found, MAY_NOT_RECORD)
    return _recorded(request, found.network, found, payload)
