"""On a real browser: Bruno switches a plan page through Spanish, Portuguese,
English and French with the site's language switcher, and reads each text
translated where a translation is recorded, and otherwise the original,
marked in visible words as the original in Spanish."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKSHOP = "Quinto taller regional de software público"
EXCHANGES = "Cuatro intercambios de cooperación horizontal"


@pytest.fixture
def translated(live_server):
    """The small plan of 2017 with a few translations: 1.1.i's title in
    Portuguese, 1.2.i's in English, the first area's title in French."""
    from planea.plans.importer import import_plan
    from planea.plans.models import Activity, Area
    from planea.plans.translations import set_translation
    from tests.base import make_network, small_plan

    plan = import_plan(small_plan(), make_network())
    workshop = Activity.objects.get(plan=plan, code="1.1.i")
    exchanges = Activity.objects.get(plan=plan, code="1.2.i")
    software = Area.objects.get(plan=plan, number=1)
    set_translation(workshop, "title", "pt", "Quinta oficina regional de software público", None)
    set_translation(exchanges, "title", "en", "Four horizontal cooperation exchanges", None)
    set_translation(software, "title", "fr", "Logiciel public", None)
    return live_server.url + "/red-demo/2017/"


def test_bruno_reads_the_plan_in_four_languages_with_the_untranslated_marked(
    translated, page, screenshot
):
    from playwright.sync_api import expect

    def switch_to(language: str) -> None:
        switcher = page.locator("form.language")
        switcher.locator("select").select_option(language)
        switcher.get_by_role("button").click()
        expect(page.locator("html")).to_have_attribute("lang", language)

    def title_of(code: str):
        return page.locator("article.activity h5", has_text=code)

    page.goto(translated)
    expect(title_of("1.1.i")).to_have_text(f"1.1.i {WORKSHOP}")
    expect(page.locator(".original-text")).to_have_count(0)

    switch_to("pt")
    expect(title_of("1.1.i")).to_have_text("1.1.i Quinta oficina regional de software público")
    expect(title_of("1.2.i")).to_have_text(f"1.2.i {EXCHANGES} (original em espanhol)")
    expect(title_of("1.2.i").locator(".original-text")).to_have_attribute("lang", "es")

    switch_to("en")
    expect(title_of("1.2.i")).to_have_text("1.2.i Four horizontal cooperation exchanges")
    expect(title_of("1.1.i")).to_have_text(f"1.1.i {WORKSHOP} (original in Spanish)")
    expect(page.locator("section.area h3").first).to_have_text(
        "1. Software público (original in Spanish)"
    )

    switch_to("fr")
    expect(page.get_by_role("heading", name="1. Logiciel public", exact=True)).to_be_visible()
    expect(title_of("1.1.i")).to_have_text(f"1.1.i {WORKSHOP} (original en espagnol)")
    expect(page.get_by_role("heading", level=1)).to_contain_text("(original en espagnol)")
    screenshot(page, "plan-page-in-french")

    switch_to("es")
    expect(page.locator(".original-text")).to_have_count(0)
