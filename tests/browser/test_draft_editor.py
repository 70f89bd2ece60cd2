"""On a real browser: the Committee edits the 2017 draft (a lead and a
target) in the plan editor and proposes it, and the Secretariat records the
Assembly's approval; on the adopted plan, the same editor gives an
amendment proposal with its diff, and the plan itself does not change."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "una frase larga para la prueba"
ACTIVITY = "1.1.iii"  # "Tres intercambios de cooperación horizontal"


def _people():
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network

    network = Network.objects.get(slug="red-gealc")
    users = get_user_model().objects
    carlos = users.create_user("carlos", "carlos@example.org", PASSWORD, first_name="Carlos")
    sofia = users.create_user("sofia", "sofia@example.org", PASSWORD, first_name="Sofía")
    Membership.objects.create(user=carlos, network=network, role=Role.COMMITTEE)
    Membership.objects.create(user=sofia, network=network, role=Role.SECRETARIAT)
    return network


@pytest.fixture
def draft(live_server):
    """The demo as the Committee's draft, and the Assembly's meeting to approve it at."""
    from planea.ops.demo import load_demo
    from tests.governance.support import assembly_meeting

    load_demo(draft=True)
    assembly_meeting(_people(), title="X Reunión Anual de la Red Gealc")
    return live_server.url


@pytest.fixture
def adopted(demo):
    _people()
    return demo


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


def _edit_lead_and_target(page, quantity: str) -> None:
    page.locator("#editor-link a").click()
    page.locator(f"[id='activity-{ACTIVITY}'] a.button").click()
    page.locator("input[name='products-0-quantity']").fill(quantity)
    page.locator("select[name='leads-0-organisation']").select_option("Comité Ejecutivo")
    page.locator("button[name=save]").click()


def test_carlos_edits_the_draft_proposes_it_and_sofia_records_its_approval(draft, page, screenshot):
    from playwright.sync_api import expect

    from planea.plans.models import Activity, Plan

    base = draft
    log_in(page, base, "carlos")
    page.goto(base + "/red-gealc/2017/")

    # On a phone: the editor's form in one column, every control reachable.
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#editor-link a").click()
    page.locator(f"[id='activity-{ACTIVITY}'] a.button").click()
    expect(page.locator("input[name='products-0-quantity']")).to_have_value("3")
    screenshot(page, "draft-editor-activity-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(base + "/red-gealc/2017/")
    _edit_lead_and_target(page, "4")
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("#editor-mode")).to_have_attribute("data-mode", "draft")
    screenshot(page, "draft-editor-plan")

    activity = Activity.objects.get(plan__year=2017, key=ACTIVITY)
    assert [o.name for o in activity.leads.all()] == ["Comité Ejecutivo"]
    assert activity.products.get().target_quantity == 4
    assert activity.history.filter(history_user__username="carlos").exists()

    page.goto(base + "/red-gealc/2017/")
    page.locator("form[action$='/lifecycle/propose/'] button[type=submit]").click()
    expect(page.locator("#lifecycle [data-status]")).to_have_attribute("data-status", "proposed")
    page.locator(".account-area__logout button").click()

    log_in(page, base, "sofia")
    page.goto(base + "/red-gealc/2017/lifecycle/approve/")
    page.locator("select[name=meeting]").select_option(index=1)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#lifecycle [data-status]")).to_have_attribute("data-status", "approved")
    plan = Plan.objects.get(network__slug="red-gealc", year=2017)
    assert plan.status == "approved"
    approved = plan.versions.order_by("-number").first().plan_document()
    adopted = next(a for a in approved.activities if a.key == ACTIVITY)
    assert adopted.leads == ["Comité Ejecutivo"] and adopted.targets[0].quantity == 4


def test_carlos_changes_the_adopted_plan_and_gets_an_amendment_not_a_changed_plan(
    adopted, page, screenshot
):
    from playwright.sync_api import expect

    from planea.governance.models import PlanVersion, VersionKind
    from planea.plans.models import Activity

    base = adopted
    log_in(page, base, "carlos")
    page.goto(base + "/red-gealc/2017/")
    _edit_lead_and_target(page, "5")
    expect(page.locator("#editor-mode")).to_have_attribute("data-mode", "amendment")
    expect(page.locator(f"table[data-key='{ACTIVITY}']")).to_have_attribute(
        "data-change", "changed"
    )
    page.locator("form[action$='/edit/propose/'] textarea").fill("Un intercambio más.")
    page.locator("form[action$='/edit/propose/'] button[type=submit]").click()

    expect(page).to_have_url(base + "/red-gealc/2017/amendments/2/")
    table = page.locator(f"table[data-key='{ACTIVITY}']")
    expect(table).to_have_attribute("data-change", "changed")
    expect(table.locator("tr[data-field='leads'] td.changes__after")).to_contain_text(
        "Comité Ejecutivo"
    )
    screenshot(page, "draft-editor-amendment")

    activity = Activity.objects.get(plan__year=2017, key=ACTIVITY)
    assert activity.products.get().target_quantity == 3, "the plan itself is unchanged"
    assert "Comité Ejecutivo" not in [o.name for o in activity.leads.all()]
    assert PlanVersion.objects.filter(kind=VersionKind.AMENDMENT_PROPOSAL).count() == 1
