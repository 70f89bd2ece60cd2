"""The plan editor through the API: activities, their products and leads
added, changed and removed, as the editor's pages do it.

Each write goes the editor's one way (planea.governance.editor): the same
policy (`EDIT_DRAFT` for a draft, `PROPOSE_AMENDMENT` for an adopted plan),
the same forms checking the input (so the same messages, as 422 with the
field), the same transaction holding the plan's lock, and the same
optimistic lock: the activity's `version` in the editor (its fingerprint)
is sent with each change, and a change on another is a 409, nothing applied.

The request is made into what the activity's page would post: the page as
it stands (`ActivityEditor.posted`), changed where the request says. On a
draft the plan changes (200, or 201 for a new activity); on an adopted plan
the change goes into the amendment being prepared, the plan unchanged (202),
until POST /plans/{id}/amendments proposes it for approval at a meeting.

Products and leads have no identity in the plan's document but their place:
a product is named by its position among the activity's, as the editor's
rows are; the leads are set as a list, as the editor's rows are.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Status
from ninja.errors import HttpError

from planea.governance import editor
from planea.governance.amend import AmendmentRefused
from planea.governance.editor import StaleEdit
from planea.governance.editor_forms import ActivityEditor
from planea.governance.models import TransitionError
from planea.plans import editing
from planea.plans.editing import EditError
from planea.plans.models import Activity, FundingSource, Organisation, Plan

from ..auth import WRITE_AUTH
from ..common import FieldRefused, signed_in, user_of
from ..schemas import (
    ERRORS_WRITE,
    MAX_ROWS,
    ActivityNew,
    ActivityPatch,
    AmendmentIn,
    AmendmentOut,
    EditConflict,
    Edited,
    EditedActivity,
    EditVersion,
    FundingIn,
    Id,
    LeadIn,
    LeadsIn,
    ProductIn,
    ProductNew,
    ProductPatch,
)
from . import activities as activities_router
from . import plans as plans_router
from .activities import get_visible_activity

router = Router(tags=["plan editor"])

Position = Annotated[
    int, Field(ge=0, le=MAX_ROWS, description="The product's place in the activity's, from 0.")
]

MAY_NOT_EDIT = (
    "You may not change this plan: a draft is its Committee's and Secretariat's to edit, "
    "an adopted plan theirs to amend."
)
WRITES = {**ERRORS_WRITE, 409: EditConflict}
# A change to a draft is made (200); to an adopted plan, kept in its amendment (202).
CHANGED = {200: EditedActivity, 202: EditedActivity, **WRITES}


# ---------------------------------------------------------------------------
# Who edits what, and the editor's refusals said in HTTP.


def _editable_plan(request: HttpRequest, plan: Plan) -> Any:
    """The caller, if they may edit `plan` (as a draft or by amendment):
    401 for the public, 403 for anyone else."""
    user = user_of(request)
    if editor.mode(user, plan) is None:
        signed_in(request)
        raise HttpError(403, MAY_NOT_EDIT)
    return user


def _plan_or_404(request: HttpRequest, plan_id: int) -> Plan:
    plan = (
        Plan.objects.visible_to(user_of(request))
        .select_related("network")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise HttpError(404, "No such plan.")
    return plan


def _conflict(stale: StaleEdit) -> Status:
    return Status(
        409,
        {
            "detail": (
                "The activity changed in the editor since you read it: nothing was saved. "
                "Read it again (GET /activities/{id}/draft), then retry with its version."
            ),
            "current_version": stale.current,
        },
    )


def said_in_http(view: Callable) -> Callable:
    """The editor's refusals as answers: a stale version 409, a refused
    input 422 naming the field, an activity no longer there 404."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except StaleEdit as stale:
            return _conflict(stale)
        except EditError as refused:
            raise FieldRefused(refused.field or "body", refused.message) from None
        except AmendmentRefused as refused:
            raise FieldRefused("body", " ".join(refused.problems)) from None
        except TransitionError as refused:
            raise FieldRefused("plan", refused.message) from None
        except LookupError:
            raise HttpError(404, "This activity is no longer in the plan as edited.") from None

    return wrapper


# ---------------------------------------------------------------------------
# The activity's page as the editor has it, changed as the request says.


