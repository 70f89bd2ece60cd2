"""`/<network>/<year>/report.<pdf|docx>`: built in the background once per
state of the plan, served from storage after that; a page says it is being
built, or that it failed and may be asked for again.

The suite runs tasks at once (tests/conftest.py); the tests that need a
queue that waits use the dummy backend, which keeps tasks and runs none,
or the database backend with a real worker (`planea worker --batch`)."""

from __future__ import annotations

import io
from unittest import mock

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from planea.accounts.models import Membership
from planea.plans.models import Plan
from planea.reports import builds
from planea.reports.models import Audience, BuildStatus, ReportBuild, report_storage
from planea.tracking.models import Evidence

from .support import PRIVATE_FILE_TITLE, DemoTestCase, first_product

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FAKE_PDF = b"%PDF-1.7 made by a test"


def renders(**kwargs):
    """The report's writer, watched: how often a report is made."""
    return mock.patch("planea.reports.builds.render_report", **kwargs)


def document_text(body: bytes) -> str:
    """A Word document's words, its tables' included."""
    document = docx.Document(io.BytesIO(body))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


class BuildOncePerStateTests(DemoTestCase):
    def get(self, fmt: str = "pdf", person=None, **headers):
        return self.client_for(person).get(self.url(f"report.{fmt}"), headers=headers)

    def test_two_requests_for_the_same_state_make_one_build(self):
        with renders(return_value=FAKE_PDF) as render:
            first = self.get()
            second = self.get()

        assert first.content == second.content == FAKE_PDF
        assert render.call_count == 1
        assert ReportBuild.objects.count() == 1

    @pytest.mark.engine("query count")
    def test_the_second_download_is_read_from_storage_in_a_few_queries(self):
        with renders(return_value=FAKE_PDF):
            self.get()
            with CaptureQueriesContext(connection) as queries:
                response = self.get()

        assert response.content == FAKE_PDF
        assert (
            response["Content-Disposition"] == 'attachment; filename="red-gealc-2017-informe.pdf"'
        )
        # The plan, the data stamp, the build: nothing of the report is read.
        assert len(queries) == 3, [q["sql"] for q in queries]

    def test_a_write_to_the_plan_makes_a_new_build_and_drops_the_old_one(self):
        with renders(return_value=FAKE_PDF) as render:
            self.get()
            old = ReportBuild.objects.get()
            Evidence.objects.create(
                product=first_product(self.plan, "1.1.i"),
                title="Acta nueva",
                url="https://example.org/acta",
            )
            with self.captureOnCommitCallbacks(execute=True):
                self.get()

        assert render.call_count == 2
        new = ReportBuild.objects.get()
        assert new.pk != old.pk and new.stamp > old.stamp
        assert not report_storage().exists(old.path)
        assert report_storage().exists(new.path)

    def test_each_language_has_its_own_build(self):
        with renders(return_value=FAKE_PDF) as render:
            spanish = self.get()
            english = self.get(accept_language="en")

        assert render.call_count == 2
        assert spanish["Content-Disposition"].endswith('-informe.pdf"')
        assert english["Content-Disposition"].endswith('-report.pdf"')
        assert sorted(ReportBuild.objects.values_list("language", flat=True)) == ["en", "es"]

    def test_a_build_delivered_twice_is_made_once(self):
        with renders(return_value=FAKE_PDF) as render:
            self.get()
            builds.run(ReportBuild.objects.get().pk)

        assert render.call_count == 1

    def test_a_build_whose_file_is_gone_is_made_again(self):
        with renders(return_value=FAKE_PDF) as render:
            self.get()
            report_storage().delete(ReportBuild.objects.get().path)
            response = self.get()

        assert response.content == FAKE_PDF
        assert render.call_count == 2

    def test_the_pdf_is_a_real_pdf_and_the_word_file_a_real_word_document(self):
        pdf = self.get("pdf", accept_language="en")
        word = self.get("docx", accept_language="en")

        assert PdfReader(io.BytesIO(pdf.content)).metadata.title.startswith("Report on")
        assert docx.Document(io.BytesIO(word.content)).tables


