"""What the governance tests share: the Assembly and its meetings, plans put
in a given state, and amended documents to upload.

The personas are those of tests/base.py (`PersonasTestCase`): Sofía of the
Secretariat, Carlos of the Committee, Pedro and Dora coordinating working
groups, Vera who reads, and Bruno, the public.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from planea import planfile
from planea.plans.document import plan_document
from planea.plans.models import Network, Organisation, Plan
from tests.base import organisation

ASSEMBLY = "Asamblea Anual"
COMMITTEE = "Comité Ejecutivo"


def assembly_meeting(
    network: Network,
    date: dt.date = dt.date(2016, 12, 2),
    *,
    title: str = "X Reunión Anual de la Red",
    place: str = "Santiago de Chile",
    host: str | None = "Chile",
    **fields,
):
    """A meeting of the network's Assembly (created if missing)."""
    from planea.governance.models import Meeting

    return Meeting.objects.create(
        network=network,
        organisation=organisation(network, ASSEMBLY),
        title=title,
        kind=Meeting.Kind.IN_PERSON,
        date=date,
        place=place,
        host_country=organisation(network, host) if host else None,
        **fields,
    )


def committee_meeting(network: Network, date: dt.date = dt.date(2017, 3, 1), **fields):
    from planea.governance.models import Meeting

    return Meeting.objects.create(
        network=network,
        organisation=organisation(network, COMMITTEE),
        title=fields.pop("title", "Reunión del Comité Ejecutivo"),
        date=date,
        **fields,
    )


def set_status(plan: Plan, status: str) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.status = status
    return plan


def document_of(plan: Plan) -> planfile.Plan:
    """The plan's text now, to change and upload as an amendment."""
    return copy.deepcopy(plan_document(Plan.objects.get(pk=plan.pk)))


def find(document: planfile.Plan, key: str) -> planfile.Activity:
    return next(a for a in document.activities if a.key == key)


def area_of(document: planfile.Plan, key: str) -> planfile.Area:
    return next(area for area in document.areas if any(a.key == key for a in area.activities))


def drop(document: planfile.Plan, key: str) -> None:
    area = area_of(document, key)
    area.activities = [a for a in area.activities if a.key != key]


def as_text(document: planfile.Plan, name: str = "plan-enmendado.txt") -> SimpleUploadedFile:
    """The document as a plain-text plan file, as an amendment is uploaded."""
    return SimpleUploadedFile(name, planfile.render_text(document).encode("utf-8"), "text/plain")


def as_json(document: planfile.Plan, name: str = "plan-enmendado.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, planfile.to_json(document).encode("utf-8"), "application/json")


def english(user=None) -> Client:
    """A browser asking for English pages, with `user` logged in (if any)."""
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def country(network: Network, name: str) -> Organisation:
    return organisation(network, name)
