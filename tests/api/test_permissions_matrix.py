"""Every endpoint × every role: who is let in, who is refused, and how.

One table: a row per endpoint (on an adopted plan's object, a draft's, a
members-only piece of evidence…), a column per caller. Each cell is a test
of its own, named as a sentence ("test_the_viewer_may_not_report_progress_
on_an_adopted_plan"), so that a failure says which allow or deny went wrong.

The callers: the public (no token), a viewer, the coordinator of the lead
organisation, a coordinator of another organisation, a committee member,
the Secretariat, the Secretariat of another network, and a revoked token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.api.base import API, ApiTestCase

CALLERS = (
    "anonymous",
    "viewer",
    "coordinator",
    "other_coordinator",
    "committee",
    "secretariat",
    "outsider",
    "revoked",
)
# How the callers are named in the tests' names.
SAID = {
    "anonymous": "the_public",
    "viewer": "a_viewer",
    "coordinator": "the_lead_coordinator",
    "other_coordinator": "another_coordinator",
    "committee": "a_committee_member",
    "secretariat": "the_secretariat",
    "outsider": "a_member_of_another_network",
    "revoked": "a_revoked_token",
}

MEMBERS = ("viewer", "coordinator", "other_coordinator", "committee", "secretariat")
INSIDERS = ("committee", "secretariat")
REPORTERS = ("coordinator", "secretariat")


def everyone(ok: int = 200) -> dict[str, int]:
    """Every caller gets `ok`, but a revoked token: 401."""
    return dict.fromkeys(CALLERS, ok) | {"revoked": 401}


def only(allowed: tuple[str, ...], ok: int = 200, otherwise: int = 404) -> dict[str, int]:
    """`ok` for `allowed`, `otherwise` for the rest; 401 for a revoked token."""
    return {c: ok if c in allowed else otherwise for c in CALLERS} | {"revoked": 401}


def writes(allowed: tuple[str, ...], ok: int = 201) -> dict[str, int]:
    """A write on something everyone may read: `ok` for `allowed`, 401 for
    the public and a revoked token, 403 for anyone else signed in."""
    return only(allowed, ok, otherwise=403) | {"anonymous": 401}


@dataclass(frozen=True)
class Row:
    operation: str  # the operationId in the OpenAPI document
    says: str  # what the endpoint does, in the test's name
    call: Callable[[ApiTestCase, str], object]
    expected: dict[str, int]


def get(path: str) -> Callable[[ApiTestCase, str], object]:
    def call(case: ApiTestCase, caller: str):
        return case.as_(caller).get(API + path.format(t=case))

    return call


def report_on(activity: str) -> Callable[[ApiTestCase, str], object]:
    def call(case: ApiTestCase, caller: str):
        target = getattr(case, activity)
        body = {"status": "on_track", "note": "Avanza.", "version": case.version_of(target)}
        return case.post_json(f"/activities/{target.pk}/progress", body, caller)

    return call


def add_link_to(product: str) -> Callable[[ApiTestCase, str], object]:
    def call(case: ApiTestCase, caller: str):
        target = getattr(case, product)
        form = {"title": "Relatoría", "url": "https://example.org/relatoria-2"}
        return case.as_(caller).post(f"{API}/products/{target.pk}/evidence", form)

    return call


def _version(activity) -> str:
    """The activity's version in the editor, as its editors read it."""
    from planea.plans import editing
    from planea.plans.document import plan_document

    return editing.fingerprint(editing.find_activity(plan_document(activity.plan), activity.key)[1])


def edit(method: str, path: str, body: dict | None = None, plan: str = "draft", key: str = "1.1.i"):
    """A plan editor's write on the activity `key` of `plan`, sent with its version."""

    def call(case: ApiTestCase, caller: str):
        target = getattr(case, plan).activities.get(key=key)
        version = _version(target)
        url = API + path.format(t=case, a=target)
        client = case.as_(caller)
        if method == "delete":
            return client.delete(f"{url}?version={version}")
        return getattr(client, method)(
            url, {**(body or {}), "version": version}, content_type="application/json"
        )

    return call


def add_activity_to(plan: str) -> Callable[[ApiTestCase, str], object]:
    def call(case: ApiTestCase, caller: str):
        body = {"area": 1, "code": "1.9.i", "title": "Nueva"}
        return case.post_json(f"/plans/{getattr(case, plan).pk}/activities", body, caller)

    return call


def _amend(case: ApiTestCase) -> None:
    """An amendment being prepared for the adopted plan, by the Secretariat."""
    from planea.governance import editor
    from planea.plans import editing

    editor.change(
        case.plan,
        case.secretariat,
        lambda d: editing.add_area(d, number=9, title="Área nueva"),
    )


def propose(case: ApiTestCase, caller: str):
    _amend(case)
    return case.post_json(f"/plans/{case.plan.pk}/amendments", {"note": "Un área."}, caller)


