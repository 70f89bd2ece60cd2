"""/plans: adopted plans for everyone, drafts for the Secretariat and Committee."""

from __future__ import annotations

from tests.api.base import ApiTestCase


class PlanLists(ApiTestCase):
    def years(self, persona=None, **query) -> list[int]:
        response = self.get("/plans", persona, **query)
        self.assertEqual(response.status_code, 200, response.content)
        return [plan["year"] for plan in response.json()["results"]]

    def test_the_public_sees_adopted_plans_only(self):
        self.assertEqual(self.years(), [2017])
        self.assertEqual(self.years("viewer"), [2017])
        self.assertEqual(self.years("outsider"), [2017])

    def test_the_secretariat_and_the_committee_see_drafts_newest_first(self):
        self.assertEqual(self.years("secretariat"), [2018, 2017])
        self.assertEqual(self.years("committee"), [2018, 2017])

    def test_filters(self):
        self.assertEqual(self.years("committee", status="draft"), [2018])
        self.assertEqual(self.years("committee", year=2017), [2017])
        self.assertEqual(self.years("committee", network="red-otra"), [])
        self.assertEqual(self.get("/plans", status="nonsense").status_code, 422)

    def test_a_plan_in_a_list(self):
        (plan,) = self.get("/plans").json()["results"]
        self.assertEqual(plan["network"], "red-demo")
        self.assertEqual(plan["status"], "approved")
        self.assertEqual(plan["activity_count"], 5)
        self.assertTrue(plan["web_url"].endswith("/red-demo/2017/"))


class PlanDetail(ApiTestCase):
    def test_a_plan_with_its_areas(self):
        data = self.get(f"/plans/{self.plan.pk}").json()
        self.assertEqual(data["title"], "PLAN ANUAL DE TRABAJO 2017")
        self.assertIn("Comité Ejecutivo", data["background"])
        self.assertEqual([a["number"] for a in data["areas"]], [1, 2])
        self.assertEqual([a["activity_count"] for a in data["areas"]], [3, 2])
        self.assertEqual(data["areas"][1]["notes"], self.plan.areas.get(number=2).notes)

    def test_the_areas_alone(self):
        areas = self.get(f"/plans/{self.plan.pk}/areas").json()
        self.assertEqual(
            [a["title"] for a in areas], ["Software público", "Medición del Gobierno Digital"]
        )

    def test_a_draft_does_not_exist_for_the_public(self):
        response = self.get(f"/plans/{self.draft.pk}")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "No such plan."})

    def test_an_unknown_plan_is_a_404(self):
        self.assertEqual(self.get("/plans/424242").status_code, 404)

    def test_a_non_numeric_id_names_the_field(self):
        response = self.get("/plans/latest")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "plan_id")
