"""Every proposed and approved text of a plan is kept for good: never changed,
never deleted; listed, downloaded and compared on the plan's pages."""

from __future__ import annotations

import json

import pytest
from django.db.models.deletion import ProtectedError

from planea import planfile
from planea.governance import lifecycle
from planea.governance.models import ImmutableRecord, PlanTransition, PlanVersion
from planea.plans.document import plan_document
from planea.plans.models import Activity, Plan
from tests.base import PersonasTestCase
from tests.governance.support import (
    assembly_meeting,
    document_of,
    english,
    find,
    set_status,
)


class VersionTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.assembly = assembly_meeting(cls.network)
        set_status(cls.plan, "draft")
        cls.proposal = lifecycle.propose(cls.plan, cls.committee, note="Propuesta del Comité")
        enriched = document_of(cls.plan)
        find(enriched, "1.1.i").title = "Quinto taller regional de software público, en Lima"
        cls.amendment = lifecycle.propose_amendment(
            cls.plan, enriched, cls.secretariat, note="La Asamblea"
        )
        cls.approval = lifecycle.approve(
            cls.plan, cls.assembly, cls.secretariat, decision="Aprobado."
        )


class ImmutabilityTests(VersionTestCase):
    def test_a_version_holds_the_plans_text_in_the_json_plan_format(self):
        text = planfile.to_json(plan_document(Plan.objects.get(pk=self.plan.pk)))

        assert self.approval.document == text
        assert planfile.from_json(self.proposal.document).title == "PLAN ANUAL DE TRABAJO 2017"
        assert len(self.approval.digest) == 64
        assert [(v.number, v.kind) for v in PlanVersion.objects.filter(plan=self.plan)] == [
            (1, "proposal"),
            (2, "amendment_proposal"),
            (3, "approval"),
        ]
        assert self.approval.proposal == self.amendment
        assert (self.proposal.author_name, self.proposal.created_by) == ("Carlos", self.committee)

    def test_a_version_cannot_be_changed_nor_deleted(self):
        version = PlanVersion.objects.get(pk=self.proposal.pk)
        version.note = "Otra nota"

        with pytest.raises(ImmutableRecord):
            version.save()
        with pytest.raises(ImmutableRecord):
            version.delete()
        with pytest.raises(ImmutableRecord):
            PlanVersion.objects.filter(pk=version.pk).update(note="Otra nota")
        with pytest.raises(ImmutableRecord):
            PlanVersion.objects.filter(pk=version.pk).delete()
        with pytest.raises(ImmutableRecord):
            PlanVersion.objects.bulk_update([version], ["note"])
        assert PlanVersion.objects.get(pk=version.pk).note == "Propuesta del Comité"

    def test_the_log_of_changes_of_status_cannot_be_rewritten_either(self):
        step = PlanTransition.objects.filter(plan=self.plan).first()

        with pytest.raises(ImmutableRecord):
            step.save()
        with pytest.raises(ImmutableRecord):
            PlanTransition.objects.filter(pk=step.pk).update(decision="")

    def test_an_account_deleted_later_leaves_the_authors_name_on_its_versions(self):
        self.committee.delete()

        proposal = PlanVersion.objects.get(pk=self.proposal.pk)
        assert (proposal.created_by, proposal.author_name) == (None, "Carlos")

    def test_a_plan_with_versions_cannot_be_deleted_with_them(self):
        with pytest.raises(ProtectedError):
            Plan.objects.get(pk=self.plan.pk).delete()
        assert PlanVersion.objects.filter(plan=self.plan).count() == 3

    def test_the_live_plan_changes_but_its_versions_do_not(self):
        Activity.objects.filter(plan=self.plan, key="2.2.i").update(title="Boletín mensual")

        text = PlanVersion.objects.get(pk=self.approval.pk).plan_document()

        assert find(text, "2.2.i").title == "Boletín de gobierno electrónico"

    def test_the_admin_shows_versions_read_only(self):
        client = english(self.ana)
        url = f"/admin/governance/planversion/{self.approval.pk}/change/"

        page = client.get(url)
        posted = client.post(url, {"note": "cambiada"})

        assert page.status_code == 200
        self.assertNotContains(page, 'name="note"')
        assert posted.status_code == 403
        assert client.get("/admin/governance/planversion/add/").status_code == 403
        delete = f"/admin/governance/planversion/{self.approval.pk}/delete/"
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert PlanVersion.objects.get(pk=self.approval.pk).note == "Aprobado."


class VersionPagesTests(VersionTestCase):
    def test_the_versions_are_listed_with_who_when_and_where(self):
        response = english().get(self.url(2017, "versions"))

        self.assertContains(response, '<tr id="version-1" data-kind="proposal">')
        self.assertContains(response, '<tr id="version-3" data-kind="approval">')
        self.assertContains(response, "Carlos")
        self.assertContains(response, "X Reunión Anual de la Red")
        self.assertContains(response, "Aprobado.")
        # An amendment under discussion is for members only; this one was adopted,
        # but its row still is.
        self.assertNotContains(response, 'id="version-2"')
        members = english(self.viewer).get(self.url(2017, "versions"))
        self.assertContains(members, '<tr id="version-2" data-kind="amendment_proposal">')

    def test_choosing_two_versions_opens_their_differences(self):
        response = english().get(self.url(2017, "versions"), {"a": "1", "b": "3"})

        assert response.status_code == 302
        assert response["Location"] == self.url(2017, "versions", 1, 3)

    def test_the_differences_are_an_accessible_table_of_field_before_and_after(self):
        response = english().get(self.url(2017, "versions", 1, 3))

        self.assertContains(response, "What changed from version 1 to version 3")
        self.assertContains(response, '<th scope="col">Field</th>', html=True)
        self.assertContains(response, '<th scope="col">Version 1</th>', html=True)
        self.assertContains(response, '<th scope="col">Version 3</th>', html=True)
        self.assertContains(
            response,
            '<tr data-field="title"><th scope="row">Title</th>'
            '<td class="changes__before">Quinto taller regional de software público</td>'
            '<td class="changes__after">Quinto taller regional de software público, en Lima</td>'
            "</tr>",
            html=True,
        )
        self.assertContains(response, "<caption>", count=1)

    def test_a_version_downloads_as_json(self):
        response = english().get(self.url(2017, "versions", 3))

        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "red-demo-2017-v3.json" in response["Content-Disposition"]
        assert json.loads(response.content)["year"] == 2017

    def test_the_versions_of_a_draft_are_not_shown_to_the_public(self):
        set_status(self.plan, "proposed")

        assert english().get(self.url(2017, "versions")).status_code == 404
        assert english().get(self.url(2017, "versions", 1, 3)).status_code == 404
        assert english(self.committee).get(self.url(2017, "versions", 1, 3)).status_code == 200

    def test_an_unknown_version_is_not_found(self):
        assert english().get(self.url(2017, "versions", 1, 9)).status_code == 404
        assert english().get(self.url(2017, "versions", 9)).status_code == 404

    def test_the_plan_page_links_to_the_versions(self):
        response = english().get(self.url(2017))

        self.assertContains(response, f'href="{self.url(2017, "versions")}"')
