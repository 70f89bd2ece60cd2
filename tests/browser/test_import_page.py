"""On a real browser: the Secretariat brings in a plan written in another
layout than the seed's, corrects the reading with one hint and sees the
activity count change, and stores it as a draft."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
CORPUS_PLAN = (
    REPO.parent / "shared" / "corpus" / "plans" / "uk-lpdp-terms-of-reference-2012-13-draft.odt"
)
PASSWORD = "una frase larga para el navegador"
# Reading a document runs in a bounded child process: seconds on a busy machine.
READING_MS = 60_000


@pytest.fixture
def secretariat(demo):
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network

    user = get_user_model().objects.create_user("sofia-import", "s@example.org", PASSWORD)
    network = Network.objects.get(slug="red-gealc")
    Membership.objects.create(user=user, network=network, role=Role.SECRETARIAT)
    return demo


def log_in(page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill("sofia-import")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


@pytest.mark.skipif(not CORPUS_PLAN.is_file(), reason=f"{CORPUS_PLAN} is not here")
def test_sofia_brings_in_a_plan_corrects_the_reading_and_stores_a_draft(
    secretariat, page, screenshot
):
    from playwright.sync_api import expect

    from planea.plans.models import Plan

    base = secretariat
    log_in(page, base)
    page.goto(base + "/red-gealc/")
    page.get_by_role("link", name="Incorporar un plan").click()
    page.get_by_label("Documento del plan").set_input_files(str(CORPUS_PLAN))
    page.get_by_role("button", name="Leer el documento").click()

    count = page.locator("#activity-count")
    expect(count).to_be_visible(timeout=READING_MS)
    before = int(count.inner_text())
    expect(page.locator("#layout")).to_have_text("table")
    expect(page.locator("#layout-reason")).to_contain_text("table")
    # Warnings stand beside the lines they are about.
    expect(page.locator(".import-warnings pre.excerpt mark").first).to_be_visible()

    page.get_by_label("Disposición").select_option("outline")
    page.get_by_label("Las actividades son").select_option("list:0")
    page.get_by_role("button", name="Volver a leer").click()

    expect(count).not_to_have_text(str(before), timeout=READING_MS)
    after = int(count.inner_text())
    assert after > before

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-preview-390")
    # Nothing makes a phone scroll sideways: long source lines wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "import-preview")

    page.get_by_label("Año").fill("2013")
    page.get_by_role("button", name="Guardar el plan").click()

    expect(page).to_have_url(base + "/red-gealc/2013/", timeout=READING_MS)
    plan = Plan.objects.get(network__slug="red-gealc", year=2013)
    assert plan.status == "draft"
    assert plan.activities.count() == after
