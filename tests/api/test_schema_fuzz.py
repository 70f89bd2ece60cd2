"""schemathesis against the live API: no server error, no answer off the schema.

A real server (pytest-django's `live_server`, in a thread of this process)
with the demo loaded: Red GEALC's plan of 2017 (adopted) and a draft of 2018,
evidence (a file and a link), a progress history. Every operation of the
OpenAPI document is called with generated input, as the Secretariat with a
valid token, so that the authenticated operations (reporting progress,
uploading evidence) run too. Generated ids are mostly folded onto real ones,
so that requests reach real objects and not only 404s.

Bounded: 20 generated examples per operation, no deadline, no example
database; nothing leaves the machine.
"""

from __future__ import annotations

import functools
import io

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow  # hundreds of requests to a live server

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture
def live_world(transactional_db, live_server, settings, tmp_path):
    """The demo, a draft, some tracking, a Secretariat token; the ids to aim at."""
    from django.core.files.base import ContentFile

    from planea.accounts.models import Membership, Role
    from planea.api.models import ApiToken
    from planea.core import uploads
    from planea.governance.models import Meeting
    from planea.ops.demo import load_demo
    from planea.plans.importer import import_plan
    from planea.plans.models import Organisation, Plan
    from planea.tracking.models import Evidence, record_progress
    from tests.api.base import pdf_bytes
    from tests.base import member, small_plan

    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo = load_demo()
    draft = import_plan(small_plan(2018), demo.network, source_name="draft.txt")
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.DRAFT)
    secretariat = member("sofia", demo.network, Role.SECRETARIAT)
    assert Membership.objects.filter(user=secretariat).exists()
    _token, secret = ApiToken.issue(secretariat, "schemathesis")

    activities = list(demo.plan.activities.order_by("order")[:6])
    product = activities[0].products.first()
    record_progress(
        activities[0], author=secretariat, status="on_track", note="Avanza.", seen_version=1
    )
    Evidence.objects.create(product=product, title="Relatoría", url="https://example.org/r")
    pdf = pdf_bytes()
    checked = uploads.check_upload(io.BytesIO(pdf), "informe.pdf", len(pdf))
    evidence = Evidence(
        product=product,
        title="Informe",
        content_type=checked.content_type,
        size=checked.size,
        original_name=checked.original_name,
        is_public=False,
    )
    evidence.file.save(checked.storage_name, ContentFile(pdf), save=False)
    evidence.save()

    ids = {
        "plan_id": [demo.plan.pk, draft.pk],
        "activity_id": [a.pk for a in activities] + [draft.activities.first().pk],
        "product_id": [p.pk for a in activities for p in a.products.all()],
        "evidence_id": list(Evidence.objects.values_list("pk", flat=True)),
        "organisation_id": list(
            Organisation.objects.filter(network=demo.network).values_list("pk", flat=True)[:5]
        ),
        "slug": [demo.network.slug],
        "meeting_id": list(Meeting.objects.values_list("pk", flat=True)[:5]),
        "position": [0, 1],
    }
    return {"url": live_server.url, "secret": secret, "ids": ids}


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the API documents, known without a
    server, so that each is a test of its own."""
    from planea.api.api import api

    return [
        (method.upper(), path)
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in item
    ]


def aim_at_real_objects(case, ids: dict[str, list]) -> None:
    """Fold generated ids onto real objects (most of the time): a positive
    id becomes one of the fixture's, a slug becomes the network's."""
    for name, value in list((case.path_parameters or {}).items()):
        real = ids.get(name)
        if not real:
            continue
        if isinstance(value, int) and value > 0:
            case.path_parameters[name] = real[value % len(real)]
        elif isinstance(value, str) and len(value) % 3:
            case.path_parameters[name] = real[0]


# schemathesis' own pytest integration (`from_fixture`) does not run under
# pytest 9 (it sets `Node._nodeid`); its Python API does, one test per operation.
OPERATIONS = _operations()


@functools.cache
def served_schema(url: str):
    """The OpenAPI document the live server serves, fetched and loaded once
    for every operation rather than once each (some 0.2 s an operation)."""
    return schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json")


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[" ".join(op) for op in OPERATIONS])
def test_the_live_api_never_errs_and_keeps_to_its_schema(live_world, method, path):
    schema = served_schema(live_world["url"])
    operation = schema[path][method]
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    headers = {"Authorization": f"Bearer {live_world['secret']}"}

    @given(case=strategy)
    @examples(
        max_examples=20,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        aim_at_real_objects(case, live_world["ids"])
        case.call_and_validate(
            base_url=live_world["url"], headers=headers, checks=CHECKS, timeout=30
        )

    call()
