"""Bruno asks for the demo plan's PDF report: the site says it is being
built, a background worker builds it, the page turns into the download by
itself, and the file is a real PDF of the plan (issue 13, item 3).

The worker is django-tasks' database worker, the one `planea worker` runs,
run over the queued tasks in the test's own thread (the live server's
in-memory database is not reachable from another process)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tests.browser.test_accessibility import FAILING_IMPACTS, RUN_AXE, TAGS, axe_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def serious_violations(page) -> list[dict]:
    return [v for v in page.evaluate(RUN_AXE, TAGS) if v["impact"] in FAILING_IMPACTS]


@pytest.fixture
def queued_tasks() -> Iterator[None]:
    """Tasks queued in the database, for a worker to run, as in production."""
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def run_queued_tasks() -> None:
    """django-tasks' database worker, the one `planea worker` runs, over
    the tasks queued so far, then back (`--batch`). In the test's own
    thread: it shares the live server's in-memory database connection,
    where a worker thread would open another and meet SQLite's shared-cache
    table locks."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    ).run()


def test_bruno_waits_for_the_pdf_while_it_is_built_then_downloads_it(
    demo, page, screenshot, queued_tasks
):
    from playwright.sync_api import expect
    from pypdf import PdfReader

    # The crawl of test_accessibility never reaches these pages (it follows
    # no .pdf link): axe-core checks them here, loaded as the crawl loads it.
    page.context.add_init_script(path=axe_path())
    page.goto(demo + "/red-gealc/2017/")
    downloads = page.get_by_role("region", name=re.compile("Descargar|Download"))
    downloads.get_by_role("link", name="PDF · El informe anual", exact=True).click()

    expect(page).to_have_url(demo + "/red-gealc/2017/report.pdf")
    expect(page.get_by_role("heading", level=1)).to_have_text("El informe anual (PDF)")
    expect(page.get_by_text("El informe se está generando")).to_be_visible()
    screenshot(page, "22-report-being-built", full_page=False)
    assert serious_violations(page) == []

    run_queued_tasks()
    # The page asks again every two seconds by itself (planea/wait.js)
    # and shows the answer once it is no longer "being built"; the PDF of the demo
    # takes one or two more.
    ready = page.get_by_text("El informe está listo.")
    expect(ready).to_be_visible(timeout=60_000)
    expect(page).to_have_url(demo + "/red-gealc/2017/report.pdf?wait=1")
    screenshot(page, "23-report-ready", full_page=False)
    assert serious_violations(page) == []

    with page.expect_download() as started:
        page.get_by_role("link", name="Descargar el informe (PDF)").click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename == "red-gealc-2017-informe.pdf"
    pdf = PdfReader(Path(download.path()))
    assert pdf.metadata.title.startswith("Informe")
    assert "2017" in pdf.pages[0].extract_text()
