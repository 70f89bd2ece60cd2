"""Putting the plan into execution and closing it: a page says first what
the step will do (how many activities are unfinished, and that they keep
their status), and only a confirming POST from it takes the step. A note
that is refused comes back with the page, and the plan does not move."""

from __future__ import annotations

from planea.governance.models import PlanTransition
from planea.plans.models import Activity, Plan
from tests.governance.support import english, set_status
from tests.governance.test_transitions import TransitionTestCase


class ConfirmStepTests(TransitionTestCase):
    def status(self) -> str:
        return Plan.objects.get(pk=self.plan.pk).status

    def test_the_plan_page_links_to_the_confirmation_not_a_one_click_button(self):
        set_status(self.plan, "in_execution")

        page = english(self.secretariat).get(self.url(2017)).content.decode()

        assert 'href="/red-demo/2017/lifecycle/close/">Close the plan</a>' in page
        assert 'action="/red-demo/2017/lifecycle/close/"' not in page

    def test_closing_shows_how_many_activities_are_unfinished_and_the_status_they_keep(self):
        set_status(self.plan, "in_execution")
        total = Activity.objects.filter(plan=self.plan).count()
        Activity.objects.filter(plan=self.plan, key="1.1.i").update(status="done")
        Activity.objects.filter(plan=self.plan, key="2.1.i").update(status="delayed")

        page = english(self.secretariat).get(self.url(2017, "lifecycle", "close"))

        assert page.status_code == 200
        self.assertContains(page, "Close the plan for 2017?")
        self.assertContains(page, f"{total - 1} activities are unfinished")
        self.assertContains(page, "each keeps its last reported status")
        self.assertContains(page, "Delayed</span></th><td>1</td>")
        self.assertContains(page, f"Not started</span></th><td>{total - 2}</td>")
        self.assertContains(page, 'name="confirm"')
        self.assertContains(page, "Yes, close the plan")
        assert self.status() == "in_execution"

    def test_closing_the_plan_in_spanish_says_the_same(self):
        set_status(self.plan, "in_execution")

        page = self.client_for(self.secretariat).get(self.url(2017, "lifecycle", "close"))

        self.assertContains(page, "¿Cerrar el plan de 2017?")
        self.assertContains(page, "Sí, cerrar el plan")

    def test_a_confirmed_post_closes_the_plan_and_keeps_the_activities_status(self):
        set_status(self.plan, "in_execution")
        before = dict(Activity.objects.filter(plan=self.plan).values_list("pk", "status"))

        response = english(self.secretariat).post(
            self.url(2017, "lifecycle", "close"), {"confirm": "True", "note": "Según el acta."}
        )

        assert response.status_code == 302
        assert self.status() == "closed"
        assert dict(Activity.objects.filter(plan=self.plan).values_list("pk", "status")) == before
        assert PlanTransition.objects.filter(plan=self.plan).last().decision == "Según el acta."

    def test_a_post_without_the_confirmation_changes_nothing_and_asks_again(self):
        set_status(self.plan, "approved")

        response = english(self.secretariat).post(self.url(2017, "lifecycle", "start"))

        assert response.status_code == 400
        self.assertContains(response, "confirm the step on this page", status_code=400)
        self.assertContains(response, "Put the plan for 2017 into execution?", status_code=400)
        assert self.status() == "approved"

    def test_an_invalid_note_is_not_dropped_the_step_waits(self):
        for step, start in (("start", "approved"), ("close", "in_execution")):
            with self.subTest(step=step):
                set_status(self.plan, start)

                response = english(self.secretariat).post(
                    self.url(2017, "lifecycle", step), {"confirm": "True", "note": "x" * 5001}
                )

                assert response.status_code == 400
                self.assertContains(response, "Nothing was changed", status_code=400)
                self.assertContains(response, "x" * 5001, status_code=400)
                assert self.status() == start

    def test_the_confirmation_page_is_the_secretariats_only(self):
        set_status(self.plan, "in_execution")
        for persona in ("committee", "coordinator", "viewer"):
            with self.subTest(persona=persona):
                page = english(self.who(persona)).get(self.url(2017, "lifecycle", "close"))

                assert page.status_code == 403

    def test_in_the_wrong_state_the_page_sends_the_secretariat_back_saying_why(self):
        set_status(self.plan, "approved")

        response = english(self.secretariat).get(self.url(2017, "lifecycle", "close"), follow=True)

        assert response.redirect_chain[-1][0].endswith("/red-demo/2017/#lifecycle")
        self.assertContains(response, "Only a plan in execution can be closed")