def discard(case: ApiTestCase, caller: str):
    _amend(case)
    return case.as_(caller).delete(f"{API}/plans/{case.plan.pk}/amendments/draft")


def record_meeting(case: ApiTestCase, caller: str):
    body = {
        "network": case.network.slug,
        "organisation": case.lead.pk,
        "title": "Reunión del grupo",
        "date": "2017-06-01",
    }
    return case.post_json("/meetings", body, caller)


def change_meeting(case: ApiTestCase, caller: str):
    return case.as_(caller).patch(
        f"{API}/meetings/{case.open_meeting.pk}",
        {"minutes": "Acta corregida."},
        content_type="application/json",
    )


EDITORS = INSIDERS  # the Committee and the Secretariat edit drafts and propose amendments


def edits_draft(ok: int = 200) -> dict[str, int]:
    """A draft's editors: `ok`; anyone else who may not read it: 404."""
    return only(EDITORS, ok) | {"anonymous": 401}


TABLE = [
    Row("ping", "ping", get("/ping"), dict.fromkeys(CALLERS, 200)),
    Row("list_networks", "list_networks", get("/networks"), everyone()),
    Row("get_network", "read_a_network", get("/networks/{t.network.slug}"), everyone()),
    Row("list_organisations", "list_organisations", get("/organisations"), everyone()),
    Row("get_organisation", "read_an_organisation", get("/organisations/{t.lead.pk}"), everyone()),
    Row("list_funding_sources", "list_funding_sources", get("/funding-sources"), everyone()),
    Row("list_plans", "list_plans", get("/plans"), everyone()),
    Row("get_plan", "read_an_adopted_plan", get("/plans/{t.plan.pk}"), everyone()),
    Row("get_plan", "read_a_draft_plan", get("/plans/{t.draft.pk}"), only(INSIDERS)),
    Row("list_areas", "list_an_adopted_plans_areas", get("/plans/{t.plan.pk}/areas"), everyone()),
    Row("list_areas", "list_a_draft_plans_areas", get("/plans/{t.draft.pk}/areas"), only(INSIDERS)),
    Row(
        "list_plan_activities",
        "list_an_adopted_plans_activities",
        get("/plans/{t.plan.pk}/activities"),
        everyone(),
    ),
    Row(
        "list_plan_activities",
        "list_a_draft_plans_activities",
        get("/plans/{t.draft.pk}/activities"),
        only(INSIDERS),
    ),
    Row("list_activities", "list_activities", get("/activities"), everyone()),
    Row("get_activity", "read_an_adopted_activity", get("/activities/{t.activity.pk}"), everyone()),
    Row(
        "get_activity",
        "read_a_draft_activity",
        get("/activities/{t.draft_activity.pk}"),
        only(INSIDERS),
    ),
    Row(
        "list_progress",
        "list_progress_on_an_adopted_plan",
        get("/activities/{t.activity.pk}/progress"),
        everyone(),
    ),
    Row(
        "list_progress",
        "list_progress_on_a_draft",
        get("/activities/{t.draft_activity.pk}/progress"),
        only(INSIDERS),
    ),
    Row(
        "create_progress",
        "report_progress_on_an_adopted_plan",
        report_on("activity"),
        writes(REPORTERS),
    ),
    Row(
        "create_progress",
        "report_progress_on_another_organisations_activity",
        report_on("other_activity"),
        writes(("secretariat",)) | {"other_coordinator": 201},
    ),
    Row(
        "create_progress",
        "report_progress_on_a_draft",
        report_on("draft_activity"),
        only(INSIDERS, ok=403) | {"anonymous": 401},
    ),
    Row(
        "list_activity_evidence",
        "list_an_activitys_evidence",
        get("/activities/{t.activity.pk}/evidence"),
        everyone(),
    ),
    Row(
        "list_activity_evidence",
        "list_a_drafts_evidence",
        get("/activities/{t.draft_activity.pk}/evidence"),
        only(INSIDERS),
    ),
    Row(
        "list_product_evidence",
        "list_a_products_evidence",
        get("/products/{t.product.pk}/evidence"),
        everyone(),
    ),
    Row(
        "list_product_evidence",
        "list_a_draft_products_evidence",
        get("/products/{t.draft_product.pk}/evidence"),
        only(INSIDERS),
    ),
    Row("get_evidence", "read_public_evidence", get("/evidence/{t.public_link.pk}"), everyone()),
    Row(
        "get_evidence",
        "read_members_only_evidence",
        get("/evidence/{t.private_link.pk}"),
        only(MEMBERS),
    ),
    Row(
        "get_evidence",
        "read_evidence_of_a_draft",
        get("/evidence/{t.draft_evidence.pk}"),
        only(INSIDERS),
    ),
    Row(
        "download_evidence",
        "download_a_public_file",
        get("/evidence/{t.public_file.pk}/download"),
        everyone(),
    ),
    Row(
        "download_evidence",
        "download_a_members_only_file",
        get("/evidence/{t.private_file.pk}/download"),
        only(MEMBERS),
    ),
    Row(
        "create_evidence",
        "add_evidence_on_an_adopted_plan",
        add_link_to("product"),
        writes(REPORTERS),
    ),
    Row("list_meetings", "list_meetings", get("/meetings"), everyone()),
    Row("get_meeting", "read_a_meeting", get("/meetings/{t.closed_meeting.pk}"), everyone()),
    Row(
        "download_minutes",
        "download_public_minutes",
        get("/meetings/{t.open_meeting.pk}/minutes"),
        everyone(),
    ),
    Row(
        "download_minutes",
        "download_members_only_minutes",
        get("/meetings/{t.closed_meeting.pk}/minutes"),
        only(MEMBERS),
    ),
    Row(
        "create_evidence",
        "add_evidence_to_a_draft",
        add_link_to("draft_product"),
        only(INSIDERS, ok=403) | {"anonymous": 401},
    ),
    Row(
        "get_activity_draft",
        "read_a_draft_activity_as_edited",
        get("/activities/{t.draft_activity.pk}/draft"),
        only(EDITORS),
    ),
    Row(
        "get_activity_draft",
        "read_an_adopted_activity_as_edited",
        get("/activities/{t.activity.pk}/draft"),
        writes(EDITORS, ok=200),
    ),
    Row(
        "create_activity", "add_an_activity_to_a_draft", add_activity_to("draft"), edits_draft(201)
    ),
    Row(
        "create_activity",
        "add_an_activity_to_an_adopted_plan",
        add_activity_to("plan"),
        writes(EDITORS, ok=202),
    ),
    Row(
        "change_activity",
        "change_a_draft_activity",
        edit("patch", "/activities/{a.pk}", {"title": "Otro"}),
        edits_draft(),
    ),
    Row(
        "change_activity",
        "change_an_adopted_activity",
        edit("patch", "/activities/{a.pk}", {"title": "Otro"}, plan="plan"),
        writes(EDITORS, ok=202),
    ),
    Row(
        "delete_activity",
        "remove_a_draft_activity",
        edit("delete", "/activities/{a.pk}", key="1.2.i"),
        edits_draft(204),
    ),
    Row(
        "create_product",
        "add_a_product_in_a_draft",
        edit("post", "/activities/{a.pk}/products", {"description": "Informe"}),
        edits_draft(201),
    ),
    Row(
        "change_product",
        "change_a_product_in_a_draft",
        edit("patch", "/activities/{a.pk}/products/0", {"quantity": 2}),
        edits_draft(),
    ),
    Row(
        "delete_product",
        "remove_a_product_in_a_draft",
        edit("delete", "/activities/{a.pk}/products/0", key="1.2.i"),
        edits_draft(),
    ),
    Row(
        "set_leads",
        "set_the_leads_in_a_draft",
        edit("put", "/activities/{a.pk}/leads", {"leads": []}),
        edits_draft(),
    ),
    Row(
        "propose_amendment",
        "propose_an_amendment",
        propose,
        writes(EDITORS),
    ),
    Row("create_meeting", "record_a_working_groups_meeting", record_meeting, writes(REPORTERS)),
    Row(
        "change_meeting",
        "change_the_committees_meeting",
        change_meeting,
        writes(("secretariat",), ok=200),
    ),
    Row(
        "discard_amendment",
        "discard_an_amendment",
        discard,
        writes(EDITORS, ok=204),
    ),
]


class RoleEndpointMatrix(ApiTestCase):
    """Filled in below: one test per (endpoint, caller)."""

    def check(self, row: Row, caller: str) -> None:
        response = row.call(self, caller)
        expected = row.expected[caller]
        self.assertEqual(
            response.status_code,
            expected,
            f"{caller} → {row.says}: expected {expected}, got {response.status_code} "
            f"{getattr(response, 'content', b'')[:300]!r}",
        )
        if expected >= 400:
            self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
            self.assertIsInstance(response.json()["detail"], str)


def _test(row: Row, caller: str):
    def test(self: RoleEndpointMatrix) -> None:
        self.check(row, caller)

    return test


def test_the_table_covers_every_operation_of_the_api():
    from planea.api.api import api

    documented = {
        operation["operationId"]
        for item in api.get_openapi_schema()["paths"].values()
        for operation in item.values()
    }
    assert {row.operation for row in TABLE} == documented


for _row in TABLE:
    for _caller in CALLERS:
        outcome = _row.expected[_caller]
        verb = "may" if outcome < 400 else "may_not"
        _name = f"test_{SAID[_caller]}_{verb}_{_row.says}_{outcome}"
        setattr(RoleEndpointMatrix, _name, _test(_row, _caller))
