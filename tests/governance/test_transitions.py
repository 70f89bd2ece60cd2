"""Every step of the plan's life cycle, for every role: allowed or denied
exactly as the permission policy says, in the domain and through the pages;
a step the plan cannot take now is told as such, never a traceback."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from planea.accounts.policy import Action, can
from planea.governance import lifecycle
from planea.governance.models import PlanTransition, PlanVersion, TransitionError
from planea.governance.rollover import rollover
from planea.plans.models import Plan
from tests.base import PersonasTestCase, make_network, make_personas
from tests.governance.support import (
    assembly_meeting,
    committee_meeting,
    document_of,
    english,
    find,
    set_status,
)

PERSONAS = (
    "secretariat",
    "committee",
    "coordinator",
    "other_coordinator",
    "viewer",
    "anonymous",
    "outsider",
)

# step: (the state it starts from, the state it leads to, the policy's action, who may)
STEPS = {
    "propose": ("draft", "proposed", Action.PROPOSE_PLAN, {"secretariat", "committee"}),
    "approve": ("proposed", "approved", Action.APPROVE_PLAN, {"secretariat"}),
    "start": ("approved", "in_execution", Action.START_PLAN, {"secretariat"}),
    "close": ("in_execution", "closed", Action.CLOSE_PLAN, {"secretariat"}),
    "rollover": ("closed", "closed", Action.ROLLOVER_PLAN, {"secretariat"}),
    "propose_amendment": (
        "approved",
        "approved",
        Action.PROPOSE_AMENDMENT,
        {"secretariat", "committee"},
    ),
    "approve_amendment": (
        "in_execution",
        "in_execution",
        Action.APPROVE_AMENDMENT,
        {"secretariat"},
    ),
}
ALL_STATES = ("draft", "proposed", "approved", "in_execution", "closed")


class TransitionTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_network = make_network("Otra Red", "otra-red")
        cls.outsider = make_personas(cls.other_network, prefix="otra-").secretariat
        cls.assembly = assembly_meeting(cls.network)
        cls.committee_meeting = committee_meeting(cls.network)

    def setUp(self) -> None:
        super().setUp()
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)

    def who(self, persona: str):
        return AnonymousUser() if persona == "anonymous" else getattr(self, persona)

    def amended(self):
        document = document_of(self.plan)
        find(document, "1.2.i").title = "Cinco intercambios de cooperación horizontal"
        return document

    def take(self, step: str, user, plan: Plan | None = None):
        """Take `step` on the plan as `user`, the way the page does."""
        plan = plan or self.plan
        if step == "approve":
            return lifecycle.approve(plan, self.assembly, user, decision="Aprobado por unanimidad.")
        if step == "propose_amendment":
            return lifecycle.propose_amendment(plan, self.amended(), user, note="Ajuste")
        if step == "approve_amendment":
            pending = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
            return lifecycle.approve_amendment(plan, pending, self.committee_meeting, user)
        return getattr(lifecycle, step)(plan, user) if step != "rollover" else rollover(plan, user)

    def prepare(self, step: str) -> None:
        """The plan in the state the step starts from (with a pending
        amendment for its approval), and no plan for next year."""
        start = STEPS[step][0]
        Plan.objects.filter(network=self.network, year=self.plan.year + 1).delete()
        if step == "approve_amendment":
            set_status(self.plan, "approved")
            lifecycle.propose_amendment(self.plan, self.amended(), self.secretariat)
        set_status(self.plan, start)


class EveryStepForEveryRoleTests(TransitionTestCase):
    def test_each_step_is_taken_by_exactly_the_roles_the_policy_allows(self):
        wrong = []
        for step, (start, end, action, allowed) in STEPS.items():
            for persona in PERSONAS:
                user = self.who(persona)
                self.prepare(step)
                self.plan.refresh_from_db()
                policy_says = can(user, action, self.plan)
                try:
                    self.take(step, user)
                    outcome = True
                except PermissionDenied:
                    outcome = False
                self.plan.refresh_from_db()
                if outcome != (persona in allowed) or outcome != policy_says:
                    wrong.append(f"{persona} {'took' if outcome else 'was denied'} {step}")
                expected_state = end if outcome else start
                if self.plan.status != expected_state:
                    wrong.append(f"{persona} {step}: the plan is {self.plan.status}")
        assert not wrong, "\n".join(wrong)

    def test_each_step_is_refused_from_every_other_state_with_a_clear_message(self):
        for step, (start, _end, _action, _allowed) in STEPS.items():
            if step in ("rollover",):
                others = ("draft", "proposed")
            elif step == "propose_amendment":
                others = ("draft", "closed")
            elif step == "approve_amendment":
                others = ("draft", "proposed", "closed")
            else:
                others = [state for state in ALL_STATES if state != start]
            for state in others:
                with self.subTest(step=step, state=state):
                    self.prepare(step)
                    set_status(self.plan, state)
                    before = PlanTransition.objects.count()

                    with self.assertRaises(TransitionError) as refused:
                        self.take(step, self.secretariat)

                    assert refused.exception.message
                    self.plan.refresh_from_db()
                    assert self.plan.status == state
                    assert PlanTransition.objects.count() == before

    def test_an_approval_at_a_meeting_that_is_not_the_assemblys_is_refused(self):
        set_status(self.plan, "proposed")

        with self.assertRaises(TransitionError) as refused, translation.override("en"):
            lifecycle.approve(self.plan, self.committee_meeting, self.secretariat)

        # The rule and the meeting, by name.
        assert "Reunión del Comité Ejecutivo" in refused.exception.message
        assert "approved at a meeting of Asamblea Anual" in refused.exception.message
        assert Plan.objects.get(pk=self.plan.pk).status == "proposed"

    def test_an_approval_at_another_networks_meeting_is_refused(self):
        set_status(self.plan, "proposed")
        elsewhere = assembly_meeting(self.other_network)

        with self.assertRaises(TransitionError):
            lifecycle.approve(self.plan, elsewhere, self.secretariat)


class WhoAndWhenTests(TransitionTestCase):
    def test_each_step_records_who_took_it_when_and_where(self):
        set_status(self.plan, "draft")

        lifecycle.propose(self.plan, self.committee, note="Propuesta del Comité")
        lifecycle.approve(self.plan, self.assembly, self.secretariat, decision="Aprobado.")
        lifecycle.start(self.plan, self.secretariat)
        lifecycle.close(self.plan, self.secretariat)

        steps = list(PlanTransition.objects.filter(plan=self.plan).order_by("created", "pk"))
        assert [(s.from_status, s.to_status) for s in steps] == [
            ("draft", "proposed"),
            ("proposed", "approved"),
            ("approved", "in_execution"),
            ("in_execution", "closed"),
        ]
        assert [s.user for s in steps] == [self.committee] + [self.secretariat] * 3
        assert steps[0].author_name == "Carlos"
        assert steps[0].decision == "Propuesta del Comité"
        assert steps[1].meeting == self.assembly and steps[1].decision == "Aprobado."
        assert all(s.created for s in steps)
        assert steps[0].created <= steps[1].created <= steps[3].created
        kinds = [(v.number, v.kind) for v in PlanVersion.objects.filter(plan=self.plan)]
        assert kinds == [(1, "proposal"), (2, "approval")]
        assert steps[0].version.number == 1 and steps[1].version.number == 2

    def test_the_plan_page_shows_each_step_with_its_meeting(self):
        set_status(self.plan, "draft")
        lifecycle.propose(self.plan, self.committee)
        lifecycle.approve(
            self.plan, self.assembly, self.secretariat, decision="Aprobado por unanimidad."
        )

        response = english().get(self.url(2017))

        self.assertContains(response, 'id="lifecycle"')
        self.assertContains(response, "From draft to proposed")
        self.assertContains(response, "From proposed to approved")
        self.assertContains(response, "X Reunión Anual de la Red")
        self.assertContains(response, "Santiago de Chile")
        self.assertContains(response, "Aprobado por unanimidad.")
        self.assertContains(response, "Carlos")


class StepsThroughThePagesTests(TransitionTestCase):
    URLS = {
        "propose": "lifecycle/propose",
        "start": "lifecycle/start",
        "close": "lifecycle/close",
        "rollover": "lifecycle/rollover",
    }

    def test_every_role_posting_a_step_moves_the_plan_only_if_the_policy_allows(self):
        wrong = []
        for step, path in self.URLS.items():
            _start, end, _action, allowed = STEPS[step]
            for persona in PERSONAS:
                self.prepare(step)
                client = english(None if persona == "anonymous" else self.who(persona))
                # Starting and closing are taken from their confirmation page.
                response = client.post(self.url(2017, *path.split("/")), {"confirm": "True"})
                self.plan.refresh_from_db()
                moved = (
                    Plan.objects.filter(network=self.network, year=2018).exists()
                    if step == "rollover"
                    else self.plan.status == end
                )
                if moved != (persona in allowed):
                    wrong.append(f"{persona} {step}: {response.status_code}, moved={moved}")
                if not moved and response.status_code not in (403, 404):
                    wrong.append(f"{persona} {step}: denied with {response.status_code}")
        assert not wrong, "\n".join(wrong)

    def test_the_secretariat_records_the_approval_against_the_assemblys_meeting(self):
        set_status(self.plan, "proposed")
        client = english(self.secretariat)

        page = client.get(self.url(2017, "lifecycle", "approve"))
        response = client.post(
            self.url(2017, "lifecycle", "approve"),
            {"meeting": self.assembly.pk, "decision": "Aprobado."},
            follow=True,
        )

        self.assertContains(page, "X Reunión Anual de la Red")
        self.assertNotContains(page, "Reunión del Comité Ejecutivo")
        self.assertContains(response, "The plan&#x27;s approval by the Assembly was recorded.")
        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_the_committee_may_not_even_open_the_approval_form(self):
        set_status(self.plan, "proposed")

        response = english(self.committee).get(self.url(2017, "lifecycle", "approve"))

        assert response.status_code == 403

    def test_a_step_the_plan_cannot_take_now_is_told_on_the_plan_page(self):
        set_status(self.plan, "approved")

        response = english(self.secretariat).post(self.url(2017, "lifecycle", "close"), follow=True)

        assert response.redirect_chain[-1][0].endswith("/red-demo/2017/#lifecycle")
        self.assertContains(
            response, "Only a plan in execution can be closed; this plan is approved."
        )
        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_the_buttons_shown_are_the_steps_the_reader_may_take(self):
        set_status(self.plan, "approved")
        propose = self.url(2017, "lifecycle", "start")

        assert propose in english(self.secretariat).get(self.url(2017)).content.decode()
        for persona in ("committee", "coordinator", "viewer", "anonymous"):
            client = english(None if persona == "anonymous" else self.who(persona))
            assert propose not in client.get(self.url(2017)).content.decode(), persona
