"""Reading an activity, or a page of them, with a token: what it costs in
queries, and that what is kept between requests never outlives the data nor
passes one caller's rights to another (planea.api.cache.stamped)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.api.base import API, ApiTestCase

pytestmark = pytest.mark.engine("query counts")

# Whoever asks: the token (with its user), the caller's roles, the data stamp.
# (A coordinator's may cost one more: the roles plans name, such as "País
# presidente", resolved for the year -- not for the Secretariat.)
CALLER = 3
# Building an activity: its row, its leads, its funding, its products, and
# the texts of its plan in the language asked for; a page, the count too.
BUILD_AT_MOST = 5
LIST = "/activities?page_size=100"


class ReadingCostsAFewQueries(ApiTestCase):
    def queries(self, path: str, persona: str = "secretariat") -> list[str]:
        client = self.as_(persona)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(API + path)
        self.assertEqual(response.status_code, 200, response.content)
        return [query["sql"] for query in captured.captured_queries]

    def setUp(self) -> None:
        # A token's first use in a minute writes its `last_used`: done here.
        for persona in ("secretariat", "committee"):
            self.queries(LIST, persona)

    def test_an_activity_read_afresh_costs_the_caller_and_a_few_queries(self):
        cache.clear()
        built = len(self.queries(f"/activities/{self.activity.pk}")) - CALLER
        self.assertLessEqual(built, BUILD_AT_MOST)
        # A page of them costs the same, and the count.
        cache.clear()
        self.assertEqual(len(self.queries(LIST)), CALLER + built + 1)

    def test_an_activity_read_again_costs_only_the_caller(self):
        path = f"/activities/{self.activity.pk}"
        self.queries(path)
        self.assertEqual(len(self.queries(path)), CALLER)
        # Another caller the policy lets read the same plans builds nothing again.
        self.assertEqual(len(self.queries(path, "committee")), CALLER)

    def test_an_activity_read_after_a_page_holding_it_costs_only_the_caller(self):
        cache.clear()
        self.queries(LIST)
        self.assertEqual(len(self.queries(f"/activities/{self.activity.pk}")), CALLER)

    def test_a_page_of_100_read_again_costs_only_the_caller(self):
        self.assertEqual(len(self.queries(LIST)), CALLER)

    def test_the_caller_is_found_without_ordering_or_joining_what_is_unique(self):
        queries = self.queries(f"/activities/{self.activity.pk}")
        (token,) = [sql for sql in queries if 'FROM "api_apitoken"' in sql]
        self.assertNotIn("ORDER BY", token)
        (roles,) = [sql for sql in queries if 'FROM "accounts_membership"' in sql]
        self.assertNotIn("JOIN", roles)
        self.assertNotIn("ORDER BY", roles)

    def test_one_activity_is_read_without_ordering(self):
        cache.clear()
        queries = self.queries(f"/activities/{self.activity.pk}")
        (row,) = [sql for sql in queries if 'FROM "plans_activity"' in sql]
        self.assertNotIn("ORDER BY", row)


class WhatIsKeptFollowsTheDataAndTheCaller(ApiTestCase):
    def report(self, status: str = "at_risk"):
        body = {"status": status, "version": self.version_of(self.activity)}
        response = self.post_json(f"/activities/{self.activity.pk}/progress", body, "coordinator")
        self.assertEqual(response.status_code, 201, response.content)

    def test_a_report_shows_in_the_next_read_of_the_activity(self):
        path = f"/activities/{self.activity.pk}"
        self.assertEqual(self.get(path, "secretariat").json()["status"], "not_started")
        self.report()
        data = self.get(path, "secretariat").json()
        self.assertEqual((data["status"], data["version"]), ("at_risk", 2))

    def test_a_report_shows_in_the_next_read_of_a_page(self):
        def mine() -> dict:
            page = self.get("/activities", "viewer", page_size=100).json()["results"]
            return next(a for a in page if a["id"] == self.activity.pk)

        self.assertEqual(mine()["status"], "not_started")
        self.report("delayed")
        self.assertEqual((mine()["status"], mine()["version"]), ("delayed", 2))

    def test_who_may_report_is_asked_of_each_caller_not_kept(self):
        path = f"/activities/{self.activity.pk}"
        self.assertFalse(self.get(path, "viewer").json()["can_report"])
        self.assertTrue(self.get(path, "coordinator").json()["can_report"])
        self.assertFalse(self.get(path, "other_coordinator").json()["can_report"])
        page = self.get("/activities", "coordinator", page_size=100).json()["results"]
        self.assertEqual(
            {a["key"] for a in page if a["can_report"]},
            set(self.plan.activities.filter(leads=self.lead).values_list("key", flat=True)),
        )

    def test_a_drafts_activity_read_by_an_insider_stays_hidden_from_others(self):
        path = f"/activities/{self.draft_activity.pk}"
        self.assertEqual(self.get(path, "committee").status_code, 200)
        for persona in ("viewer", "coordinator", "outsider", None):
            with self.subTest(persona=persona):
                self.assertEqual(self.get(path, persona).status_code, 404)

    def test_a_drafts_activity_kept_from_an_insiders_page_stays_hidden_from_others(self):
        self.get("/activities", "committee", page_size=200)  # keeps each activity too
        path = f"/activities/{self.draft_activity.pk}"
        for persona in ("viewer", "outsider", None):
            with self.subTest(persona=persona):
                self.assertEqual(self.get(path, persona).status_code, 404)
        self.assertEqual(self.get(path, "secretariat").status_code, 200)

    def test_a_page_read_by_an_insider_shows_others_no_draft(self):
        insider = self.get("/activities", "committee", page_size=200).json()
        self.assertIn(self.draft.pk, {a["plan"] for a in insider["results"]})
        for persona in ("viewer", "outsider", None):
            with self.subTest(persona=persona):
                page = self.get("/activities", persona, page_size=200).json()
                self.assertNotIn(self.draft.pk, {a["plan"] for a in page["results"]})
                self.assertEqual(page["count"], self.plan.activities.count())

    @override_settings(ALLOWED_HOSTS=["testserver", "other.test"])
    def test_a_page_keeps_the_address_it_was_asked_on(self):
        self.get("/activities", "viewer", page_size=2)
        other = self.as_("viewer").get(
            API + "/activities", {"page_size": 2}, HTTP_HOST="other.test"
        )
        self.assertTrue(other.json()["next"].startswith("http://other.test/"))
        self.assertTrue(other.json()["results"][0]["web_url"].startswith("http://other.test/"))
