"""Networks: public, as on the website."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from planea.plans.models import Network

from ..pagination import PageParams, paginate
from ..schemas import ERRORS_READ, NetworkOut, NetworkPage

router = Router(tags=["networks"])


@router.get("/networks", response={200: NetworkPage, **ERRORS_READ}, summary="List networks")
def list_networks(request: HttpRequest, page: Query[PageParams]):
    """Every network, by name."""
    return paginate(request, Network.objects.order_by("name", "pk"), page)


@router.get("/networks/{slug}", response={200: NetworkOut, **ERRORS_READ}, summary="Get a network")
def get_network(request: HttpRequest, slug: str):
    """One network, by its slug (`red-gealc`)."""
    return get_object_or_404(Network, slug=slug)
