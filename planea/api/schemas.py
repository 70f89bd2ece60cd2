"""What the API says: the shape of every object and of every error.

Objects are read from model instances (with their relations prefetched by
the routers, so that a page of a hundred activities costs a fixed number of
queries); each carries `web_url`, the address of its page on the website.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from planea.core import clock, uploads
from planea.core.text import control_characters, describe
from planea.plans.models import ActivityStatus, FundingKind, OrganisationKind, Period, PlanStatus
from planea.tracking.forms import NOTE_MAX_LENGTH
from planea.tracking.models import PERCENT_MAX

from .language import of_object
from .pagination import page_schema


def choices(name: str, choices: type) -> type[Enum]:
    """A plain string enum of a model's choices, so that the OpenAPI
    document lists the stored values (the labels are for people)."""
    return Enum(name, {value: value for value in choices.values}, type=str)


PlanStatusValue = choices("PlanStatus", PlanStatus)
ActivityStatusValue = choices("ActivityStatus", ActivityStatus)
PeriodValue = choices("Period", Period)
OrganisationKindValue = choices("OrganisationKind", OrganisationKind)
FundingKindValue = choices("FundingKind", FundingKind)


# Ids are 64-bit integers in the database: a bigger number is refused as
# input (422) instead of overflowing the driver.
ID_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=ID_MAX)]


def _checked(multiline: bool):
    def check(value: str) -> str:
        found = control_characters(value, multiline=multiline)
        if found:
            raise ValueError(
                f"the text contains control characters ({describe(found)}): remove them"
            )
        return value

    return check


# Text in, under planea.core.text's rule: no NUL or other control
# character; `Text` (notes) keeps tabs and line breaks, `Line` does not.
# Refused with a 422 naming the field, before anything reaches the database
# (PostgreSQL cannot even compare a string holding NUL).
Text = Annotated[str, AfterValidator(_checked(multiline=True))]
Line = Annotated[str, AfterValidator(_checked(multiline=False))]


def absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# --- errors ------------------------------------------------------------------


class Error(Schema):
    detail: str = Field(..., description="What went wrong, in one sentence.")


class FieldError(Schema):
    field: str = Field(..., description="The input that was refused, e.g. `status` or `page`.")
    message: str = Field(..., description="Why it was refused.")


class ValidationErrorOut(Schema):
    detail: list[FieldError]


class Conflict(Schema):
    detail: str
    current_version: int = Field(
        ..., description="The activity's version now: read it again, then retry with this."
    )


ERRORS_READ = {404: Error, 401: Error, 422: ValidationErrorOut}
ERRORS_WRITE = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    422: ValidationErrorOut,
}


# --- networks and organisations ---------------------------------------------


class NetworkOut(Schema):
    id: int
    slug: str
    name: str
    acronym: str
    description: str
    web_url: str

    @staticmethod
    def resolve_web_url(obj, context) -> str:
        return absolute(context, f"/{obj.slug}/")


class OrganisationOut(Schema):
    id: int
    network: str = Field(..., description="The network's slug.")
    name: str
    slug: str
    kind: OrganisationKindValue
    web_url: str

    @staticmethod
    def resolve_network(obj) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_web_url(obj, context) -> str:
        return absolute(context, f"/{obj.network.slug}/organisations/{obj.slug}/")


class OrganisationRef(Schema):
    id: int
    name: str
    kind: OrganisationKindValue


class FundingSourceRef(Schema):
    id: int
    name: str
    kind: FundingKindValue


# --- plans and areas ---------------------------------------------------------


# Plan texts come in the language asked for (`?lang=`, Accept-Language),
# each object saying which of its fields are still the original
# (planea.api.language): `language`, `original_language`, `untranslated`.
def _language() -> Any:
    return Field(..., description="The language asked for (`?lang=`, Accept-Language).")


def _original_language() -> Any:
    return Field(..., description="The plan's own language, that of its originals.")


def _untranslated() -> Any:
    return Field(
        ..., description="Fields with no translation, given in `original_language` instead."
    )


AREA_TEXTS = ("title", "objective")
PLAN_TEXTS = ("title",)
PLAN_DETAIL_TEXTS = ("title", "background", "purpose")


def _area(obj, context) -> dict:
    return of_object(context, obj, obj.plan, AREA_TEXTS)


class AreaOut(Schema):
    id: int
    number: int
    title: str
    objective: str
    notes: str
    activity_count: int
    language: str = _language()
    original_language: str = _original_language()
    untranslated: list[str] = _untranslated()

    @staticmethod
    def resolve_title(obj, context) -> str:
        return _area(obj, context)["title"]

    @staticmethod
    def resolve_objective(obj, context) -> str:
        return _area(obj, context)["objective"]

    @staticmethod
    def resolve_language(obj, context) -> str:
        return _area(obj, context)["language"]

    @staticmethod
    def resolve_original_language(obj) -> str:
        return obj.plan.language

    @staticmethod
    def resolve_untranslated(obj, context) -> list[str]:
        return _area(obj, context)["untranslated"]


class PlanOut(Schema):
    id: int
    network: str = Field(..., description="The network's slug.")
    year: int
    title: str
    status: PlanStatusValue
    language: str = _language()
    original_language: str = _original_language()
    untranslated: list[str] = _untranslated()
    activity_count: int
    web_url: str

    @staticmethod
    def resolve_network(obj) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_web_url(obj, context) -> str:
        return absolute(context, f"/{obj.network.slug}/{obj.year}/")

    @staticmethod
    def resolve_title(obj, context) -> str:
        return of_object(context, obj, obj, PLAN_TEXTS)["title"]

    @staticmethod
    def resolve_language(obj, context) -> str:
        return of_object(context, obj, obj, PLAN_TEXTS)["language"]

    @staticmethod
    def resolve_original_language(obj) -> str:
        return obj.language

    @staticmethod
    def resolve_untranslated(obj, context) -> list[str]:
        return of_object(context, obj, obj, PLAN_TEXTS)["untranslated"]


class PlanDetailOut(PlanOut):
    background: str
    purpose: str
    areas: list[AreaOut]

    @staticmethod
    def resolve_areas(obj) -> list:
        return list(obj.areas.all())

    @staticmethod
    def resolve_background(obj, context) -> str:
        return of_object(context, obj, obj, PLAN_DETAIL_TEXTS)["background"]

    @staticmethod
    def resolve_purpose(obj, context) -> str:
        return of_object(context, obj, obj, PLAN_DETAIL_TEXTS)["purpose"]

    @staticmethod
    def resolve_untranslated(obj, context) -> list[str]:
        return of_object(context, obj, obj, PLAN_DETAIL_TEXTS)["untranslated"]


# --- activities and products -------------------------------------------------


class AreaRef(Schema):
    id: int
    number: int
    title: str
    language: str = _language()
    original_language: str = _original_language()
    untranslated: list[str] = _untranslated()


class ProductOut(Schema):
    id: int
    description: str
    target_quantity: int | None = Field(..., description="The number the plan commits to.")
    target_unit: str
    recurrence: str = Field(..., description="An ISO 8601 duration (P2M) or empty.")
    target: int = Field(..., description="Pieces of evidence that deliver the product.")
    delivered: int = Field(..., description="Pieces of evidence recorded so far.")
    language: str = _language()
    original_language: str = _original_language()
    untranslated: list[str] = _untranslated()


class ActivityOut(Schema):
    id: int
    plan: int = Field(..., description="The plan's id.")
    network: str = Field(..., description="The network's slug.")
    year: int
    area: AreaRef
    code: str
    key: str = Field(..., description="Unique within the plan; the website's address uses it.")
    section: str
    period: PeriodValue
    title: str
    details: str
    location: str
    starts: dt.date | None
    due: dt.date | None
    status: ActivityStatusValue
    status_date: dt.date | None
    version: int = Field(
        ..., description="Grows with every change; send it back when reporting progress."
    )
    language: str = _language()
    original_language: str = _original_language()
    untranslated: list[str] = _untranslated()
    leads: list[OrganisationRef]
    funding: list[FundingSourceRef]
    products: list[ProductOut]
    can_report: bool = Field(
        ..., description="Whether the caller may report progress and add evidence."
    )
    web_url: str


# --- progress ------------------------------------------------------------------


class ProgressIn(Schema):
    status: ActivityStatusValue
    note: Text = Field("", max_length=NOTE_MAX_LENGTH)
    date: dt.date | None = Field(None, description="The day of the report; today if not given.")
    version: int = Field(
        ...,
        ge=1,
        le=2_000_000_000,
        description="The activity's version the report was written against.",
    )
    confirm_short_of_target: bool = Field(
        False,
        description=(
            "For `done` while some product's evidence is short of its target: say so "
            "knowingly, or the report is refused (422). Recorded on the report."
        ),
    )
    percent_complete: int | None = Field(
        None,
        ge=0,
        le=PERCENT_MAX,
        description="How far along the activity is, from 0 to 100 percent; optional.",
    )

    @field_validator("date")
    @classmethod
    def not_in_the_future(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value > clock.today():
            raise ValueError("the date cannot be in the future")
        return value


class ProgressUpdateOut(Schema):
    id: int
    activity: int
    status: ActivityStatusValue
    note: str
    date: dt.date
    author: str | None = Field(..., description="Who reported it.")
    created: dt.datetime
    corrected_at: dt.datetime | None = Field(
        ..., description="When its author last corrected it, if ever."
    )
    short_of_target_confirmed: bool = Field(
        ..., description="Reported `done` knowingly, with products short of their target."
    )
    percent_complete: int | None = Field(
        ..., description="How far along the activity was, from 0 to 100 percent, if said."
    )
    withdrawn: bool = Field(
        ..., description="Withdrawn: listed still, but the activity's status no longer follows it."
    )
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str = Field(..., description="Why it was withdrawn.")

    @staticmethod
    def resolve_withdrawn(obj) -> bool:
        return obj.withdrawn_at is not None

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_author(obj) -> str | None:
        if obj.author is None:
            return None
        return obj.author.get_full_name() or obj.author.get_username()


class ProgressRecorded(ProgressUpdateOut):
    activity_version: int = Field(..., description="The activity's version after the report.")


# --- evidence ------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    product: int
    activity: int
    title: str
    date: dt.date
    kind: Literal["file", "link", "minutes"] = Field(
        ..., description="A file, a link, or the minutes of a meeting (see `meeting`)."
    )
    url: str | None = Field(..., description="For a link: where it points.")
    meeting: int | None = Field(..., description="For minutes: the meeting's id.")
    download_url: str | None = Field(..., description="For a file: where to download it.")
    content_type: str = Field(..., description="For a file: its type, told by its content.")
    size: int | None
    file_name: str | None = Field(..., description="For a file: its name as downloaded.")
    is_public: bool
    created: dt.datetime

    @staticmethod
    def resolve_product(obj) -> int:
        return obj.product_id

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.product.activity_id

    @staticmethod
    def resolve_kind(obj) -> str:
        if obj.file:
            return "file"
        return "minutes" if getattr(obj, "meeting_id", None) else "link"

    @staticmethod
    def resolve_meeting(obj) -> int | None:
        return getattr(obj, "meeting_id", None)

    @staticmethod
    def resolve_url(obj) -> str | None:
        return obj.url or None

    @staticmethod
    def resolve_download_url(obj, context) -> str | None:
        if not obj.file:
            return None
        return absolute(context, f"/api/v1/evidence/{obj.pk}/download")

    @staticmethod
    def resolve_file_name(obj) -> str | None:
        if not obj.file:
            return None
        extension = uploads.ALLOWED.get(obj.content_type, ("bin", ""))[0]
        return uploads.download_name(obj.original_name or obj.title, extension)


class Pong(Schema):
    ok: bool


NetworkPage = page_schema("NetworkPage", NetworkOut)
OrganisationPage = page_schema("OrganisationPage", OrganisationOut)
PlanPage = page_schema("PlanPage", PlanOut)
ActivityPage = page_schema("ActivityPage", ActivityOut)
ProgressPage = page_schema("ProgressPage", ProgressUpdateOut)
EvidencePage = page_schema("EvidencePage", EvidenceOut)


# --- the plan editor: activities, their products and leads ------------------
# Checked by the editor's own forms (planea.governance.editor_forms), so that
# the API refuses what the editor's page refuses, in the same words; the
# bounds here only keep a request's size in reason.

EditVersion = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description=(
            "The activity's `version` as the plan editor has it (from "
            "GET /activities/{id}/draft or the answer to the last change): a change "
            "made on another version is refused (409), nothing applied."
        ),
    ),
]
EditText = Annotated[str, Field(max_length=10_000)]
MAX_ROWS = 50


class ProductIn(Schema):
    description: EditText = Field(..., description="What the product is.")
    quantity: int | None = Field(
        None, ge=-(2**31), le=2**31 - 1, description="Its target: how many, if counted."
    )
    unit: EditText = Field("", description="What the target counts, e.g. `workshops`.")
    recurrence: EditText = Field(
        "", description="An ISO 8601 duration (`P1M`, `P1Y`…) if the target recurs."
    )


class ProductNew(ProductIn):
    version: EditVersion


class ProductPatch(Schema):
    version: EditVersion
    description: EditText | None = None
    quantity: int | None = Field(None, ge=-(2**31), le=2**31 - 1)
    unit: EditText | None = None
    recurrence: EditText | None = None


class LeadIn(Schema):
    organisation: Id | None = Field(
        None, description="The id of one of the network's organisations."
    )
    new_name: EditText = Field("", description="Or the name of a new organisation.")
    new_kind: OrganisationKindValue | None = Field(None, description="The new organisation's kind.")


class LeadsIn(Schema):
    version: EditVersion
    leads: list[LeadIn] = Field(..., max_length=MAX_ROWS, description="The leads, in order.")


class FundingIn(Schema):
    source: Id | None = Field(None, description="The id of one of the network's funding sources.")
    new_name: EditText = Field("", description="Or the name of a new funding source.")
    new_kind: FundingKindValue | None = Field(None, description="The new source's kind.")


class ActivityNew(Schema):
    area: int = Field(..., ge=0, le=32767, description="The number of its work area.")
    code: EditText = Field("", description="As the plan numbers it, e.g. `1.2.iii`.")
    key: EditText = Field(
        "", description="What identifies it in the plan, unique; the code if left blank."
    )
    period: PeriodValue = PeriodValue("ANNUAL")  # type: ignore[call-arg]
    title: EditText
    details: EditText = ""
    location: EditText = ""
    starts: dt.date | None = None
    due: dt.date | None = None
    products: list[ProductIn] = Field([], max_length=MAX_ROWS)
    leads: list[LeadIn] = Field([], max_length=MAX_ROWS)
    funding: list[FundingIn] = Field([], max_length=MAX_ROWS)


class ActivityPatch(Schema):
    """Only what is sent changes; products and leads have their own operations."""

    version: EditVersion
    area: int | None = Field(None, ge=0, le=32767, description="The number of its work area.")
    code: EditText | None = None
    period: PeriodValue | None = None
    title: EditText | None = None
    details: EditText | None = None
    location: EditText | None = None
    starts: dt.date | None = None
    due: dt.date | None = None
    funding: list[FundingIn] | None = Field(None, max_length=MAX_ROWS)


class EditedProduct(Schema):
    position: int = Field(..., description="Its place among the activity's products, from 0.")
    description: str
    target_quantity: int | None
    target_unit: str
    recurrence: str


class EditedActivity(Schema):
    id: int | None = Field(
        ..., description="The activity's id in the plan; null while only an amendment has it."
    )
    plan: int
    mode: Literal["draft", "amendment"] = Field(
        ...,
        description=(
            "`draft`: the plan itself was changed; `amendment`: the change was kept in the "
            "amendment being prepared, and the plan is as it was."
        ),
    )
    key: str
    area: int = Field(..., description="The number of its work area.")
    code: str
    period: PeriodValue
    title: str
    details: str
    location: str
    starts: dt.date | None
    due: dt.date | None
    products: list[EditedProduct]
    leads: list[str] = Field(..., description="The leading organisations' names, in order.")
    funding: list[str] = Field(..., description="The funding sources' names, in order.")
    version: str = Field(..., description="Send it with the next change (see `EditVersion`).")


class EditConflict(Schema):
    detail: str
    current_version: str = Field(..., description="The activity's version now, in the editor.")


class Edited(Schema):
    detail: str
    mode: Literal["draft", "amendment"]


class AmendmentIn(Schema):
    note: EditText = Field("", max_length=5000, description="What the amendment does, and why.")


class AmendmentOut(Schema):
    plan: int
    number: int = Field(..., description="The plan version that holds the proposal.")
    web_url: str
