"""Bruno, on a real browser, reads the demo plan the way a visitor would."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bruno_opens_the_demo_plan_filters_by_a_lead_and_opens_an_activity(demo, page, screenshot):
    from playwright.sync_api import expect

    page.goto(demo + "/")
    page.get_by_role("link", name="PLAN ANUAL DE TRABAJO 2017").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PLAN ANUAL DE TRABAJO 2017")
    expect(page.get_by_role("status")).to_have_text("Se muestran 44 de 44 actividades.")
    screenshot(page, "01-plan")

    page.get_by_label("Liderazgo").select_option(label="Secretaría Técnica")
    page.get_by_role("button", name="Aplicar filtros").click()
    expect(page).to_have_url(re.compile(r"lead=secretaria-tecnica"))
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Se muestran 1\d de 44"))
    screenshot(page, "02-plan-filtered-by-lead")

    page.get_by_role("link", name=re.compile(r"Boletín de gobierno electrónico")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boletín de gobierno electrónico")
    expect(page.locator("dl.details")).to_contain_text("Diez ediciones del boletín")
    expect(page.locator("dl.details")).to_contain_text("Secretaría Técnica")
    screenshot(page, "03-activity")


def test_bruno_switches_the_language_and_stays_on_the_same_page(demo, page, screenshot):
    from playwright.sync_api import expect

    page.goto(demo + "/red-gealc/2017/1.1.ii/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("dl.details")).to_contain_text("Primer semestre")

    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar idioma").click()

    expect(page).to_have_url(demo + "/red-gealc/2017/1.1.ii/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("dl.details")).to_contain_text("First half")
    expect(page.locator("dl.details")).to_contain_text("April 1, 2017")
    screenshot(page, "04-activity-in-english")

    page.get_by_label("Language").select_option("pt")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.locator("dl.details")).to_contain_text("Primeiro semestre")


def test_the_timeline_and_the_keyboard_work_without_javascript(demo, browser, screenshot):
    from playwright.sync_api import expect

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="es-ES"
    )
    page = context.new_page()
    try:
        page.goto(demo + "/red-gealc/2017/timeline/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Cronograma de 2017")
        expect(page.locator(".bar")).to_have_count(44)
        expect(page.locator(".bar--dated")).to_have_count(2)
        screenshot(page, "05-timeline-without-javascript")

        # The first Tab reaches the skip link, visible when focused.
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
    finally:
        context.close()


def test_the_plan_reads_on_a_phone(demo, browser, screenshot):
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="es-ES"
    )
    page = context.new_page()
    try:
        page.goto(demo + "/red-gealc/2017/")
        expect(page.get_by_label("Buscar")).to_be_visible()
        # Nothing wider than the screen: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        screenshot(page, "06-plan-on-a-phone", full_page=False)
    finally:
        context.close()
