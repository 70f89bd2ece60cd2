"""On a real browser, a plan too big for one page: Bruno reads it a page at a
time, jumps to an area through the index, goes back a page, finds the last
activity from the first page with the search, and the paged page passes
axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_accessibility import FAILING_IMPACTS, RUN_AXE, TAGS, axe_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def big(live_server):
    """250 activities in areas of 40: three pages, the third and sixth areas
    cut by a page."""
    from planea.plans.importer import import_plan
    from tests.base import big_plan, make_network

    import_plan(big_plan(250, per_area=40), make_network())
    return live_server.url + "/red-demo/2017/"


def test_bruno_pages_through_a_big_plan_jumps_to_an_area_and_searches_all_of_it(
    big, browser, screenshot
):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    context.add_init_script(path=axe_path())
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(big)
        status = page.get_by_role("status")
        expect(status).to_have_text(
            "Se muestran 250 de 250 actividades. Página 1 de 3: actividades 1 a 100."
        )
        expect(page.locator("article.activity")).to_have_count(100)

        page.get_by_text("Ir a un área de trabajo").click()
        page.get_by_role("navigation", name="Áreas de trabajo").get_by_role(
            "link", name=re.compile(r"^6\. Área 6")
        ).click()
        expect(page).to_have_url(re.compile(r"\?page=3#area-\d+$"))
        expect(page.get_by_role("heading", name="6. Área 6")).to_be_in_viewport()
        expect(status).to_contain_text("Página 3 de 3: actividades 201 a 250.")

        pages = page.get_by_role("navigation", name="Páginas de actividades")
        pages.get_by_role("link", name="Página anterior").click()
        expect(status).to_contain_text("Página 2 de 3: actividades 101 a 200.")
        expect(page.get_by_text("Continúa de la página anterior.")).to_have_count(1)
        expect(pages.locator("[aria-current=page]")).to_have_text("Página 2")
        screenshot(page, "plan-page-2-of-3")
        serious = [v for v in page.evaluate(RUN_AXE, TAGS) if v["impact"] in FAILING_IMPACTS]
        assert serious == []

        page.get_by_label("Buscar").fill("Actividad 7.1.10")
        page.get_by_role("button", name="Aplicar filtros").click()
        expect(status).to_have_text("Se muestran 1 de 250 actividades.")
        expect(page.locator("article.activity")).to_have_text(re.compile("7.1.10"))
        expect(pages).to_have_count(0)
    finally:
        context.close()
