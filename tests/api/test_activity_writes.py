"""Activities added, changed and removed through the API, as the plan editor
does it: in place on a draft, into the amendment being prepared on an
adopted plan; a stale version is a 409 and nothing is applied."""

from __future__ import annotations

from unittest import mock

from planea.governance import editor
from planea.governance.editor_forms import ActivityEditor
from planea.governance.models import WorkingCopy
from planea.plans import editing
from planea.plans.document import plan_document
from planea.plans.models import Activity, Organisation
from tests.api.base import API, ApiTestCase


class ActivityWritesTestCase(ApiTestCase):
    def draft_of(self, activity: Activity, persona: str = "secretariat") -> dict:
        response = self.get(f"/activities/{activity.pk}/draft", persona)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def patch(self, path: str, body: dict, persona: str = "secretariat"):
        return self.as_(persona).patch(API + path, body, content_type="application/json")

    def delete(self, path: str, persona: str = "secretariat", **query):
        from urllib.parse import urlencode

        return self.as_(persona).delete(f"{API}{path}?{urlencode(query)}")


NEW = {
    "area": 2,
    "code": "2.9.i",
    "period": "S2",
    "title": "Un seminario nuevo",
    "details": "En línea.",
    "due": "2018-11-30",
    "products": [{"description": "Memoria del seminario", "quantity": 1, "unit": "memoria"}],
    "leads": [{"new_name": "Agencia Nueva de Gobierno Digital", "new_kind": "country"}],
}


class CreatingAnActivity(ActivityWritesTestCase):
    def test_an_activity_added_to_a_draft_is_in_the_plan_with_its_product_and_lead(self):
        response = self.post_json(f"/plans/{self.draft.pk}/activities", NEW, "committee")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["mode"], "draft")
        self.assertEqual(body["key"], "2.9.i")
        self.assertEqual(body["area"], 2)
        made = Activity.objects.get(plan=self.draft, key="2.9.i")
        self.assertEqual(body["id"], made.pk)
        self.assertEqual(made.title, "Un seminario nuevo")
        self.assertEqual(made.area.number, 2)
        product = made.products.get()
        self.assertEqual(
            (product.description, product.target_quantity), ("Memoria del seminario", 1)
        )
        self.assertEqual([o.name for o in made.leads.all()], ["Agencia Nueva de Gobierno Digital"])

    def test_an_activity_added_to_an_adopted_plan_goes_into_the_amendment_not_the_plan(self):
        before = Activity.objects.filter(plan=self.plan).count()
        response = self.post_json(f"/plans/{self.plan.pk}/activities", NEW, "secretariat")
        self.assertEqual(response.status_code, 202, response.content)
        body = response.json()
        self.assertEqual((body["mode"], body["id"]), ("amendment", None))
        self.assertEqual(Activity.objects.filter(plan=self.plan).count(), before)
        self.assertIn("2.9.i", WorkingCopy.objects.get(plan=self.plan).document)

    def test_proposing_the_amendment_makes_a_version_and_leaves_the_plan_as_it_was(self):
        self.post_json(f"/plans/{self.plan.pk}/activities", NEW, "secretariat")
        response = self.post_json(
            f"/plans/{self.plan.pk}/amendments", {"note": "Un seminario más."}, "secretariat"
        )
        self.assertEqual(response.status_code, 201, response.content)
        number = response.json()["number"]
        self.assertTrue(self.plan.versions.filter(number=number).exists())
        self.assertFalse(WorkingCopy.objects.filter(plan=self.plan).exists())
        self.assertFalse(Activity.objects.filter(plan=self.plan, key="2.9.i").exists())

    def test_proposing_with_nothing_changed_is_refused(self):
        response = self.post_json(f"/plans/{self.plan.pk}/amendments", {}, "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "plan")

    def test_discarding_the_amendment_drops_the_changes(self):
        self.post_json(f"/plans/{self.plan.pk}/activities", NEW, "secretariat")
        response = self.as_("secretariat").delete(f"{API}/plans/{self.plan.pk}/amendments/draft")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(WorkingCopy.objects.filter(plan=self.plan).exists())
        again = self.as_("secretariat").delete(f"{API}/plans/{self.plan.pk}/amendments/draft")
        self.assertEqual(again.status_code, 404)

    def test_a_key_already_in_the_plan_is_refused_with_the_editors_message(self):
        response = self.post_json(
            f"/plans/{self.draft.pk}/activities", {**NEW, "key": "1.1.i"}, "secretariat"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [
                {
                    "field": "key",
                    "message": "An activity with the key 1.1.i is already in the plan: "
                    "keys are unique.",
                }
            ],
        )

    def test_a_due_date_before_the_start_is_refused_on_the_due_field(self):
        body = {**NEW, "starts": "2018-12-01", "due": "2018-11-30"}
        response = self.post_json(f"/plans/{self.draft.pk}/activities", body, "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [{"field": "due", "message": "The due date is before the start date."}],
        )

    def test_a_new_lead_without_a_kind_is_refused_on_its_row(self):
        body = {**NEW, "leads": [{"new_name": "Otra agencia"}]}
        response = self.post_json(f"/plans/{self.draft.pk}/activities", body, "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [{"field": "leads.0.new_kind", "message": "Say what kind of organisation it is."}],
        )

    def test_an_unknown_area_is_refused(self):
        body = {**NEW, "area": 9}
        response = self.post_json(f"/plans/{self.draft.pk}/activities", body, "secretariat")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "area")

    def test_a_failure_after_the_new_organisation_is_made_leaves_no_row(self):
        before = (Organisation.objects.count(), Activity.objects.count())
        with mock.patch(
            "planea.governance.editor.apply_document", side_effect=RuntimeError("disk full")
        ):
            response = self.post_json(f"/plans/{self.draft.pk}/activities", NEW, "secretariat")
        self.assertEqual(response.status_code, 500)
        self.assertEqual((Organisation.objects.count(), Activity.objects.count()), before)
        self.assertFalse(Organisation.objects.filter(name__startswith="Agencia Nueva").exists())


