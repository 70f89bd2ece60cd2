"""The page recording the Assembly's approval: it states the statutes' rule,
offers only the meetings that may approve the plan, and answers a meeting
that may not, sent all the same, with the rule on the form."""

from __future__ import annotations

import datetime as dt

from planea.plans.models import Plan
from tests.base import PersonasTestCase, organisation
from tests.governance.support import assembly_meeting, committee_meeting, english, set_status


class ApprovePageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.assembly = assembly_meeting(cls.network, dt.date(2016, 12, 2))
        cls.too_early = assembly_meeting(cls.network, dt.date(2015, 11, 13), title="IX Reunión")
        cls.committee_meeting = committee_meeting(cls.network)
        from planea.governance.models import Meeting

        cls.group_meeting = Meeting.objects.create(
            network=cls.network,
            organisation=organisation(cls.network, "Grupo de Trabajo en software público"),
            title="Reunión del GT",
            date=dt.date(2017, 2, 1),
        )

    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "proposed")
        self.client = english(self.secretariat)
        self.page = self.url(2017, "lifecycle", "approve")

    def test_only_the_meetings_that_may_approve_the_plan_are_offered(self):
        response = self.client.get(self.page)

        offered = list(response.context["form"].fields["meeting"].queryset)
        assert offered == [self.assembly]
        self.assertContains(response, "X Reunión Anual de la Red")
        for other in ("IX Reunión", "Reunión del Comité Ejecutivo", "Reunión del GT"):
            self.assertNotContains(response, other)

    def test_the_page_states_the_rule(self):
        response = self.client.get(self.page)

        self.assertContains(
            response,
            "Plans are approved by Asamblea Anual, at a meeting held during the plan&#x27;s "
            "year or the year before.",
        )

    def test_a_meeting_that_may_not_approve_comes_back_on_the_form_with_the_rule(self):
        for meeting, reason in (
            (self.group_meeting, "was a meeting of Grupo de Trabajo en software público"),
            (self.too_early, "cannot approve the plan for 2017"),
        ):
            with self.subTest(meeting=meeting.title):
                response = self.client.post(self.page, {"meeting": meeting.pk, "decision": "Sí."})

                assert response.status_code == 400
                errors = response.context["form"].errors["meeting"]
                assert meeting.title in errors[0] and reason in errors[0]
                assert Plan.objects.get(pk=self.plan.pk).status == "proposed"

    def test_a_meeting_of_another_network_is_refused_as_no_choice(self):
        from tests.base import make_network

        elsewhere = assembly_meeting(make_network("Otra Red", "otra-red"))

        response = self.client.post(self.page, {"meeting": elsewhere.pk})

        assert response.status_code == 400
        assert "not one of the available choices" in response.context["form"].errors["meeting"][0]
        assert Plan.objects.get(pk=self.plan.pk).status == "proposed"

    def test_the_qualifying_meeting_approves_the_plan(self):
        response = self.client.post(self.page, {"meeting": self.assembly.pk, "decision": "Sí."})

        assert response.status_code == 302
        assert Plan.objects.get(pk=self.plan.pk).status == "approved"

    def test_with_no_qualifying_meeting_the_page_says_so(self):
        from planea.governance.models import Meeting

        Meeting.objects.filter(pk=self.assembly.pk).update(date=dt.date(2014, 12, 5))

        response = self.client.get(self.page)

        self.assertContains(
            response,
            "No meeting that may approve this plan under the network's statutes has been "
            "recorded yet.",
        )
