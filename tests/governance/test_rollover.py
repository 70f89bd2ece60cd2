"""Next year's plan, drafted from this year's: unfinished activities carried
over with a link to their origin, recurring ones renewed, finished ones left
behind; by `planea rollover` or the plan page's button."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import CommandError, call_command

from planea.governance import lifecycle
from planea.governance.models import PlanTransition, TransitionError
from planea.governance.rollover import next_title, next_year, rollover
from planea.plans.models import Activity, Plan, Product
from planea.tracking.models import Evidence, record_progress
from tests.base import PersonasTestCase
from tests.governance.support import english, set_status

D = dt.date


class RolloverTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        set_status(cls.plan, "in_execution")
        # 1.1.i done, 1.2.i cancelled, 1.3.i done but recurring (a whole-year
        # activity with a target every two months), 2.1.i on track, 2.2.i
        # not started.
        for key, status in (("1.1.i", "done"), ("1.2.i", "cancelled"), ("1.3.i", "done"),
                            ("2.1.i", "on_track")):  # fmt: skip
            activity = Activity.objects.get(plan=cls.plan, key=key)
            record_progress(
                activity, author=cls.secretariat, status=status, seen_version=activity.version
            )
        cls.evidence = Evidence.objects.create(
            product=Product.objects.get(activity__plan=cls.plan, activity__key="2.1.i"),
            title="Encuesta enviada",
            url="https://example.org/encuesta",
        )

    def new_plan(self) -> Plan:
        return Plan.objects.get(network=self.network, year=2018)

    def activities(self, plan: Plan) -> dict[str, Activity]:
        return {a.key: a for a in Activity.objects.filter(plan=plan).select_related("area")}


class RolloverTests(RolloverTestCase):
    def test_unfinished_activities_are_carried_over_recurring_ones_renewed_finished_ones_left(
        self,
    ):
        result = rollover(self.plan, self.secretariat)

        assert set(result.carried) == {"2.1.i", "2.2.i"}
        assert set(result.renewed) == {"1.3.i"}
        assert set(result.left_behind) == {"1.1.i", "1.2.i"}
        new = self.activities(result.plan)
        assert set(new) == {"2.1.i", "2.2.i", "1.3.i"}
        origins = self.activities(self.plan)
        for key, activity in new.items():
            assert activity.carried_from_id == origins[key].pk, key

    def test_the_draft_is_next_years_with_the_same_areas(self):
        plan = rollover(self.plan, self.secretariat).plan

        assert (plan.year, plan.status, plan.title) == (2018, "draft", "PLAN ANUAL DE TRABAJO 2018")
        assert [(a.number, a.title, a.objective) for a in plan.areas.order_by("order")] == [
            (a.number, a.title, a.objective) for a in self.plan.areas.order_by("order")
        ]
        step = PlanTransition.objects.get(plan=plan)
        assert (step.from_status, step.to_status, step.user) == ("", "draft", self.secretariat)

    def test_dates_move_to_the_new_year_and_leads_funding_and_targets_are_copied(self):
        plan = rollover(self.plan, self.secretariat).plan
        survey = self.activities(plan)["2.1.i"]
        meetings = self.activities(plan)["1.3.i"]

        assert survey.due == D(2018, 6, 30)
        assert [o.name for o in survey.leads.all()] == ["Grupo de trabajo en medición"]
        assert survey.inherited_fields == ["resources", "leads"]
        assert [o.name for o in meetings.leads.order_by("lead_links__order")] == [
            "Secretaría Técnica",
            "BID",
        ]
        assert [f.name for f in meetings.funding.all()] == ["Cooperación Técnica del BID"]
        product = meetings.products.get()
        assert (product.description, product.target_quantity, product.recurrence) == (
            "Actas de las reuniones",
            6,
            "P2M",
        )

    def test_progress_and_evidence_stay_with_the_year_they_belong_to(self):
        plan = rollover(self.plan, self.secretariat).plan
        survey = self.activities(plan)["2.1.i"]

        assert (survey.status, survey.version, survey.status_date) == ("not_started", 1, None)
        assert not survey.updates.exists()
        assert not Evidence.objects.filter(product__activity=survey).exists()
        assert Evidence.objects.get(pk=self.evidence.pk).product.activity.plan == self.plan

    def test_an_activity_the_secretariat_marked_recurring_is_renewed_even_when_done(self):
        Activity.objects.filter(plan=self.plan, key="1.1.i").update(recurring=True)

        result = rollover(self.plan, self.secretariat)

        assert "1.1.i" in result.renewed
        assert self.activities(result.plan)["1.1.i"].recurring

    def test_a_second_rollover_is_refused(self):
        rollover(self.plan, self.secretariat)

        with self.assertRaises(TransitionError) as refused:
            rollover(self.plan, self.secretariat)

        assert "2018" in refused.exception.message

    def test_a_plan_not_yet_adopted_is_not_rolled_over(self):
        set_status(self.plan, "proposed")

        with self.assertRaises(TransitionError):
            rollover(self.plan, self.secretariat)
        assert not Plan.objects.filter(year=2018).exists()

    def test_the_draft_follows_the_same_cycle(self):
        plan = rollover(self.plan, self.secretariat).plan

        version = lifecycle.propose(plan, self.committee)

        assert plan.status == "proposed" and version.kind == "proposal"
        assert {a.key for a in version.plan_document().activities} == {"2.1.i", "2.2.i", "1.3.i"}

    def test_a_29_february_moves_to_the_28th_and_a_title_without_the_year_is_named_anew(self):
        assert next_year(D(2016, 2, 29)) == D(2017, 2, 28)
        assert next_year(None) is None
        assert next_title("PLAN ANUAL DE TRABAJO 2017", 2017) == "PLAN ANUAL DE TRABAJO 2018"
        assert "2018" in next_title("Plan de trabajo", 2017)


class RolloverPreparesADraftTests(RolloverTestCase):
    """Roll-over prepares a draft to work on: recurring activities renewed,
    targets carried as what is still owed, year-bound text flagged."""

    def deliver(self, key: str, count: int) -> None:
        product = Product.objects.get(activity__plan=self.plan, activity__key=key)
        for n in range(count):
            Evidence.objects.create(
                product=product, title=f"Entrega {n}", url=f"https://example.org/{key}/{n}"
            )

    def test_a_recurring_activity_still_running_is_renewed_and_counted_as_renewed(self):
        Activity.objects.filter(plan=self.plan, key="1.3.i").update(status="on_track")

        result = rollover(self.plan, self.secretariat)

        assert "1.3.i" in result.renewed and "1.3.i" not in result.carried
        renewed = self.activities(result.plan)["1.3.i"]
        assert renewed.recurring
        assert renewed.products.get().target_quantity == 6

    def test_a_carried_target_is_what_is_still_owed_and_the_original_stays_with_its_year(self):
        self.deliver("2.2.i", 3)

        result = rollover(self.plan, self.secretariat)

        assert "2.2.i" in result.reduced
        carried = self.activities(result.plan)["2.2.i"].products.get()
        assert (carried.description, carried.target_quantity) == ("ediciones", 7)
        original = Product.objects.get(activity__plan=self.plan, activity__key="2.2.i")
        assert original.target_quantity == 10

    def test_a_product_delivered_in_full_stays_behind_with_its_evidence(self):
        # 2.1.i's survey has its one piece of evidence (setUpTestData).
        result = rollover(self.plan, self.secretariat)

        assert "2.1.i" in result.reduced
        assert not self.activities(result.plan)["2.1.i"].products.exists()

    def test_a_renewed_recurring_activity_keeps_its_full_target_whatever_was_delivered(self):
        self.deliver("1.3.i", 4)

        plan = rollover(self.plan, self.secretariat).plan

        assert self.activities(plan)["1.3.i"].products.get().target_quantity == 6

    def test_activities_whose_text_is_tied_to_the_year_are_counted_to_review(self):
        Activity.objects.filter(plan=self.plan, key="1.1.i").update(status="on_track")

        result = rollover(self.plan, self.secretariat)

        # "Quinto taller…", "…abril de 2017".
        assert result.flagged == ("1.1.i",)
        assert self.activities(result.plan)["1.1.i"].title == (
            "Quinto taller regional de software público"
        )

    def test_the_draft_carries_no_note_in_another_language(self):
        plan = rollover(self.plan, self.secretariat).plan

        step = PlanTransition.objects.get(plan=plan)
        assert step.decision == ""
        page = self.client_for(self.secretariat).get(self.url(2018)).content.decode()
        assert "rollover from" not in page
        assert "(a partir del plan de 2017)" in page


class RolloverCommandTests(RolloverTestCase):
    def test_planea_rollover_drafts_next_years_plan(self):
        out = StringIO()

        call_command("rollover", "2017", "--network", "red demo", stdout=out)

        assert "Drafted Red Demo 2018" in out.getvalue()
        assert "2 unfinished activities carried over, 1 recurring ones renewed" in out.getvalue()
        assert "Targets carried as what is still owed: 2.1.i." in out.getvalue()
        assert self.new_plan().status == "draft"

    def test_planea_rollover_says_why_it_refuses(self):
        call_command("rollover", "2017", "--network", "Red Demo", stdout=StringIO())

        with self.assertRaisesMessage(CommandError, "already has a plan for 2018"):
            call_command("rollover", "2017", "--network", "Red Demo", stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "no network"):
            call_command("rollover", "2017", "--network", "Red Nueva", stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "has no plan for 2016"):
            call_command("rollover", "2016", "--network", "Red Demo", stdout=StringIO())


class RolloverPageTests(RolloverTestCase):
    def test_the_secretariat_drafts_next_year_from_the_plan_page(self):
        client = english(self.secretariat)
        assert "lifecycle/rollover/" in client.get(self.url(2017)).content.decode()

        response = client.post(self.url(2017, "lifecycle", "rollover"), follow=True)

        assert response.redirect_chain[-1][0] == "/red-demo/2018/"
        self.assertContains(response, "2 unfinished activities carried over")
        assert "lifecycle/rollover/" not in client.get(self.url(2017)).content.decode()

    def test_the_committee_may_not_draft_next_year(self):
        response = english(self.committee).post(self.url(2017, "lifecycle", "rollover"))

        assert response.status_code == 403
        assert not Plan.objects.filter(year=2018).exists()

    def test_a_carried_activity_links_to_its_origin_and_its_history(self):
        rollover(self.plan, self.secretariat)
        client = english(self.secretariat)

        carried = client.get(self.url(2018, "2.1.i"))
        origin = client.get(self.url(2017, "2.1.i"))

        self.assertContains(carried, 'id="carried-from"')
        self.assertContains(carried, "Carried over from")
        self.assertContains(carried, 'href="/red-demo/2017/2.1.i/#history"')
        self.assertContains(origin, 'href="/red-demo/2018/2.1.i/"')
        renewed = client.get(self.url(2018, "1.3.i"))
        self.assertContains(renewed, "Renewed from")

    def test_the_public_does_not_see_a_draft_continuing_an_activity(self):
        rollover(self.plan, self.secretariat)

        response = english().get(self.url(2017, "2.1.i"))

        self.assertNotContains(response, "/red-demo/2018/")