class ChangingAnActivity(ActivityWritesTestCase):
    def test_a_change_on_the_version_read_is_made_on_the_draft(self):
        version = self.draft_of(self.draft_activity)["version"]
        response = self.patch(
            f"/activities/{self.draft_activity.pk}",
            {"version": version, "title": "Taller regional, sexta edición", "period": "S2"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["title"], "Taller regional, sexta edición")
        self.assertNotEqual(body["version"], version)
        self.draft_activity.refresh_from_db()
        self.assertEqual(
            (self.draft_activity.title, self.draft_activity.period),
            ("Taller regional, sexta edición", "S2"),
        )
        # What was not sent stays as it was.
        self.assertEqual(self.draft_activity.location, "Lima (Perú)")

    def test_a_change_on_a_stale_version_is_a_conflict_and_changes_nothing(self):
        version = self.draft_of(self.draft_activity)["version"]
        first = self.patch(
            f"/activities/{self.draft_activity.pk}", {"version": version, "title": "Primero"}
        )
        self.assertEqual(first.status_code, 200)
        second = self.patch(
            f"/activities/{self.draft_activity.pk}", {"version": version, "title": "Segundo"}
        )
        self.assertEqual(second.status_code, 409)
        self.assertEqual(second.json()["current_version"], first.json()["version"])
        self.draft_activity.refresh_from_db()
        self.assertEqual(self.draft_activity.title, "Primero")

    def test_moving_it_to_another_area_by_number(self):
        version = self.draft_of(self.draft_activity)["version"]
        response = self.patch(
            f"/activities/{self.draft_activity.pk}", {"version": version, "area": 2}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.draft_activity.refresh_from_db()
        self.assertEqual(self.draft_activity.area.number, 2)

    def test_a_blank_title_is_refused_with_the_forms_message(self):
        version = self.draft_of(self.draft_activity)["version"]
        response = self.patch(
            f"/activities/{self.draft_activity.pk}", {"version": version, "title": ""}
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"], [{"field": "title", "message": "This field is required."}]
        )

    def test_a_change_to_an_adopted_plan_is_kept_in_the_amendment(self):
        version = self.draft_of(self.activity)["version"]
        response = self.patch(
            f"/activities/{self.activity.pk}", {"version": version, "title": "Otro título"}
        )
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(response.json()["title"], "Otro título")
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.title, "Quinto taller regional de software público")
        # Read again, the activity is as the amendment has it.
        self.assertEqual(self.draft_of(self.activity)["title"], "Otro título")


class RemovingAnActivity(ActivityWritesTestCase):
    def test_removing_it_from_a_draft(self):
        untracked = self.draft.activities.get(key="1.2.i")
        version = self.draft_of(untracked)["version"]
        response = self.delete(f"/activities/{untracked.pk}", version=version)
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Activity.objects.filter(pk=untracked.pk).exists())

    def test_an_activity_with_evidence_is_not_removed_but_the_rule_is_said(self):
        version = self.draft_of(self.draft_activity)["version"]
        response = self.delete(f"/activities/{self.draft_activity.pk}", version=version)
        self.assertEqual(response.status_code, 422)
        self.assertIn("1.1.i", response.json()["detail"][0]["message"])
        self.assertTrue(Activity.objects.filter(pk=self.draft_activity.pk).exists())

    def test_removing_it_on_a_stale_version_is_a_conflict(self):
        response = self.delete(f"/activities/{self.draft_activity.pk}", version="0" * 16)
        self.assertEqual(response.status_code, 409)
        self.assertTrue(Activity.objects.filter(pk=self.draft_activity.pk).exists())

    def test_removing_it_from_an_adopted_plan_is_kept_in_the_amendment(self):
        version = self.draft_of(self.other_activity)["version"]
        response = self.delete(f"/activities/{self.other_activity.pk}", version=version)
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(response.json()["mode"], "amendment")
        self.assertTrue(Activity.objects.filter(pk=self.other_activity.pk).exists())
        again = self.get(f"/activities/{self.other_activity.pk}/draft", "secretariat")
        self.assertEqual(again.status_code, 404)


