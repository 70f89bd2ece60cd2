"""Cancelling an import, and what a failed or abandoned one leaves: no row
and no file."""

from __future__ import annotations

import os
import time
from unittest import mock

from django.apps import apps

from planea.governance import intake
from planea.plans.importer import PlanImportError
from planea.plans.models import Plan
from tests.governance.import_support import ImportTestCase


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


class ImportCancelViewTests(ImportTestCase):
    def test_cancelling_deletes_the_document_and_stores_nothing(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)
        assert self.preview_files()

        response = client.post(self.import_url(token, "cancel"))

        assert response.status_code == 302 and response["Location"] == self.url()
        assert self.preview_files() == []
        assert token not in client.session.get("plan_imports", {})
        assert client.get(self.import_url(token)).status_code == 404
        assert not Plan.objects.filter(network=self.network, year=2019).exists()

    def test_a_viewer_cannot_cancel_and_the_document_stays(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = self.client_for(self.viewer).post(self.import_url(token, "cancel"))

        assert response.status_code == 403
        assert self.preview_files()


class FailedAndAbandonedImportTests(ImportTestCase):
    def test_a_failed_import_changes_no_row_and_leaves_no_file(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)
        before = row_counts()

        # The database refuses the plan half-way through: the plan and its
        # areas are written, then writing the activities fails.
        with mock.patch(
            "planea.plans.importer.create_activities",
            side_effect=PlanImportError("the database refused the plan"),
        ):
            response = client.post(
                self.import_url(token, "confirm"), {"year": "2019", "status": "draft"}
            )

        assert response.status_code == 302 and response["Location"] == self.import_url()
        assert row_counts() == {**before, "sessions.Session": before["sessions.Session"]}
        assert self.preview_files() == []
        assert "No se guardó nada" in client.get(self.import_url()).content.decode()

    def test_a_failed_approval_rolls_back_the_imported_draft_too(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)
        before = row_counts()

        with (
            mock.patch("planea.governance.lifecycle.approve", side_effect=PermissionError("no")),
            self.assertRaises(PermissionError),
        ):
            client.post(
                self.import_url(token, "confirm"),
                {"year": "2019", "status": "approved", "meeting": self.assembly.pk},
            )

        assert row_counts() == before
        assert self.preview_files() == []

    def test_an_abandoned_preview_is_swept_and_stores_nothing(self):
        client = self.client_for(self.secretariat)
        before = row_counts()
        self.uploaded(client)
        folder = next(intake.preview_root().iterdir())
        past = time.time() - intake.PREVIEW_MAX_AGE_SECONDS - 60
        os.utime(folder, (past, past))

        assert intake.sweep() == 1

        assert self.preview_files() == []
        counts = row_counts()
        assert {k: v for k, v in counts.items() if k != "sessions.Session"} == {
            k: v for k, v in before.items() if k != "sessions.Session"
        }
