"""The editor's activity pages: a new activity, an activity's fields with its
products and targets, leads and funding; moving and removing it."""

from __future__ import annotations

from planea.governance.models import WorkingCopy
from planea.plans.models import Activity, Organisation, Plan, Product
from planea.tracking.models import record_progress
from tests.base import PersonasTestCase
from tests.governance.editor_support import editor_form_data as form_of
from tests.governance.support import set_status


class ActivityEditorViewTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "draft")
        self.carlos = self.client_for(self.committee)
        self.carlos.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def page(self, key: str = "1.2.i"):
        return self.carlos.get(self.url(2017, "edit", "activities", key))

    def test_a_target_and_the_lead_are_changed_on_the_draft(self):
        data = form_of(self.page())
        data["products-0-quantity"] = "5"
        data["leads-0-organisation"] = "Grupo de trabajo en medición"
        response = self.carlos.post(self.url(2017, "edit", "activities", "1.2.i"), data)
        assert response.status_code == 302, (
            response.context and response.context["editor"].form.errors
        )
        activity = Activity.objects.get(plan=self.plan, key="1.2.i")
        assert Product.objects.get(activity=activity).target_quantity == 5
        assert [o.name for o in activity.leads.all()] == ["Grupo de trabajo en medición"]

    def test_a_new_lead_is_created_with_the_kind_given(self):
        data = form_of(self.page())
        data["leads-0-DELETE"] = "on"
        data["leads-1-new_name"] = "Agencia Digital del Uruguay"
        data["leads-1-new_kind"] = "partner"
        data["leads-TOTAL_FORMS"] = "2"
        response = self.carlos.post(self.url(2017, "edit", "activities", "1.2.i"), data)
        assert response.status_code == 302
        agency = Organisation.objects.get(network=self.network, name="Agencia Digital del Uruguay")
        assert agency.kind == "partner"
        activity = Activity.objects.get(plan=self.plan, key="1.2.i")
        assert list(activity.leads.all()) == [agency]

    def test_a_due_date_before_the_start_is_refused_on_the_due_field(self):
        data = form_of(self.page("1.1.i"))
        data["due"] = "2017-03-01"
        response = self.carlos.post(self.url(2017, "edit", "activities", "1.1.i"), data)
        assert response.status_code == 400
        assert "due" in response.context["editor"].form.errors
        self.assertContains(response, "The due date is before the start date.", status_code=400)

    def test_a_target_quantity_out_of_bounds_is_refused_on_the_quantity(self):
        data = form_of(self.page())
        data["products-0-quantity"] = "0"
        response = self.carlos.post(self.url(2017, "edit", "activities", "1.2.i"), data)
        assert response.status_code == 400
        assert "quantity" in response.context["editor"].products.forms[0].errors

    def test_a_new_activity_with_a_key_already_used_is_refused_on_the_key(self):
        page = self.carlos.get(self.url(2017, "edit", "activities", "new") + "?area=1")
        data = form_of(page)
        data.update({"key": "2.1.i", "title": "Otra encuesta"})
        response = self.carlos.post(self.url(2017, "edit", "activities", "new"), data)
        assert response.status_code == 400
        assert "key" in response.context["editor"].form.errors

    def test_a_new_activity_is_added_at_the_end_of_its_area(self):
        page = self.carlos.get(self.url(2017, "edit", "activities", "new") + "?area=0")
        data = form_of(page)
        data.update({"code": "1.4.i", "title": "Un taller nuevo"})
        data.update({"products-0-description": "Relatoría", "products-0-quantity": "1"})
        response = self.carlos.post(self.url(2017, "edit", "activities", "new"), data)
        assert response.status_code == 302
        keys = list(
            Activity.objects.filter(plan=self.plan).order_by("order").values_list("key", flat=True)
        )
        assert keys == ["1.1.i", "1.2.i", "1.3.i", "1.4.i", "2.1.i", "2.2.i"]

    def test_a_form_sent_after_someone_else_changed_the_activity_is_a_conflict(self):
        stale = form_of(self.page())
        fresh = dict(stale, **{"title": "Cambiado por Sofía"})
        sofia = self.client_for(self.secretariat)
        assert sofia.post(self.url(2017, "edit", "activities", "1.2.i"), fresh).status_code == 302
        stale["title"] = "Cambiado por Carlos"
        response = self.carlos.post(self.url(2017, "edit", "activities", "1.2.i"), stale)
        assert response.status_code == 409
        self.assertContains(response, "Someone else changed this activity", status_code=409)
        assert Activity.objects.get(plan=self.plan, key="1.2.i").title == "Cambiado por Sofía"
        # Sent again, knowingly, against what is there now: it lands.
        again = form_of(response)
        assert (
            self.carlos.post(self.url(2017, "edit", "activities", "1.2.i"), again).status_code
            == 302
        )
        assert Activity.objects.get(plan=self.plan, key="1.2.i").title == "Cambiado por Carlos"

    def test_moving_an_activity_down_swaps_it_with_the_next(self):
        version = self.page("1.1.i").context["editor"].form["version"].value()
        self.carlos.post(
            self.url(2017, "edit", "activities", "1.1.i", "move"),
            {"direction": "down", "version": version},
        )
        keys = list(
            Activity.objects.filter(plan=self.plan).order_by("order").values_list("key", flat=True)
        )
        assert keys[:2] == ["1.2.i", "1.1.i"]

    def test_removing_an_activity_with_progress_is_refused_with_the_reason(self):
        set_status(self.plan, "in_execution")
        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        record_progress(activity, author=self.secretariat, status="on_track",
                        seen_version=activity.version)  # fmt: skip
        version = self.page("1.1.i").context["editor"].form["version"].value()
        response = self.carlos.post(
            self.url(2017, "edit", "activities", "1.1.i", "remove"),
            {"version": version},
            follow=True,
        )
        self.assertContains(response, "cannot be removed")
        assert not WorkingCopy.objects.filter(plan=self.plan).exists()

    def test_on_an_approved_plan_an_edit_lands_in_the_working_copy_only(self):
        set_status(self.plan, "approved")
        data = form_of(self.page())
        data["products-0-quantity"] = "7"
        response = self.carlos.post(self.url(2017, "edit", "activities", "1.2.i"), data)
        assert response.status_code == 302
        assert (
            Product.objects.get(activity__plan=self.plan, activity__key="1.2.i").target_quantity
            == 4
        )
        assert '"quantity": 7' in WorkingCopy.objects.get(plan=self.plan).document
        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_the_activity_page_links_to_its_editor(self):
        response = self.carlos.get(self.url(2017, "1.2.i"))
        self.assertContains(response, self.url(2017, "edit", "activities", "1.2.i"))
        assert (
            self.client_for(self.coordinator)
            .get(self.url(2017, "edit", "activities", "1.2.i"))
            .status_code
            == 404
        )