class WhoMayEdit(ActivityWritesTestCase):
    def test_the_public_is_asked_to_authenticate(self):
        response = self.post_json(f"/plans/{self.draft.pk}/activities", NEW, None)
        self.assertEqual(response.status_code, 401)

    def test_a_coordinator_may_not_amend_an_adopted_plan(self):
        response = self.post_json(f"/plans/{self.plan.pk}/activities", NEW, "coordinator")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(WorkingCopy.objects.exists())

    def test_a_draft_is_not_found_by_those_who_may_not_read_it(self):
        response = self.post_json(f"/plans/{self.draft.pk}/activities", NEW, "viewer")
        self.assertEqual(response.status_code, 404)


class ChangingOnAStaleRead(ActivityWritesTestCase):
    def test_a_stale_version_is_a_conflict_before_the_input_is_judged(self):
        response = self.patch(
            f"/activities/{self.draft_activity.pk}", {"version": "0" * 16, "title": ""}
        )
        self.assertEqual(response.status_code, 409)

    def test_a_change_made_between_the_read_and_the_lock_is_not_overwritten(self):
        """The page a request is applied to is read before the plan's lock.
        Should someone change the activity just after that read, and the
        caller send the version of their change, the older read must not be
        written back over it: a conflict, and their change stands."""

        def move_it(document) -> None:
            editing.find_activity(document, "1.1.i")[1].location = "Quito (Ecuador)"

        moved = plan_document(self.draft)
        move_it(moved)
        their_version = editing.fingerprint(editing.find_activity(moved, "1.1.i")[1])
        real_posted = ActivityEditor.posted

        def read_then_someone_changes_it(form):
            data = real_posted(form)
            editor.change(self.draft, self.committee, move_it)
            return data

        with mock.patch.object(ActivityEditor, "posted", read_then_someone_changes_it):
            response = self.patch(
                f"/activities/{self.draft_activity.pk}",
                {"version": their_version, "title": "Mío"},
            )
        self.assertEqual(response.status_code, 409)
        self.draft_activity.refresh_from_db()
        self.assertEqual(self.draft_activity.location, "Quito (Ecuador)")
        self.assertNotEqual(self.draft_activity.title, "Mío")
