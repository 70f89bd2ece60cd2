"""Approvals respect the network's statutes (issue 12): a plan is approved
only at a meeting of the body that approves plans, the Assembly, held
during the plan's year or the year before; an amendment only at a meeting
of a body the rules name, held once the plan was adopted and before its
year ended; never at a meeting still to come. The rules are data per
network (`Statutes`), Red GEALC's where none are recorded; each refusal
names the rule and the meeting, and nothing moves."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import translation

from planea.governance import lifecycle, statutes
from planea.governance.models import PlanTransition, PlanVersion, Statutes, TransitionError
from planea.plans.models import Plan
from tests.base import PersonasTestCase, organisation
from tests.governance.support import (
    ASSEMBLY,
    COMMITTEE,
    assembly_meeting,
    committee_meeting,
    document_of,
    find,
    set_status,
)

WORKING_GROUP = "Grupo de Trabajo en software público"


class StatutesTestCase(PersonasTestCase):
    """The small plan of 2017, proposed, and meetings of every kind."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.assembly_2016 = assembly_meeting(cls.network, dt.date(2016, 12, 2))
        cls.committee_meeting = committee_meeting(cls.network, dt.date(2017, 3, 1))

    def setUp(self) -> None:
        super().setUp()
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)
        set_status(self.plan, "proposed")

    def meeting(self, holder: str, date: dt.date, title: str = "Reunión"):
        from planea.governance.models import Meeting

        return Meeting.objects.create(
            network=self.network,
            organisation=organisation(self.network, holder),
            title=title,
            date=date,
        )

    def refused(self, step, *args) -> str:
        """The refusal's message, in English; nothing moved."""
        steps, versions = PlanTransition.objects.count(), PlanVersion.objects.count()
        status = Plan.objects.get(pk=self.plan.pk).status
        with self.assertRaises(TransitionError) as refusal, translation.override("en"):
            step(*args)
        assert Plan.objects.get(pk=self.plan.pk).status == status
        assert (PlanTransition.objects.count(), PlanVersion.objects.count()) == (steps, versions)
        return refusal.exception.message

    def approve(self, meeting):
        return lifecycle.approve(self.plan, meeting, self.secretariat, decision="Aprobado.")

    def propose_amendment(self):
        document = document_of(self.plan)
        find(document, "1.1.i").title = "Quinto taller regional, en Lima"
        return lifecycle.propose_amendment(self.plan, document, self.secretariat)

    def approve_amendment(self, meeting):
        proposal = self.propose_amendment()
        return lifecycle.approve_amendment(self.plan, proposal, meeting, self.secretariat)


class PlanApprovalTests(StatutesTestCase):
    def test_the_assembly_of_the_year_before_approves_the_plan_as_red_gealcs_did(self):
        self.approve(self.assembly_2016)

        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_the_assembly_during_the_plans_year_approves_it_too(self):
        self.approve(assembly_meeting(self.network, dt.date(2017, 6, 15), title="Asamblea"))

        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_the_assembly_two_years_before_is_refused_naming_the_window(self):
        old = assembly_meeting(self.network, dt.date(2015, 11, 13), title="IX Reunión Anual")

        message = self.refused(self.approve, old)

        assert message == (
            "“IX Reunión Anual” (Nov. 13, 2015) cannot approve the plan for 2017: under the "
            "network's statutes it is approved at a meeting held from Jan. 1, 2016 to "
            "Dec. 31, 2017."
        )

    def test_the_assembly_after_the_plans_year_is_refused(self):
        late = assembly_meeting(self.network, dt.date(2018, 11, 30), title="XII Reunión Anual")

        message = self.refused(self.approve, late)

        assert "“XII Reunión Anual” (Nov. 30, 2018) cannot approve the plan for 2017" in message

    def test_a_meeting_of_another_body_is_refused_naming_the_body_that_approves(self):
        for holder in (COMMITTEE, WORKING_GROUP):
            with self.subTest(holder=holder):
                meeting = self.meeting(holder, dt.date(2017, 2, 1), title=f"Reunión: {holder}")

                message = self.refused(self.approve, meeting)

                assert message == (
                    f"“Reunión: {holder}” (Feb. 1, 2017) was a meeting of {holder}; under the "
                    "network's statutes the plan is approved at a meeting of Asamblea Anual."
                )

    @override_settings(PLANEA_TODAY=dt.date(2017, 3, 1))
    def test_a_meeting_still_to_come_is_refused(self):
        coming = assembly_meeting(self.network, dt.date(2017, 6, 15), title="Asamblea de junio")

        message = self.refused(self.approve, coming)

        assert message == (
            "“Asamblea de junio” (June 15, 2017) has not been held yet: an approval is recorded "
            "once its meeting has taken place."
        )


