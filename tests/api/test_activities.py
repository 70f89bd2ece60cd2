"""/activities: what each activity says, the filters, and stable pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from planea.accounts.models import Membership, Role
from planea.api.models import ApiToken
from planea.ops.demo import load_demo
from planea.plans.importer import import_plan
from planea.plans.models import Activity, FundingSource, Organisation
from planea.tracking.models import Evidence, ProgressUpdate
from tests.api.base import API, ApiTestCase
from tests.base import big_plan, member

pytestmark = pytest.mark.engine("filters, text search, page order and query counts are SQL")


class ActivityContent(ApiTestCase):
    def test_an_activity_says_what_the_plan_says(self):
        data = self.get(f"/activities/{self.activity.pk}").json()
        self.assertEqual(data["key"], "1.1.i")
        self.assertEqual(data["period"], "S1")
        self.assertEqual(data["title"], "Quinto taller regional de software público")
        self.assertEqual(data["starts"], "2017-04-01")
        self.assertEqual(data["due"], "2017-04-15")
        self.assertEqual(data["network"], "red-demo")
        self.assertEqual(data["year"], 2017)
        self.assertEqual(data["plan"], self.plan.pk)
        self.assertEqual(data["area"]["number"], 1)
        self.assertEqual([lead["name"] for lead in data["leads"]], [self.lead.name])
        self.assertEqual([f["name"] for f in data["funding"]], ["Proyecto BPR/BID"])
        self.assertEqual(data["status"], "not_started")
        self.assertEqual(data["version"], 1)
        self.assertTrue(data["web_url"].endswith("/red-demo/2017/1.1.i/"))

    def test_products_count_their_evidence_against_the_target(self):
        data = self.get(f"/activities/{self.activity.pk}").json()
        (product,) = data["products"]
        self.assertEqual(product["target"], 1)
        self.assertEqual(product["delivered"], 4)  # the four pieces of the fixture

    def test_a_target_with_a_quantity(self):
        exchanges = self.plan.activities.get(key="1.2.i")
        (product,) = self.get(f"/activities/{exchanges.pk}").json()["products"]
        self.assertEqual(product["target_quantity"], 4)
        self.assertEqual(product["target_unit"], "intercambios")
        self.assertEqual(product["delivered"], 0)

    def test_can_report_says_what_the_policy_says(self):
        path = f"/activities/{self.activity.pk}"
        self.assertTrue(self.get(path, "coordinator").json()["can_report"])
        self.assertTrue(self.get(path, "secretariat").json()["can_report"])
        self.assertFalse(self.get(path, "other_coordinator").json()["can_report"])
        self.assertFalse(self.get(path, "viewer").json()["can_report"])
        self.assertFalse(self.get(path).json()["can_report"])

    def test_an_unknown_activity_is_a_404(self):
        response = self.get("/activities/999999")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "No such activity."})

    def test_the_public_never_sees_a_drafts_activities_in_lists(self):
        keys = {(a["plan"], a["key"]) for a in self.get("/activities").json()["results"]}
        self.assertNotIn((self.draft.pk, "1.1.i"), keys)
        insider = self.get("/activities", "committee", page_size=200).json()
        self.assertIn(self.draft.pk, {a["plan"] for a in insider["results"]})


class ActivityFilters(ApiTestCase):
    def keys(self, persona: str | None = None, **query) -> list[str]:
        response = self.get("/activities", persona, plan=self.plan.pk, **query)
        self.assertEqual(response.status_code, 200, response.content)
        return [a["key"] for a in response.json()["results"]]

    def test_no_filter_gives_the_plan_in_order(self):
        self.assertEqual(self.keys(), ["1.1.i", "1.2.i", "1.3.i", "2.1.i", "2.2.i"])

    def test_by_area(self):
        area = self.plan.areas.get(number=2)
        self.assertEqual(self.keys(area=area.pk), ["2.1.i", "2.2.i"])

    def test_by_period(self):
        self.assertEqual(self.keys(period="S1"), ["1.1.i", "2.1.i"])
        self.assertEqual(self.keys(period="ANNUAL"), ["1.3.i"])

    def test_by_lead(self):
        secretariat = Organisation.objects.get(network=self.network, key="secretaria tecnica")
        self.assertEqual(self.keys(lead=secretariat.pk), ["1.2.i", "1.3.i", "2.2.i"])

    def test_by_funding_source(self):
        source = FundingSource.objects.get(network=self.network, name="Proyecto BPR/BID")
        self.assertEqual(self.keys(funding_source=source.pk), ["1.1.i", "1.2.i"])

    def test_by_status(self):
        Activity.objects.filter(pk=self.other_activity.pk).update(status="delayed")
        self.assertEqual(self.keys(status="delayed"), ["2.1.i"])
        self.assertEqual(len(self.keys(status="not_started")), 4)

    def test_by_due_date_both_ends_inclusive(self):
        self.assertEqual(self.keys(due_before="2017-06-30"), ["1.1.i", "2.1.i"])
        self.assertEqual(self.keys(due_after="2017-06-30"), ["1.2.i", "1.3.i", "2.1.i", "2.2.i"])
        self.assertEqual(self.keys(due_after="2017-04-01", due_before="2017-04-30"), ["1.1.i"])

    def test_by_text_ignoring_accents_and_case(self):
        self.assertEqual(self.keys(q="REUNION virtual"), ["1.3.i"])
        self.assertEqual(self.keys(q="boletin"), ["2.2.i"])
        self.assertEqual(self.keys(q="nothing matches this"), [])

    def test_by_network_and_year(self):
        response = self.get("/activities", "committee", network="red-demo", year=2018)
        self.assertEqual({a["plan"] for a in response.json()["results"]}, {self.draft.pk})

    def test_filters_combine(self):
        self.assertEqual(self.keys(period="S2", q="boletin"), ["2.2.i"])
        self.assertEqual(self.keys(period="S1", q="boletin"), [])

    def test_the_plans_own_list_takes_the_same_filters(self):
        response = self.get(f"/plans/{self.plan.pk}/activities", period="S2")
        self.assertEqual([a["key"] for a in response.json()["results"]], ["1.2.i", "2.2.i"])

    def test_a_bad_filter_names_the_field(self):
        response = self.get("/activities", period="S3", due_before="yesterday")
        self.assertEqual(response.status_code, 422)
        fields = {error["field"] for error in response.json()["detail"]}
        self.assertEqual(fields, {"period", "due_before"})


class Pagination(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        import_plan(big_plan(120, year=2019), cls.network, source_name="big.txt")

    def test_pages_cover_the_list_once_in_a_stable_order(self):
        seen, url = [], f"{API}/activities?page_size=7"
        pages = 0
        while url:
            data = self.client.get(url).json()
            seen.extend(a["id"] for a in data["results"])
            url = data["next"]
            pages += 1
        total = self.get("/activities").json()["count"]
        self.assertEqual(len(seen), total)
        self.assertEqual(len(set(seen)), total)
        self.assertEqual(pages, -(-total // 7))
        again = [a["id"] for a in self.get("/activities", page_size=7, page=3).json()["results"]]
        self.assertEqual(again, seen[14:21])

    def test_count_next_and_previous(self):
        first = self.get("/activities", page_size=50).json()
        self.assertEqual(first["count"], 125)
        self.assertIsNone(first["previous"])
        self.assertIn("page=2", first["next"])
        self.assertIn("page_size=50", first["next"])
        last = self.get("/activities", page_size=50, page=3).json()
        self.assertIsNone(last["next"])
        self.assertIn("page=2", last["previous"])
        self.assertEqual(len(last["results"]), 25)

    def test_next_keeps_the_filters(self):
        data = self.get("/activities", page_size=10, q="actividad").json()
        self.assertIn("q=actividad", data["next"])

    def test_a_page_past_the_end_is_a_404(self):
        response = self.get("/activities", page_size=100, page=3)
        self.assertEqual(response.status_code, 404)
        self.assertIn("no page 3", response.json()["detail"])

    def test_an_empty_list_has_a_first_page(self):
        data = self.get("/activities", q="zzzz").json()
        self.assertEqual(data, {"count": 0, "next": None, "previous": None, "results": []})

    def test_the_page_size_is_bounded(self):
        response = self.get("/activities", page_size=201)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "page_size")
        self.assertEqual(len(self.get("/activities", page_size=200).json()["results"]), 125)

    def test_the_page_number_starts_at_one(self):
        response = self.get("/activities", page=0)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "page")


class ListsCostAFixedNumberOfQueries(TestCase):
    """The same number of queries for the demo's 44 activities and for a
    plan of 2,000 more, with leads, funding, products, evidence, updates."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = load_demo()
        cls.network = cls.demo.network
        cls.coordinator = member(
            "pedro", cls.network, Role.COORDINATOR, "Grupo de trabajo en datos abiertos"
        )
        member("sofia", cls.network, Role.SECRETARIAT)
        cls.secrets = {
            "coordinator": ApiToken.issue(cls.coordinator, "t")[1],
            "secretariat": ApiToken.issue(Membership.objects.get(role=Role.SECRETARIAT).user, "t")[
                1
            ],
        }
        cls.first = cls.demo.plan.activities.order_by("order").first()
        cls.add_tracking(cls.first, updates=2, evidence=2)

    @staticmethod
    def add_tracking(activity: Activity, *, updates: int, evidence: int) -> None:
        product = activity.products.first()
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(activity=activity, status="on_track", date=dt.date(2017, 5, 1))
            for _ in range(updates)
        )
        Evidence.objects.bulk_create(
            Evidence(product=product, title=f"E{n}", url=f"https://example.org/{n}")
            for n in range(evidence)
        )

    PATHS = (
        "/activities?page_size=100",
        "/plans/{plan}/activities?page_size=100",
        "/activities?page_size=100&q=informe&period=S2",
        "/plans",
        "/plans/{plan}",
        "/plans/{plan}/areas",
        "/organisations?page_size=100",
        "/funding-sources?page_size=100",
        "/networks",
        "/activities/{first}/progress?page_size=100",
        "/activities/{first}/evidence?page_size=100",
    )

    def queries(self, persona: str | None) -> dict[str, int]:
        headers = {"Authorization": f"Bearer {self.secrets[persona]}"} if persona else {}
        counts = {}
        for path in self.PATHS:
            url = API + path.format(plan=self.demo.plan.pk, first=self.first.pk)
            # The cost of building the answer, not of the public answers' cache.
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url, headers=headers)
            self.assertEqual(response.status_code, 200, response.content)
            counts[path] = len(queries)
        return counts

    def test_with_44_activities_and_with_194(self):
        # The first round writes the tokens' last use; the counts come after.
        for persona in (None, "coordinator", "secretariat"):
            self.queries(persona)
        small = {p: self.queries(p) for p in (None, "coordinator", "secretariat")}
        # More than a page of 100 of everything listed: full pages cost no more.
        big = import_plan(big_plan(150, year=2018), self.network, source_name="big.txt")
        self.assertEqual(big.activities.count(), 150)
        Activity.objects.filter(plan=big).update(status="on_track")
        for activity in big.activities.order_by("order")[:30]:
            self.add_tracking(activity, updates=0, evidence=1)
        self.add_tracking(self.first, updates=120, evidence=120)
        large = {p: self.queries(p) for p in (None, "coordinator", "secretariat")}
        self.assertEqual(small, large)
        # And few: the count, the page, leads, funding, products, evidence,
        # the caller's roles and token, and the roles plans name resolved.
        self.assertLessEqual(large["coordinator"]["/activities?page_size=100"], 12)


