"""/networks: public, as on the website."""

from __future__ import annotations

from tests.api.base import ApiTestCase


class Networks(ApiTestCase):
    def test_every_network_by_name(self):
        data = self.get("/networks").json()
        self.assertEqual(data["count"], 2)
        self.assertEqual([n["slug"] for n in data["results"]], ["red-demo", "red-otra"])

    def test_a_network_by_slug(self):
        data = self.get("/networks/red-demo").json()
        self.assertEqual(data["acronym"], "Red Demo")
        self.assertEqual(data["name"], "La Red Demo")
        self.assertTrue(data["web_url"].endswith("/red-demo/"))

    def test_an_unknown_network_is_a_json_404(self):
        response = self.get("/networks/nowhere")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Not found."})
