"""Bruno sees where the demo plan stands without opening an activity: every
card of the plan page says its status, the dashboard starts with its summary
and charts, and the site asks for none of its own files in vain. Screenshots
of the plan page, the dashboard and an activity at 1280 and 390 px."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def test_the_plan_the_dashboard_and_an_activity_show_where_the_plan_stands(demo, page, screenshot):
    from playwright.sync_api import expect

    missing: list[str] = []
    page.on(
        "response",
        lambda r: missing.append(r.url) if r.status == 404 and r.url.startswith(demo) else None,
    )

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})

        page.goto(demo + "/red-gealc/2017/")
        cards = page.locator("article.activity")
        expect(cards).to_have_count(44)
        statuses = page.locator("article.activity .activity__status .tstatus")
        expect(statuses).to_have_count(44)
        assert all(text.strip() for text in statuses.all_inner_texts())
        expect(page.get_by_role("navigation", name="Principal")).to_contain_text("Reuniones")
        screenshot(page, f"where-plan-{width}")

        page.goto(demo + "/red-gealc/2017/dashboard/")
        summary = page.locator("#summary-heading").locator("xpath=..")
        expect(summary.locator(".figure")).to_have_count(5)
        # The charts come before the long lists, which start closed.
        status_top = page.locator("#status-heading").bounding_box()["y"]
        overdue_top = page.locator("#overdue-heading").bounding_box()["y"]
        assert status_top < overdue_top
        expect(page.locator("details#overdue-list ol.commitments")).to_be_hidden()
        screenshot(page, f"where-dashboard-{width}")

        page.goto(demo + "/red-gealc/2017/1.3.i/")
        expect(page.locator("dl.details")).not_to_contain_text("—")
        screenshot(page, f"where-activity-{width}")

    assert not missing, missing
