"""The plan editor's page (/<network>/<year>/edit/): the draft's areas and
activities with their actions, a new work area; on an adopted plan, the
changes gathered so far and how to propose them."""

from __future__ import annotations

from planea.governance.models import WorkingCopy
from planea.plans.models import Area, Plan
from tests.base import PersonasTestCase
from tests.governance.support import set_status


class PlanEditorViewTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "draft")
        self.carlos = self.client_for(self.committee)
        self.carlos.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def test_the_committee_sees_every_area_and_activity_of_the_draft_with_their_actions(self):
        response = self.carlos.get(self.url(2017, "edit"))
        self.assertContains(response, 'data-mode="draft"')
        self.assertContains(response, 'id="activity-1.1.i"')
        self.assertContains(response, self.url(2017, "edit", "activities", "2.2.i"))
        self.assertContains(response, self.url(2017, "edit", "areas", 1, "move"))
        self.assertContains(response, 'name="number" value="3"')

    def test_a_work_area_is_added_to_the_draft(self):
        response = self.carlos.post(
            self.url(2017, "edit"), {"number": 3, "title": "Datos abiertos", "objective": ""}
        )
        assert response.status_code == 302
        assert Area.objects.filter(plan=self.plan, number=3, title="Datos abiertos").exists()

    def test_a_work_area_numbered_like_another_is_refused_on_its_number(self):
        response = self.carlos.post(self.url(2017, "edit"), {"number": 2, "title": "Repetida"})
        assert response.status_code == 400
        assert "number" in response.context["form"].errors
        assert not Area.objects.filter(plan=self.plan, title="Repetida").exists()

    def test_the_viewer_the_coordinator_and_the_public_are_kept_out(self):
        assert self.client_for(self.viewer).get(self.url(2017, "edit")).status_code == 404
        assert self.client_for(self.coordinator).get(self.url(2017, "edit")).status_code == 404
        assert self.bruno.get(self.url(2017, "edit")).status_code == 404
        set_status(self.plan, "approved")
        assert self.client_for(self.viewer).get(self.url(2017, "edit")).status_code == 403

    def test_the_plan_page_links_to_the_editor_for_those_who_may_edit(self):
        self.assertContains(self.carlos.get(self.url(2017)), "Edit the draft")
        set_status(self.plan, "approved")
        self.assertContains(self.carlos.get(self.url(2017)), "Propose a change to the plan")
        vera = self.client_for(self.viewer).get(self.url(2017))
        self.assertNotContains(vera, 'id="editor-link"')

    def test_on_an_approved_plan_the_page_gathers_changes_and_changes_nothing(self):
        set_status(self.plan, "approved")
        self.carlos.post(self.url(2017, "edit"), {"number": 3, "title": "Datos abiertos"})
        assert not Area.objects.filter(plan=self.plan, number=3).exists()
        assert WorkingCopy.objects.filter(plan=self.plan).exists()
        response = self.carlos.get(self.url(2017, "edit"))
        self.assertContains(response, 'data-mode="amendment"')
        self.assertContains(response, "Propose the amendment")
        assert Plan.objects.get(pk=self.plan.pk).status == "approved"