class Page:
    """One activity's editor page: the plan, the document edited, the
    activity in it (None for a new one) and the caller."""

    def __init__(self, request: HttpRequest, plan: Plan, key: str | None) -> None:
        self.user = _editable_plan(request, plan)
        self.plan = plan
        self.state = editor.current(plan, self.user)
        self.key = key
        self.activity = None
        if key is not None:
            self.activity = editing.find_activity(self.state.document, key)[1]
        self.form = self._editor()
        self.data = self.form.posted()

    @classmethod
    def of(cls, request: HttpRequest, activity_id: int) -> Page:
        activity = get_visible_activity(request, activity_id)
        return cls(request, activity.plan, activity.key)

    def _editor(self, data: dict | None = None) -> ActivityEditor:
        activity = self.activity
        version = editing.fingerprint(activity) if activity is not None else ""
        return ActivityEditor(
            self.plan, self.state.document, data, activity=activity, version=version
        )

    def rows(self, prefix: str) -> int:
        return int(self.data[f"{prefix}-TOTAL_FORMS"])

    def set_rows(self, prefix: str, rows: list[dict[str, Any]]) -> None:
        """Replace the rows of `prefix` (products, leads, funding)."""
        for name in [name for name in self.data if name.startswith(f"{prefix}-")]:
            if name[len(prefix) + 1 :].split("-")[0].isdigit():
                del self.data[name]
        for index, row in enumerate(rows):
            self.set_row(prefix, index, row)
        self.data[f"{prefix}-TOTAL_FORMS"] = len(rows)

    def add_row(self, prefix: str, row: dict[str, Any]) -> None:
        index = self.rows(prefix)
        self.set_row(prefix, index, row)
        self.data[f"{prefix}-TOTAL_FORMS"] = index + 1

    def set_row(self, prefix: str, index: int, row: dict[str, Any]) -> None:
        for name, value in row.items():
            self.data[f"{prefix}-{index}-{name}"] = value

    def area(self, number: int) -> None:
        positions = [i for i, a in enumerate(self.state.document.areas) if a.number == number]
        if not positions:
            raise FieldRefused("area", f"The plan has no work area numbered {number}.")
        self.data["area"] = positions[0]

    def save(self, version: str) -> tuple[str, str]:
        """Check the changed page with the editor's forms, then save it as
        the editor does; the activity's key and the mode. The page was read
        before the plan's lock is taken: it must be what the caller saw
        (else 409, whatever the request says), and the editor then checks
        that it still is under the lock, so that no field the request leaves
        out is written back from an older read."""
        if self.activity is not None:
            editor.check_seen(self.activity, version, self.activity.key)
        self.data["version"] = version
        form = self._editor(self.data)
        if not form.is_valid():
            raise _refused(form.messages())
        return editor.save_activity(
            self.plan,
            self.user,
            form.fields(),
            key=self.key,
            seen=form.version,
            organisations=form.new_organisations(),
            funding_sources=form.new_funding_sources(),
        )

    def answer(self, key: str, mode: str, created: bool = False) -> Status:
        return Status(_status(mode, created), edited_activity(self.plan, self.user, key))


def _status(mode: str, created: bool = False) -> int:
    if mode == editor.AMENDMENT:
        return 202
    return 201 if created else 200


def _refused(messages: list[tuple[str, str]]) -> FieldRefused:
    # The first refusal, as the API's other writes say one; the rest follow
    # once it is put right.
    where, message = messages[0] if messages else ("", "The input is refused.")
    return FieldRefused(where or "body", message)


def edited_activity(
    plan: Plan, user: Any, key: str, state: editor.Editing | None = None
) -> dict[str, Any]:
    """The activity `key` as the editor has it now (`EditedActivity`), from
    `state` if it was just read (reading the document is most of the cost)."""
    state = state or editor.current(plan, user)
    _area, activity = editing.find_activity(state.document, key)
    form = ActivityEditor(
        plan, state.document, activity=activity, version=editing.fingerprint(activity)
    )
    initial = form.form.initial
    row = Activity.objects.filter(plan=plan, key=key).values_list("pk", flat=True).first()
    return {
        "id": row,
        "plan": plan.pk,
        "mode": state.mode,
        "key": activity.key,
        "area": state.document.areas[initial["area"]].number,
        "code": activity.code,
        "period": activity.period,
        "title": activity.title,
        "details": activity.details,
        "location": activity.location,
        "starts": activity.starts,
        "due": activity.due,
        "products": [
            {
                "position": position,
                "description": product["description"],
                "target_quantity": product.get("quantity"),
                "target_unit": product.get("unit") or "",
                "recurrence": product.get("recurrence") or "",
            }
            for position, product in enumerate(form.products.initial or [])
        ],
        "leads": list(activity.leads),
        "funding": list(activity.resources),
        "version": editing.fingerprint(activity),
    }


def _product_row(product: ProductIn | ProductPatch, row: dict[str, Any]) -> dict[str, Any]:
    given = product.model_dump(exclude_unset=True, exclude={"version"})
    return {**row, **{name: "" if value is None else value for name, value in given.items()}}


