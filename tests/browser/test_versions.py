"""On a real browser: the versions of Red GEALC's 2017 plan, from the plan's
page to the table of what the Assembly changed in the Committee's proposal."""

from __future__ import annotations

import pytest

from planea.governance import lifecycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def versions(live_server):
    """The demo plan proposed by the Committee, enriched by the Assembly (1.1.iv
    retitled) and approved at its meeting in Santiago: versions 1, 2 and 3."""
    from planea.accounts.models import Role
    from planea.ops.demo import load_demo
    from planea.plans.models import Network, Plan
    from tests.base import member
    from tests.governance.support import assembly_meeting, document_of, find

    load_demo(draft=True)
    network = Network.objects.get(slug="red-gealc")
    plan = Plan.objects.get(network=network, year=2017)
    carlos = member("carlos-browser", network, Role.COMMITTEE)
    sofia = member("sofia-browser", network, Role.SECRETARIAT)
    lifecycle.propose(plan, carlos)
    enriched = document_of(plan)
    find(enriched, "1.1.iv").title = "Documento sobre la adaptación de SIMPLE en tres países"
    lifecycle.propose_amendment(plan, enriched, sofia)
    lifecycle.approve(
        plan, assembly_meeting(network, title="X Reunión Anual de la Red Gealc"), sofia
    )
    return live_server.url


def test_bruno_compares_the_proposal_with_what_the_assembly_approved(versions, page, screenshot):
    from playwright.sync_api import expect

    page.goto(versions + "/red-gealc/2017/")
    page.locator("#lifecycle a[href='/red-gealc/2017/versions/']").click()
    expect(page).to_have_url(versions + "/red-gealc/2017/versions/")
    expect(page.locator("#versions tbody tr")).to_have_count(2)  # the amendment is members-only

    page.locator("#compare-a").select_option("1")
    page.locator("#compare-b").select_option("3")
    page.locator("form.filters button[type=submit]").click()

    expect(page).to_have_url(versions + "/red-gealc/2017/versions/1/3/")
    table = page.locator("table[data-key='1.1.iv']")
    expect(table).to_have_attribute("data-change", "changed")
    row = table.locator("tr[data-field='title']")
    expect(row.locator("td.changes__before")).to_have_text(
        "Documento sobre adaptación del software público chileno SIMPLE"
    )
    expect(row.locator("td.changes__after")).to_have_text(
        "Documento sobre la adaptación de SIMPLE en tres países"
    )
    expect(page.locator("table.diff-activity")).to_have_count(1)
    screenshot(page, "versions-diff")
