"""The admin shows an adopted plan's content read-only: its activities,
areas, products, leads and funding, and the plan itself, are changed there
only while the plan is a draft. Once proposed, a plan changes only through
an amendment approved at a meeting, so its versions never drift from the
live plan."""

from __future__ import annotations

from django.test import Client

from planea.accounts.models import Role
from planea.plans.models import Activity, ActivityFunding, ActivityLead, Area, Plan, Product
from tests.base import PlanTestCase, member
from tests.tracking.support import admin_form_data


def change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def delete_url(obj) -> str:
    return change_url(obj).replace("/change/", "/delete/")


class AdoptedPlanInTheAdminTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.sofia = member("adm-sofia", cls.network, Role.SECRETARIAT)

    def setUp(self) -> None:
        super().setUp()
        self.client = Client(headers={"accept-language": "en"})
        self.client.force_login(self.sofia)
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")

    def set_status(self, status: str) -> None:
        Plan.objects.filter(pk=self.plan.pk).update(status=status)

    def test_an_approved_plans_activity_is_shown_without_a_way_to_save_it(self):
        response = self.client.get(change_url(self.activity))

        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        self.assertNotContains(response, 'name="_save"')
        self.assertNotContains(response, 'name="title"')
        self.assertContains(response, self.activity.title)

    def test_a_post_changing_an_adopted_plans_activity_is_refused_and_changes_nothing(self):
        self.set_status("draft")
        data = admin_form_data(self.client.get(change_url(self.activity)))
        data["title"] = "Cambiado en el admin"
        for status in ("proposed", "approved", "in_execution", "closed"):
            with self.subTest(status=status):
                self.set_status(status)

                response = self.client.post(change_url(self.activity), data)

                assert response.status_code == 403
                assert Activity.objects.get(pk=self.activity.pk).title != "Cambiado en el admin"

    def test_a_drafts_activity_is_edited_as_before(self):
        self.set_status("draft")
        data = admin_form_data(self.client.get(change_url(self.activity)))
        data["title"] = "Cambiado en el borrador"

        response = self.client.post(change_url(self.activity), data)

        assert response.status_code == 302
        assert Activity.objects.get(pk=self.activity.pk).title == "Cambiado en el borrador"

    def test_no_activity_is_added_to_an_adopted_plan_nor_moved_into_one(self):
        self.set_status("draft")
        data = admin_form_data(self.client.get(change_url(self.activity)))
        adopted = Plan.objects.create(
            network=self.network, year=2018, title="Plan 2018", status="approved"
        )
        refusal = (
            "The plan for 2018 is no longer a draft: its content changes only through an "
            "amendment, approved at a meeting."
        )

        moved = self.client.post(change_url(self.activity), {**data, "plan": adopted.pk})
        added = self.client.post(
            "/admin/plans/activity/add/", {**data, "plan": adopted.pk, "key": "9.9.i"}
        )

        self.assertContains(moved, refusal)
        self.assertContains(added, refusal)
        assert Activity.objects.get(pk=self.activity.pk).plan_id == self.plan.pk
        assert not Activity.objects.filter(plan=adopted).exists()

    def test_an_adopted_plans_areas_products_leads_and_funding_are_read_only_too(self):
        rows = [
            self.plan,
            Area.objects.filter(plan=self.plan).first(),
            Product.objects.filter(activity__plan=self.plan).first(),
            ActivityLead.objects.filter(activity__plan=self.plan).first(),
            ActivityFunding.objects.filter(activity__plan=self.plan).first(),
        ]
        for row in rows:
            with self.subTest(model=type(row).__name__):
                page = self.client.get(change_url(row))

                assert page.status_code == 200
                assert page.context["has_change_permission"] is False
                assert page.context["has_delete_permission"] is False
                assert self.client.post(delete_url(row), {"post": "yes"}).status_code == 403
                assert type(row).objects.filter(pk=row.pk).exists()

    def test_the_activity_page_of_an_adopted_plan_offers_no_inline_to_change(self):
        response = self.client.get(change_url(self.activity))

        for inline in response.context["inline_admin_formsets"]:
            assert not inline.has_change_permission and not inline.has_add_permission

    def test_not_even_a_superuser_changes_an_adopted_plan_in_place(self):
        ana = Client()
        ana.force_login(self.ana)

        response = ana.get(change_url(self.activity))

        assert response.context["has_change_permission"] is False
