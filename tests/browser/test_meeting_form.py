"""Sofía, of the Secretariat, records a meeting of the demo plan: she narrows
the plan's 44 activities by typing in the filter box and ticks the one the
meeting served; what she ticked stays in view while she filters."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "una frase larga para la prueba"


def test_the_filter_box_narrows_the_activities_and_keeps_the_ticked_ones(demo, page, screenshot):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network

    sofia = get_user_model().objects.create_user("sofia", "sofia@example.org", PASSWORD)
    Membership.objects.create(
        user=sofia, network=Network.objects.get(slug="red-gealc"), role=Role.SECRETARIAT
    )
    page.goto(demo + "/accounts/login/?next=/red-gealc/meetings/new/")
    page.locator("input[name=username]").fill("sofia")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/red-gealc/meetings/new/")

    activities = page.locator("fieldset:has(input[name=activities])")
    choices = activities.locator("label.choice")
    expect(choices).to_have_count(44)
    box = activities.get_by_label("Filtrar la lista")

    box.fill("reunion virtual")
    visible = activities.locator("label.choice:visible")
    expect(visible).not_to_have_count(44)
    assert all("reuni" in t.lower() for t in visible.all_inner_texts())
    visible.first.locator("input").check()
    ticked = visible.first.inner_text()
    screenshot(page, "meeting-form-filtered")

    box.fill("boletin")
    expect(activities.locator("label.choice:visible", has_text=ticked)).to_have_count(1)
    box.fill("")
    expect(activities.locator("label.choice:visible")).to_have_count(44)
