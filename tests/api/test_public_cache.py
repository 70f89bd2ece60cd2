"""Public answers are cached until the data they came from changes, and only public ones."""

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from planea.accounts.models import Role
from planea.api.cache import data_stamp
from planea.api.models import ApiToken
from planea.plans.importer import import_plan
from planea.tracking.models import Evidence, record_progress
from tests.api.base import API, ApiTestCase
from tests.base import big_plan, member

pytestmark = pytest.mark.engine("cached answers are keyed by the engine's trigger-kept stamp")

URL = API + "/activities?page_size=100"


class PublicCacheTests(ApiTestCase):
    def get(self, url: str = URL, **headers):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return response.json(), len(queries)

    def first(self):
        return self.plan.activities.order_by("order").first()

    def test_the_same_public_question_is_answered_from_the_cache_in_one_query(self):
        built, building = self.get()
        cached, serving = self.get()
        self.assertEqual(cached, built)
        self.assertEqual(serving, 1)  # the data stamp
        self.assertGreater(building, serving)

    def test_a_progress_report_is_seen_at_once(self):
        self.get()
        activity = self.first()
        record_progress(activity, author=None, status="at_risk", seen_version=activity.version)
        answer, _ = self.get()
        self.assertEqual(answer["results"][0]["status"], "at_risk")

    def test_new_evidence_moves_the_counter_at_once(self):
        before, _ = self.get()
        product = self.first().products.first()
        Evidence.objects.create(product=product, title="Acta", url="https://example.org/a")
        answer, _ = self.get()
        delivered = before["results"][0]["products"][0]["delivered"]
        self.assertEqual(answer["results"][0]["products"][0]["delivered"], delivered + 1)

    def test_an_edited_title_is_seen_at_once(self):
        self.get()
        activity = self.first()
        activity.title = "Un título nuevo"
        activity.save()
        answer, _ = self.get()
        self.assertEqual(answer["results"][0]["title"], "Un título nuevo")

    def test_a_plan_withdrawn_from_the_public_disappears_at_once(self):
        before, _ = self.get()
        self.assertGreater(before["count"], 0)
        self.plan.status = "draft"
        self.plan.save()
        after, _ = self.get()
        self.assertEqual(after["count"], 0)

    def test_an_import_moves_the_stamp(self):
        stamp = data_stamp()
        import_plan(big_plan(3, year=2019), self.network)
        self.assertNotEqual(data_stamp(), stamp)

    def test_signed_in_callers_are_never_served_from_the_cache(self):
        secretariat = member("cache-sofia", self.network, Role.SECRETARIAT)
        token = ApiToken.issue(secretariat, "t")[1]
        headers = {"Authorization": f"Bearer {token}"}
        self.get(**headers)
        _, second = self.get(**headers)
        self.assertGreater(second, 1)

    def test_a_different_question_is_not_given_anothers_answer(self):
        everything, _ = self.get()
        second_half, _ = self.get(URL + "&period=S2")
        self.assertNotEqual(everything["count"], second_half["count"])
        self.assertTrue(all(item["period"] == "S2" for item in second_half["results"]))

    def test_a_due_date_moves_nothing_for_the_stamp_until_saved(self):
        stamp = data_stamp()
        activity = self.first()
        activity.due = dt.date(2017, 3, 1)  # not saved
        self.assertEqual(data_stamp(), stamp)

    @override_settings(ALLOWED_HOSTS=["planea.example.org", "otra.example.org"])
    def test_the_same_path_on_another_host_or_scheme_gets_its_own_links(self):
        def links(host: str, secure: bool = False) -> set[str]:
            response = self.client.get(URL, headers={"Host": host}, secure=secure)
            return {item["web_url"].split("/red-demo/")[0] for item in response.json()["results"]}

        self.assertEqual(links("planea.example.org"), {"http://planea.example.org"})
        self.assertEqual(links("otra.example.org"), {"http://otra.example.org"})
        self.assertEqual(links("planea.example.org", secure=True), {"https://planea.example.org"})
        self.assertEqual(links("planea.example.org"), {"http://planea.example.org"})

    def test_a_caller_that_accepts_gzip_gets_the_same_answer_compressed(self):
        import gzip
        import json

        plain = self.client.get(URL)
        packed = self.client.get(URL, headers={"Accept-Encoding": "gzip, deflate"})
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", plain["Vary"])
        self.assertLess(len(packed.content), len(plain.content))
        self.assertEqual(json.loads(gzip.decompress(packed.content)), plain.json())