def _lead_rows(plan: Plan, leads: list[LeadIn]) -> list[dict[str, Any]]:
    """The editor's lead rows: an organisation by name (as its list offers
    them; an id not of the network is a name it refuses), or a new one."""
    ids = [lead.organisation for lead in leads if lead.organisation is not None]
    names = dict(
        Organisation.objects.filter(network_id=plan.network_id, pk__in=ids).values_list(
            "pk", "name"
        )
    )
    return [
        {
            "organisation": names.get(lead.organisation, f"#{lead.organisation}")
            if lead.organisation is not None
            else "",
            "new_name": lead.new_name,
            "new_kind": lead.new_kind.value if lead.new_kind is not None else "",
        }
        for lead in leads
    ]


def _funding_rows(plan: Plan, funding: list[FundingIn]) -> list[dict[str, Any]]:
    ids = [row.source for row in funding if row.source is not None]
    names = dict(
        FundingSource.objects.filter(network_id=plan.network_id, pk__in=ids).values_list(
            "pk", "name"
        )
    )
    return [
        {
            "source": names.get(row.source, f"#{row.source}") if row.source is not None else "",
            "new_name": row.new_name,
            "new_kind": row.new_kind.value if row.new_kind is not None else "",
        }
        for row in funding
    ]


_BLANK_PRODUCT = {"description": "", "quantity": "", "unit": "", "recurrence": ""}
_ACTIVITY_FIELDS = ("code", "key", "title", "details", "location", "starts", "due")


def _fields(page: Page, payload: ActivityNew | ActivityPatch) -> None:
    given = payload.model_dump(exclude_unset=True)
    for name in _ACTIVITY_FIELDS:
        if name in given:
            page.data[name] = "" if given[name] is None else given[name]
    if given.get("period") is not None:
        page.data["period"] = given["period"].value
    if given.get("area") is not None:
        page.area(given["area"])
    if given.get("funding") is not None:
        page.set_rows("funding", _funding_rows(page.plan, payload.funding or []))


# ---------------------------------------------------------------------------
# Activities.


@router.get(
    "/activities/{activity_id}/draft",
    response={200: EditedActivity, **WRITES},
    summary="Get an activity as the plan editor has it",
)
@said_in_http
def get_activity_draft(request: HttpRequest, activity_id: Id):
    """The activity as it would be changed: on a draft, the draft; on an
    adopted plan, as the amendment being prepared has it. Its `version` is
    what a change sends. For those who may edit the plan."""
    page = Page.of(request, activity_id)
    return edited_activity(page.plan, page.user, page.key or "", page.state)


@plans_router.router.post(
    "/plans/{plan_id}/activities",
    response={201: EditedActivity, 202: EditedActivity, **WRITES},
    summary="Add an activity to a plan",
    auth=WRITE_AUTH,
    tags=["plan editor"],
)
@said_in_http
def create_activity(request: HttpRequest, plan_id: Id, payload: ActivityNew):
    """A new activity in the work area numbered `area`, with its products
    (and their targets), leads and funding: 201 on a draft; 202 on an
    adopted plan, where it is added to the amendment being prepared."""
    page = Page(request, _plan_or_404(request, plan_id), None)
    _fields(page, payload)
    page.set_rows("products", [_product_row(p, _BLANK_PRODUCT) for p in payload.products])
    page.set_rows("leads", _lead_rows(page.plan, payload.leads))
    key, mode = page.save("")
    return page.answer(key, mode, created=True)


@activities_router.router.patch(
    "/activities/{activity_id}",
    response=CHANGED,
    summary="Change an activity",
    auth=WRITE_AUTH,
    tags=["plan editor"],
)
@said_in_http
def change_activity(request: HttpRequest, activity_id: Id, payload: ActivityPatch):
    """Change what is sent (its area, code, period, title, details, place,
    dates, funding), against the `version` read."""
    page = Page.of(request, activity_id)
    _fields(page, payload)
    key, mode = page.save(payload.version)
    return page.answer(key, mode)


@activities_router.router.delete(
    "/activities/{activity_id}",
    response={204: None, 202: Edited, **WRITES},
    summary="Remove an activity",
    auth=WRITE_AUTH,
    tags=["plan editor"],
)
@said_in_http
def delete_activity(request: HttpRequest, activity_id: Id, version: Query[EditVersion]):
    """Remove it, as read at `version`: from the draft (204), or from the
    amendment being prepared (202). An activity with progress or evidence
    is not removed, but cancelled (422 says so)."""
    page = Page.of(request, activity_id)
    _removed, mode = editor.change(page.plan, page.user, editor.removing(page.key or "", version))
    if mode == editor.AMENDMENT:
        return Status(202, {"detail": "Removed in the amendment being prepared.", "mode": mode})
    return Status(204, None)


