"""Amendments to an adopted plan: proposed by uploading the amended plan,
shown against the plan as it is, and, once approved at a meeting, applied
in place, so that progress and evidence survive."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from planea import planfile
from planea.governance import lifecycle
from planea.governance.amend import AmendmentRefused
from planea.governance.lifecycle import pending_amendment
from planea.governance.models import PlanTransition, PlanVersion, TransitionError
from planea.plans.models import Activity, Plan, Product
from planea.tracking.models import Evidence, ProgressUpdate, record_progress
from tests.base import PersonasTestCase, activity
from tests.governance.support import (
    area_of,
    as_json,
    as_text,
    committee_meeting,
    document_of,
    drop,
    english,
    find,
    set_status,
)


class AmendmentTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = committee_meeting(cls.network)
        set_status(cls.plan, "in_execution")
        workshop = Activity.objects.get(plan=cls.plan, key="1.1.i")
        record_progress(
            workshop, author=cls.coordinator, status="on_track", note="Sede confirmada",
            seen_version=workshop.version,
        )  # fmt: skip
        cls.minutes = Evidence.objects.create(
            product=Product.objects.get(activity__plan=cls.plan, activity__key="1.3.i"),
            title="Acta de febrero",
            url="https://actas.example.org/feb",
        )

    def setUp(self) -> None:
        super().setUp()
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)

    def ids(self) -> dict[str, int]:
        return dict(Activity.objects.filter(plan=self.plan).values_list("key", "pk"))

    def approve(self, document, user=None):
        proposal = lifecycle.propose_amendment(self.plan, document, self.committee, note="Ajustes")
        return lifecycle.approve_amendment(
            self.plan, proposal, self.meeting, user or self.secretariat, decision="Aprobado."
        )


class ApplyingInPlaceTests(AmendmentTestCase):
    def test_changed_fields_are_updated_on_the_same_rows_and_progress_and_evidence_stay(self):
        before = self.ids()
        document = document_of(self.plan)
        workshop = find(document, "1.1.i")
        workshop.title = "Quinto taller regional de software público (Lima)"
        workshop.due = dt.date(2017, 5, 15)
        workshop.leads = ["Grupo de Trabajo en software público", "Perú"]
        find(document, "1.3.i").targets = [planfile.Target(8, "reuniones", "P6W", 0)]

        result = self.approve(document)

        assert self.ids() == before
        assert set(result.changed) == {"1.1.i", "1.3.i"}
        assert result.added == result.removed == result.kept_cancelled == ()
        workshop = Activity.objects.get(pk=before["1.1.i"])
        assert workshop.title == "Quinto taller regional de software público (Lima)"
        assert workshop.due == dt.date(2017, 5, 15)
        assert [o.name for o in workshop.leads.order_by("lead_links__order")] == [
            "Grupo de Trabajo en software público",
            "Perú",
        ]
        assert workshop.status == "on_track"
        assert workshop.version == 3  # one report, one amendment
        assert ProgressUpdate.objects.filter(activity=workshop).count() == 1
        product = Product.objects.get(activity_id=before["1.3.i"])
        assert (product.target_quantity, product.recurrence) == (8, "P6W")
        assert list(product.evidence.all()) == [self.minutes]

    def test_new_activities_are_added_and_dropped_ones_without_progress_removed(self):
        document = document_of(self.plan)
        drop(document, "2.1.i")
        area_of(document, "1.1.i").activities.append(
            activity("1.2.ii", "S2", "Sexto taller regional", products=["Hoja de ruta"])
        )

        result = self.approve(document)

        assert result.added == ("1.2.ii",) and result.removed == ("2.1.i",)
        keys = set(self.ids())
        assert "2.1.i" not in keys and "1.2.ii" in keys
        added = Activity.objects.get(plan=self.plan, key="1.2.ii")
        assert [p.description for p in added.products.all()] == ["Hoja de ruta"]
        assert added.area.number == 1
        assert "sexto taller" in added.search_text

    def test_an_activity_with_progress_is_not_removed_and_the_amendment_says_why(self):
        document = document_of(self.plan)
        drop(document, "1.1.i")
        proposal = lifecycle.propose_amendment(self.plan, document, self.committee)

        with self.assertRaises(AmendmentRefused) as refused, translation.override("en"):
            lifecycle.approve_amendment(self.plan, proposal, self.meeting, self.secretariat)

        assert "1.1.i" in refused.exception.message
        assert "mark it cancelled instead" in refused.exception.message
        assert Activity.objects.filter(plan=self.plan, key="1.1.i").exists()
        assert pending_amendment(self.plan) == proposal
        assert not PlanVersion.objects.filter(plan=self.plan, kind="amendment_approval").exists()

    def test_a_cancelled_activity_with_progress_is_kept_cancelled_when_dropped(self):
        workshop = Activity.objects.get(plan=self.plan, key="1.1.i")
        record_progress(
            workshop, author=self.secretariat, status="cancelled", seen_version=workshop.version
        )
        document = document_of(self.plan)
        drop(document, "1.1.i")

        result = self.approve(document)

        assert result.kept_cancelled == ("1.1.i",) and result.removed == ()
        kept = Activity.objects.get(pk=workshop.pk)
        assert kept.status == "cancelled"
        assert kept.updates.count() == 2

    def test_a_product_with_evidence_is_never_dropped(self):
        document = document_of(self.plan)
        meetings = find(document, "1.3.i")
        meetings.products = []
        meetings.targets = []
        proposal = lifecycle.propose_amendment(self.plan, document, self.committee)

        with self.assertRaises(AmendmentRefused) as refused:
            lifecycle.approve_amendment(self.plan, proposal, self.meeting, self.secretariat)

        assert "Actas de las reuniones" in refused.exception.message
        assert Evidence.objects.filter(pk=self.minutes.pk).exists()

    def test_a_renamed_product_keeps_its_evidence(self):
        document = document_of(self.plan)
        find(document, "1.3.i").products = ["Actas firmadas de las reuniones"]

        self.approve(document)

        product = Product.objects.get(activity__plan=self.plan, activity__key="1.3.i")
        assert product.description == "Actas firmadas de las reuniones"
        assert list(product.evidence.all()) == [self.minutes]

    def test_the_approved_text_is_kept_as_an_amendment_approval_version(self):
        document = document_of(self.plan)
        find(document, "2.2.i").title = "Boletín trimestral"

        result = self.approve(document)

        version = result.version
        assert version.kind == "amendment_approval"
        assert version.meeting == self.meeting and version.note == "Aprobado."
        assert version.proposal.kind == "amendment_proposal"
        assert find(version.plan_document(), "2.2.i").title == "Boletín trimestral"
        step = PlanTransition.objects.get(version=version)
        assert (step.from_status, step.to_status, step.user) == (
            "in_execution",
            "in_execution",
            self.secretariat,
        )
        assert pending_amendment(self.plan) is None


class ProposingTests(AmendmentTestCase):
    def test_a_proposal_changes_nothing_in_the_plan_until_approved(self):
        document = document_of(self.plan)
        find(document, "2.2.i").title = "Boletín trimestral"

        version = lifecycle.propose_amendment(self.plan, document, self.committee)

        assert version.kind == "amendment_proposal" and version.plan_status == "in_execution"
        assert Activity.objects.get(plan=self.plan, key="2.2.i").title.startswith("Boletín de")
        assert pending_amendment(self.plan) == version

    def test_a_newer_proposal_supersedes_the_older(self):
        first = lifecycle.propose_amendment(self.plan, document_of(self.plan), self.committee)
        second = lifecycle.propose_amendment(self.plan, document_of(self.plan), self.secretariat)

        assert pending_amendment(self.plan) == second
        with self.assertRaises(TransitionError):
            lifecycle.approve_amendment(self.plan, first, self.meeting, self.secretariat)

    def test_a_document_for_another_year_is_refused(self):
        document = document_of(self.plan)
        document.year = 2018

        with self.assertRaises(TransitionError) as refused:
            lifecycle.propose_amendment(self.plan, document, self.committee)

        assert "2018" in refused.exception.message

    def test_a_document_with_a_key_used_twice_is_refused(self):
        document = document_of(self.plan)
        find(document, "2.2.i").key = "1.1.i"

        with self.assertRaises(TransitionError) as refused:
            lifecycle.propose_amendment(self.plan, document, self.committee)

        assert "1.1.i" in refused.exception.message


class AmendmentPagesTests(AmendmentTestCase):
    def test_the_committee_uploads_a_text_document_and_sees_its_differences(self):
        document = document_of(self.plan)
        find(document, "1.2.i").title = "Cinco intercambios de cooperación horizontal"
        client = english(self.committee)

        response = client.post(
            self.url(2017, "amendments", "new"),
            {"document": as_text(document), "note": "Un intercambio más"},
            follow=True,
        )

        version = PlanVersion.objects.get(plan=self.plan, kind="amendment_proposal")
        assert response.redirect_chain[-1][0] == self.url(2017, "amendments", version.number)
        assert version.source_name == "plan-enmendado.txt"
        self.assertContains(response, 'data-key="1.2.i" data-change="changed"')
        self.assertContains(response, "Cinco intercambios de cooperación horizontal")
        self.assertContains(response, "Un intercambio más")
        # Only the Secretariat records the approval.
        self.assertNotContains(response, "Approve the amendment")

    def test_the_secretariat_approves_it_at_a_meeting_from_its_page(self):
        document = document_of(self.plan)
        find(document, "1.2.i").title = "Cinco intercambios de cooperación horizontal"
        client = english(self.secretariat)
        client.post(self.url(2017, "amendments", "new"), {"document": as_json(document)})
        version = PlanVersion.objects.get(plan=self.plan, kind="amendment_proposal")

        page = client.get(self.url(2017, "amendments", version.number))
        response = client.post(
            self.url(2017, "amendments", version.number, "approve"),
            {"meeting": self.meeting.pk, "decision": "Aprobado."},
            follow=True,
        )

        self.assertContains(page, "Approve the amendment")
        self.assertContains(response, "1 changed")
        activity = Activity.objects.get(plan=self.plan, key="1.2.i")
        assert activity.title == "Cinco intercambios de cooperación horizontal"

    def test_the_page_warns_before_an_approval_that_would_be_refused(self):
        document = document_of(self.plan)
        drop(document, "1.1.i")
        version = lifecycle.propose_amendment(self.plan, document, self.committee)

        response = english(self.secretariat).get(self.url(2017, "amendments", version.number))

        self.assertContains(response, 'id="amendment-problems"')
        self.assertContains(response, "Activity 1.1.i has progress reports or evidence")

    def test_a_document_that_is_not_a_plan_is_refused_with_the_reason(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("plan.json", b'{"title": 1}', "application/json")

        response = english(self.committee).post(
            self.url(2017, "amendments", "new"), {"document": upload}
        )

        assert response.status_code == 400
        self.assertContains(response, "cannot be read as a plan", status_code=400)
        assert not PlanVersion.objects.filter(plan=self.plan).exists()

    def test_coordinators_viewers_and_the_public_may_not_propose_amendments(self):
        for user in (self.coordinator, self.viewer, None):
            response = english(user).get(self.url(2017, "amendments", "new"))
            assert response.status_code == 403, user

    def test_an_amendment_under_discussion_is_for_members_only(self):
        version = lifecycle.propose_amendment(self.plan, document_of(self.plan), self.committee)

        assert english().get(self.url(2017, "amendments", version.number)).status_code == 404
        assert (
            english(self.viewer).get(self.url(2017, "amendments", version.number)).status_code
            == 200
        )
