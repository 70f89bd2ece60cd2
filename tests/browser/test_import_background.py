"""On a real browser: Sofía stores a plan too large to store within the
request (the threshold lowered to the small plan's five activities). The
site says it is being stored; the task stores it; the page turns by itself
into the link to the new plan (planea/wait.js), and axe-core finds
nothing serious on either state of the page (issue 13).

The task is called in the test's own thread, which shares the live server's
in-memory database connection: a worker thread would open another, and
SQLite's shared cache refuses it a lock while the page asks again."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from planea import planfile
from tests.base import small_plan
from tests.browser.test_accessibility import axe_path
from tests.browser.test_background_report import serious_violations
from tests.browser.test_import_page import PASSWORD, READING_MS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def sofia(demo):
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network

    user = get_user_model().objects.create_user("sofia-import", "s@example.org", PASSWORD)
    network = Network.objects.get(slug="red-gealc")
    Membership.objects.create(user=user, network=network, role=Role.SECRETARIAT)
    return demo


def test_sofia_waits_on_the_import_page_while_the_plan_is_stored_in_the_background(
    sofia, page, tmp_path
):
    from playwright.sync_api import expect

    from planea.governance import tasks
    from planea.governance.models import ImportJob

    document = tmp_path / "plan-2019.txt"
    document.write_text(planfile.render_text(small_plan(2019)), encoding="utf-8")
    base = sofia
    page.context.add_init_script(path=axe_path())
    log_in(page, base)

    with override_settings(IMPORT_BACKGROUND_ACTIVITIES=5, TASKS=QUEUED_ONLY):
        page.goto(base + "/red-gealc/import/")
        page.get_by_label("Documento del plan").set_input_files(str(document))
        page.get_by_role("button", name="Leer el documento").click()
        expect(page.locator("#activity-count")).to_have_text("5", timeout=READING_MS)
        page.get_by_role("button", name="Guardar el plan").click()

        expect(page).to_have_url(re.compile(r"/red-gealc/imports/\d+/$"))
        expect(page.get_by_text("El documento es grande")).to_be_visible()
        assert serious_violations(page) == []

        tasks.store_import.call(ImportJob.objects.get().pk)
        # The page asks again every two seconds by itself.
        link = page.get_by_role("link", name="Ir al plan")
        expect(link).to_be_visible(timeout=30_000)
        assert serious_violations(page) == []
        link.click()
        expect(page).to_have_url(base + "/red-gealc/2019/")