class AmendmentApprovalTests(StatutesTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.approve(self.assembly_2016)
        set_status(self.plan, "in_execution")

    def test_the_executive_committee_approves_an_amendment_between_assemblies(self):
        self.approve_amendment(self.committee_meeting)

        assert Plan.objects.get(pk=self.plan.pk).activities.get(key="1.1.i").title == (
            "Quinto taller regional, en Lima"
        )

    def test_the_assembly_approves_an_amendment_too(self):
        self.approve_amendment(assembly_meeting(self.network, dt.date(2017, 11, 30)))

        assert self.plan.activities.get(key="1.1.i").title == "Quinto taller regional, en Lima"

    def test_a_working_groups_meeting_is_refused_naming_the_bodies_that_approve(self):
        meeting = self.meeting(WORKING_GROUP, dt.date(2017, 4, 5), title="Reunión del GT")
        proposal = self.propose_amendment()

        message = self.refused(
            lifecycle.approve_amendment, self.plan, proposal, meeting, self.secretariat
        )

        assert message == (
            "“Reunión del GT” (April 5, 2017) was a meeting of Grupo de Trabajo en software "
            "público; under the network's statutes an amendment is approved at a meeting of "
            "Asamblea Anual or Comité Ejecutivo."
        )

    def test_a_meeting_before_the_plan_was_adopted_is_refused(self):
        early = committee_meeting(self.network, dt.date(2016, 10, 3), title="Comité de octubre")
        proposal = self.propose_amendment()

        message = self.refused(
            lifecycle.approve_amendment, self.plan, proposal, early, self.secretariat
        )

        assert message == (
            "“Comité de octubre” (Oct. 3, 2016) was held before the plan was adopted, on "
            "Dec. 2, 2016: an amendment is approved at a later meeting."
        )

    def test_a_meeting_after_the_plans_year_is_refused(self):
        late = committee_meeting(self.network, dt.date(2018, 2, 1), title="Comité de 2018")
        proposal = self.propose_amendment()

        message = self.refused(
            lifecycle.approve_amendment, self.plan, proposal, late, self.secretariat
        )

        assert "was held after the plan's year ended" in message
        assert "(2017)" in message


class RecordedStatutesTests(StatutesTestCase):
    """A network's own statutes replace Red GEALC's."""

    def record(self, *, body: str, years_before: int, amendments: tuple[str, ...]) -> Statutes:
        statutes = Statutes.objects.create(
            network=self.network,
            plan_body=organisation(self.network, body),
            plan_years_before=years_before,
            source="Estatutos de la Red Demo, 2015",
        )
        statutes.amendment_bodies.set([organisation(self.network, b) for b in amendments])
        return statutes

    def test_statutes_that_approve_only_during_the_year_refuse_the_assembly_before_it(self):
        self.record(body=ASSEMBLY, years_before=0, amendments=(ASSEMBLY,))

        message = self.refused(self.approve, self.assembly_2016)

        assert "held from Jan. 1, 2017 to Dec. 31, 2017" in message

    def test_statutes_may_give_the_plan_to_the_committee(self):
        self.record(body=COMMITTEE, years_before=1, amendments=(COMMITTEE,))

        self.approve(self.committee_meeting)

        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_statutes_that_name_no_body_for_amendments_refuse_every_amendment(self):
        self.record(body=ASSEMBLY, years_before=1, amendments=())
        self.approve(self.assembly_2016)
        proposal = self.propose_amendment()

        message = self.refused(
            lifecycle.approve_amendment, self.plan, proposal, self.committee_meeting,
            self.secretariat,
        )  # fmt: skip

        assert "name no body that approves amendments" in message

    def test_the_rules_say_where_they_come_from_and_read_as_sentences(self):
        self.record(body=ASSEMBLY, years_before=0, amendments=(ASSEMBLY, COMMITTEE))

        rules = statutes.rules_for(self.network)

        assert rules.recorded and rules.source == "Estatutos de la Red Demo, 2015"
        with translation.override("en"):
            assert rules.describe_plans() == (
                "Plans are approved by Asamblea Anual, at a meeting held during the plan's year."
            )
            assert rules.describe_amendments() == (
                "Amendments to an adopted plan are approved by Asamblea Anual or Comité "
                "Ejecutivo, at a meeting held after the plan was adopted and before its year ends."
            )


class DefaultRulesTests(StatutesTestCase):
    def test_a_network_without_statutes_follows_red_gealcs(self):
        organisation(self.network, WORKING_GROUP)

        rules = statutes.rules_for(self.network)

        assert not rules.recorded
        assert [b.name for b in rules.plan_bodies] == [ASSEMBLY]
        assert rules.years_before == 1
        assert [b.name for b in rules.amendment_bodies] == [ASSEMBLY, COMMITTEE]

    def test_the_meetings_offered_are_exactly_those_that_qualify(self):
        two_before = assembly_meeting(self.network, dt.date(2015, 11, 13), title="IX")
        this_year = assembly_meeting(self.network, dt.date(2017, 11, 30), title="XI")
        after = assembly_meeting(self.network, dt.date(2018, 11, 30), title="XII")
        group = self.meeting(WORKING_GROUP, dt.date(2017, 4, 5))

        offered = set(statutes.plan_meetings(self.network, 2017))
        any_year = set(statutes.plan_meetings(self.network))

        assert offered == {self.assembly_2016, this_year}
        assert any_year == {two_before, self.assembly_2016, this_year, after}
        assert group not in any_year

    def test_the_meetings_offered_for_an_amendment_follow_the_plans_adoption(self):
        early = committee_meeting(self.network, dt.date(2016, 10, 3), title="Comité de octubre")
        self.approve(self.assembly_2016)

        offered = set(statutes.amendment_meetings(self.plan))

        assert offered == {self.assembly_2016, self.committee_meeting}
        assert early not in offered