class AudienceTests(DemoTestCase):
    """The one thing in the report that depends on its reader is the
    evidence they may see: a members' build is never served to the public."""

    def get(self, person):
        return self.client_for(person).get(self.url("report.docx"))

    def test_members_and_the_public_are_served_their_own_builds(self):
        member = document_text(self.get(self.vera).content)
        public = document_text(self.get(None).content)

        assert PRIVATE_FILE_TITLE in member
        assert PRIVATE_FILE_TITLE not in public
        audiences = ReportBuild.objects.values_list("audience", flat=True)
        assert sorted(audiences) == [Audience.MEMBERS, Audience.PUBLIC]

    def test_every_member_reads_the_members_build(self):
        with renders(return_value=b"members") as render:
            self.get(self.vera)
            self.get(self.sofia)

        assert render.call_count == 1

    def test_a_reader_who_may_not_see_the_plan_neither_starts_nor_gets_a_build(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        public = self.client_for(None)

        assert public.get(self.url("report.pdf")).status_code == 404
        assert public.post(self.url("report.pdf/retry")).status_code == 404
        assert not ReportBuild.objects.exists()

    def test_a_members_build_is_not_made_for_someone_who_has_left_the_network(self):
        with override_settings(TASKS=DUMMY):
            self.get(self.vera)
        Membership.objects.filter(user=self.vera).delete()

        with pytest.raises(PermissionDenied):
            builds.run(ReportBuild.objects.get().pk)
        assert ReportBuild.objects.get().status == BuildStatus.FAILED


@override_settings(TASKS=DUMMY)
class BeingBuiltTests(DemoTestCase):
    def get(self, address: str = "report.pdf"):
        return self.client_for(None).get(self.url(address))

    def test_until_built_the_page_says_so_and_asks_again_by_itself(self):
        response = self.get()

        assert response.status_code == 202
        page = response.content.decode()
        assert "se está generando" in page
        # It asks again by itself (a script file of the site's), or by a link.
        assert 'src="/static/planea/wait.js"' in page
        assert 'data-wait="/red-gealc/2017/report.pdf?wait=1"' in page
        assert 'href="/red-gealc/2017/report.pdf?wait=1"' in page
        assert ReportBuild.objects.get().status == BuildStatus.QUEUED

    def test_once_built_the_waiting_page_offers_the_download(self):
        self.get()
        with renders(return_value=FAKE_PDF):
            builds.run(ReportBuild.objects.get().pk)

        waiting = self.get("report.pdf?wait=1")
        assert waiting.status_code == 200
        page = waiting.content.decode()
        assert 'href="/red-gealc/2017/report.pdf"' in page
        assert "wait.js" not in page
        assert self.get().content == FAKE_PDF

    def test_a_failed_build_says_so_without_its_reason_and_may_be_asked_for_again(self):
        self.get()
        failing = renders(side_effect=RuntimeError("WeasyPrint ran out of memory"))
        with failing, pytest.raises(RuntimeError):
            builds.run(ReportBuild.objects.get().pk)

        failed = self.get("report.pdf?wait=1").content.decode()
        assert "No se pudo generar el informe" in failed
        assert "WeasyPrint" not in failed
        assert 'action="/red-gealc/2017/report.pdf/retry"' in failed
        assert "out of memory" in ReportBuild.objects.get().error

        retried = self.client_for(None).post(self.url("report.pdf/retry"))
        assert retried.status_code == 302
        assert retried["Location"] == "/red-gealc/2017/report.pdf?wait=1"
        build = ReportBuild.objects.get()
        assert build.status == BuildStatus.QUEUED and build.error == ""
        with renders(return_value=FAKE_PDF):
            builds.run(build.pk)
        assert self.get().content == FAKE_PDF

    def test_a_build_still_running_cannot_be_queued_twice(self):
        self.get()
        self.client_for(None).post(self.url("report.pdf/retry"))

        assert ReportBuild.objects.get().status == BuildStatus.QUEUED
        assert ReportBuild.objects.count() == 1

    def test_only_formats_built_in_the_background_can_be_retried(self):
        assert self.client_for(None).post(self.url("report.md/retry")).status_code == 404
        assert self.client_for(None).get(self.url("report.pdf/retry")).status_code == 405


@override_settings(TASKS=DATABASE)
class WorkerTests(DemoTestCase):
    def test_a_worker_builds_what_the_database_backend_queued(self):
        client = self.client_for(None)
        assert client.get(self.url("report.pdf")).status_code == 202

        with renders(return_value=FAKE_PDF):
            call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

        build = ReportBuild.objects.get()
        assert build.status == BuildStatus.READY and build.task_id
        assert client.get(self.url("report.pdf")).content == FAKE_PDF
