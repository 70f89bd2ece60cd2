"""Organisations and funding sources: public, as on the website."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from planea.core.text import fold
from planea.plans.models import FundingSource, Organisation

from ..pagination import PageParams, page_schema, paginate
from ..schemas import (
    ERRORS_READ,
    FundingKindValue,
    Id,
    Line,
    OrganisationKindValue,
    OrganisationOut,
    OrganisationPage,
)

router = Router(tags=["organisations"])


class OrganisationFilters(Schema):
    network: Line | None = Field(None, max_length=80, description="A network's slug.")
    kind: OrganisationKindValue | None = None
    q: Line | None = Field(None, max_length=200, description="Words in the name.")


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS_READ},
    summary="List organisations",
)
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters], page: Query[PageParams]
):
    """Countries, bodies, working groups, partners and roles the plans name."""
    organisations = Organisation.objects.select_related("network")
    if filters.network:
        organisations = organisations.filter(network__slug=filters.network)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind.value)
    for word in fold(filters.q or "").split():
        organisations = organisations.filter(key__contains=word)
    return paginate(request, organisations.order_by("network_id", "name", "pk"), page)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS_READ},
    summary="Get an organisation",
)
def get_organisation(request: HttpRequest, organisation_id: Id):
    return get_object_or_404(Organisation.objects.select_related("network"), pk=organisation_id)


class FundingSourceOut(Schema):
    id: int
    network: str = Field(..., description="The network's slug.")
    name: str
    kind: FundingKindValue
    funder: int | None = Field(..., description="The funding organisation's id, if known.")

    @staticmethod
    def resolve_network(obj) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_funder(obj) -> int | None:
        return obj.organisation_id


FundingSourcePage = page_schema("FundingSourcePage", FundingSourceOut)


class FundingFilters(Schema):
    network: Line | None = Field(None, max_length=80, description="A network's slug.")


@router.get(
    "/funding-sources",
    response={200: FundingSourcePage, **ERRORS_READ},
    summary="List funding sources",
    tags=["organisations"],
)
def list_funding_sources(
    request: HttpRequest, filters: Query[FundingFilters], page: Query[PageParams]
):
    """Where the money (or the work) for activities comes from."""
    sources = FundingSource.objects.select_related("network")
    if filters.network:
        sources = sources.filter(network__slug=filters.network)
    return paginate(request, sources.order_by("network_id", "name", "pk"), page)
