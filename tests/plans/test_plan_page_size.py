"""The plan page in pages: a big plan's page stays light (at most 300 KB for
2,000 activities), while the filters and the search still cover every
activity and the counts say how many of the plan's match."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from planea.plans.importer import import_plan
from planea.plans.models import Activity, Plan
from planea.plans.paging import PER_PAGE
from tests.base import big_plan, make_network, small_plan

URL = "/red-demo/2017/"
MAX_BYTES = 300_000
# The plan, its areas, leads and funding sources for the filters, the order of
# every activity, the page's activities with their leads, funding and
# products, the plan's transitions: the same for 5 or 2,000 activities (in
# the plan's language; reading a translation adds its own).
PAGE_QUERIES = 10


def shown_keys(response) -> list[str]:
    return [
        a.key for g in response.context["groups"] for p in g["periods"] for a in p["activities"]
    ]


def status_text(response) -> str:
    found = re.search(r'<p class="result-count" role="status">(.*?)</p>', response.content.decode())
    assert found, "no result count on the page"
    return found.group(1)


@pytest.mark.slow  # importing 2,000 activities: a few seconds
class TwoThousandActivitiesTests(TestCase):
    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        cls.plan = import_plan(big_plan(2_000), make_network())

    def get(self, params: dict | None = None):
        response = Client(headers={"accept-language": "en"}).get(URL, params or {})
        assert response.status_code == 200
        return response

    def test_each_page_of_a_2000_activity_plan_is_at_most_300_kb(self):
        for page in (1, 2_000 // PER_PAGE):
            response = self.get({"page": page})

            assert len(response.content) <= MAX_BYTES
            assert response.content.count(b'<article class="activity"') == PER_PAGE

    def test_the_count_covers_the_whole_plan_and_names_the_page(self):
        response = self.get({"page": 3})

        assert status_text(response) == (
            "Showing 2000 of 2000 activities. Page 3 of 20: activities 201 to 300."
        )

    def test_a_page_runs_as_many_queries_as_a_small_plans(self):
        # In the plan's own language: a translation adds its own queries.
        with CaptureQueriesContext(connection) as queries:
            Client().get(URL, {"page": 20})

        assert len(queries) == PAGE_QUERIES


@pytest.mark.engine("ordering of pages of results, filters run as SQL")
class PagingTests(TestCase):
    """250 activities in areas of 40 (the seventh of 10): three pages, the
    first two of 100, cutting the third and sixth areas."""

    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        cls.plan = import_plan(big_plan(250, per_area=40), make_network())

    def get(self, params: dict | None = None):
        response = Client(headers={"accept-language": "en"}).get(URL, params or {})
        assert response.status_code == 200
        return response

    def test_a_search_finds_the_last_activity_from_the_first_page(self):
        last = self.plan.activities.order_by("-order").first()

        response = self.get({"q": last.title})

        assert shown_keys(response) == [last.key]
        assert status_text(response) == "Showing 1 of 250 activities."

    def test_the_status_filter_finds_an_activity_on_the_last_page(self):
        last = self.plan.activities.order_by("-order").first()
        Activity.objects.filter(pk=last.pk).update(status="at_risk")

        response = self.get({"status": "at_risk"})

        assert shown_keys(response) == [last.key]

    def test_the_pages_together_show_every_activity_once_in_the_plans_order(self):
        keys = [key for page in (1, 2, 3) for key in shown_keys(self.get({"page": page}))]

        areas_in_order = [
            a.key
            for area in self.plan.areas.order_by("order")
            for period in ("S1", "S2", "ANNUAL")
            for a in area.activities.filter(period=period).order_by("order")
        ]
        assert keys == areas_in_order

    def test_an_area_cut_by_a_page_says_it_continues_on_the_next(self):
        second = self.get({"page": 2})

        area_three = self.plan.areas.get(number=3)
        assert [g["area"].number for g in second.context["groups"]] == [3, 4, 5]
        assert second.context["paged"].continued == {area_three.pk}
        self.assertContains(second, "Continued from the previous page.", count=1)

    def test_the_area_index_links_each_area_to_the_page_where_it_begins(self):
        response = self.get({"page": 3})

        links = {
            entry.area.number: (entry.count, entry.url) for entry in response.context["paged"].index
        }
        pk = {area.number: area.pk for area in self.plan.areas.all()}
        assert links == {
            1: (40, f"?#area-{pk[1]}"),
            2: (40, f"?#area-{pk[2]}"),
            3: (40, f"?#area-{pk[3]}"),
            4: (40, f"?page=2#area-{pk[4]}"),
            5: (40, f"?page=2#area-{pk[5]}"),
            6: (40, f"?page=3#area-{pk[6]}"),
            7: (10, f"?page=3#area-{pk[7]}"),
        }
        self.assertContains(response, f'href="?page=2#area-{pk[4]}"')

    def test_the_page_links_keep_the_filters(self):
        response = self.get({"lead": "secretaria-tecnica", "page": 1})

        shown = response.context["shown"]
        assert PER_PAGE < shown < 250
        self.assertContains(response, 'href="?lead=secretaria-tecnica&amp;page=2" rel="next"')
        self.assertContains(response, '<span class="pager__current" aria-current="page">')
        second = self.get({"lead": "secretaria-tecnica", "page": 2})
        assert len(shown_keys(second)) == shown - PER_PAGE
        self.assertContains(second, 'href="?lead=secretaria-tecnica" rel="prev"')

    def test_a_page_past_the_last_shows_the_last_and_a_page_that_is_no_number_the_first(self):
        assert self.get({"page": 99}).context["paged"].page.number == 3
        assert self.get({"page": "último"}).context["paged"].page.number == 1

    def test_the_activity_pages_way_back_opens_the_page_holding_its_card(self):
        last = self.plan.activities.get(code="7.1.10")
        activity_page = Client().get(f"{URL}{last.key}/")
        back = f'href="{URL}?activity={last.key}#activity-{last.pk}"'
        self.assertContains(activity_page, back)

        response = self.get({"activity": last.key})

        assert response.context["paged"].page.number == 3
        self.assertContains(response, f'id="activity-{last.pk}"')
        self.assertContains(response, 'href="?page=2" rel="prev"')

    def test_filtering_leads_back_to_the_first_page(self):
        response = self.get({"page": 3})

        # The filter form carries no page: applying a filter starts over.
        assert 'name="page"' not in response.content.decode()

    def test_a_page_runs_as_many_queries_as_a_plan_of_five_activities(self):
        client = Client()
        with CaptureQueriesContext(connection) as paged:
            client.get(URL, {"page": 2, "period": "S1", "q": "actividad"})
        network = make_network("Red Chica", "red-chica")
        import_plan(small_plan(), network)
        with CaptureQueriesContext(connection) as small:
            client.get("/red-chica/2017/")

        assert len(paged) == len(small) == PAGE_QUERIES


class OnePageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_plan(small_plan(), make_network())

    def test_a_plan_that_fits_one_page_has_no_page_links_or_area_index(self):
        response = Client(headers={"accept-language": "en"}).get(URL)

        self.assertNotContains(response, 'class="pager"')
        self.assertNotContains(response, 'class="area-index"')
        assert status_text(response) == "Showing 5 of 5 activities."
