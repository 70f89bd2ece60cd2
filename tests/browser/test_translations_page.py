"""On a real browser: a translator into French finds, from the plan page, the
translation an amendment made out of date, sees it counted and marked
beside the original's new text, and confirms it."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "una frase larga para traducir"
OLD_TITLE = "Atelier régional sur le logiciel public"
NEW_TITLE = "Quinto taller regional de software público, en Lima"


@pytest.fixture
def amended(demo):
    """The demo plan, 1.1.ii translated into French, then retitled by an
    amendment the Assembly approved: its translation is out of date."""
    from planea.accounts.models import Role
    from planea.governance import lifecycle
    from planea.governance.models import Meeting
    from planea.plans.models import Activity, Plan
    from planea.plans.translations import set_translation
    from tests.base import member
    from tests.governance.support import document_of, find

    plan = Plan.objects.get(network__slug="red-gealc", year=2017)
    francoise = member("francoise", plan.network, Role.TRANSLATOR_FR)
    francoise.set_password(PASSWORD)
    francoise.save()
    sofia = member("sofia-browser", plan.network, Role.SECRETARIAT)
    workshop = Activity.objects.get(plan=plan, key="1.1.ii")
    set_translation(workshop, "title", "fr", OLD_TITLE, francoise)
    document = document_of(plan)
    find(document, "1.1.ii").title = NEW_TITLE
    proposal = lifecycle.propose_amendment(plan, document, sofia)
    assembly = Meeting.objects.get(network=plan.network, title__startswith="X Reunión")
    lifecycle.approve_amendment(plan, proposal, assembly, sofia)
    return demo


def test_a_translator_sees_the_stale_translation_counted_and_confirms_it(amended, page, screenshot):
    from playwright.sync_api import expect

    page.goto(amended + "/accounts/login/")
    page.locator("input[name=username]").fill("francoise")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.goto(amended + "/red-gealc/2017/")
    page.locator("a[href='/red-gealc/2017/translations/']").click()

    french = page.locator("#translation-counts tr[data-language='fr']")
    expect(french.locator("[data-count='stale']")).to_have_text("1")
    expect(french.locator("[data-count='translated']")).to_have_text("0")
    page.locator("#filter-state").select_option("stale")
    page.locator("form[role=search] button[type=submit]").click()

    row = page.locator("#translations tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-key", "activity:1.1.ii:title")
    expect(row.locator(".translation-stale")).to_contain_text("El original cambió")
    expect(row.locator("td[lang='es']")).to_have_text(NEW_TITLE)
    expect(row.locator("textarea")).to_have_value(OLD_TITLE)
    screenshot(page, "translations-stale")

    row.locator("input[type=checkbox]").check()
    page.locator("#translations-form button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text("1 traducción guardada.")
    expect(french.locator("[data-count='stale']")).to_have_text("0")
    expect(french.locator("[data-count='translated']")).to_have_text("1")
