"""The roles a plan names instead of a country, resolved year by year in one
place: "País presidente" is the Executive Committee's chair, "País
anfitrión" the host of that year's Assembly meeting. The network page shows
its bodies, working groups and terms."""

from __future__ import annotations

import datetime as dt

import pytest

from planea.accounts.models import Role
from planea.accounts.policy import Action, can
from planea.governance.models import BodySeat
from planea.governance.roles import (
    lead_organisation_ids,
    resolve_role,
    role_holders,
    roles_held_by,
    terms,
)
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Organisation, Plan
from planea.tracking.dashboard import commitments_for, plan_dashboard
from tests.base import PersonasTestCase, activity, member, organisation, small_plan
from tests.governance.support import assembly_meeting, english, set_status

D = dt.date


def plan_with_a_host_role():
    """The small plan with the annual meeting, led by the host and the chair."""
    document = small_plan()
    document.areas[1].activities.append(
        activity(
            "2.2.ii",
            "S2",
            "Reunión anual de la Red",
            leads=["País anfitrión", "País presidente", "Secretaría Técnica"],
        )
    )
    return document


class RolesTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Plan.objects.filter(pk=cls.plan.pk).delete()
        cls.plan = import_plan(plan_with_a_host_role(), cls.network)
        set_status(cls.plan, "in_execution")
        cls.uruguay, cls.chile = (
            organisation(cls.network, "Uruguay"),
            organisation(cls.network, "Chile"),
        )
        cls.committee_body = organisation(cls.network, "Comité Ejecutivo")
        BodySeat.objects.create(
            body=cls.committee_body, country=cls.uruguay, year=2017, is_chair=True
        )
        BodySeat.objects.create(body=cls.committee_body, country=cls.chile, year=2017)
        # The 2016 meeting (in Santiago) approved the plan; 2017's is in Panamá.
        assembly_meeting(cls.network, D(2016, 12, 2), host="Chile")
        assembly_meeting(
            cls.network, D(2017, 11, 20), title="XI Reunión Anual", place="Panamá", host="Panamá"
        )
        cls.host = organisation(cls.network, "País anfitrión")
        cls.presidency = organisation(cls.network, "País presidente")


class ResolutionTests(RolesTestCase):
    def test_the_host_country_is_the_host_of_that_years_assembly_meeting(self):
        assert resolve_role(self.host, 2017).name == "Panamá"
        assert resolve_role(self.host, 2016).name == "Chile"
        assert resolve_role(self.host, 2018) is None

    def test_the_presiding_country_is_the_committees_chair(self):
        assert resolve_role(self.presidency, 2017) == self.uruguay
        assert resolve_role(self.presidency, 2016) is None

    def test_a_meeting_of_another_body_hosts_nothing(self):
        from planea.governance.models import Meeting

        Meeting.objects.create(
            network=self.network,
            organisation=self.committee_body,
            title="Comité",
            date=D(2018, 3, 1),
            host_country=self.chile,
        )

        assert resolve_role(self.host, 2018) is None

    @pytest.mark.engine("query count")
    def test_role_holders_answers_for_every_role_in_one_query(self):
        roles = {self.host.pk: self.host.key, self.presidency.pk: self.presidency.key}

        with self.assertNumQueries(1):
            holders = role_holders(self.network.pk, 2017, roles)

        assert holders == {self.host.pk: "Panamá", self.presidency.pk: "Uruguay"}
        with self.assertNumQueries(1):
            assert role_holders(self.network.pk, 2017, {}) == {}

    @pytest.mark.engine("query count")
    def test_the_roles_a_country_holds_are_found_in_one_query(self):
        panama = organisation(self.network, "Panamá")

        with self.assertNumQueries(1):
            held = roles_held_by([panama.pk, self.uruguay.pk])

        assert sorted((year, sorted(keys)) for _n, year, keys in held) == [
            (2017, ["pais anfitrion", "pais presidente", "pais sede"]),
        ]

    def test_the_hosts_coordinator_reports_on_what_the_plan_gives_the_host(self):
        panama = member("pablo", self.network, Role.COORDINATOR, "Panamá")
        chile = member("chela", self.network, Role.COORDINATOR, "Chile")
        meeting = Activity.objects.select_related("plan").get(plan=self.plan, key="2.2.ii")

        assert organisation(self.network, "Panamá").pk in lead_organisation_ids(meeting)
        assert can(panama, Action.REPORT_PROGRESS, meeting)
        assert not can(chile, Action.REPORT_PROGRESS, meeting)
        mine = commitments_for(panama, today=D(2017, 6, 1))
        assert [c.key for c in (*mine.overdue, *mine.due_soon, *mine.later)] == ["2.2.ii"]

    def test_the_dashboard_names_who_holds_each_role_that_year(self):
        by_lead = {g.name: g.stands_for for g in plan_dashboard(self.plan).by_lead}

        assert by_lead["País anfitrión"] == "Panamá"
        assert by_lead["País presidente"] == "Uruguay"

    def test_the_activity_page_names_the_host_that_year(self):
        response = english().get(self.url(2017, "2.2.ii"))

        self.assertContains(response, "in 2017: Panamá")
        self.assertContains(response, "in 2017: Uruguay")

    def test_terms_list_presidency_and_host_year_by_year(self):
        assert terms(self.network.pk) == [
            {"year": 2017, "presiding": "Uruguay", "host": "Panamá"},
            {"year": 2016, "presiding": "", "host": "Chile"},
        ]


class NetworkPageTests(RolesTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        group = Organisation.objects.get(network=cls.network, name="Grupo de trabajo en medición")
        BodySeat.objects.create(body=group, country=cls.chile, year=2017, is_chair=True)
        BodySeat.objects.create(body=group, country=organisation(cls.network, "Perú"), year=2017)

    def test_the_network_page_shows_the_terms_the_assembly_and_the_working_groups(self):
        response = english().get(self.url())

        self.assertContains(
            response,
            "<tr><th scope='row'>2017</th><td>Uruguay</td><td>Panamá</td></tr>",
            html=True,
        )
        self.assertContains(response, "XI Reunión Anual")
        self.assertContains(response, "hosted by Panamá")
        self.assertContains(response, "Grupo de trabajo en medición</a> 2017")
        self.assertContains(response, "lead coordinator")
        self.assertContains(response, f'href="{self.url("meetings")}"')

    def test_working_groups_are_not_listed_among_the_executive_bodies(self):
        response = english().get(self.url())

        assert [c["body"].name for c in response.context["committees"]] == ["Comité Ejecutivo"]
