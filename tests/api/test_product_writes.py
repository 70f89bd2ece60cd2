"""An activity's products (each with its target) added, changed and removed
through the API, by position, as the editor's rows are."""

from __future__ import annotations

from planea.governance.models import WorkingCopy
from planea.plans.models import Product
from tests.api.base import API, ApiTestCase


class ProductWrites(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # 1.2.i: one product, counted by a target of 4 exchanges; no evidence.
        cls.exchanges = cls.draft.activities.get(key="1.2.i")

    def version(self, activity=None) -> str:
        activity = activity or self.exchanges
        return self.get(f"/activities/{activity.pk}/draft", "secretariat").json()["version"]

    def products(self, activity=None) -> list[tuple]:
        activity = activity or self.exchanges
        return list(
            Product.objects.filter(activity=activity)
            .order_by("order")
            .values_list("description", "target_quantity", "target_unit")
        )

    def send(self, method: str, path: str, body: dict | None = None, persona="secretariat"):
        client = self.as_(persona)
        if body is None:
            return getattr(client, method)(API + path)
        return getattr(client, method)(API + path, body, content_type="application/json")

    def test_the_draft_lists_the_products_by_position_with_their_targets(self):
        body = self.get(f"/activities/{self.exchanges.pk}/draft", "committee").json()
        self.assertEqual(
            body["products"],
            [
                {
                    "position": 0,
                    "description": "Reporte de los intercambios",
                    "target_quantity": 4,
                    "target_unit": "intercambios",
                    "recurrence": "",
                }
            ],
        )

    def test_a_product_added_to_a_draft_comes_last_with_its_target(self):
        response = self.send(
            "post",
            f"/activities/{self.exchanges.pk}/products",
            {"version": self.version(), "description": "Guía", "quantity": 2, "unit": "guías"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["products"][1]["description"], "Guía")
        self.assertEqual(
            self.products(),
            [("Reporte de los intercambios", 4, "intercambios"), ("Guía", 2, "guías")],
        )

    def test_changing_a_target_keeps_the_product(self):
        before = Product.objects.get(activity=self.exchanges).pk
        response = self.send(
            "patch",
            f"/activities/{self.exchanges.pk}/products/0",
            {"version": self.version(), "quantity": 6},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.products(), [("Reporte de los intercambios", 6, "intercambios")])
        # The same row: its evidence and meetings stay with it.
        self.assertEqual(Product.objects.get(activity=self.exchanges).pk, before)

    def test_removing_a_product(self):
        response = self.send(
            "delete", f"/activities/{self.exchanges.pk}/products/0?version={self.version()}"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["products"], [])
        self.assertEqual(self.products(), [])

    def test_a_product_with_evidence_is_not_removed(self):
        response = self.send(
            "delete",
            f"/activities/{self.draft_activity.pk}/products/0"
            f"?version={self.version(self.draft_activity)}",
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("has evidence", response.json()["detail"][0]["message"])
        self.assertEqual(len(self.products(self.draft_activity)), 1)

    def test_a_position_past_the_last_is_not_found(self):
        response = self.send(
            "patch",
            f"/activities/{self.exchanges.pk}/products/3",
            {"version": self.version(), "quantity": 1},
        )
        self.assertEqual(response.status_code, 404)

    def test_a_stale_version_is_a_conflict_and_changes_nothing(self):
        stale = self.version()
        self.send(
            "patch",
            f"/activities/{self.exchanges.pk}/products/0",
            {"version": stale, "quantity": 5},
        )
        response = self.send(
            "patch",
            f"/activities/{self.exchanges.pk}/products/0",
            {"version": stale, "quantity": 9},
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.products(), [("Reporte de los intercambios", 5, "intercambios")])

    def test_a_target_of_zero_is_refused_with_the_editors_message(self):
        response = self.send(
            "patch",
            f"/activities/{self.exchanges.pk}/products/0",
            {"version": self.version(), "quantity": 0},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [
                {
                    "field": "products.0.quantity",
                    "message": "Ensure this value is greater than or equal to 1.",
                }
            ],
        )

    def test_a_unit_without_a_quantity_is_refused(self):
        response = self.send(
            "post",
            f"/activities/{self.exchanges.pk}/products",
            {"version": self.version(), "description": "Guía", "unit": "guías"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [
                {
                    "field": "products.1.quantity",
                    "message": "A unit or a recurrence needs a target quantity.",
                }
            ],
        )

    def test_on_an_adopted_plan_the_product_goes_into_the_amendment(self):
        activity = self.plan.activities.get(key="1.2.i")
        response = self.send(
            "post",
            f"/activities/{activity.pk}/products",
            {"version": self.version(activity), "description": "Guía"},
        )
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(len(self.products(activity)), 1)
        self.assertIn("Guía", WorkingCopy.objects.get(plan=self.plan).document)

    def test_a_coordinator_may_not_change_the_products_of_an_adopted_plan(self):
        activity = self.plan.activities.get(key="1.2.i")
        response = self.send(
            "patch",
            f"/activities/{activity.pk}/products/0",
            {"version": self.version(activity), "quantity": 1},
            persona="coordinator",
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(WorkingCopy.objects.exists())