# ---------------------------------------------------------------------------
# Products (each with its target), by position.


def _position(page: Page, position: int) -> int:
    if not 0 <= position < page.rows("products"):
        raise HttpError(404, "The activity has no product at this position.")
    return position


@router.post(
    "/activities/{activity_id}/products",
    response={201: EditedActivity, 202: EditedActivity, **WRITES},
    summary="Add a product to an activity",
    auth=WRITE_AUTH,
)
@said_in_http
def create_product(request: HttpRequest, activity_id: Id, payload: ProductNew):
    """A product, last among the activity's, with its target if counted."""
    page = Page.of(request, activity_id)
    page.add_row("products", _product_row(payload, _BLANK_PRODUCT))
    key, mode = page.save(payload.version)
    return page.answer(key, mode, created=True)


@router.patch(
    "/activities/{activity_id}/products/{position}",
    response=CHANGED,
    summary="Change a product or its target",
    auth=WRITE_AUTH,
)
@said_in_http
def change_product(
    request: HttpRequest, activity_id: Id, position: Position, payload: ProductPatch
):
    """Change what is sent of the product at `position` (from 0)."""
    page = Page.of(request, activity_id)
    index = _position(page, position)
    now = {name: page.data[f"products-{index}-{name}"] for name in _BLANK_PRODUCT}
    page.set_row("products", index, _product_row(payload, now))
    key, mode = page.save(payload.version)
    return page.answer(key, mode)


@router.delete(
    "/activities/{activity_id}/products/{position}",
    response=CHANGED,
    summary="Remove a product",
    auth=WRITE_AUTH,
)
@said_in_http
def delete_product(
    request: HttpRequest, activity_id: Id, position: Position, version: Query[EditVersion]
):
    """Remove the product at `position` (from 0) and its target; those after
    it move up one place."""
    page = Page.of(request, activity_id)
    page.set_row("products", _position(page, position), {"DELETE": True})
    key, mode = page.save(version)
    return page.answer(key, mode)


# ---------------------------------------------------------------------------
# Leads, set as a list.


@router.put(
    "/activities/{activity_id}/leads",
    response=CHANGED,
    summary="Set an activity's leads",
    auth=WRITE_AUTH,
)
@said_in_http
def set_leads(request: HttpRequest, activity_id: Id, payload: LeadsIn):
    """The organisations leading the activity, in order: each one of the
    network's (`organisation`), or a new one (`new_name` and `new_kind`).
    An empty list leaves it with no lead."""
    page = Page.of(request, activity_id)
    page.set_rows("leads", _lead_rows(page.plan, payload.leads))
    key, mode = page.save(payload.version)
    return page.answer(key, mode)


# ---------------------------------------------------------------------------
# The amendment being prepared: proposed, or discarded.


@router.post(
    "/plans/{plan_id}/amendments",
    response={201: AmendmentOut, **ERRORS_WRITE},
    summary="Propose the amendment being prepared",
    auth=WRITE_AUTH,
)
def propose_amendment(request: HttpRequest, plan_id: Id, payload: AmendmentIn):
    """The changes made to an adopted plan (through this API or the editor's
    pages), proposed as an amendment: a new version of the plan, approved
    at a meeting like any other. 422 when there is nothing to propose."""
    plan = _plan_or_404(request, plan_id)
    user = _editable_plan(request, plan)
    try:
        version = editor.propose(plan, user, note=payload.note)
    except TransitionError as refused:
        raise FieldRefused("plan", refused.message) from None
    except AmendmentRefused as refused:
        raise FieldRefused("body", " ".join(refused.problems)) from None
    url = reverse("amendment", args=[plan.network.slug, plan.year, version.number])
    return Status(
        201,
        {"plan": plan.pk, "number": version.number, "web_url": request.build_absolute_uri(url)},
    )


@router.delete(
    "/plans/{plan_id}/amendments/draft",
    response={204: None, **ERRORS_WRITE},
    summary="Discard the amendment being prepared",
    auth=WRITE_AUTH,
)
def discard_amendment(request: HttpRequest, plan_id: Id):
    """Drop the changes gathered for an adopted plan, not yet proposed; 404
    when there are none."""
    plan = _plan_or_404(request, plan_id)
    user = _editable_plan(request, plan)
    if not editor.discard(plan, user):
        raise HttpError(404, "No amendment is being prepared for this plan.")
    return Status(204, None)
