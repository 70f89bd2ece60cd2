"""Evidence: the documents and links that show a product was delivered.

Who sees which piece is the policy's `visible_evidence`: public evidence of
a plan the caller may read, and members-only evidence for the network's
members. Anything else does not exist for the caller (404). An upload is
checked by content (`planea.core.uploads`, as on the website), and
saved with its file in one go, or not at all.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest, JsonResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import field_validator

from planea.accounts.policy import Action, can
from planea.core import clock, uploads
from planea.core.links import host_of, is_public_host
from planea.plans.models import Product
from planea.tracking.models import Evidence, add_evidence

from ..auth import WRITE_AUTH, signed_in_caller
from ..common import FieldRefused, allow, user_of
from ..pagination import PageParams, paginate
from ..schemas import ERRORS_READ, ERRORS_WRITE, Error, EvidenceOut, EvidencePage, Id, Line
from .activities import get_visible_activity

router = Router(tags=["evidence"])


def visible_evidence(request: HttpRequest):
    return (
        Evidence.objects.visible_to(user_of(request))
        .select_related("product")
        .order_by("date", "created", "pk")
    )


def get_visible_evidence(request: HttpRequest, evidence_id: Id) -> Evidence:
    """The evidence, if the caller may see it; 404 otherwise, so that
    whether it exists is not told either."""
    evidence = (
        visible_evidence(request)
        .select_related("product__activity__plan__network")
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None or not can(user_of(request), Action.VIEW_EVIDENCE, evidence):
        raise HttpError(404, "No such evidence.")
    return evidence


def get_visible_product(request: HttpRequest, product_id: Id) -> Product:
    """The product, if the caller may read its activity; 404 otherwise."""
    activity_id = (
        Product.objects.filter(pk=product_id).values_list("activity_id", flat=True).first()
    )
    if activity_id is None:
        raise HttpError(404, "No such product.")
    activity = get_visible_activity(request, activity_id)
    for candidate in activity.products.all():
        if candidate.pk == product_id:
            candidate.activity = activity
            return candidate
    raise HttpError(404, "No such product.")  # pragma: no cover - prefetched above


@router.get(
    "/activities/{activity_id}/evidence",
    response={200: EvidencePage, **ERRORS_READ},
    summary="List the evidence of an activity's products",
)
def list_activity_evidence(request: HttpRequest, activity_id: Id, page: Query[PageParams]):
    activity = get_visible_activity(request, activity_id)
    evidence = visible_evidence(request).filter(product__activity=activity)
    return paginate(request, evidence, page)


@router.get(
    "/products/{product_id}/evidence",
    response={200: EvidencePage, **ERRORS_READ},
    summary="List a product's evidence",
)
def list_product_evidence(request: HttpRequest, product_id: Id, page: Query[PageParams]):
    product = get_visible_product(request, product_id)
    return paginate(request, visible_evidence(request).filter(product=product), page)


@router.get(
    "/evidence/{evidence_id}",
    response={200: EvidenceOut, **ERRORS_READ},
    summary="Get a piece of evidence",
)
def get_evidence(request: HttpRequest, evidence_id: Id):
    return get_visible_evidence(request, evidence_id)


@router.get(
    "/evidence/{evidence_id}/download",
    response={
        200: None,
        **ERRORS_READ,
    },
    summary="Download a piece of evidence's file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in uploads.ALLOWED
                },
            }
        }
    },
)
def download_evidence(request: HttpRequest, evidence_id: Id):
    """The file, with the name it was uploaded under (and the extension of
    what it really is). A link has no file: 404."""
    evidence = get_visible_evidence(request, evidence_id)
    if not evidence.file:
        raise HttpError(
            404, "This evidence has no file: it is a link (see `url`) or minutes (see `meeting`)."
        )
    try:
        # As the website's download (planea.tracking.views.download) answers.
        return uploads.evidence_response(evidence)
    except FileNotFoundError:
        raise HttpError(404, "The file of this evidence is missing from storage.") from None


class EvidenceIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300, description="What the document is.")
    date: dt.date | None = Field(None, description="The document's date; today if not given.")
    is_public: bool = Field(
        True, description="Public evidence is shown to everyone; other evidence to members."
    )
    url: Line | None = Field(
        None, max_length=1000, description="A link (http or https), instead of a file."
    )

    @field_validator("title")
    @classmethod
    def title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the title cannot be blank")
        return value.strip()

    @field_validator("date")
    @classmethod
    def not_in_the_future(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value > clock.today():
            raise ValueError("the date cannot be in the future")
        return value

    @field_validator("url")
    @classmethod
    def web_address(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("enter a web address (http:// or https://)") from None
        if not is_public_host(host_of(value)):
            raise ValueError(
                "give a public web address: links to this server or a private network are refused"
            )
        return value


def _refuse_oversized_body(run):
    """Refuse an upload bigger than the limit before reading it (413), once
    the caller is known to be signed in (the public gets its 401 first)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        too_big = uploads.body_too_big(request.META.get("CONTENT_LENGTH"))
        if too_big and signed_in_caller(request) is not None:
            return JsonResponse(
                {"detail": uploads.too_big_message()},
                status=413,
                content_type="application/json; charset=utf-8",
            )
        return run(request, *args, **kwargs)

    return wrapper


@router.post(
    "/products/{product_id}/evidence",
    response={201: EvidenceOut, 413: Error, **ERRORS_WRITE},
    summary="Add a piece of evidence to a product",
    auth=WRITE_AUTH,
)
@decorate_view(_refuse_oversized_body)
def create_evidence(
    request: HttpRequest,
    product_id: Id,
    data: Form[EvidenceIn],
    file: File[UploadedFile] = None,
):
    """A file (multipart/form-data, field `file`) or a link (field `url`),
    not both. Files are checked by content: PDF, DOCX, XLSX, ODT, PNG, JPEG,
    GIF or WEBP, up to the size limit (413 beyond it)."""
    product = get_visible_product(request, product_id)
    user = allow(
        request,
        Action.ADD_EVIDENCE,
        product,
        "You may not add evidence to this product: only its activity's lead's coordinators "
        "and the network's Secretariat may, while the plan is adopted and not closed.",
    )
    if file is not None and data.url:
        raise FieldRefused(
            "file", "Give a file or a link, not both: each piece of evidence is one or the other."
        )
    if file is None and not data.url:
        raise FieldRefused("file", "Give a file to upload (field `file`), or a link (`url`).")
    evidence = add_evidence(
        product,
        user=user,
        title=data.title,
        date=data.date or clock.today(),
        is_public=data.is_public,
        url=data.url or "",
        upload=file,
        checked=_checked(file) if file is not None else None,
    )
    evidence.product = product
    return Status(201, evidence)


def _checked(file: UploadedFile) -> uploads.CheckedFile:
    """The file's kind, told by its content; 413 or 422 saying why it is refused."""
    if file.size > uploads.max_bytes():
        raise HttpError(413, uploads.too_big_message(file.size))
    try:
        return uploads.check_upload(file, file.name or "", file.size)
    except DjangoValidationError as exc:
        raise FieldRefused("file", " ".join(exc.messages)) from None
