"""On a real browser, the whole way in for a plan not written like the seed,
with no command line: the Secretariat uploads another network's plan,
corrects the reading with a hint and sees the activity count change, stores
a draft, edits an activity's lead and target in the editor, proposes the
plan, and records the Assembly's approval of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
CORPUS_PLAN = (
    REPO.parent / "shared" / "corpus" / "plans" / "uk-lpdp-terms-of-reference-2012-13-draft.odt"
)
PASSWORD = "una frase larga para todo el ciclo"
# Reading a document runs in a bounded child process: seconds on a busy machine.
READING_MS = 60_000
ACTIVITY = "1"  # "Produce a general statement on the benefits of transparency…"


@pytest.fixture
def site(demo):
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network
    from tests.governance.support import assembly_meeting

    network = Network.objects.get(slug="red-gealc")
    sofia = get_user_model().objects.create_user("sofia-ciclo", "s@example.org", PASSWORD)
    Membership.objects.create(user=sofia, network=network, role=Role.SECRETARIAT)
    assembly_meeting(network, dt.date(2012, 12, 5), title="VI Reunión Anual de la Red")
    return demo


@pytest.mark.skipif(not CORPUS_PLAN.is_file(), reason=f"{CORPUS_PLAN} is not here")
def test_sofia_brings_in_another_networks_plan_shapes_it_and_has_it_approved(
    site, page, screenshot
):
    from playwright.sync_api import expect

    from planea.plans.models import Activity, Plan

    base = site
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill("sofia-ciclo")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()

    # Upload, read as a table of six tasks.
    page.goto(base + "/red-gealc/")
    page.get_by_role("link", name="Incorporar un plan").click()
    page.get_by_label("Documento del plan").set_input_files(str(CORPUS_PLAN))
    page.get_by_role("button", name="Leer el documento").click()
    count = page.locator("#activity-count")
    expect(count).to_have_text("6", timeout=READING_MS)

    # One hint changes the reading; naming the table again brings it back.
    page.get_by_label("Disposición").select_option("outline")
    page.get_by_label("Las actividades son").select_option("list:0")
    page.get_by_role("button", name="Volver a leer").click()
    expect(count).not_to_have_text("6", timeout=READING_MS)
    page.get_by_label("Disposición").select_option("table")
    page.get_by_label("Las actividades son").select_option("")
    page.get_by_role("button", name="Volver a leer").click()
    expect(count).to_have_text("6", timeout=READING_MS)

    # Stored as the Committee's draft, the default.
    page.get_by_label("Año").fill("2012")
    page.get_by_role("button", name="Guardar el plan").click()
    expect(page).to_have_url(base + "/red-gealc/2012/", timeout=READING_MS)
    plan = Plan.objects.get(network__slug="red-gealc", year=2012)
    assert plan.status == "draft"

    # The editor: another lead, and a product with a target.
    page.locator("#editor-link a").click()
    page.locator(f"[id='activity-{ACTIVITY}'] a.button").click()
    page.locator("select[name='leads-0-organisation']").select_option("Sub-group")
    page.locator("[name='products-0-description']").fill("Página web sobre la transparencia")
    page.locator("[name='products-0-quantity']").fill("2")
    page.locator("button[name=save]").click()
    expect(page.locator(".message--success")).to_be_visible()
    activity = Activity.objects.get(plan=plan, key=ACTIVITY)
    assert [o.name for o in activity.leads.all()] == ["Sub-group"]
    product = activity.products.get()
    assert (product.description, product.target_quantity) == (
        "Página web sobre la transparencia",
        2,
    )
    screenshot(page, "cycle-draft-edited")

    # Proposed, then approved at the Assembly's meeting.
    page.goto(base + "/red-gealc/2012/")
    page.locator("form[action$='/lifecycle/propose/'] button[type=submit]").click()
    expect(page.locator("#lifecycle [data-status]")).to_have_attribute("data-status", "proposed")
    page.goto(base + "/red-gealc/2012/lifecycle/approve/")
    meeting = page.locator("select[name=meeting] option", has_text="VI Reunión Anual")
    page.locator("select[name=meeting]").select_option(meeting.get_attribute("value"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#lifecycle [data-status]")).to_have_attribute("data-status", "approved")
    screenshot(page, "cycle-approved")

    plan.refresh_from_db()
    assert plan.status == "approved"
    approval = plan.transitions.order_by("-pk").first()
    assert approval.meeting.title == "VI Reunión Anual de la Red"
