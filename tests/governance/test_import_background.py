"""A large document confirmed on the import page is stored by a worker
(planea.governance.tasks): the person lands on the job's page, which says
it waits, then links to the plan, or says why nothing was stored. The
threshold is lowered to the small plan's five activities."""

from __future__ import annotations

import shutil
from unittest import mock

from django.test import override_settings

from planea.accounts.models import Membership
from planea.governance import intake, tasks
from planea.governance.models import ImportJob, ImportState, PlanTransition
from planea.plans.models import Plan
from tests.governance.import_support import ImportTestCase

# Tasks queued and left there, as a worker that has not come round yet.
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(IMPORT_BACKGROUND_ACTIVITIES=5)
class ImportInTheBackgroundTests(ImportTestCase):
    def tearDown(self) -> None:
        super().tearDown()
        shutil.rmtree(intake.job_root(), ignore_errors=True)

    def confirm(self, user, **form):
        client = self.client_for(user)
        token = self.uploaded(client)
        response = client.post(
            self.import_url(token, "confirm"), {"year": "2019", "status": "draft", **form}
        )
        return client, token, response

    def job_files(self) -> list:
        root = intake.job_root()
        return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []

    def stored(self) -> bool:
        return Plan.objects.filter(network=self.network, year=2019).exists()

    @override_settings(TASKS=QUEUED_ONLY)
    def test_a_large_document_becomes_a_job_whose_page_says_it_waits(self):
        client, token, response = self.confirm(self.committee)

        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/{self.network.slug}/imports/{job.pk}/"
        assert (job.state, job.uploaded_by, job.filename) == (
            "queued",
            self.committee,
            "plan-2019.txt",
        )
        assert not self.stored()
        assert self.preview_files() == [] and self.job_files(), "the document moved to the job"
        assert token not in client.session.get("plan_imports", {})
        page = client.get(response["Location"])
        assert page.status_code == 202
        assert "data-wait" in page.content.decode()
        assert "Esperando su turno" in page.content.decode()

    @override_settings(TASKS=QUEUED_ONLY)
    def test_the_worker_stores_the_plan_as_the_uploader_and_the_page_links_to_it(self):
        client, _token, response = self.confirm(self.committee)
        job = ImportJob.objects.get()

        tasks.store_import.call(job.pk)

        job.refresh_from_db()
        plan = Plan.objects.get(network=self.network, year=2019)
        assert (job.state, job.plan, job.error) == ("done", plan, "")
        assert plan.status == "draft" and plan.activities.count() == 5
        assert PlanTransition.objects.get(plan=plan).user == self.committee
        assert self.job_files() == []
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert f'href="{plan.get_absolute_url()}"' in page.content.decode()
        assert "data-wait" not in page.content.decode()

    def test_a_task_delivered_twice_stores_the_plan_once(self):
        self.confirm(self.secretariat)  # the tests' backend runs it at once
        job = ImportJob.objects.get()

        intake.run_job(job.pk)

        assert ImportJob.objects.get().state == ImportState.DONE
        assert Plan.objects.filter(network=self.network, year=2019).count() == 1

    def test_an_approved_plan_goes_through_the_life_cycle_in_the_worker(self):
        client, _token, response = self.confirm(
            self.secretariat, status="approved", meeting=self.assembly.pk, decision="Aprobado."
        )

        plan = Plan.objects.get(network=self.network, year=2019)
        assert plan.status == "approved"
        steps = PlanTransition.objects.filter(plan=plan).values_list("to_status", flat=True)
        assert list(steps) == ["draft", "proposed", "approved"]
        assert (
            f'href="{plan.get_absolute_url()}"' in client.get(response["Location"]).content.decode()
        )

    def test_a_store_that_fails_halfway_leaves_no_plan_no_file_and_the_page_says_so(self):
        # After the importer has written the plan: the transaction takes it back.
        with mock.patch.object(intake, "record", side_effect=RuntimeError("disk on fire")):
            client, _token, response = self.confirm(self.secretariat)

        job = ImportJob.objects.get()
        assert job.state == ImportState.FAILED and job.plan is None
        assert not self.stored()
        assert self.job_files() == [] and self.preview_files() == []
        page = client.get(response["Location"]).content.decode()
        assert "No se guardó nada" in page and "administradores" in page
        assert "disk on fire" not in page and "RuntimeError" not in page

    @override_settings(TASKS=QUEUED_ONLY)
    def test_an_uploader_who_lost_the_role_meanwhile_gets_nothing_stored(self):
        self.confirm(self.committee)
        Membership.objects.filter(user=self.committee, network=self.network).delete()

        intake.run_job(ImportJob.objects.get().pk)

        job = ImportJob.objects.get()
        assert job.state == ImportState.FAILED and "rol" in job.error
        assert not self.stored() and self.job_files() == []

    def test_a_document_below_the_threshold_is_stored_at_once(self):
        with override_settings(IMPORT_BACKGROUND_ACTIVITIES=6):
            _client, _token, response = self.confirm(self.secretariat)

        plan = Plan.objects.get(network=self.network, year=2019)
        assert response["Location"] == plan.get_absolute_url()
        assert not ImportJob.objects.exists()

    @override_settings(TASKS=QUEUED_ONLY)
    def test_the_page_is_the_uploaders_and_the_secretariats_only(self):
        _client, _token, response = self.confirm(self.committee)
        address = response["Location"]

        for user, allowed in [
            (self.committee, True),
            (self.secretariat, True),
            (self.coordinator, False),
            (self.viewer, False),
        ]:
            status = self.client_for(user).get(address).status_code
            assert status == (202 if allowed else 403), (user, status)
        assert self.client_for(None).get(address)["Location"].startswith("/accounts/login/")
