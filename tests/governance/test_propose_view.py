"""Proposing a draft from its page: a note that is refused stops the step,
and the form comes back with the error (issue 12: it used to be dropped
silently while the plan moved on)."""

from __future__ import annotations

from planea.governance.models import PlanTransition, PlanVersion
from planea.plans.models import Plan
from tests.base import PersonasTestCase
from tests.governance.support import english, set_status


class ProposePageTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "draft")
        self.page = self.url(2017, "lifecycle", "propose")

    def test_a_note_with_a_control_character_stops_the_step_and_comes_back_with_the_error(self):
        response = english(self.committee).post(self.page, {"note": "Propuesta\x0bdel Comité"})

        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"note"}
        self.assertContains(response, "The plan was not proposed", status_code=400)
        self.assertContains(response, "Propuesta", status_code=400)
        assert Plan.objects.get(pk=self.plan.pk).status == "draft"
        assert not PlanTransition.objects.filter(plan=self.plan).exists()
        assert not PlanVersion.objects.filter(plan=self.plan).exists()

    def test_a_note_too_long_stops_the_step_too(self):
        response = english(self.secretariat).post(self.page, {"note": "x" * 5001})

        assert response.status_code == 400
        assert "at most 5000 characters" in response.context["form"].errors["note"][0]
        assert Plan.objects.get(pk=self.plan.pk).status == "draft"

    def test_whoever_may_not_propose_is_refused_whatever_the_note_never_shown_the_form(self):
        for user in (self.coordinator, self.viewer):
            with self.subTest(user=user.username):
                response = english(user).post(self.page, {"note": "x" * 5001})

                # A draft they may not read does not exist for them.
                assert response.status_code == 404
                assert Plan.objects.get(pk=self.plan.pk).status == "draft"

    def test_a_bad_note_on_a_plan_already_proposed_is_told_the_plans_state(self):
        set_status(self.plan, "proposed")

        response = english(self.secretariat).post(self.page, {"note": "x" * 5001}, follow=True)

        self.assertContains(response, "Only a draft can be proposed; this plan is proposed.")

    def test_a_valid_note_proposes_the_plan_and_is_kept(self):
        response = english(self.committee).post(self.page, {"note": "Propuesta del Comité"})

        assert response.status_code == 302
        assert Plan.objects.get(pk=self.plan.pk).status == "proposed"
        step = PlanTransition.objects.get(plan=self.plan, to_status="proposed")
        assert step.decision == "Propuesta del Comité"
