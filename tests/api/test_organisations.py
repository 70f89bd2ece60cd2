"""/organisations and /funding-sources: public, as on the website."""

from __future__ import annotations

import pytest

from tests.api.base import ApiTestCase

pytestmark = pytest.mark.engine("accent- and case-insensitive search is SQL")


class Organisations(ApiTestCase):
    def names(self, **query) -> list[str]:
        response = self.get("/organisations", page_size=200, **query)
        self.assertEqual(response.status_code, 200, response.content)
        return [o["name"] for o in response.json()["results"]]

    def test_filtered_by_network_kind_and_words(self):
        self.assertIn("Grupo de Trabajo en software público", self.names(network="red-demo"))
        self.assertEqual(self.names(network="red-otra", kind="country"), [])
        self.assertEqual(
            self.names(network="red-demo", kind="working_group", q="MEDICION"),
            ["Grupo de trabajo en medición"],
        )

    def test_one_organisation(self):
        data = self.get(f"/organisations/{self.lead.pk}").json()
        self.assertEqual(data["kind"], "working_group")
        self.assertEqual(data["network"], "red-demo")
        self.assertTrue(data["web_url"].endswith(f"/red-demo/organisations/{self.lead.slug}/"))

    def test_an_unknown_kind_is_refused_by_name(self):
        response = self.get("/organisations", kind="planet")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "kind")

    def test_an_unknown_organisation_is_a_404(self):
        self.assertEqual(self.get("/organisations/999999").status_code, 404)


class FundingSources(ApiTestCase):
    def test_funding_sources_with_their_funder(self):
        data = self.get("/funding-sources", network="red-demo").json()
        by_name = {f["name"]: f for f in data["results"]}
        self.assertEqual(by_name["Proyecto BPR/BID"]["kind"], "project")
        self.assertIsNotNone(by_name["Proyecto BPR/BID"]["funder"])
        self.assertIsNone(by_name["A definir"]["funder"])
        self.assertEqual(self.get("/funding-sources", network="red-otra").json()["count"], 0)
