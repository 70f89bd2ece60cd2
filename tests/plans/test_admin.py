"""The admin: Ana, of the Technical Secretariat, can reach and edit every table."""

from __future__ import annotations

import pytest
from django.contrib import admin

from planea.plans.models import Activity, Product
from tests.base import PlanTestCase

REGISTERED = [
    "plans.network",
    "plans.organisation",
    "plans.fundingsource",
    "plans.plan",
    "plans.area",
    "plans.activity",
    "plans.product",
    "plans.activitylead",
    "plans.activityfunding",
    "governance.bodyseat",
]


def test_every_model_of_plans_and_governance_is_in_the_admin():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert set(REGISTERED) <= registered


class AdminTests(PlanTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.ana)

    def test_ana_can_list_and_add_every_model(self):
        for label in REGISTERED:
            app, model = label.split(".")
            with self.subTest(label):
                assert self.client.get(f"/admin/{app}/{model}/").status_code == 200
                assert self.client.get(f"/admin/{app}/{model}/add/").status_code == 200

    def test_ana_can_open_an_activity_with_its_products_leads_and_funding(self):
        activity = Activity.objects.get(key="1.3.i")

        response = self.client.get(f"/admin/plans/activity/{activity.pk}/change/")

        self.assertContains(response, "Actas de las reuniones")

    def test_bruno_is_sent_to_the_login_page(self):
        response = self.bruno.get("/admin/plans/plan/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.engine("text search is SQL")
@pytest.mark.django_db
def test_an_activity_refreshed_after_its_products_change_is_found_by_them():
    # The admin refreshes an activity this way after saving its inlines.
    from planea.plans.importer import import_plan
    from tests.base import make_network, small_plan

    plan = import_plan(small_plan(), make_network())
    activity = plan.activities.get(key="2.2.i")
    Product.objects.create(activity=activity, description="Hemeroteca digital", order=1)

    activity.refresh_search_text()

    assert list(plan.activities.matching("hemeroteca").values_list("key", flat=True)) == ["2.2.i"]
