"""Approving an amendment from its page: only the meetings the network's
statutes allow are offered (the Assembly's or the Executive Committee's,
once the plan was adopted and within its year), the rule is stated, and a
working group's meeting sent all the same comes back with the rule."""

from __future__ import annotations

import datetime as dt

from planea.governance import lifecycle
from planea.governance.models import Meeting, PlanVersion
from planea.plans.models import Activity, Plan
from tests.base import PersonasTestCase, organisation
from tests.governance.support import (
    assembly_meeting,
    committee_meeting,
    document_of,
    english,
    find,
    set_status,
)

RENAMED = "Cinco intercambios de cooperación horizontal"


class AmendmentApprovePageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.assembly = assembly_meeting(cls.network, dt.date(2016, 12, 2))
        cls.committee_meeting = committee_meeting(cls.network, dt.date(2017, 3, 1))
        cls.group_meeting = Meeting.objects.create(
            network=cls.network,
            organisation=organisation(cls.network, "Grupo de Trabajo en software público"),
            title="Reunión del GT",
            date=dt.date(2017, 4, 5),
        )
        cls.next_year = committee_meeting(cls.network, dt.date(2018, 3, 1), title="Comité 2018")
        set_status(cls.plan, "proposed")
        plan = Plan.objects.get(pk=cls.plan.pk)
        lifecycle.approve(plan, cls.assembly, cls.secretariat)

    def setUp(self) -> None:
        super().setUp()
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)
        document = document_of(self.plan)
        find(document, "1.2.i").title = RENAMED
        self.proposal = lifecycle.propose_amendment(self.plan, document, self.committee)
        self.client = english(self.secretariat)
        self.page = self.url(2017, "amendments", self.proposal.number)

    def test_only_the_meetings_that_may_approve_an_amendment_are_offered(self):
        response = self.client.get(self.page)

        offered = set(response.context["form"].fields["meeting"].queryset)
        assert offered == {self.assembly, self.committee_meeting}
        self.assertNotContains(response, "Reunión del GT")
        self.assertNotContains(response, "Comité 2018")
        self.assertContains(
            response,
            "Amendments to an adopted plan are approved by Asamblea Anual or Comité Ejecutivo, "
            "at a meeting held after the plan was adopted and before its year ends.",
        )

    def test_a_working_groups_meeting_comes_back_on_the_form_with_the_rule(self):
        response = self.client.post(
            self.page + "approve/", {"meeting": self.group_meeting.pk, "decision": "Sí."}
        )

        assert response.status_code == 400
        [error] = response.context["form"].errors["meeting"]
        assert error.startswith("“Reunión del GT” (April 5, 2017) was a meeting of Grupo")
        assert "Asamblea Anual or Comité Ejecutivo" in error
        assert Activity.objects.get(plan=self.plan, key="1.2.i").title != RENAMED
        assert not PlanVersion.objects.filter(kind="amendment_approval").exists()

    def test_the_committee_meeting_of_the_plans_year_approves_it(self):
        response = self.client.post(
            self.page + "approve/", {"meeting": self.committee_meeting.pk, "decision": "Sí."}
        )

        assert response.status_code == 302
        assert Activity.objects.get(plan=self.plan, key="1.2.i").title == RENAMED

    def test_with_no_qualifying_meeting_the_page_says_so(self):
        Meeting.objects.filter(pk__in=[self.assembly.pk, self.committee_meeting.pk]).update(
            date=dt.date(2016, 1, 4)
        )
        # The plan's adoption keeps its own date (2 December 2016): no meeting is after it.
        response = self.client.get(self.page)

        self.assertContains(
            response,
            "No meeting that may approve this amendment under the network's statutes has been "
            "recorded yet.",
        )
