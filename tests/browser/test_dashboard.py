"""The demo plan's dashboard in a real browser, as of 20 June 2017, after a
few reports and two exchange reports: reached from the plan, read without
JavaScript, and no wider than a phone."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MID_2017 = dt.date(2017, 6, 20)


@pytest.fixture
def reported(demo):
    """The demo with some progress: statuses of the first half, and two of
    the "Tres intercambios" reports. The server's today is mid-June 2017."""
    from planea.plans.models import Activity, Product
    from planea.tracking.models import Evidence

    statuses = {
        "1.1.i": "done",
        "1.1.ii": "done",
        "1.1.iii": "on_track",
        "1.1.iv": "delayed",
        "2.1.i": "at_risk",
        "2.1.ii": "cancelled",
    }
    for key, status in statuses.items():
        Activity.objects.filter(plan__network__slug="red-gealc", key=key).update(status=status)
    exchanges = Product.objects.get(
        activity__plan__network__slug="red-gealc", activity__key="1.1.iii"
    )
    for n in (1, 2):
        Evidence.objects.create(
            product=exchanges, title=f"Reporte del intercambio {n}", url=f"https://example.org/{n}"
        )
    with mock.patch("django.utils.timezone.localdate", return_value=MID_2017):
        yield demo


def test_bruno_opens_the_demo_plans_dashboard_from_the_plan(reported, page, screenshot):
    from playwright.sync_api import expect

    page.goto(reported + "/red-gealc/2017/")
    page.get_by_role("link", name=re.compile("el tablero")).click()

    expect(page).to_have_url(reported + "/red-gealc/2017/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero del plan 2017")
    expect(page.locator(".figure").first).to_contain_text("44")
    # Every bar is drawn for the eye and written out for everyone else.
    expect(page.locator(".stack").first).to_have_attribute("aria-hidden", "true")
    expect(page.locator(".stack__text").first).to_contain_text("Realizada: 2")
    areas = page.get_by_role("table", name="Actividades de cada área de trabajo, por estado")
    expect(areas).to_contain_text("Mecanismo colaborativo de software público")
    leads = page.get_by_role("table", name="Actividades de cada liderazgo, por estado")
    expect(leads).to_contain_text("Secretaría Técnica")
    expect(leads).to_contain_text("en 2017: Uruguay")  # the presiding country
    # "Tres intercambios": 2 of 3 after two exchange reports.
    # The long lists come last, closed: a click opens them.
    page.locator("#products-list summary").click()
    exchanges = page.locator("#products-list tr", has_text="Reportes de los intercambios")
    expect(exchanges).to_contain_text("2 de 3")
    screenshot(page, "10-dashboard")
    page.locator("#status-heading").scroll_into_view_if_needed()
    screenshot(page, "10b-dashboard-top", full_page=False)

    # What falls due by the end of the half links to its activity.
    page.locator("#due-soon-list summary").click()
    page.locator("#due-soon-list ol a").first.click()
    expect(page).to_have_url(re.compile(r"/red-gealc/2017/[^/]+/$"))


def test_the_dashboard_reads_on_a_phone_without_javascript(reported, browser, screenshot):
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        locale="es-ES",
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        page.goto(reported + "/red-gealc/2017/dashboard/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tablero del plan 2017")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        screenshot(page, "11-dashboard-on-a-phone", full_page=False)
    finally:
        context.close()
