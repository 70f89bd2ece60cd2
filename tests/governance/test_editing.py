"""The plan editor's verbs (planea.plans.editing) as planea.governance.editor
applies them: to a draft in place, or to the working copy of an amendment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from planea.governance import editor
from planea.governance.amend import AmendmentRefused
from planea.governance.models import PlanVersion, VersionKind, WorkingCopy
from planea.plans import editing
from planea.plans.editing import ActivityFields, EditError, ProductFields
from planea.plans.models import Activity, Area, Plan, Product
from planea.tracking.models import ProgressUpdate, record_progress
from tests.base import PersonasTestCase
from tests.governance.support import set_status


def fields_of(plan: Plan, user, key: str, **changes) -> ActivityFields:
    """The activity's fields as the editor's form would send them back."""
    document = editor.current(plan, user).document
    area, found = editing.find_activity(document, key)
    products = [ProductFields(description, None, "", "") for description in found.products]
    for target in found.targets:
        product = products[target.product or 0]
        product.quantity, product.unit = target.quantity, target.unit
        product.recurrence = target.recurrence or ""
    values = {
        "area": document.areas.index(area),
        "code": found.code,
        "key": found.key,
        "period": found.period,
        "title": found.title,
        "details": found.details,
        "location": found.location,
        "starts": found.starts,
        "due": found.due,
        "products": products,
        "leads": list(found.leads),
        "funding": list(found.resources),
    }
    values.update(changes)
    return ActivityFields(**values)


class EditorTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        set_status(cls.plan, "draft")

    def setUp(self) -> None:
        super().setUp()
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)

    def orders(self) -> list[tuple[str, int]]:
        return list(
            Activity.objects.filter(plan=self.plan).order_by("order").values_list("key", "order")
        )

    def seen(self, key: str) -> str:
        document = editor.current(self.plan, self.secretariat).document
        return editing.fingerprint(editing.find_activity(document, key)[1])

    def edit(self, key: str, user=None, seen: str | None = None, **changes):
        wanted = fields_of(self.plan, self.committee, key, **changes)
        seen = seen if seen is not None else self.seen(key)

        def verb(document):
            editor.check_seen(editing.find_activity(document, key)[1], seen, key)
            return editing.change_activity(document, key, wanted)

        return editor.change(self.plan, user or self.committee, verb)


class DraftEditingTests(EditorTestCase):
    def test_the_committee_changes_a_drafts_title_and_target_in_place(self):
        workshop = Activity.objects.get(plan=self.plan, key="1.2.i")
        self.edit(
            "1.2.i",
            title="Cinco intercambios de cooperación horizontal",
            products=[ProductFields("Reporte de los intercambios", 5, "intercambios", "")],
        )
        workshop.refresh_from_db()
        assert workshop.title == "Cinco intercambios de cooperación horizontal"
        product = Product.objects.get(activity=workshop)
        assert (product.target_quantity, product.target_unit) == (5, "intercambios")
        assert self.plan.versions.count() == 0, "a draft's edit is no version"

    def test_every_change_is_in_the_history_with_the_editor_and_its_reason(self):
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.edit("1.1.i", location="Montevideo (Uruguay)")
        row = activity.history.order_by("-history_date", "-history_id").first()
        assert row.location == "Montevideo (Uruguay)"
        assert row.history_user == self.committee
        assert row.history_change_reason == editor.EDIT_REASON

    def test_a_lead_changed_to_a_new_organisation_is_created_with_its_kind(self):
        editor.ensure_organisation(self.plan, "Agencia de Gobierno Digital de Chile", "partner")
        self.edit("1.1.i", leads=["Agencia de Gobierno Digital de Chile"])
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        assert [(o.name, o.kind) for o in activity.leads.all()] == [
            ("Agencia de Gobierno Digital de Chile", "partner")
        ]
        link = activity.lead_links.get()
        assert link.history.filter(history_change_reason=editor.EDIT_REASON).exists()

    def test_an_edit_made_on_a_stale_copy_is_refused_and_changes_nothing(self):
        seen = self.seen("1.1.i")
        self.edit("1.1.i", seen=seen, title="Primero")
        with pytest.raises(editor.StaleEdit):
            self.edit("1.1.i", seen=seen, title="Segundo, sobre una copia vieja")
        assert Activity.objects.get(plan=self.plan, key="1.1.i").title == "Primero"

    def test_moving_activities_keeps_their_order_contiguous(self):
        editor.change(self.plan, self.committee, lambda d: editing.move_activity(d, "1.3.i", -1))
        editor.change(self.plan, self.committee, lambda d: editing.move_activity(d, "2.1.i", -1))
        assert self.orders() == [
            ("1.1.i", 0),
            ("1.3.i", 1),
            ("1.2.i", 2),
            ("2.1.i", 3),
            ("2.2.i", 4),
        ]
        moved = Activity.objects.select_related("area").get(plan=self.plan, key="2.1.i")
        assert moved.area.number == 1, "past its area's top, it joins the area before"

    def test_moving_an_area_moves_its_activities_with_it(self):
        editor.change(self.plan, self.committee, lambda d: editing.move_area(d, 1, -1))
        assert list(self.plan.areas.order_by("order").values_list("number", "order")) == [
            (2, 0),
            (1, 1),
        ]
        assert [key for key, _order in self.orders()] == [
            "2.1.i",
            "2.2.i",
            "1.1.i",
            "1.2.i",
            "1.3.i",
        ]
        assert [order for _key, order in self.orders()] == [0, 1, 2, 3, 4]

    def test_an_area_is_added_and_removed_with_its_activities(self):
        editor.change(
            self.plan, self.committee, lambda d: editing.add_area(d, number=3, title="Datos")
        )
        assert Area.objects.filter(plan=self.plan, number=3, title="Datos").exists()
        editor.change(self.plan, self.committee, lambda d: editing.remove_area(d, 0))
        assert list(self.plan.areas.values_list("number", flat=True)) == [2, 3]
        assert [key for key, _ in self.orders()] == ["2.1.i", "2.2.i"]

    def test_a_new_activity_with_a_key_already_used_is_refused_on_the_key(self):
        new = fields_of(self.plan, self.committee, "1.1.i", title="Otro taller")
        with pytest.raises(EditError) as refused:
            editor.change(self.plan, self.committee, lambda d: editing.add_activity(d, new))
        assert refused.value.field == "key"

    def test_a_new_area_number_already_used_is_refused_on_the_number(self):
        with pytest.raises(EditError) as refused:
            editor.change(
                self.plan, self.committee, lambda d: editing.add_area(d, number=2, title="Otra")
            )
        assert refused.value.field == "number"

    def test_an_activity_with_progress_is_not_removed_unless_cancelled(self):
        # A plan sent back to draft with reports on it: the amendment's rule holds.
        set_status(self.plan, "in_execution")
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        record_progress(activity, author=self.secretariat, status="on_track",
                        seen_version=activity.version)  # fmt: skip
        set_status(self.plan, "draft")
        with pytest.raises(AmendmentRefused):
            editor.change(self.plan, self.committee, lambda d: editing.remove_activity(d, "1.1.i"))
        assert Activity.objects.filter(pk=activity.pk).exists()

        set_status(self.plan, "in_execution")
        activity.refresh_from_db()
        record_progress(activity, author=self.secretariat, status="cancelled",
                        seen_version=activity.version)  # fmt: skip
        set_status(self.plan, "draft")
        editor.change(self.plan, self.committee, lambda d: editing.remove_activity(d, "1.1.i"))
        assert ProgressUpdate.objects.filter(activity=activity).count() == 2
        assert Activity.objects.get(pk=activity.pk).status == "cancelled", "kept, cancelled"

    def test_an_activity_without_tracking_is_removed_with_a_history_row(self):
        activity = Activity.objects.get(plan=self.plan, key="2.2.i")
        editor.change(self.plan, self.committee, lambda d: editing.remove_activity(d, "2.2.i"))
        assert not Activity.objects.filter(pk=activity.pk).exists()
        assert Activity.history.filter(id=activity.pk, history_type="-").exists()

    def test_a_viewer_and_a_coordinator_may_not_edit(self):
        for user in (self.viewer, self.coordinator):
            with pytest.raises(PermissionDenied):
                editor.change(self.plan, user, lambda d: editing.move_area(d, 1, -1))


class AmendmentEditingTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        set_status(cls.plan, "approved")

    def test_an_edit_of_an_approved_plan_goes_to_the_working_copy_not_the_plan(self):
        _result, mode = self.edit("1.1.i", due=dt.date(2017, 5, 31))
        assert mode == editor.AMENDMENT
        assert Activity.objects.get(plan=self.plan, key="1.1.i").due == dt.date(2017, 4, 15)
        copy = WorkingCopy.objects.get(plan=self.plan)
        assert editing.find_activity(copy.plan_document(), "1.1.i")[1].due == dt.date(2017, 5, 31)

    def test_proposing_the_working_copy_makes_an_amendment_proposal_and_drops_the_copy(self):
        self.edit("1.1.i", title="Taller regional de co-creación")
        version = editor.propose(self.plan, self.committee, note="Un título más claro")
        assert version.kind == VersionKind.AMENDMENT_PROPOSAL
        assert not WorkingCopy.objects.filter(plan=self.plan).exists()
        assert editing.find_activity(version.plan_document(), "1.1.i")[1].title == (
            "Taller regional de co-creación"
        )
        assert Activity.objects.get(plan=self.plan, key="1.1.i").title != (
            "Taller regional de co-creación"
        )

    def test_a_new_working_copy_starts_from_the_pending_amendment(self):
        self.edit("1.1.i", title="Primera enmienda")
        editor.propose(self.plan, self.committee)
        document = editor.current(self.plan, self.committee).document
        assert editing.find_activity(document, "1.1.i")[1].title == "Primera enmienda"

    def test_removing_a_tracked_activity_from_the_copy_is_refused_at_once(self):
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        record_progress(activity, author=self.secretariat, status="on_track",
                        seen_version=activity.version)  # fmt: skip
        with pytest.raises(AmendmentRefused):
            editor.change(self.plan, self.committee, lambda d: editing.remove_activity(d, "1.1.i"))
        assert not WorkingCopy.objects.filter(plan=self.plan).exists()

    def test_nothing_to_propose_before_an_edit(self):
        from planea.governance.models import TransitionError

        with pytest.raises(TransitionError):
            editor.propose(self.plan, self.committee)
        assert not PlanVersion.objects.filter(plan=self.plan).exists()
