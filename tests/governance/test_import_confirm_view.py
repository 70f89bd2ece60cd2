"""Confirming an import: the plan is stored as a draft (the default) or as
approved at an Assembly meeting, through the life cycle's own steps."""

from __future__ import annotations

from planea.governance.models import PlanTransition, PlanVersion, VersionKind
from planea.plans.models import Plan
from tests.governance.import_support import OUTLINE, ImportTestCase
from tests.governance.support import committee_meeting


class ImportConfirmDraftTests(ImportTestCase):
    def test_the_secretariat_stores_the_plan_as_a_draft_by_default(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"), {"year": "2019", "status": "draft"}
        )

        plan = Plan.objects.get(network=self.network, year=2019)
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
        assert plan.status == "draft"
        assert plan.activities.count() == 5
        assert plan.source_name == "plan-2019.txt"
        created = PlanTransition.objects.get(plan=plan)
        assert (created.from_status, created.to_status, created.user) == (
            "",
            "draft",
            self.secretariat,
        )
        assert self.preview_files() == []
        assert token not in client.session.get("plan_imports", {})

    def test_a_committee_member_stores_the_proposal_as_a_draft(self):
        client = self.client_for(self.committee)
        token = self.uploaded(client)

        client.post(self.import_url(token, "confirm"), {"year": "2019", "status": "draft"})

        assert Plan.objects.get(network=self.network, year=2019).status == "draft"

    def test_a_committee_member_cannot_store_it_as_approved(self):
        client = self.client_for(self.committee)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"),
            {"year": "2019", "status": "approved", "meeting": self.assembly.pk},
        )

        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"status"}
        assert not Plan.objects.filter(network=self.network, year=2019).exists()

    def test_the_year_chosen_is_the_plans_year(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        client.post(self.import_url(token, "confirm"), {"year": "2020", "status": "draft"})

        assert Plan.objects.filter(network=self.network, year=2020).exists()
        assert not Plan.objects.filter(network=self.network, year=2019).exists()

    def test_a_year_the_network_already_has_is_refused_on_the_field_and_the_preview_kept(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"), {"year": "2017", "status": "draft"}
        )

        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"year"}
        assert self.preview_files(), "the document waits for another year"

    def test_the_hints_of_the_preview_are_the_ones_stored(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client, "plan.md", OUTLINE)

        client.post(
            self.import_url(token, "confirm"),
            {"year": "2019", "status": "draft", "layout": "outline", "activity_level": "list:0"},
        )

        plan = Plan.objects.get(network=self.network, year=2019)
        assert plan.activities.count() == 3


class ImportConfirmApprovedTests(ImportTestCase):
    def test_the_secretariat_stores_a_plan_approved_at_the_assembly_through_the_life_cycle(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"),
            {
                "year": "2019",
                "status": "approved",
                "meeting": self.assembly.pk,
                "decision": "La Asamblea aprueba el plan 2019.",
            },
        )

        assert response.status_code == 302
        plan = Plan.objects.get(network=self.network, year=2019)
        assert plan.status == "approved"
        steps = list(
            PlanTransition.objects.filter(plan=plan).values_list("from_status", "to_status")
        )
        assert steps == [("", "draft"), ("draft", "proposed"), ("proposed", "approved")]
        approval = PlanVersion.objects.get(plan=plan, kind=VersionKind.APPROVAL)
        assert approval.meeting == self.assembly
        assert approval.note == "La Asamblea aprueba el plan 2019."
        assert self.preview_files() == []

    def test_approved_without_a_meeting_is_refused_on_the_meeting(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"), {"year": "2019", "status": "approved"}
        )

        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"meeting"}
        assert not Plan.objects.filter(network=self.network, year=2019).exists()

    def test_only_assembly_meetings_are_offered(self):
        other = committee_meeting(self.network)
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"),
            {"year": "2019", "status": "approved", "meeting": other.pk},
        )

        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"meeting"}

    def test_an_assembly_outside_the_years_window_is_refused_with_the_rule(self):
        import datetime as dt

        from tests.governance.support import assembly_meeting

        old = assembly_meeting(self.network, dt.date(2016, 12, 2), title="X Reunión Anual")
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.post(
            self.import_url(token, "confirm"),
            {"year": "2019", "status": "approved", "meeting": old.pk},
            headers={"accept-language": "en"},
        )

        assert response.status_code == 400
        assert response.context["form"].errors["meeting"] == [
            "“X Reunión Anual” (Dec. 2, 2016) cannot approve the plan for 2019: under the "
            "network's statutes it is approved at a meeting held from Jan. 1, 2018 to "
            "Dec. 31, 2019."
        ]
        assert not Plan.objects.filter(network=self.network, year=2019).exists()