class ThePresidingCountryReportsOnWhatThePlanGivesIt(ApiTestCase):
    """2.2.i is led by "País presidente": in 2017, Uruguay, which chairs the
    Executive Committee. Uruguay's coordinator may report on it, and the API
    says so in lists as on the activity (the policy resolves the role)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from planea.governance.models import BodySeat
        from tests.base import organisation

        committee = organisation(cls.network, "Comité Ejecutivo")
        uruguay = organisation(cls.network, "Uruguay")
        BodySeat.objects.create(body=committee, country=uruguay, year=2017, is_chair=True)
        cls.uruguay_coordinator = member("ursula", cls.network, Role.COORDINATOR, "Uruguay")
        cls.secrets["uruguay"] = ApiToken.issue(cls.uruguay_coordinator, "t")[1]
        cls.bulletin = cls.plan.activities.get(key="2.2.i")

    def test_the_activity_says_she_may_report(self):
        data = self.get(f"/activities/{self.bulletin.pk}", "uruguay").json()
        self.assertTrue(data["can_report"])
        self.assertIn("País presidente", [lead["name"] for lead in data["leads"]])

    def test_the_list_says_so_too_and_nothing_more(self):
        data = self.get("/activities", "uruguay", plan=self.plan.pk).json()
        reportable = {a["key"] for a in data["results"] if a["can_report"]}
        self.assertEqual(reportable, {"2.2.i"})

    def test_she_may_report(self):
        body = {"status": "on_track", "version": self.version_of(self.bulletin)}
        response = self.post_json(f"/activities/{self.bulletin.pk}/progress", body, "uruguay")
        self.assertEqual(response.status_code, 201, response.content)


class ListsKeepToTheSchema(ApiTestCase):
    """Lists of activities are written out without the schema's validation
    (for speed): hold them to it here, and to the activity's own page."""

    def test_a_page_validates_against_the_documented_schema(self):
        from planea.api.schemas import ActivityOut, ActivityPage

        for persona in (None, "coordinator", "committee"):
            data = self.get("/activities", persona, page_size=200).json()
            ActivityPage.model_validate(data)
            for item in data["results"]:
                self.assertEqual(set(item), set(ActivityOut.model_fields))

    def test_the_list_and_the_activity_agree(self):
        listed = {a["id"]: a for a in self.get("/activities", "coordinator").json()["results"]}
        for activity_id, item in listed.items():
            self.assertEqual(self.get(f"/activities/{activity_id}", "coordinator").json(), item)

    def test_an_activity_key_is_quoted_in_its_address(self):
        Activity.objects.filter(pk=self.activity.pk).update(key="1.1 bis ñ")
        data = self.get(f"/activities/{self.activity.pk}").json()
        self.assertTrue(data["web_url"].endswith("/red-demo/2017/1.1%20bis%20%C3%B1/"))

    def test_the_address_is_the_websites_own(self):
        from django.urls import reverse

        Activity.objects.filter(pk=self.activity.pk).update(key="1.1 bis ñ")
        data = self.get(f"/activities/{self.activity.pk}").json()
        path = reverse("activity", kwargs={"network": "red-demo", "year": 2017, "key": "1.1 bis ñ"})
        self.assertEqual(data["web_url"], f"http://testserver{path}")
